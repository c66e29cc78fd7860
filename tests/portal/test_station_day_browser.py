"""A station officer's day in one browser session (headless Chromium), against the whole app served with its
background work as ``cctns serve`` runs it (the outbox relay to the embedded index, person matching, the
dashboards' rollups): log in once, register an FIR with two accused and a motorcycle from the form, find it in the
staff search by the vehicle number and by an accused's name written in the other script, open its case page from
the search, record an arrest and a charge sheet, add two diary entries, download the FIR copy as PDF, and see the
FIR counted on the station's dashboard. Never a second login. A screenshot of every step goes to
test-output/station_day/ for people to look at (the form and the case page in Hindi too)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import IST
from records.models import Arrest, CaseDiaryEntry, FinalReport, Fir, FirParty, FirStatus, PartyRole, PoliceStation
from tests.portal.e2e import log_in, serving, staff_database
from tests.search_api.fir_api_support import ist_today
from tests.search_api.test_fir_copy_pdf import pdf_text
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("station_day")
SADAR = "VAISHALI-HAJIPUR-SADAR"
VEHICLE = "BR 01 AB 1234"
BACKGROUND_WAIT = 30.0  # seconds the relay or the rollups may take before the step fails


@dataclass
class Running:
    url: str
    engine: sa.Engine


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Running]:
    """The app with everything ``cctns worker`` would do running beside it (``InProcessWork.for_server``: the
    loops the server's background process runs), on a fresh staff database and a fresh index."""
    from cctns.asgi import create_app
    from indexes.embedded import TantivyEngine
    from records.database import Database
    from records.settings import get_settings
    from workers.background import InProcessWork

    settings = get_settings()
    with staff_database(database_url, "station_day") as engine:
        search = TantivyEngine(tmp_path / "index")
        search.ensure_ready()
        app = create_app(Database(engine), search, InProcessWork.for_server(engine, search, settings))
        app.state.settings = settings
        try:
            with serving(app) as url:
                yield Running(url, engine)
        finally:
            search.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _local(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%Y-%m-%dT%H:%M")


def _until(what: str, done: Callable[[], bool], timeout: float = BACKGROUND_WAIT) -> None:
    """Poll ``done`` (each call one look at the page) until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)


def _search(page: Any, query: str) -> None:
    """Search ``query`` on the staff search page and wait until these results (not the last ones) are shown."""
    from playwright.sync_api import expect

    page.fill("#q", query)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#understood")).to_contain_text("Searched for", timeout=10_000)
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q && document.getElementById('understood').textContent",
        arg=query,
    )


def _found(page: Any, query: str, where: str, number: str) -> bool:
    _search(page, query)
    return page.locator(where, has_text=number).count() > 0


def _heat_total(page: Any, timeout_ms: int = 20_000) -> int:
    """FIRs in the station dashboard's month x crime-head heat map, as drawn."""
    page.wait_for_selector(".content", timeout=timeout_ms)
    page.wait_for_function(
        "document.querySelectorAll('#g-heat .js-plotly-plot .main-svg').length > 0", timeout=timeout_ms
    )
    return int(
        page.evaluate(
            """() => document.querySelector('#g-heat .js-plotly-plot')._fullData
                .reduce((n, t) => n + (t.z || []).flat().reduce((a, b) => a + (b || 0), 0), 0)"""
        )
    )


def _firs_this_month(engine: sa.Engine, month_start: datetime) -> int:
    """The station's FIRs registered since ``month_start`` (IST), straight from the FIR table."""
    with engine.connect() as connection:
        return int(
            connection.scalar(
                sa.select(sa.func.count())
                .select_from(Fir)
                .join(PoliceStation, PoliceStation.id == Fir.station_id)
                .where(PoliceStation.code == SADAR, Fir.registered_at >= month_start)
            )
            or 0
        )


def test_a_station_officers_day_in_one_session(server: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    now = datetime.now(IST)
    month = now.strftime("%Y-%m")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            logins: list[str] = []
            page.on("framenavigated", lambda frame: logins.append(frame.url) if "/staff/login" in frame.url else None)

            # 1. One login, at the start: the form asks for it and comes back to the form.
            log_in(page, f"{server.url}/station/firs/new", "sho.sadar", "hi")
            expect(page.locator("main h1")).to_contain_text("प्राथमिकी")
            _shot(page, "01_form_hi.png")
            assert len(logins) == 1, logins

            # 2. The FIR, from the form: two accused (one in Latin script with his father), a motorcycle.
            page.goto(f"{server.url}/station/firs/new?lang=en")
            expect(page.get_by_role("heading", name="Register an FIR (IIF-I)", exact=False)).to_be_visible()
            page.select_option("#f-information_type", "oral")
            page.fill("#f-complainant-name", "Ramesh Prasad s/o Shyam Lal")
            page.fill("#f-complainant-age", "45")
            page.fill("#f-complainant-mobile", "9876543210")
            page.fill("#f-complainant-address", "Ward 7, Hajipur")
            page.fill("#f-place_address", "Outside the complainant's house, Ward 7")
            page.fill("#f-sections-0", "BNS 303(2)")
            page.fill("#f-accused-0-name", "Md Islam s/o Rafiq")
            page.click("button[data-add=accused]")
            page.fill("#f-accused-1-name", "सुनील यादव")
            page.select_option("#f-properties-0-kind", "vehicle")
            page.fill("#f-properties-0-description", "Hero Splendor motorcycle, black")
            page.fill("#f-properties-0-value", "55000")
            page.fill("#f-properties-0-vehicle_registration", VEHICLE)
            page.fill("#f-brief_facts", "My motorcycle was stolen from outside my house last night.")
            _shot(page, "02_form_filled_en.png")
            page.click("#submit-fir")
            page.wait_for_url("**/station/firs/new?saved=*")
            saved = page.locator("#saved")
            expect(saved).to_contain_text(f"/{now.year} registered")
            fir_id = int(saved.get_attribute("data-fir") or 0)
            _shot(page, "03_registered_en.png")
            with Session(server.engine) as session:
                fir = session.get(Fir, fir_id)
                assert fir is not None
                number = fir.number
                registered_day = fir.registered_at.astimezone(IST).strftime("%d-%m-%Y")
                accused = session.execute(
                    sa.select(FirParty.person_id, FirParty.name_as_given, FirParty.relative_name_as_given)
                    .where(FirParty.fir_id == fir_id, FirParty.role == PartyRole.ACCUSED)
                    .order_by(FirParty.accused_number)
                ).all()
            assert [(name, father) for _, name, father in accused] == [("Md Islam", "Rafiq"), ("सुनील यादव", None)]
            islam = accused[0][0]

            # 3. The staff search finds it (once the relay has indexed it) by the vehicle number as typed ...
            page.goto(f"{server.url}/staff/search")
            expect(page.locator("#district option", has_text="Vaishali")).to_have_count(1)  # the page is ready
            _until("the FIR findable by its vehicle", lambda: _found(page, VEHICLE, "#cases .card", number))
            expect(page.locator("#understood")).to_contain_text("vehicle BR01AB1234")
            _shot(page, "04_search_vehicle.png")
            # ... and by the accused's name written in Devanagari (he was recorded in Latin script).
            _search(page, "मोहम्मद इस्लाम")
            card = page.locator("#people .card", has_text="Md Islam").first
            expect(card).to_contain_text(number)
            expect(card).to_contain_text("s/o Rafiq")
            # the person's case line: the role and status by name, the day in India as on the case card
            expect(card.locator(".cases li")).to_contain_text(f"Accused · Registered · {registered_day}")
            expect(page.locator("#cases .card", has_text=number)).to_have_count(1)
            _shot(page, "05_search_name_devanagari.png")

            # 4. Its case page, from the search result.
            page.locator("#cases .card", has_text=number).locator("a.case-page").click()
            page.wait_for_url(f"**/station/firs/{fir_id}")
            expect(page.locator("h1")).to_contain_text(f"FIR {number}")
            expect(page.locator("#case-status")).to_have_text("Registered")
            _shot(page, "06_case_registered_en.png")

            # 5. An arrest (IIF-III) of A1: the case goes under investigation.
            page.select_option("#arrest-person", str(islam))
            page.fill("#arrest-at", _local(now - timedelta(minutes=40)))
            page.fill("#arrest-place", "हाजीपुर बस स्टैंड")
            page.click("#form-arrest button[type=submit]")
            expect(page.locator("#notice")).to_contain_text("arrest or surrender is recorded")
            expect(page.locator("#arrests")).to_contain_text("Md Islam")
            expect(page.locator("#case-status")).to_have_text("Under investigation")
            page.locator("#arrests").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "07_arrest_recorded_en.png"))

            # 6. Two diary entries, in the order written.
            for minutes, text in (
                (30, "घटनास्थल का निरीक्षण किया, नक्शा नज़री बनाया।"),
                (10, "Recorded the statement of the witness Rajesh Kumar under BNSS section 180."),
            ):
                page.fill("#diary-at", _local(now - timedelta(minutes=minutes)))
                page.fill("#diary-text", text)
                page.click("#form-diary button[type=submit]")
                expect(page.locator("#notice")).to_contain_text("diary entry is added")
            entries = page.locator("#diary-entries li")
            expect(entries).to_have_count(2)
            expect(entries.nth(0)).to_contain_text("नक्शा नज़री")
            expect(entries.nth(1)).to_contain_text("Rajesh Kumar")
            page.locator("#diary-entries").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "08_diary_en.png"))

            # 7. The charge sheet (IIF-V), A1 charged.
            page.select_option("#report-kind", "charge_sheet")
            page.fill("#report-number", "CS-41/2026")
            page.fill("#report-on", ist_today().isoformat())
            page.select_option(f"select[name='charge_{islam}']", "charged")
            page.click("#form-final-report button[type=submit]")
            expect(page.locator("#notice")).to_contain_text("report is recorded")
            expect(page.locator("#case-status")).to_have_text("Charge-sheeted")
            expect(page.locator("#final-reports")).to_contain_text("CS-41/2026")
            _shot(page, "09_case_charge_sheeted_en.png")
            page.click("header a.lang")
            expect(page.locator("#case-status")).to_have_text("आरोप-पत्र समर्पित")
            expect(page.locator("main")).to_contain_text("केस डायरी")
            expect(page.locator("main")).to_contain_text("कुल: रु. 55,000")  # the rupee written the Hindi way
            _shot(page, "10_case_charge_sheeted_hi.png")

            # 8. The FIR copy as PDF, from the case page.
            with page.expect_download() as download:
                page.click("#copy-pdf")
            pdf = SHOTS / "fir-copy.pdf"
            download.value.save_as(str(pdf))

            # 9. The station's dashboard counts it (once the rollups have run): the heat map of this month holds
            # as many FIRs as the FIR table has for the station this month, and the recent list names it.
            month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            expected = _firs_this_month(server.engine, month_start)
            assert expected == 1, "a fresh database: the new FIR is the station's only one"
            dashboard = f"{server.url}/dashboards/station?from={month}&to={month}&station={SADAR}"

            def counted() -> bool:
                from playwright.sync_api import TimeoutError as NotDrawn

                page.goto(dashboard + "&lang=en")
                try:  # before the rollups have run the heat map may not be drawn at all: look again
                    return _heat_total(page) == expected
                except NotDrawn:
                    return False

            _until("the FIR counted on the station dashboard", counted, timeout=2 * BACKGROUND_WAIT)
            recent = page.locator("#recent-firs tbody tr", has_text=number)
            expect(recent).to_contain_text(registered_day)
            expect(recent).to_contain_text("Charge-sheeted")
            _shot(page, "11_dashboard_station_en.png")
            page.goto(dashboard + "&lang=hi")
            assert _heat_total(page) == expected
            expect(page.locator("#recent-firs tbody tr", has_text=number)).to_contain_text("आरोप-पत्र समर्पित")
            _shot(page, "12_dashboard_station_hi.png")
            # ... and its number leads back to the case page (a new tab of the same session).
            with context.expect_page() as opened:
                page.locator("#recent-firs a", has_text=number).click()
            case_again = opened.value
            case_again.wait_for_url(f"**/station/firs/{fir_id}")
            expect(case_again.locator("#case-status")).to_have_text("आरोप-पत्र समर्पित")
            assert len(logins) == 1, f"a second login was asked: {logins}"
        finally:
            browser.close()

    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert number in text and "Md Islam" in text and "FIRST INFORMATION REPORT" in text
    pdfium = pytest.importorskip("pypdfium2")
    for number, pdf_page in enumerate(pdfium.PdfDocument(content), start=1):
        drawn = pdf_page.render(scale=2, fill_color=(255, 255, 255, 255)).to_pil()
        drawn.save(SHOTS / f"13_fir_copy_page{number}.png")
    with server.engine.connect() as connection:
        assert connection.scalar(sa.select(Fir.status).where(Fir.id == fir_id)) is FirStatus.CHARGE_SHEETED
        assert connection.scalar(sa.select(sa.func.count()).select_from(Arrest).where(Arrest.fir_id == fir_id)) == 1
        reports = sa.select(sa.func.count()).select_from(FinalReport).where(FinalReport.fir_id == fir_id)
        assert connection.scalar(reports) == 1
        diary = sa.select(CaseDiaryEntry.entry_number).where(CaseDiaryEntry.fir_id == fir_id)
        assert connection.scalars(diary.order_by(CaseDiaryEntry.id)).all() == [1, 2]
