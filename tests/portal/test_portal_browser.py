"""End to end in headless Chromium against a real server: a citizen files a complaint on a phone-sized screen,
reads the code from the development SMS table, confirms; the station officer registers an FIR from it on the
staff page; the citizen sees the FIR number on the status page and downloads the FIR's copy as PDF, and the SMS
table has the number too."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from records.audit import Actor
from records.database import Database
from records.models import Role, SmsMessage, SmsStatus
from records.settings import get_settings
from records.users import create_user
from tests.complaints.test_complaints import PNG
from tests.portal.e2e import english_left, log_in
from tests.search_api.test_fir_copy_pdf import pdf_text
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    needs_chromium,
    scratch_name,
    screenshot_folder,
    server_url_of,
)

OFFICER, PASSWORD = "sho.e2e", "e2e-password-123"
MOBILE = "9812345670"

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
    """The whole app served by uvicorn on a scratch database, with the in-process SMS sender (development)."""
    import uvicorn

    from cctns.asgi import create_app
    from workers.sms.gateway import DevelopmentGateway
    from workers.sms.in_process import InProcessSmsSender

    name = scratch_name(database_url, "e2e")
    engine = fresh_database(server_url_of(database_url), name)
    with Session(engine) as session, session.begin():
        create_user(
            session,
            actor=Actor(),
            username=OFFICER,
            full_name="SHO Hajipur Sadar (test)",
            role=Role.STATION_OFFICER,
            password=PASSWORD,
            station_code="VAISHALI-HAJIPUR-SADAR",
        )
    database = Database(engine)
    app = create_app(database)
    app.state.settings = get_settings()
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    sender = InProcessSmsSender(engine, DevelopmentGateway(), max_attempts=3, interval=0.2)
    sender.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Running(f"http://127.0.0.1:{port}", engine)
    finally:
        sender.stop()
        uv.should_exit = True
        thread.join(10)
        engine.dispose()
        drop_database(server_url_of(database_url), name)


def _latest_sms(engine: sa.Engine, kind: str, timeout: float = 15) -> SmsMessage:
    """The newest SMS of ``kind`` to the test's mobile, once the sender has delivered it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            message = session.scalar(
                sa.select(SmsMessage)
                .where(SmsMessage.to_number == MOBILE, SmsMessage.kind == kind)
                .order_by(SmsMessage.id.desc())
                .limit(1)
            )
        if message is not None and message.status is SmsStatus.DELIVERED:
            return message
        time.sleep(0.1)
    pytest.fail(f"no delivered {kind} SMS to {MOBILE} within {timeout} s")


def _code(engine: sa.Engine) -> str:
    match = re.search(r"\b(\d{6})\b", _latest_sms(engine, "otp").body)
    assert match, "the code SMS carries six digits"
    return match.group(1)


HINDI_SHOTS = screenshot_folder("staff_hi")
# The complaints page's own English words: none may remain in Hindi (names, places and facts typed are data).
COMPLAINTS_UI = (
    "Complaints filed online", "Status", "Waiting for action", "All", "Refresh", "complaint", "complaints", "FIR",
    "received", "Received by the police station", "theft", "Complainant", "Mobile", "confirmed by code", "Address",
    "Kind", "When", "Where", "Station", "PS", "What happened", "Attachments", "History", "Acknowledge",
    "Assign an enquiry officer", "Name", "Rank", "Assign", "Register an FIR", "Acts and sections", "Accused",
    "Investigating officer", "Register FIR", "Transfer", "Station code", "Reason", "Close", "Log out",
)  # fmt: skip


def test_complaint_to_fir_end_to_end_in_chromium(server: Running, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, java_script_enabled=False, accept_downloads=True
            )
            citizen = phone.new_page()
            citizen.goto(f"{server.url}/portal/?lang=en")
            citizen.get_by_role("link", name="File a complaint").click()
            citizen.fill("#name", "Sunita Devi")
            citizen.fill("#mobile", f"+91 {MOBILE}")
            citizen.fill("#address", "Ward 7, Hajipur")
            citizen.fill("#occurred_on", time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400)))
            citizen.fill("#place", "Station Road, Hajipur")
            citizen.select_option("#district", "VAISHALI")
            citizen.select_option("#station", "VAISHALI-HAJIPUR-SADAR")
            citizen.select_option("#category", "theft")
            citizen.fill("#description", "My motorcycle Hero Splendor BR31AB1234 was stolen from outside my house.")
            citizen.set_input_files(
                "#attachments", files=[{"name": "bike.png", "mimeType": "image/png", "buffer": PNG}]
            )
            wide = citizen.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"the form fits a phone screen without sideways scrolling ({wide}px)"
            citizen.screenshot(path=str(tmp_path / "form.png"), full_page=True)
            citizen.get_by_role("button", name="Submit complaint").click()
            expect(citizen.get_by_role("heading", name="Confirm your mobile number")).to_be_visible()
            citizen.fill("#code", _code(server.engine))
            citizen.get_by_role("button", name="Confirm").click()
            tracking = citizen.locator("#tracking-number").inner_text().strip()
            assert re.fullmatch(r"CMP-\d\d-[A-Z2-9]{8}", tracking), tracking
            _latest_sms(server.engine, "complaint_received")

            staff = browser.new_context().new_page()
            log_in(staff, f"{server.url}/staff/complaints", OFFICER, password=PASSWORD, language="hi")
            staff.locator(".item", has_text=tracking).click()  # in Hindi: every word of the page, kinds, statuses
            expect(staff.locator("#detail-status")).to_have_text("थाने को प्राप्त")
            expect(staff.locator("#detail")).to_contain_text("चोरी")  # the kind "theft" by its name
            expect(staff.locator("#detail")).to_contain_text("थाना हाजीपुर सदर")  # the station by its Hindi name
            expect(staff.get_by_role("button", name="स्वीकार करें")).to_be_visible()
            left = english_left(staff, COMPLAINTS_UI, data=".typed, #fir-sections")
            assert left == [], f"English words left on the Hindi complaints page: {left}"
            HINDI_SHOTS.mkdir(parents=True, exist_ok=True)
            staff.screenshot(path=str(HINDI_SHOTS / "complaints_hi.png"), full_page=True)
            staff.goto(f"{server.url}/staff/complaints?lang=en")
            staff.locator(".item", has_text=tracking).click()
            expect(staff.locator("#detail-status")).to_have_text("Received by the police station")
            shown = ("Complainant", "Acknowledge", "Waiting for action", "What happened", "Log out")
            assert english_left(staff, shown) == list(shown), "the check finds English words where they are"
            staff.screenshot(path=str(HINDI_SHOTS / "complaints_en.png"), full_page=True)
            staff.get_by_role("button", name="Acknowledge").click()
            expect(staff.locator("#detail-status")).to_have_text("Acknowledged by the police station")
            expect(staff.locator("#fir-sections")).to_have_value("BNS 303(2)")
            staff.fill("#fir-io", "SI Anil Kumar")
            staff.get_by_role("button", name="Register FIR").click()
            expect(staff.locator("#detail-fir")).to_be_visible()
            fir_number = staff.locator("#detail-fir").inner_text().strip()
            assert re.fullmatch(r"\d+/\d{4}", fir_number), fir_number

            citizen.goto(f"{server.url}/portal/status")
            citizen.fill("#tracking_number", tracking)
            citizen.fill("#mobile", MOBILE)
            citizen.get_by_role("button", name="Send code").click()
            citizen.fill("#code", _code(server.engine))
            citizen.get_by_role("button", name="Show status").click()
            expect(citizen.locator("#fir-number")).to_have_text(fir_number)
            expect(citizen.locator("#complaint-status")).to_have_text("FIR registered")
            citizen.screenshot(path=str(tmp_path / "status.png"), full_page=True)
            # the copy of the FIR as a PDF file, from the verified status page
            expect(citizen.locator("#fir-copy-pdf")).to_be_visible()
            shots = screenshot_folder("portal")
            shots.mkdir(parents=True, exist_ok=True)
            citizen.screenshot(path=str(shots / "status_with_fir_copy_en.png"), full_page=True)
            with citizen.expect_download() as download:
                citizen.click("#fir-copy-pdf")
            copy = download.value.path().read_bytes()
            assert copy.startswith(b"%PDF-") and fir_number in pdf_text(copy) and "Sunita Devi" in pdf_text(copy)
        finally:
            browser.close()

    registered = _latest_sms(server.engine, "fir_registered")
    assert fir_number in registered.body and tracking in registered.body
    assert "SI Anil Kumar" in _latest_sms(server.engine, "io_assigned").body
