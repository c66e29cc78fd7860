"""The investigator's search page end to end in headless Chromium against a real server and the real embedded
index: log in, search a name typed in Latin and find the man recorded in Devanagari, narrow to a station, ask
for near spellings, and open the person's record from the keyboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from indexes.embedded import TantivyEngine
from indexes.sync import drain_outbox
from records.database import Database
from records.settings import get_settings
from tests.portal.e2e import english_left, log_in, register_fir, serving, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
WRITTEN, NEAR = "Names as written", "Near spellings"  # the people list's headings (in English)
HINDI_SHOTS = screenshot_folder("staff_hi")
# The page's own words in English (its labels, buttons, headings, messages, filter and facet values): none of them
# may remain when the officer's language is Hindi. Names, numbers and facts typed in the records are data.
ENGLISH_UI = (
    "Search", "Father/husband", "District", "All", "From", "To", "Status", "Any", "Accused only", "People",
    "Cases", "Previous", "Next", "Names as written", "Near spellings", "near spelling", "Also show", "case",
    "cases", "Case page", "Station", "Crime head", "Role", "Year", "Page", "Registered", "Under investigation",
    "Accused", "Complainant", "age", "Male", "Searched for", "name or words", "records", "linked", "One person",
    "matched", "as written", "Log out", "Home", "Logged in as", "Devanagari", "audit", "FIR", "s/o",
)  # fmt: skip


@dataclass
class Running:
    url: str
    engine: sa.Engine
    search: TantivyEngine


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Running]:
    from cctns.asgi import create_app

    with staff_database(database_url, "search_e2e") as engine:
        search = TantivyEngine(tmp_path / "index")
        search.ensure_ready()
        app = create_app(Database(engine), search)
        app.state.settings = get_settings()
        try:
            with serving(app) as url:
                yield Running(url, engine, search)
        finally:
            search.close()


def _shoot(page: Any, tmp_path: Path, name: str) -> None:
    """A full-page screenshot, into CCTNS_SCREENSHOTS when set (to be looked at), else the test's directory."""
    folder = Path(os.environ.get("CCTNS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def _man(name: str, father: str) -> dict[str, Any]:
    return {"name": name, "relative_name": father, "relation_kind": "father", "gender": "male", "age": 34}


def test_search_narrow_widen_and_open_a_person_in_chromium(server: Running, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    devanagari = register_fir(server.url, "sho.sadar", [_man("सुनील कुमार यादव", "रामेश्वर यादव")])
    register_fir(server.url, "sho.town", [_man("Sunil Kumar Yadav", "Mahesh Yadav")])
    register_fir(server.url, "sho.town", [_man("Sunil Yadav", "Naresh Yadav")])  # a part missing: a near spelling
    drain_outbox(server.engine, server.search)
    person = devanagari["accused"][0]["person_id"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/search", "cid")
            # The page is ready once it has the district list (it then reads the URL into the form).
            expect(page.locator("#district option", has_text="Vaishali")).to_have_count(1)
            page.fill("#q", "Sunil Kumar Yadav")
            page.get_by_role("button", name="Search", exact=True).click()
            people = page.locator("#people")
            expect(people).to_contain_text("सुनील कुमार यादव")  # typed in Latin, recorded in Devanagari
            expect(people).to_contain_text("Sunil Yadav")  # too few as written: near spellings come too
            note = page.locator("#spelling-note")
            expect(note).to_contain_text("2 with the name “Sunil Kumar Yadav” as written, first")
            expect(page.locator("#spelling-note")).to_contain_text("; then 1 near spelling.")
            expect(people.locator(".tier")).to_have_text([WRITTEN, NEAR])
            expect(people.locator(".card.near")).to_have_count(1)
            expect(people.locator(".card.near")).to_contain_text("Naresh Yadav")  # after the names as written
            _shoot(page, tmp_path, "search_near_after_written.png")

            page.goto(f"{server.url}/staff/search?q=Sunil+Kumar+Yadav&station=VAISHALI-HAJIPUR-TOWN")
            expect(people.locator(".card")).to_have_count(1)
            expect(people).to_contain_text("Mahesh Yadav")
            expect(page.locator("#spelling-note")).to_contain_text("1 with the name “Sunil Kumar Yadav” as written")
            page.locator("#spelling-note a", has_text="Also show near spellings").click()
            expect(people.locator(".card")).to_have_count(2)
            expect(people).to_contain_text("Naresh Yadav")
            expect(page.locator("#chips")).to_contain_text("spelling: near")
            assert "spelling=near" in page.url, "the widened view is a link that can be shared"
            page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

            page.goto(f"{server.url}/staff/search?q=%E0%A4%B8%E0%A5%81%E0%A4%A8%E0%A5%80%E0%A4%B2+yadav+s/o+rameshwar")
            # From the keyboard: the name is a real link (Tab reaches it), Enter opens the record in place.
            page.locator(f"#people a[data-person='{person}']").first.focus()
            page.keyboard.press("Enter")
            expect(page.locator("#person-dialog")).to_be_visible()
            expect(page.locator("#person-dialog")).to_contain_text(devanagari["number"])
            assert "/staff/search" in page.url, "the dialog opens over the results, not as a new page"
        finally:
            browser.close()


def test_names_as_written_come_before_near_spellings_and_a_linked_person_is_one_card(
    server: Running, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from records.models import PersonLink

    first = register_fir(server.url, "sho.sadar", [_man("मोहम्मद इस्लाम", "रफ़ीक़")])
    second = register_fir(server.url, "sho.town", [_man("Md Islam", "Rafiq")])
    register_fir(server.url, "sho.town", [_man("Mohd Aslam", "Karim")])  # not Islam as written
    pair = sorted(fir["accused"][0]["person_id"] for fir in (first, second))
    with server.engine.begin() as connection:
        connection.execute(
            sa.insert(PersonLink).values(person_a_id=pair[0], person_b_id=pair[1], status="auto", score=9, reasons=[])
        )
    drain_outbox(server.engine, server.search)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/search", "cid")
            expect(page.locator("#district option", has_text="Vaishali")).to_have_count(1)
            for query, shot in (("Md Islam", "search_islam_latin.png"), ("मोहम्मद इस्लाम", "search_islam_hindi.png")):
                page.fill("#q", query)
                page.get_by_role("button", name="Search", exact=True).click()
                expect(page.locator("#understood")).to_contain_text(query)  # this query's results, not the last's
                people = page.locator("#people")
                expect(people.locator(".card")).to_have_count(2)  # the linked records are one card
                card = people.locator(".card").first
                expect(card).to_contain_text("One person: this record and 1 linked record")
                expect(card).to_contain_text(first["number"])
                expect(card).to_contain_text(second["number"])
                expect(card).to_contain_text("2 cases")
                title = "People (3 records; a person's linked records on one card)"
                expect(page.locator("#people-title")).to_have_text(title)
                expect(people.locator(".card.near")).to_contain_text("Mohd Aslam")
                expect(people.locator(".card.near")).to_contain_text("near spelling")
                expect(page.locator("#spelling-note")).to_contain_text("; then 1 near spelling.")
                _shoot(page, tmp_path, shot)
            page.fill("#q", "Md Islam Ansari")
            page.get_by_role("button", name="Search", exact=True).click()
            expect(page.locator("#understood")).to_contain_text("Md Islam Ansari")
            expect(page.locator("#spelling-note")).to_contain_text("No one is recorded as “Md Islam Ansari” as written")
            expect(page.locator("#people .tier")).to_have_text([NEAR])
            _shoot(page, tmp_path, "search_nobody_as_written.png")
        finally:
            browser.close()


def test_search_page_in_hindi_and_english(server: Running) -> None:
    """In Hindi every word of the page (filters, facets, statuses, roles, headings, the person's record) is Hindi;
    switched to English, English again. Names and facts stay as typed."""
    from playwright.sync_api import expect, sync_playwright

    register_fir(server.url, "sho.sadar", [_man("सुनील कुमार यादव", "रामेश्वर यादव")])
    register_fir(server.url, "sho.town", [_man("Sunil Kumar Yadav", "Mahesh Yadav")])
    register_fir(server.url, "sho.town", [_man("Sunil Yadav", "Naresh Yadav")])
    drain_outbox(server.engine, server.search)
    HINDI_SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/search", "cid", language="hi")
            expect(page.locator("#district option", has_text="वैशाली")).to_have_count(1)
            assert page.locator("html").get_attribute("lang") == "hi"
            page.fill("#q", "Sunil Kumar Yadav")
            page.get_by_role("button", name="खोजें", exact=True).click()
            people = page.locator("#people")
            expect(people).to_contain_text("सुनील कुमार यादव")
            expect(people.locator(".tier")).to_have_text(["जैसा लिखा", "मिलते-जुलते नाम"])
            expect(page.locator("#spelling-note")).to_contain_text("फिर 1 मिलता-जुलता नाम")
            expect(page.locator("#facets")).to_contain_text("दर्ज")  # the status facet by its name, not "registered"
            expect(page.locator("#facets")).to_contain_text("अभियुक्त")
            expect(page.locator("#status option", has_text="अनुसंधान जारी")).to_have_count(1)
            expect(page.locator("#cases")).to_contain_text("मामले का पृष्ठ")
            expect(page.locator("#cases")).to_contain_text("हाजीपुर सदर, वैशाली")  # places by their Hindi names
            expect(page.locator("#cases")).not_to_contain_text("Vaishali")
            assert english_left(page, ENGLISH_UI) == [], "English words left on the Hindi search page"
            page.screenshot(path=str(HINDI_SHOTS / "search_hi.png"), full_page=True)

            page.locator("#people a[data-person]").first.click()
            dialog = page.locator("#person-dialog")
            expect(dialog).to_contain_text("मामले (1)")
            expect(dialog).to_contain_text("पुरुष")
            assert english_left(page, ENGLISH_UI) == [], "English words left in the person's record"
            page.screenshot(path=str(HINDI_SHOTS / "search_person_hi.png"), full_page=True)
            dialog.get_by_role("button", name="बंद करें").click()

            page.goto(page.url + "&lang=en")  # the frame's switch: the page, and the cookie, in English
            expect(page.locator("#people .tier")).to_have_text([WRITTEN, NEAR])
            assert page.locator("html").get_attribute("lang") == "en"
            expect(page.locator("#facets")).to_contain_text("Registered")
            expect(page.locator("#facets")).to_contain_text("Accused")
            expect(page.locator("#facets h4").first).to_have_text("District")
            expect(page.locator("#people-title")).to_contain_text("People (")
            expect(page.locator("body")).not_to_contain_text("मामले का पृष्ठ")
            expect(page.locator("body")).not_to_contain_text("जैसा लिखा")
            shown = ("Search", "District", "Status", "Accused only", "Case page", "Names as written", "Log out")
            assert english_left(page, shown) == list(shown), "the check finds English words where they are"
            page.screenshot(path=str(HINDI_SHOTS / "search_en.png"), full_page=True)
        finally:
            browser.close()
