"""The one staff login in a real browser (headless Chromium): log in once at /staff/login and open `/`, the
search, the dashboards and the administration without a second login; a copy of the cookie is refused after the
logout; an administrator creates a user and disables them; a form without the session's CSRF token is refused.
Screenshots of the login, `/` and the administration pages in Hindi and English go to test-output/staff/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import Role, User
from records.users import create_user
from tests.portal.e2e import PASSWORD, serving, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("staff")


@dataclass
class Served:
    url: str
    engine: sa.Engine


@pytest.fixture
def server(database_url: str) -> Iterator[Served]:
    from cctns.asgi import create_app
    from records.database import Database
    from records.settings import get_settings

    with staff_database(database_url, "one_login") as engine:
        with Session(engine) as session, session.begin():
            for username, role in (("hq.e2e", Role.HQ), ("admin.e2e", Role.ADMIN)):
                create_user(session, actor=Actor(), username=username, full_name=username, role=role, password=PASSWORD)
        app = create_app(Database(engine))
        app.state.settings = get_settings()
        with serving(app) as url:
            yield Served(url, engine)


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _log_in(page: Any, username: str) -> None:
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form[action='/staff/login'] button[type=submit]")
    page.wait_for_url(lambda address: "/staff/login" not in address)


def _both_languages(page: Any, url: str, name: str, english: str, hindi: str) -> None:
    """Open ``url`` in English and in Hindi (by the language switch), check a word of each, keep a screenshot."""
    from playwright.sync_api import expect

    page.goto(url + ("&" if "?" in url else "?") + "lang=en")
    expect(page.locator("main")).to_contain_text(english)
    _shot(page, f"{name}_en.png")
    page.click("header a.lang")
    expect(page.locator("main")).to_contain_text(hindi)
    assert page.locator("html").get_attribute("lang") == "hi"
    _shot(page, f"{name}_hi.png")


def test_one_login_opens_every_page_and_logout_ends_it(server: Served) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(server.url + "/")
            assert "/staff/login?next=%2F" in page.url
            expect(page.locator("a[href='/portal/']")).to_be_visible()  # the citizens' portal stays in reach
            _both_languages(page, page.url, "login", "Staff login", "स्टाफ़ लॉगिन")
            _log_in(page, "hq.e2e")
            assert page.url.rstrip("/") == server.url
            _both_languages(page, server.url + "/", "home_hq", "Your pages", "आपके पृष्ठ")
            tiles = page.locator("a.card").evaluate_all("cards => cards.map(card => card.getAttribute('href'))")
            assert {"/staff/search", "/staff/complaints", "/dashboards/"} <= set(tiles), tiles
            assert "/admin/" not in tiles and "/station/" not in tiles, tiles

            page.click("a.card[href='/staff/search']")
            expect(page.locator("#app")).to_be_visible()
            expect(page.locator("#who")).to_contain_text("hq.e2e")
            assert "/staff/search" in page.url
            page.goto(server.url + "/dashboards/")
            page.wait_for_selector(".content", timeout=30_000)
            assert "/staff/login" not in page.url, "the dashboards did not ask a second login"
            page.click("a.nav-link[href='/staff/search']")  # the dashboards' Search link
            expect(page.locator("#app")).to_be_visible()
            assert "/staff/login" not in page.url, "Search from a dashboard did not ask a second login"

            copied = [cookie for cookie in context.cookies() if cookie["name"] == "cctns_session"]
            assert copied and copied[0]["httpOnly"]
            page.click("header form.logout button")
            page.wait_for_url("**/staff/login")
            thief = browser.new_context()
            thief.add_cookies(copied)
            stolen = thief.new_page()
            for path in ("/staff/search", "/dashboards/", "/"):
                stolen.goto(server.url + path)
                assert "/staff/login" in stolen.url, f"{path}: a copy of the cookie still worked after the logout"
            answer = stolen.request.get(server.url + "/api/v1/auth/me")
            assert answer.status == 401
        finally:
            browser.close()


def test_admin_creates_and_disables_a_user_and_forms_need_the_token(server: Served) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            page.goto(server.url + "/admin/users/?lang=en")
            _log_in(page, "admin.e2e")
            assert "/admin/users/" in page.url
            _both_languages(page, server.url + "/", "home_admin", "Administration", "प्रशासन")
            page.goto(server.url + "/admin/users/?lang=en")
            page.fill("#username", "si.e2e")
            page.fill("#full_name", "SI Mohan Prasad")
            page.select_option("#role", "station_officer")
            page.select_option("#station", "VAISHALI-HAJIPUR-SADAR")
            page.fill("#password", "a long password 1")
            page.click("form[action='/admin/users/'] button[type=submit]")
            expect(page.locator(".notice.ok")).to_contain_text("Created.")
            row = page.locator("tr", has_text="si.e2e")
            expect(row).to_contain_text("Station officer")
            expect(row).to_contain_text("Hajipur Sadar")
            _both_languages(page, server.url + "/admin/users/", "admin_users", "New user", "नया उपयोगकर्ता")

            page.goto(server.url + "/admin/users/?lang=en")
            page.locator("tr", has_text="si.e2e").get_by_role("link").click()
            page.click("form[action$='/disable'] button")
            expect(page.locator(".notice.ok")).to_contain_text("disabled")
            expect(page.locator("main")).to_contain_text("Disabled")
            _both_languages(page, page.url.split("?")[0], "admin_user", "Reset password", "पासवर्ड बदलें")
            with Session(server.engine) as session:
                assert session.scalar(sa.select(User.is_active).where(User.username == "si.e2e")) is False

            other = browser.new_context().new_page()
            other.goto(server.url + "/staff/login?lang=en")
            other.fill("#username", "si.e2e")
            other.fill("#password", "a long password 1")
            other.click("form[action='/staff/login'] button[type=submit]")
            expect(other.locator(".error")).to_contain_text("wrong")  # a disabled account does not log in

            page.goto(server.url + "/admin/users/?lang=en")
            page.locator("form[action='/admin/users/'] input[name=csrf_token]").evaluate("field => field.remove()")
            page.fill("#username", "no.token")
            page.fill("#password", "a long password 2")
            page.click("form[action='/admin/users/'] button[type=submit]")
            expect(page.locator(".error")).to_contain_text("did not come from a page of this session")
            _shot(page, "admin_csrf_refused_en.png")
            with Session(server.engine) as session:
                assert session.scalar(sa.select(User.id).where(User.username == "no.token")) is None

            clients = server.url + "/admin/api-clients/"
            _both_languages(page, clients, "admin_api_clients", "New API client", "नया API क्लाइंट")
            page.goto(server.url + "/admin/api-clients/?lang=en")
            page.fill("#name", "Sadar CAS")
            page.select_option("#station", "VAISHALI-HAJIPUR-SADAR")
            page.click("form[action='/admin/api-clients/'] button[type=submit]")
            expect(page.locator("#new-key")).to_contain_text("cctns_")
            _shot(page, "admin_new_key_en.png")
            _both_languages(page, server.url + "/admin/stations/", "admin_stations", "New police station", "नया थाना")
        finally:
            browser.close()
