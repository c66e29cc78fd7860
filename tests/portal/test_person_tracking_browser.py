"""End to end in headless Chromium against a real server with the in-process person matcher: two stations
register FIRs naming the same man in two scripts through the API; the investigator confirms the proposed link
on /staff/matches, opens the dossier with both FIRs, and sees the co-accused graph drawn in SVG."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from indexes.matching.linker import Thresholds
from records.database import Database
from records.settings import get_settings
from tests.portal.e2e import log_in, register_fir, serving, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


@dataclass
class Running:
    url: str
    engine: sa.Engine


@pytest.fixture
def server(database_url: str) -> Iterator[Running]:
    from cctns.asgi import create_app
    from workers.matching import InProcessMatcher

    with staff_database(database_url, "tracking_e2e") as engine:
        app = create_app(Database(engine))
        app.state.settings = get_settings()
        matcher = InProcessMatcher(engine, Thresholds(14.5, 9.5), interval=0.2)
        matcher.start()
        try:
            with serving(app) as url:
                yield Running(url, engine)
        finally:
            matcher.stop()


def _wait_for_queue(engine: sa.Engine, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if not connection.scalar(sa.text("SELECT count(*) FROM person_match_queue")):
                return
        time.sleep(0.1)
    pytest.fail("the in-process matcher did not empty the queue")


def test_review_confirm_and_dossier_in_chromium(server: Running, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    islam = {"name": "Md. Islam", "relative_name": "Rafiq", "relation_kind": "father", "gender": "male", "age": 34}
    partner = {"name": "Pintu Sahni", "relative_name": "Lalan Sahni", "gender": "male", "age": 30}
    first = register_fir(server.url, "sho.sadar", [islam, partner])
    _wait_for_queue(server.engine)
    second = register_fir(server.url, "sho.town", [{**islam, "name": "मोहम्मद इस्लाम", "relative_name": "रफ़ीक़"}])
    _wait_for_queue(server.engine)
    person = next(p["person_id"] for p in first["accused"] if p["name"] == "Md. Islam")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/matches", "cid")
            card = page.locator(".card", has_text="मोहम्मद इस्लाम").filter(has_text="Md. Islam")
            expect(card).to_be_visible()
            expect(card).to_contain_text("father's name matches")
            page.screenshot(path=str(tmp_path / "matches.png"), full_page=True)
            card.get_by_role("button", name="Same person").click()
            expect(page.locator(".card", has_text="Md. Islam").filter(has_text="मोहम्मद इस्लाम")).to_have_count(0)

            page.goto(f"{server.url}/staff/persons/{person}")
            expect(page.locator("#dossier h2")).to_contain_text("Md. Islam")
            expect(page.locator("body")).not_to_contain_text("border-collapse")  # the styles are styles, not text
            table = page.locator("#dossier table")
            expect(table).to_contain_text(first["number"])
            expect(table).to_contain_text(second["number"])
            expect(page.locator("#graph circle")).to_have_count(2)  # Islam and his co-accused
            expect(page.locator("#graph-note")).to_contain_text("2 people, 1 link")
            page.screenshot(path=str(tmp_path / "dossier.png"), full_page=True)
        finally:
            browser.close()
