"""What users see, in headless Chromium against a real server (issue 23 items 13 to 18): the review queue
filtered by place and grouped by record with the score's scale, alerts in IST, the dossier summarised with the
linked records collapsed and a readable associates graph, the FIR copy, and the citizen's station list narrowed
to the chosen district in English and Hindi. Screenshots go to test-output/portal (``CCTNS_TEST_OUTPUT``) for
people to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.portal.e2e import (
    PASSWORD,
    Running,
    log_in,
    register_fir,
    serving_with_matcher,
    wait_for_matching,
)
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("portal")


@pytest.fixture
def server(database_url: str) -> Iterator[Running]:
    with serving_with_matcher(database_url, "shown_e2e") as running:
        yield running


def _man(name: str, father: str, age: int = 30, **extra: Any) -> dict[str, Any]:
    return {"name": name, "relative_name": father, "relation_kind": "father", "gender": "male", "age": age, **extra}


def _gang(prefix: str, count: int) -> list[dict[str, Any]]:
    """Invented co-accused with names unlike each other, so the matcher proposes no links among them."""
    given = ["Chhotu", "Bablu", "Guddu", "Pappu", "Munna", "Raju", "Sonu", "Monu", "Dablu", "Tinku", "Lalu", "Golu"]
    surnames = ["Paswan", "Ram", "Manjhi", "Rai", "Singh", "Mandal", "Sah", "Chaudhary"]
    return [
        _man(f"{given[i % len(given)]} {surnames[(i + len(prefix)) % len(surnames)]}", f"{prefix} Father {i}", 20 + i)
        for i in range(count)
    ]


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_queue_alerts_dossier_and_fir_copy_in_chromium(server: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    islam = _man("Md. Islam", "Rafiq", 34, mobile="9123456789")
    link = {**_gang("Sadar", 1)[0], "mobile": "9234567890"}  # named again below, with others
    first = register_fir(server.url, "sho.sadar", [islam, link, *_gang("Sadar", 7)[1:]])
    wait_for_matching(server.engine)
    register_fir(server.url, "sho.sadar", [link, *_gang("Far", 6)])  # one step further
    wait_for_matching(server.engine)
    register_fir(server.url, "sho.town", [{**islam, "name": "मोहम्मद इस्लाम", "relative_name": "रफ़ीक़"}])
    wait_for_matching(server.engine)
    register_fir(server.url, "sho.sadar", [_man("Bhola Mahto", "Kishun Mahto", 30)])
    wait_for_matching(server.engine)
    register_fir(server.url, "sho.town", [_man("भोला महतो", "किशुन महतो", 31)])
    wait_for_matching(server.engine)
    person = next(p["person_id"] for p in first["accused"] if p["name"] == "Md. Islam")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, f"{server.url}/staff/matches", "cid")
            group = page.locator(".group", has_text="भोला महतो")
            expect(group).to_contain_text("Bhola Mahto")
            expect(group.locator(".scale")).to_have_count(1)
            expect(page.locator("#meaning")).to_contain_text("from 14.5 the records are linked automatically")
            expect(page.locator("#who")).to_contain_text("Investigator")
            page.select_option("#district", "VAISHALI")
            expect(page.locator("#station option", has_text="Hajipur Sadar")).to_have_count(1)
            page.select_option("#station", "VAISHALI-HAJIPUR-SADAR")
            expect(group).to_be_visible()
            _shot(page, "matches_en.png")
            body = page.locator("body").inner_text()
            assert "_" not in re.sub(r"\S+@\S+", "", body), body  # no codes such as final_report_undetected

            page.goto(f"{server.url}/staff/persons/{person}")
            expect(page.locator("#summary")).to_contain_text("FIR(s) as accused")
            expect(page.locator("#firs")).to_contain_text(first["number"])
            expect(page.locator("#firs")).to_contain_text("Registered")  # the status by name
            expect(page.locator("#links-box")).not_to_have_attribute("open", "")
            expect(page.locator("#graph circle")).to_have_count(14)  # Islam, 7 with him, 6 one step further
            graph_top = page.locator("#graph").bounding_box()["y"]
            assert graph_top < page.locator("#links-box").bounding_box()["y"]
            expect(page.locator("#who")).to_contain_text("Investigator")
            overlaps = page.evaluate(
                """() => {
                  const svg = document.getElementById("graph"), frame = svg.getBoundingClientRect();
                  const shown = [...svg.querySelectorAll("text")]
                    .filter((t) => t.getAttribute("visibility") !== "hidden").map((t) => t.getBoundingClientRect());
                  let bad = 0;
                  shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => {
                    if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) bad += 1; }));
                  const cut = shown.filter((r) => r.left < frame.left - 1 || r.right > frame.right + 1
                    || r.top < frame.top - 1 || r.bottom > frame.bottom + 1).length;
                  return { bad, cut, shown: shown.length };
                }"""
            )
            assert overlaps["bad"] == 0 and overlaps["cut"] == 0 and overlaps["shown"] >= 8, overlaps
            _shot(page, "dossier_en.png")

            token = httpx.post(
                f"{server.url}/api/v1/auth/token", data={"username": "sho.sadar", "password": PASSWORD}
            ).json()["access_token"]
            copy = browser.new_context(
                viewport={"width": 1000, "height": 1200}, extra_http_headers={"Authorization": f"Bearer {token}"}
            ).new_page()
            copy.goto(f"{server.url}/api/v1/firs/{first['id']}/print")
            expect(copy.locator("body")).to_contain_text("Rs 59,000")
            expect(copy.locator("body")).to_contain_text("मोबाइल फ़ोन / Mobile phone")
            assert "BNS (BNS)" not in copy.locator("body").inner_text()
            _shot(copy, "fir_copy_hi_en.png")

            officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            log_in(officer, f"{server.url}/staff/matches", "sho.town")
            alert = officer.locator("#alerts .notice").first
            expect(alert).to_contain_text(re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d IST"))
            expect(officer.locator("#who")).to_contain_text("Hajipur Town PS")
            _shot(officer, "alerts_en.png")
        finally:
            browser.close()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_complaint_form_offers_only_the_chosen_districts_stations(server: Running, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    with server.engine.begin() as connection:  # a second district with a station (the test data has one)
        connection.execute(
            sa.text(
                "INSERT INTO police_station (district_id, code, name_en, name_hi) SELECT id, 'TEST-PATNA-KOTWALI', "
                "'Kotwali (test)', 'कोतवाली (परीक्षण)' FROM police_district WHERE code = 'PATNA'"
            )
        )
        vaishali = connection.scalar(
            sa.text(
                "SELECT count(*) FROM police_station s JOIN police_district d ON d.id = s.district_id "
                "WHERE d.code = 'VAISHALI' AND s.is_active"
            )
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 420, "height": 900}).new_page()
            page.goto(f"{server.url}/portal/complaints/new?lang={lang}")
            offered = """() => [...document.querySelectorAll("#station optgroup")]
                .filter((group) => getComputedStyle(group).display !== "none")
                .flatMap((group) => [...group.querySelectorAll("option")].map((option) => option.value))"""
            assert len(page.evaluate(offered)) == vaishali + 1  # none chosen yet: every station, by district
            page.select_option("#district", "VAISHALI")
            chosen = page.evaluate(offered)
            assert len(chosen) == vaishali and "VAISHALI-HAJIPUR-SADAR" in chosen, chosen
            page.select_option("#district", "PATNA")
            assert page.evaluate(offered) == ["TEST-PATNA-KOTWALI"]
            assert page.locator("script").count() == 0  # the citizens' pages use no JavaScript
            page.select_option("#district", "VAISHALI")
            _shot(page, f"complaint_form_{lang}.png")
        finally:
            browser.close()
