"""The dashboards' part of the authorisation matrix, generated from the Dash app itself: every registered page and
every callback needs a rule here, and every page, asked for another district's station and person through the
routing callback that draws it, shows them to HQ only (an SP, a station officer and an administrator see none of
it; administrators see no case page at all; without a login nothing is drawn).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing

import dash
import pytest
import sqlalchemy as sa

from dashboards.app import PAGES, PREFIX
from tests.dashboards.conftest import ADMIN, STATION_OFFICER, Served, busiest_station, post_page_callback, staff_client

CASE_PAGE = "case data: HQ and investigators the state, an SP their district, a station officer their station"
SYSTEM_PAGE = "system health for every login; its import jobs as records.access.import_jobs allows"
PAGE_RULES = {
    "/": CASE_PAGE,
    "/district": CASE_PAGE,
    "/station": CASE_PAGE,
    "/pendency": CASE_PAGE,
    "/women-sc-st": CASE_PAGE,
    "/operations": SYSTEM_PAGE,
    "/ncrb": CASE_PAGE,
    "/associates": CASE_PAGE,
    "/network": "the network: HQ and investigators (state-wide readers); others see why not",
}
# Every callback the app registers, by its output, and why it is safe.
CALLBACK_RULES = {
    "_pages_content.children": "Dash Pages' routing: draws a page for the logged-in caller (the pages above)",
    "_pages_store.data": "the routing callback's second output",
    "_pages_dummy.children": "Dash Pages' page title, in the browser; no data",
    "nav.search": "the filter bar and a click on the associates graph build a URL from the caller's own choices",
}
ADMIN_REFUSAL = "Administrators manage users and reference data"
CALLERS = ("hq.test", "sp.test", STATION_OFFICER, ADMIN)


@pytest.fixture(scope="module")
def outside(served: Served) -> Iterator[dict[str, str]]:
    """Patna's busiest station (outside every test login's jurisdiction but HQ's) and a person accused there."""
    station = busiest_station(served.engine, "PATNA")
    with served.engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT s.name_en, p.id FROM fir f JOIN police_station s ON s.id = f.station_id "
                "JOIN fir_party fp ON fp.fir_id = f.id JOIN person p ON p.id = fp.person_id "
                "WHERE s.code = :code AND fp.role = 'accused' ORDER BY f.registered_at DESC LIMIT 1"
            ),
            {"code": station},
        ).one()
    yield {"code": station, "name": row.name_en, "person": str(row.id)}


def test_every_page_and_callback_has_a_rule(served: Served) -> None:
    with closing(staff_client(served, "hq.test")) as client:
        registered = {page["path"] for page in dash.page_registry.values()}
        assert registered == {module.PATH for module in PAGES} == set(PAGE_RULES), registered
        dependencies = client.get(f"{PREFIX}_dash-dependencies").json()
    outputs = {
        part.split("@")[0]  # an output shared by several callbacks is told apart by a hash after "@"
        for callback in dependencies
        for part in callback["output"].strip(".").split("...")
    }
    assert outputs == set(CALLBACK_RULES), f"callbacks without a rule: {sorted(outputs - set(CALLBACK_RULES))}"


@pytest.mark.parametrize("path", sorted(PAGE_RULES))
def test_page_follows_its_rule(served: Served, outside: dict[str, str], path: str) -> None:
    search = f"?from=2008-01&district=PATNA&station={outside['code']}&person={outside['person']}"
    with closing(staff_client(served, None)) as nobody:
        assert post_page_callback(nobody, PREFIX.rstrip("/") + path, search).status_code in (302, 303, 401, 403)
    for username in CALLERS:
        with closing(staff_client(served, username)) as client:
            response = post_page_callback(client, PREFIX.rstrip("/") + path, search)
            assert response.status_code == 200, f"{path} as {username}: {response.text[:300]}"
            # The page's own links repeat the query the caller wrote; what matters is what else the page shows.
            rendered = json.dumps(response.json(), ensure_ascii=False).replace(search[1:], "")
            if username == "hq.test":
                assert ADMIN_REFUSAL not in rendered, path
                continue
            assert outside["code"] not in rendered, f"{path} shows {outside['code']} to {username}"
            if path == "/associates":
                assert outside["name"] not in rendered, f"{path} names a Patna accused to {username}"
            if username == ADMIN and PAGE_RULES[path] == CASE_PAGE:
                assert ADMIN_REFUSAL in rendered, f"{path} shows case data to an administrator"
