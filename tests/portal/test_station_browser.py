"""The station home and the FIR registration form in headless Chromium against a real server: a duty officer
registers an FIR with two accused and a motorcycle using only the keyboard, sees the missing field's message next
to it in English and Hindi, finds an unsent draft restored after leaving the page, and sees the FIR on the station
home. Screenshots of each step go to test-output/station/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import record_arrest, register_fir
from cases.input import IST, ArrestInput, FirInput
from records.access import Jurisdiction
from records.audit import Actor
from records.database import Database
from records.models import Fir, FirParty, FirProperty, Notification, PartyRole, PoliceStation, Role
from records.settings import get_settings
from tests.portal.e2e import PASSWORD, serving, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SADAR = "VAISHALI-HAJIPUR-SADAR"
SHOTS = screenshot_folder("station")


@dataclass
class Running:
    url: str
    engine: sa.Engine


def _earlier_cases(engine: sa.Engine) -> None:
    """What a station has before today: cases pending 70, 120 and 400 days, an arrest made 3 hours ago and an
    alert, so the home shows each of its parts."""
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        station = session.scalars(sa.select(PoliceStation.id).where(PoliceStation.code == SADAR)).one()
        firs = []
        for days, io in ((70, "Ajay Singh"), (120, "Ajay Singh"), (400, None), (1, "Ajay Singh")):
            at = now - timedelta(days=days)
            data = FirInput.model_validate(
                {
                    "info_received_at": (at - timedelta(hours=1)).isoformat(),
                    "sections": [{"act": "BNS", "section": "303(2)"}],
                    "complainant": {"name": "सुनीता देवी"},
                    "accused": [{"name": "राजेश पासवान"}],
                    "brief_facts": "चोरी",
                    "io_name": io,
                    "io_rank": "SI" if io else None,
                }
            )
            firs.append(
                register_fir(session, data, station_id=station, actor=Actor(), access=Jurisdiction(Role.HQ), now=at)
            )
        recent = firs[-1]
        accused = session.scalars(
            sa.select(FirParty.person_id).where(FirParty.fir_id == recent.id, FirParty.role == PartyRole.ACCUSED)
        ).one()
        record_arrest(session, recent, ArrestInput(person_id=accused, at=now - timedelta(hours=3)), actor=Actor())
        session.add(
            Notification(
                key="e2e-known", station_id=station, kind="known_offender", person_id=accused, fir_id=recent.id,
                message="Known offender: राजेश पासवान has 2 earlier FIR(s) as accused.",
            )
        )  # fmt: skip


@pytest.fixture
def server(database_url: str) -> Iterator[Running]:
    from cctns.asgi import create_app

    with staff_database(database_url, "station_e2e") as engine:
        _earlier_cases(engine)
        app = create_app(Database(engine))
        app.state.settings = get_settings()
        with serving(app) as url:
            yield Running(url, engine)


def _shoot(page: Any, name: str) -> None:
    """The whole page, and what the officer sees first (the window) to look at in detail."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.screenshot(path=str(SHOTS / name.replace(".png", "_top.png")))


def _browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def _log_in(page: Any, url: str, next_path: str) -> None:
    page.goto(f"{url}/staff/login?lang=en&next={next_path}")
    page.fill("#username", "sho.sadar")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


FOCUSABLE = "#fir-form input, #fir-form select, #fir-form textarea, #fir-form button"
SHOWN = "(e) => e.type !== 'hidden' && e.tabIndex >= 0 && e.offsetParent !== null"
NAME = "(e) => e.name === 'add' ? 'add:' + e.dataset.add : (e.name || e.id)"  # the Add buttons by their list


def _focused(page: Any) -> str:
    return str(
        page.evaluate("document.activeElement ? (document.activeElement.name || document.activeElement.id) : ''")
    )


def _tab_to(page: Any, name: str, limit: int = 60) -> None:
    """Press Tab until the field ``name`` (its name, or id) has the focus: the focus order reaches it going
    forward, as a keyboard-only officer would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page) == name:
            return
    pytest.fail(f"Tab never reached {name} (last focused: {_focused(page)})")


def _type_into(page: Any, name: str, text: str) -> None:
    _tab_to(page, name)
    page.keyboard.type(text)


def test_a_keyboard_only_registration_with_two_accused_and_a_motorcycle(server: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN").new_page()
            # The login by keyboard too: the user name has the focus, Tab to the password, Enter.
            page.goto(f"{server.url}/station/firs/new?lang=en")
            expect(page.locator("#username")).to_be_focused()
            page.keyboard.type("sho.sadar")
            page.keyboard.press("Tab")
            page.keyboard.type(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url("**/station/firs/new**")
            expect(page.get_by_role("heading", name="Register an FIR (IIF-I)", exact=False)).to_be_visible()
            _shoot(page, "form_empty_en.png")

            today = datetime.now(IST)
            # The focus order is the order of the fields on the screen: Tab from the page's heading meets every
            # visible field and button of the form in document order.
            in_order = page.evaluate(f"() => [...document.querySelectorAll('{FOCUSABLE}')].filter({SHOWN}).map({NAME})")
            page.evaluate("document.querySelector('main h1').setAttribute('tabindex', '-1')")
            page.locator("main h1").focus()
            tabbed: list[str] = []
            while len(tabbed) < 400 and (not tabbed or tabbed[-1] != in_order[-1]):
                page.keyboard.press("Tab")
                tabbed.append(page.evaluate(f"({NAME})(document.activeElement)"))
            # A date and time field takes several Tabs (day, month, year, hours, minutes): one stop here.
            assert [name for n, name in enumerate(tabbed) if n == 0 or tabbed[n - 1] != name] == in_order
            page.locator("main h1").focus()
            _tab_to(page, "information_type")
            page.keyboard.type("Oral")  # a select takes the option typed
            _tab_to(page, "complainant.name")
            page.keyboard.type("Ramesh Prasad s/o Shyam Lal")
            _tab_to(page, "complainant.gender")
            page.keyboard.type("Male")
            _type_into(page, "complainant.age", "45")
            _type_into(page, "complainant.mobile", "9876543210")
            _type_into(page, "complainant.address", "Ward 7, Hajipur")
            _type_into(page, "place_address", "Outside the complainant's house, Ward 7")
            # The sections picker: type, the list opens, Enter takes the first choice.
            _type_into(page, "sections.0", "bns 303")
            expect(page.locator("#f-sections-0-list li[role=option]").first).to_contain_text("BNS 303(2)")
            expect(page.locator("#f-sections-0-list")).to_contain_text("IPC 379")  # what the IPC section was
            _shoot(page, "form_picker_en.png")
            page.keyboard.press("Enter")
            expect(page.locator("#f-sections-0")).to_have_value("BNS 303(2)")
            assert page.url.endswith("/station/firs/new?lang=en"), "Enter in the picker chose; it sent nothing"
            _type_into(page, "accused.0.name", "Md Islam s/o Rafiq")
            _tab_to(page, "add")  # the next "Add" button after the accused row: "Add an accused"
            assert page.evaluate("document.activeElement.dataset.add") == "accused"
            page.keyboard.press("Enter")
            expect(page.locator("#f-accused-1-name")).to_be_focused()  # the new row's first field
            page.keyboard.type("सुनील यादव")
            _tab_to(page, "properties.0.kind")
            page.keyboard.type("Vehicle")
            _type_into(page, "properties.0.description", "Hero Splendor motorcycle, black")
            _type_into(page, "properties.0.value", "55000")
            _type_into(page, "properties.0.vehicle_registration", "BR 01 AB 1234")
            _type_into(page, "brief_facts", "My motorcycle was stolen from outside my house last night.")
            _tab_to(page, "submit-fir")
            page.keyboard.press("Enter")

            page.wait_for_url("**/station/firs/new?saved=*")
            saved = page.locator("#saved")
            expect(saved).to_be_focused()
            expect(saved).to_contain_text(f"/{today.year} registered")
            expect(saved).to_contain_text("Complainant: Ramesh Prasad · Father: Shyam Lal")
            _shoot(page, "form_saved_en.png")
            fir_id = int(saved.get_attribute("data-fir") or 0)
            with Session(server.engine) as session:
                fir = session.get(Fir, fir_id)
                assert fir is not None and fir.information_type.value == "oral"
                accused = session.execute(
                    sa.select(FirParty.name_as_given, FirParty.relative_name_as_given)
                    .where(FirParty.fir_id == fir_id, FirParty.role == PartyRole.ACCUSED)
                    .order_by(FirParty.accused_number)
                ).all()
                assert [tuple(row) for row in accused] == [("Md Islam", "Rafiq"), ("सुनील यादव", None)]
                vehicle = session.scalars(sa.select(FirProperty).where(FirProperty.fir_id == fir_id)).one()
                assert (vehicle.kind.value, vehicle.vehicle_registration) == ("vehicle", "BR01AB1234")
                number = fir.number
            expect(page.locator("#saved-case")).to_have_attribute("href", f"/station/firs/{fir_id}")
            page.goto(f"{server.url}/station/firs/new?saved={fir_id}&lang=hi")
            expect(page.locator("#saved")).to_contain_text(f"प्राथमिकी {number} दर्ज हो गई")
            _shoot(page, "form_saved_hi.png")

            # The station home lists it today, with the earlier cases, the arrest due and the alert.
            page.goto(f"{server.url}/station/?lang=en")
            expect(page.locator("#today a", has_text=number)).to_have_attribute("href", f"/station/firs/{fir_id}")
            expect(page.locator("#arrests")).to_contain_text("राजेश पासवान")
            expect(page.locator("#pending")).to_contain_text("SI Ajay Singh")
            expect(page.locator("#alerts")).to_contain_text("Known offender")
            _shoot(page, "home_en.png")
            page.goto(f"{server.url}/station/?lang=hi")
            expect(page.locator("#today-h")).to_contain_text("आज की प्राथमिकियाँ")
            _shoot(page, "home_hi.png")
        finally:
            browser.close()


def test_a_missing_required_field_is_shown_next_to_it_in_english_and_hindi(server: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN").new_page()
            _log_in(page, server.url, "/station/firs/new")
            for lang, required, heading in (
                ("en", "Required", "The FIR was not registered"),
                ("hi", "आवश्यक है", "प्राथमिकी दर्ज नहीं हुई"),
            ):
                page.goto(f"{server.url}/station/firs/new?lang={lang}")
                if lang == "hi":
                    _shoot(page, "form_empty_hi.png")
                page.fill("#f-sections-0", "BNS 303(2)")
                page.fill("#f-accused-0-name", "Md Islam")
                page.fill("#f-brief_facts", "Theft of a motorcycle.")
                page.click("#submit-fir")  # the complainant's name left empty
                expect(page.locator("#problems")).to_contain_text(heading)
                expect(page.locator("#problems")).to_be_focused()
                expect(page.locator("#f-complainant-name-error")).to_have_text(required)
                expect(page.locator("#f-complainant-name")).to_have_attribute("aria-invalid", "true")
                expect(page.locator("#f-accused-0-name")).to_have_value("Md Islam")
                _shoot(page, f"form_errors_{lang}.png")
                # The summary's link takes the focus to the field.
                page.locator("#problems a").first.click()
                expect(page.locator("#f-complainant-name")).to_be_focused()
            with Session(server.engine) as session:
                assert session.scalar(sa.select(sa.func.count()).select_from(Fir)) == 4, "nothing registered"
        finally:
            browser.close()


def test_an_unsent_draft_is_restored_after_leaving_the_page(server: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN").new_page()
            _log_in(page, server.url, "/station/firs/new")
            page.goto(f"{server.url}/station/firs/new?lang=en")
            page.fill("#f-complainant-name", "सीता देवी w/o राम प्रसाद")
            page.click("button[data-add=accused]")
            page.fill("#f-accused-1-name", "Unknown tall man")
            page.select_option("#f-properties-0-kind", "vehicle")
            page.fill("#f-properties-0-vehicle_registration", "BR 06 X 4321")
            page.fill("#f-brief_facts", "Half written")
            page.goto(f"{server.url}/station/?lang=en")  # left without sending
            page.goto(f"{server.url}/station/firs/new?lang=en")
            expect(page.locator("#draft-note")).to_be_visible()
            expect(page.locator("#f-complainant-name")).to_have_value("सीता देवी w/o राम प्रसाद")
            expect(page.locator("#f-accused-1-name")).to_have_value("Unknown tall man")
            expect(page.locator("#f-properties-0-vehicle_registration")).to_be_visible()
            expect(page.locator("#f-properties-0-vehicle_registration")).to_have_value("BR 06 X 4321")
            expect(page.locator("#f-brief_facts")).to_have_value("Half written")
            _shoot(page, "form_draft_restored_en.png")
            page.goto(f"{server.url}/station/firs/new?lang=hi")
            page.locator("#f-sections-1").press_sequentially("चोरी")
            options = page.locator("#f-sections-1-list li[role=option]")
            expect(options.first).to_contain_text("BNS")  # in force today: the BNS sections first
            expect(page.locator("#f-sections-1-list")).to_contain_text("पहले IPC 379")
            _shoot(page, "form_picker_hi.png")
            page.click("#discard-draft")
            expect(page.locator("#f-complainant-name")).to_have_value("")
            expect(page.locator("#draft-note")).to_be_hidden()
        finally:
            browser.close()
