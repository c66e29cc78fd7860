"""The "Other states" part of the staff search page in headless Chromium, at Uttar Pradesh's node of a real
three-node network: in Hindi, a search without a purpose is stopped with the reason in Hindi; with one, Bihar's
man recorded in Devanagari is found by his Latin name with owning state, station, officer and freshness, and
opened from Bihar; in English, a pointer record says "contact the station". Screenshots in test-output/network."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.network.nodes import PASSWORD, Network
from tests.network.search_support import deliver, register
from tests.portal.e2e import english_left, log_in
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("network")
ENGLISH_UI = (
    "Other states",
    "Purpose",
    "Reason",
    "Search other states",
    "Investigating officer",
    "Open from",
    "Person",
)


@pytest.fixture(scope="module")
def shared(network: Network) -> Iterator[int]:
    bihar = network.bihar
    found = register(bihar, [{"name": "अनिल कुमार", "relative_name": "रामदेव सिंह", "age": 29, "gender": "male"}])
    pointer = register(bihar, [{"name": "दिनेश राय", "relative_name": "भोला राय", "age": 45, "gender": "male"}])
    put = httpx.put(
        f"{bihar.base_url}/api/v1/firs/{pointer['id']}/sharing",
        json={"level": "pointer"},
        headers=bihar.headers("station"),
        timeout=30,
    )
    assert put.status_code == 200, put.text
    deliver(network, bihar, found["id"])
    deliver(network, bihar, pointer["id"])
    yield pointer["id"]


def test_other_states_on_the_search_page_in_hindi_and_english(network: Network, shared: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    up = network.up
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            log_in(page, f"{up.base_url}/staff/search", up.usernames["station"], language="hi", password=PASSWORD)
            section = page.locator("#other-states")
            expect(section.locator("h2")).to_have_text("अन्य राज्य")
            page.fill("#os-value", "Anil Kumar")
            page.fill("#os-relative", "Ramdev Singh")
            section.get_by_role("button", name="अन्य राज्यों में खोजें").click()
            expect(page.locator("#os-error")).to_contain_text("इस खोज का उद्देश्य चुनें")

            page.select_option("#os-purpose", "investigation")
            page.fill("#os-reason", "संदिग्ध हज़रतगंज बस अड्डे पर पकड़ा गया, वैशाली का बताता है")
            page.fill("#os-case-reference", "हज़रतगंज 41/2025")
            section.get_by_role("button", name="अन्य राज्यों में खोजें").click()
            hits = page.locator("#os-hits")
            expect(hits).to_contain_text("बिहार")
            expect(hits).to_contain_text("हाजीपुर सदर, वैशाली")
            expect(hits).to_contain_text("अनिल कुमार (रामदेव सिंह)")
            expect(hits).to_contain_text("अनुसंधानकर्ता: SI Ajay Kumar Singh (SI)")
            expect(hits).to_contain_text("राष्ट्रीय स्तर पर प्राप्त")
            assert english_left(page, ENGLISH_UI, data=".facts, #os-hits .meta") == [], "English left in Hindi"
            hits.get_by_role("button", name="बिहार से खोलें").click()
            expect(hits.locator(".os-detail")).to_contain_text("बिहार द्वारा")
            expect(hits.locator(".os-detail")).to_contain_text("BNS 303(2)")
            page.locator("#other-states").screenshot(path=str(SHOTS / "other_states_hi.png"))

            page.goto(page.url.split("?")[0] + "?lang=en")
            page.select_option("#os-purpose", "verification")
            page.fill("#os-value", "Dinesh Rai")
            page.fill("#os-relative", "")
            page.fill("#os-reason", "antecedents of a tenant who says he lived in Hajipur")
            page.fill("#os-case-reference", "Verification 7/2025")
            page.locator("#other-states").get_by_role("button", name="Search other states").click()
            pointer = page.locator("#os-hits .os-hit.pointer")
            expect(pointer).to_have_count(1)
            expect(pointer).to_contain_text("On record at Hajipur Sadar, Vaishali (Bihar). Contact the station")
            expect(page.locator("#os-hits button")).to_have_count(0)  # nothing to open
            page.locator("#other-states").screenshot(path=str(SHOTS / "other_states_pointer_en.png"))
        finally:
            browser.close()


def test_the_station_sets_what_other_states_see_on_its_case_page(network: Network, shared: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    bihar = network.bihar
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            url = f"{bihar.base_url}/station/firs/{shared}"
            log_in(page, url, bihar.usernames["station"], language="hi", password=PASSWORD)
            expect(page.locator("#sharing-level")).to_have_text("केवल संकेत (थाने से संपर्क करें)")
            page.select_option("#sharing-level-choice", "invisible")
            page.fill("#sharing-reason", "गवाह की सुरक्षा")
            page.locator("#sharing").get_by_role("button", name="सहेजें").click()
            expect(page.locator("#sharing-level")).to_have_text("राज्य के बाहर अदृश्य")
            page.locator("#sharing").screenshot(path=str(SHOTS / "case_sharing_hi.png"))
        finally:
            browser.close()
