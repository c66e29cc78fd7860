"""The case page in a real browser (headless Chromium), as an investigating officer uses it: log in once, open
the case, record an arrest, add two case diary entries, submit a charge sheet, see a refusal in Hindi next to its
form, and download the FIR copy as PDF. Screenshots of the page in English and Hindi and of the PDF's first page go
to test-output/case/ for people to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from cases.input import IST
from records.models import Arrest, CaseDiaryEntry, FinalReport, Fir, FirStatus
from tests.portal.e2e import log_in, register_fir, serving, staff_database
from tests.search_api.fir_api_support import ist_today
from tests.search_api.test_fir_copy_pdf import pdf_text
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("case")


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[str, sa.Engine]]:
    from cctns.asgi import create_app
    from records.database import Database
    from records.settings import get_settings

    with staff_database(database_url, "case_page") as engine:
        app = create_app(Database(engine))
        app.state.settings = get_settings()
        with serving(app) as url:
            yield url, engine


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _local(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_works_the_case_on_its_page(served: tuple[str, sa.Engine]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, engine = served
    fir = register_fir(
        url,
        "sho.sadar",
        [
            {"name": "Mohd. Salim", "relative_name": "Abdul Karim", "age": 28, "gender": "male"},
            {"name": "राजू यादव", "relative_name": "श्याम यादव", "age": 31, "gender": "male"},
        ],
    )
    case_url = f"{url}/station/firs/{fir['id']}"
    first_accused = fir["accused"][0]["person_id"]
    now = datetime.now(IST)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            log_in(page, case_url, "sho.sadar", "en")
            expect(page.locator("h1")).to_contain_text(f"FIR {fir['number']}")
            expect(page.locator("#case-status")).to_have_text("Registered")

            # an arrest (IIF-III): the FIR goes under investigation
            page.select_option("#arrest-person", str(first_accused))
            page.fill("#arrest-at", _local(now - timedelta(minutes=30)))
            page.fill("#arrest-place", "हाजीपुर बस स्टैंड")
            page.click("#form-arrest button[type=submit]")
            expect(page.locator("#notice")).to_contain_text("arrest or surrender is recorded")
            expect(page.locator("#arrests")).to_contain_text("Mohd. Salim")
            expect(page.locator("#case-status")).to_have_text("Under investigation")

            # two diary entries, shown in the order written
            for minutes, text in (
                (20, "घटनास्थल का निरीक्षण किया, नक्शा नज़री बनाया।"),
                (5, "Recorded the statement of the witness Rajesh Kumar under BNSS section 180."),
            ):
                page.fill("#diary-at", _local(now - timedelta(minutes=minutes)))
                page.fill("#diary-text", text)
                page.click("#form-diary button[type=submit]")
                expect(page.locator("#notice")).to_contain_text("diary entry is added")
            entries = page.locator("#diary-entries li")
            expect(entries).to_have_count(2)
            expect(entries.nth(0)).to_contain_text("Entry 1")
            expect(entries.nth(0)).to_contain_text("नक्शा नज़री")
            expect(entries.nth(1)).to_contain_text("Rajesh Kumar")

            # a refusal in Hindi, next to its form, with what was typed kept
            page.click("header a.lang")
            page.select_option("#arrest-person", str(fir["accused"][1]["person_id"]))
            page.fill("#arrest-at", _local(now + timedelta(days=2)))
            page.click("#form-arrest button[type=submit]")
            refusal = page.locator("#refused-arrest")
            expect(refusal).to_contain_text("दर्ज नहीं हुआ")
            expect(refusal).to_contain_text("भविष्य का समय है")
            refusal.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "case_refusal_hi.png"))

            # the charge sheet (IIF-V), A1 sent up for trial
            page.goto(case_url + "?lang=en")
            page.select_option("#report-kind", "charge_sheet")
            page.fill("#report-number", "CS-12/2026")
            page.fill("#report-on", ist_today().isoformat())
            page.select_option(f"select[name='charge_{first_accused}']", "charged")
            page.click("#form-final-report button[type=submit]")
            expect(page.locator("#notice")).to_contain_text("report is recorded")
            expect(page.locator("#case-status")).to_have_text("Charge-sheeted")
            expect(page.locator("#final-reports")).to_contain_text("CS-12/2026")
            expect(page.locator("#history")).to_contain_text("Charge-sheeted")
            _shot(page, "case_en.png")
            page.click("header a.lang")
            expect(page.locator("#case-status")).to_have_text("आरोप-पत्र समर्पित")
            expect(page.locator("main")).to_contain_text("केस डायरी")
            _shot(page, "case_hi.png")

            # the FIR copy as PDF
            with page.expect_download() as download:
                page.click("#copy-pdf")
            saved = SHOTS / "fir-copy.pdf"
            download.value.save_as(str(saved))
        finally:
            browser.close()

    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert fir["number"] in text and "Mohd. Salim" in text and "FIRST INFORMATION REPORT" in text
    pdfium = pytest.importorskip("pypdfium2")
    pdfium.PdfDocument(content)[0].render(scale=2, fill_color=(255, 255, 255, 255)).to_pil().save(
        SHOTS / "fir-copy-page1.png"
    )
    with engine.connect() as connection:
        status = connection.scalar(sa.select(Fir.status).where(Fir.id == fir["id"]))
        arrests = connection.scalar(sa.select(sa.func.count()).select_from(Arrest).where(Arrest.fir_id == fir["id"]))
        reports = connection.scalar(
            sa.select(sa.func.count()).select_from(FinalReport).where(FinalReport.fir_id == fir["id"])
        )
        diary = connection.scalars(
            sa.select(CaseDiaryEntry.entry_number).where(CaseDiaryEntry.fir_id == fir["id"]).order_by(CaseDiaryEntry.id)
        ).all()
    assert status is FirStatus.CHARGE_SHEETED and arrests == 1 and reports == 1 and diary == [1, 2]
