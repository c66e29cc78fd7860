"""End to end in headless Chromium against a real server with the in-process person matcher: two stations
register FIRs naming the same man in two scripts through the API; the investigator confirms the proposed link
on /staff/matches, opens the dossier with both FIRs, and sees the co-accused graph drawn in SVG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal.e2e import (
    Running,
    english_left,
    log_in,
    register_fir,
    serving_with_matcher,
    wait_for_matching,
)
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

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


HINDI_SHOTS = screenshot_folder("staff_hi")
# The pages' own English words; none may remain in Hindi. The reasons of a link and alerts' messages are sentences
# the matcher stored in English (marked lang="en"), names and numbers are data: those are left out.
MATCHES_UI = (
    "Same person?", "Alerts", "Records that may be one person", "District", "All you may read", "Police station",
    "All", "Confirming", "audit", "Previous", "Next", "Relative", "Father", "age", "Male", "Alias", "Mobile", "Marks",
    "Same person", "Not the same", "Unmerge", "Note (optional)", "pair(s)", "What the score means", "Score",
    "Nothing here", "Page", "Waiting for review", "dossier", "Mark read", "No unread alerts", "Log out", "Search",
    "PS", "Accused",
)  # fmt: skip
PERSON_UI = (
    "Person dossier", "Associates", "depth", "this person", "named with them", "one step further", "further",
    "Drag a circle", "Associates graph", "Watch this person", "FIR(s) as accused", "FIR appearance(s)",
    "station(s)", "district(s)", "first FIR", "latest FIR", "linked record(s)", "Habitual offender rule",
    "Names and aliases", "Mobiles", "Addresses", "none recorded", "Photographs", "Arrests, charge sheets and court",
    "FIRs across stations and districts", "FIR", "District", "Registered", "Role", "Name as given", "Sections",
    "Status", "Accused", "Timeline", "within", "years", "named as", "now", "outside your jurisdiction",
    "Linked records and why", "score", "people", "link", "PS", "Log out",
)  # fmt: skip


def test_matches_and_dossier_in_hindi_and_english(server: Running) -> None:
    """The review queue and the dossier follow the officer's language: every word of the pages, statuses and
    roles by their Hindi names; switched to English, English again."""
    from playwright.sync_api import expect, sync_playwright

    islam = {"name": "Md. Islam", "relative_name": "Rafiq", "relation_kind": "father", "gender": "male", "age": 34}
    partner = {"name": "Pintu Sahni", "relative_name": "Lalan Sahni", "gender": "male", "age": 30}
    first = register_fir(server.url, "sho.sadar", [islam, partner])
    wait_for_matching(server.engine, 20)
    register_fir(server.url, "sho.town", [{**islam, "name": "मोहम्मद इस्लाम", "relative_name": "रफ़ीक़"}])
    wait_for_matching(server.engine, 20)
    person = next(p["person_id"] for p in first["accused"] if p["name"] == "Md. Islam")
    HINDI_SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/matches", "cid", language="hi")
            card = page.locator(".card", has_text="मोहम्मद इस्लाम").filter(has_text="Md. Islam")
            expect(card).to_be_visible()
            expect(card.get_by_role("button", name="एक ही व्यक्ति")).to_be_visible()
            expect(page.locator("#status option").first).to_have_text("समीक्षा हेतु लंबित")
            expect(page.locator("#meaning")).to_contain_text("अंक का अर्थ")
            expect(page.locator("#district option", has_text="वैशाली")).to_have_count(1)
            assert english_left(page, MATCHES_UI) == [], "English words left on the Hindi matches page"
            page.screenshot(path=str(HINDI_SHOTS / "matches_hi.png"), full_page=True)
            page.goto(f"{server.url}/staff/matches?lang=en")
            expect(card.get_by_role("button", name="Same person", exact=True)).to_be_visible()
            expect(page.locator("#status option").first).to_have_text("Waiting for review")
            shown = ("Same person", "Not the same", "All you may read", "Score", "Log out")
            assert english_left(page, shown) == list(shown), "the check finds English words where they are"
            page.screenshot(path=str(HINDI_SHOTS / "matches_en.png"), full_page=True)

            page.goto(f"{server.url}/staff/persons/{person}?lang=hi")
            expect(page.locator("#graph circle")).to_have_count(2)
            expect(page.locator("#firs")).to_contain_text("दर्ज")  # the status by its Hindi name
            expect(page.locator("#firs")).to_contain_text("अभियुक्त A1")
            expect(page.locator("#graph-note")).to_have_text("2 व्यक्ति, 1 संबंध")
            assert english_left(page, PERSON_UI, data=".facts, .reasons, .message") == [], (
                "English words left on the Hindi dossier"
            )
            page.screenshot(path=str(HINDI_SHOTS / "person_hi.png"), full_page=True)
            page.goto(f"{server.url}/staff/persons/{person}?lang=en")
            expect(page.locator("#graph-note")).to_have_text("2 people, 1 link")
            expect(page.locator("#summary")).to_contain_text("FIR(s) as accused")
            expect(page.locator("#firs")).to_contain_text("Registered")
            page.screenshot(path=str(HINDI_SHOTS / "person_en.png"), full_page=True)
        finally:
            browser.close()
