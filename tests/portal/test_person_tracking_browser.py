"""End to end in headless Chromium against a real server with the in-process person matcher: two stations
register FIRs naming the same man in two scripts through the API; the investigator confirms the proposed link
on /staff/matches, opens the dossier with both FIRs, and sees the co-accused graph drawn in SVG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal.e2e import (
    Running,
    log_in,
    register_fir,
    serving_with_matcher,
    wait_for_matching,
)
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


@pytest.fixture
def server(database_url: str) -> Iterator[Running]:
    with serving_with_matcher(database_url, "tracking_e2e") as running:
        yield running


def test_review_confirm_and_dossier_in_chromium(server: Running, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    islam = {"name": "Md. Islam", "relative_name": "Rafiq", "relation_kind": "father", "gender": "male", "age": 34}
    partner = {"name": "Pintu Sahni", "relative_name": "Lalan Sahni", "gender": "male", "age": 30}
    first = register_fir(server.url, "sho.sadar", [islam, partner])
    wait_for_matching(server.engine, 20)
    second = register_fir(server.url, "sho.town", [{**islam, "name": "मोहम्मद इस्लाम", "relative_name": "रफ़ीक़"}])
    wait_for_matching(server.engine, 20)
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
