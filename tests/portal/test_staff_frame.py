"""The one staff login and the staff frame: ``/`` by role, the session cookie on the API with its CSRF token,
logout ending the session everywhere, and forms refused without the session's token."""

from __future__ import annotations

import re

import pytest

from portal.staff_frame import OfficerDep
from records.access import Forbidden
from search_api.csrf import CSRF_HEADER
from search_api.session_login import COOKIE
from tests.portal.staff_support import log_in, page_token
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support"]


def test_home_without_login_goes_to_the_login_and_back(world: World) -> None:
    world.client.cookies.clear()
    response = world.client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/login?next=%2F"
    login = world.client.get("/staff/login?next=/&lang=en")
    assert 'name="next" value="/"' in login.text and "Staff login" in login.text and "/portal/" in login.text
    hindi = world.client.get("/staff/login?lang=hi")
    assert "स्टाफ़ लॉगिन" in hindi.text and 'lang="hi"' in hindi.text


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("officer_sadar", {"/station/", "/staff/search", "/dashboards/"}, {"/admin/"}),
        ("hq", {"/staff/search", "/staff/complaints", "/dashboards/"}, {"/station/", "/admin/"}),
        ("admin", {"/admin/"}, {"/station/", "/staff/search", "/dashboards/"}),
    ],
)
def test_home_shows_the_pages_of_the_role(world: World, who: str, shown: set[str], hidden: set[str]) -> None:
    log_in(world, who)
    page = world.client.get("/?lang=en")
    assert page.status_code == 200, page.text
    tiles = set(re.findall(r'<a class="card" href="([^"]+)"', page.text))
    assert shown <= tiles and not (hidden & tiles), tiles
    assert world.users[who].username in page.text and "/portal/" in page.text


def test_a_page_the_role_may_not_open_says_why(world: World) -> None:
    log_in(world, "admin")
    refused = world.client.get("/staff/search?lang=en")
    assert refused.status_code == 403 and "administrators manage users" in refused.text


def test_the_api_takes_the_session_cookie_with_its_csrf_token_on_writes(world: World) -> None:
    person_id = world.register().json()["accused"][0]["person_id"]
    log_in(world, "hq")
    me = world.client.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["name"] == world.users["hq"].username
    body = {"person_id": person_id}
    refused = world.client.post("/api/v1/watch-list", json=body)
    assert refused.status_code == 403 and CSRF_HEADER in refused.json()["message"]
    wrong = world.client.post("/api/v1/watch-list", json=body, headers={CSRF_HEADER: "0" * 64})
    assert wrong.status_code == 403
    token = page_token(world, "/staff/search")
    allowed = world.client.post("/api/v1/watch-list", json=body, headers={CSRF_HEADER: token})
    assert allowed.status_code in (200, 201), allowed.text
    listed = world.client.get("/api/v1/watch-list")
    assert person_id in [entry["person_id"] for entry in listed.json()], listed.text


def test_a_bearer_token_still_works_without_csrf(world: World) -> None:
    world.client.cookies.clear()
    person_id = world.register().json()["accused"][0]["person_id"]
    answer = world.client.post("/api/v1/watch-list", json={"person_id": person_id}, headers=world.as_("hq"))
    assert answer.status_code in (200, 201), answer.text


def test_logout_ends_the_session_everywhere(world: World) -> None:
    cookie = log_in(world, "officer_sadar")
    token = page_token(world, "/")
    out = world.client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/staff/login"
    world.client.cookies.clear()
    world.client.cookies.set(COOKIE, cookie)  # a copy kept from before the logout
    assert world.client.get("/api/v1/auth/me").status_code == 401
    for path in ("/", "/staff/search", "/dashboards/"):
        again = world.client.get(path, follow_redirects=False)
        assert again.status_code == 303 and again.headers["location"].startswith("/staff/login?next="), path


def test_a_form_without_the_session_token_is_refused(world: World) -> None:
    log_in(world, "officer_sadar")
    forged = world.client.post("/staff/logout", data={"csrf_token": "0" * 64}, follow_redirects=False)
    assert forged.status_code == 403
    assert world.client.get("/api/v1/auth/me").status_code == 200  # still logged in


def test_a_rule_refusing_on_a_page_is_a_page_and_on_the_api_the_api_answer(world: World) -> None:
    def refuses(officer: OfficerDep) -> None:
        raise Forbidden("a district SP reads only records of their own district; this one is of station X")

    world.client.app.add_api_route("/staff/refusing-for-test", refuses)  # type: ignore[attr-defined]
    log_in(world, "sp_patna")
    page = world.client.get("/staff/refusing-for-test?lang=en")
    assert page.status_code == 403 and "text/html" in page.headers["content-type"]
    assert "their own district" in page.text and world.users["sp_patna"].username in page.text
    fir = world.register().json()
    api = world.client.get(f"/api/v1/firs/{fir['id']}", headers=world.as_("sp_patna"))
    assert api.status_code == 403 and api.json()["error"] == "forbidden"


def test_a_form_sent_after_the_session_ended_comes_back_to_its_page_after_the_login(world: World) -> None:
    world.client.cookies.clear()
    referer = str(world.client.base_url) + "/admin/users/7"
    sent = world.client.post(
        "/admin/users/7/disable", data={"csrf_token": "x"}, headers={"Referer": referer}, follow_redirects=False
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/staff/login?next=%2Fadmin%2Fusers%2F7"
    elsewhere = world.client.post(
        "/admin/users/7/disable", data={}, headers={"Referer": "https://evil.example/x"}, follow_redirects=False
    )
    assert elsewhere.headers["location"] == "/staff/login?next=%2F"
