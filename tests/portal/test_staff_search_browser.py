"""The investigator's search page end to end in headless Chromium against a real server and the real embedded
index: log in, search a name typed in Latin and find the man recorded in Devanagari, narrow to a station, ask
for near spellings, and open the person's record."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from indexes.embedded import TantivyEngine
from indexes.sync import drain_outbox
from records.database import Database
from records.models import Role
from records.settings import get_settings
from records.users import create_user
from tests.search_api.fir_api_support import fir_body
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port, needs_chromium, scratch_name, server_url_of

PASSWORD = "e2e-password-123"
pytestmark = [pytest.mark.slow, needs_chromium]


@dataclass
class Running:
    url: str
    engine: sa.Engine
    search: TantivyEngine


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Running]:
    import uvicorn

    from cctns.asgi import create_app

    name = scratch_name(database_url, "search_e2e")
    engine = fresh_database(server_url_of(database_url), name)
    with Session(engine) as session, session.begin():
        for username, role, station in (
            ("sho.sadar", Role.STATION_OFFICER, "VAISHALI-HAJIPUR-SADAR"),
            ("sho.town", Role.STATION_OFFICER, "VAISHALI-HAJIPUR-TOWN"),
            ("cid", Role.INVESTIGATOR, None),
        ):
            create_user(session, username=username, full_name=username, role=role, password=PASSWORD,
                        station_code=station)  # fmt: skip
    search = TantivyEngine(tmp_path / "index")
    search.ensure_ready()
    app = create_app(Database(engine), search)
    app.state.settings = get_settings()
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Running(f"http://127.0.0.1:{port}", engine, search)
    finally:
        uv.should_exit = True
        thread.join(10)
        search.close()
        engine.dispose()
        drop_database(server_url_of(database_url), name)


def _register(url: str, username: str, accused: list[dict[str, Any]]) -> dict[str, Any]:
    token = httpx.post(f"{url}/api/v1/auth/token", data={"username": username, "password": PASSWORD}).json()
    response = httpx.post(
        f"{url}/api/v1/firs",
        json=fir_body(accused=accused),
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()


def _man(name: str, father: str) -> dict[str, Any]:
    return {"name": name, "relative_name": father, "relation_kind": "father", "gender": "male", "age": 34}


def test_search_narrow_widen_and_open_a_person_in_chromium(server: Running, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    devanagari = _register(server.url, "sho.sadar", [_man("सुनील कुमार यादव", "रामेश्वर यादव")])
    _register(server.url, "sho.town", [_man("Sunil Kumar Yadav", "Mahesh Yadav")])
    _register(server.url, "sho.town", [_man("Sunil Yadav", "Naresh Yadav")])  # a part missing: a near spelling
    drain_outbox(server.engine, server.search)
    person = devanagari["accused"][0]["person_id"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"{server.url}/staff/search")
            page.fill("#username", "cid")
            page.fill("#password", PASSWORD)
            page.get_by_role("button", name="Log in").click()
            # The page is ready once it has the district list (it then reads the URL into the form).
            expect(page.locator("#district option", has_text="Vaishali")).to_have_count(1)
            page.fill("#q", "Sunil Kumar Yadav")
            page.get_by_role("button", name="Search", exact=True).click()
            people = page.locator("#people")
            expect(people).to_contain_text("सुनील कुमार यादव")  # typed in Latin, recorded in Devanagari
            expect(people).to_contain_text("Sunil Yadav")  # too few as written: near spellings come too
            expect(page.locator("#spelling-note")).to_contain_text("Including near spellings")

            page.goto(f"{server.url}/staff/search?q=Sunil+Kumar+Yadav&station=VAISHALI-HAJIPUR-TOWN")
            expect(people.locator(".card")).to_have_count(1)
            expect(people).to_contain_text("Mahesh Yadav")
            expect(page.locator("#spelling-note")).to_contain_text("Names as written")
            page.locator("#spelling-note a", has_text="Also show near spellings").click()
            expect(people.locator(".card")).to_have_count(2)
            expect(people).to_contain_text("Naresh Yadav")
            expect(page.locator("#chips")).to_contain_text("spelling: near")
            assert "spelling=near" in page.url, "the widened view is a link that can be shared"
            page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

            page.goto(f"{server.url}/staff/search?q=%E0%A4%B8%E0%A5%81%E0%A4%A8%E0%A5%80%E0%A4%B2+yadav+s/o+rameshwar")
            page.locator(f"#people a[data-person='{person}']").first.click()
            expect(page.locator("body")).to_contain_text(devanagari["number"])
        finally:
            browser.close()
