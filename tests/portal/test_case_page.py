"""The case page /station/firs/{id} without a browser: the FIR as registered, its history and diary; every action
through the same commands as the API (the records they leave are the API's), refusals shown next to the form in
the officer's language, and only the actions the officer may take."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from cases.input import IST
from records.models import Arrest, AuditEntry, CaseDiaryEntry, FinalReport, Fir, FirStatus
from tests.portal.staff_support import log_in, page_token
from tests.search_api.fir_api_support import World, ist_today

pytest_plugins = ["tests.search_api.fir_api_support"]


def _local(moment: datetime) -> str:
    """As a datetime-local field sends it (IST, no zone)."""
    return moment.astimezone(IST).strftime("%Y-%m-%dT%H:%M")


def _post(world: World, path: str, data: dict[str, str], token: str) -> object:
    return world.client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_an_officer_records_the_investigation_through_the_page(world: World) -> None:
    fir = world.register().json()
    page_path = f"/station/firs/{fir['id']}"
    log_in(world, "officer_sadar")
    page = world.client.get(page_path + "?lang=en")
    assert page.status_code == 200, page.text
    assert f"FIR {fir['number']}" in page.text and "Mohd. Salim" in page.text and "सुनीता देवी" in page.text
    assert f"/api/v1/firs/{fir['id']}/copy.pdf" in page.text
    for form in ("form-arrest", "form-seizure", "form-diary", f'action="/station/firs/{fir["id"]}/io"'):
        assert form in page.text, form
    assert "form-final-report" not in page.text  # a registered FIR: investigation first (the state machine)
    token = page_token(world, page_path)
    accused = fir["accused"][0]["person_id"]
    now = datetime.now(IST)

    arrested = _post(
        world,
        f"{page_path}/arrests",
        {"person_id": str(accused), "kind": "arrest", "at": _local(now - timedelta(minutes=20))},
        token,
    )
    assert arrested.status_code == 303 and arrested.headers["location"].startswith(f"{page_path}?done=arrest")
    stored = world.session.scalars(sa.select(Arrest).where(Arrest.fir_id == fir["id"])).all()
    assert [a.person_id for a in stored] == [accused]

    for text in ("घटनास्थल का निरीक्षण किया।", "Recorded the statement of the witness Rajesh Kumar."):
        added = _post(
            world, f"{page_path}/diary", {"entry_at": _local(now - timedelta(minutes=5)), "text": text}, token
        )
        assert added.status_code == 303
    page = world.client.get(page_path + "?lang=en")
    assert "form-final-report" in page.text and "Under investigation" in page.text
    reported = _post(
        world,
        f"{page_path}/final-reports",
        {
            "kind": "charge_sheet",
            "submitted_on": ist_today().isoformat(),
            "report_number": "CS-7",
            f"charge_{accused}": "charged",
        },
        token,
    )
    assert reported.status_code == 303, reported.text
    report = world.session.scalar(sa.select(FinalReport).where(FinalReport.fir_id == fir["id"]))
    assert report is not None and report.report_number == "CS-7"
    world.session.expire_all()
    assert world.session.get(Fir, fir["id"]).status is FirStatus.CHARGE_SHEETED
    entries = world.session.scalars(sa.select(CaseDiaryEntry).where(CaseDiaryEntry.fir_id == fir["id"])).all()
    assert [e.entry_number for e in entries] == [1, 2]
    actions = world.session.scalars(
        sa.select(AuditEntry.action).where(
            AuditEntry.entity_id == str(fir["id"]), AuditEntry.user_id == world.users["officer_sadar"].id
        )
    ).all()
    assert {"arrest", "diary_entry", "final_report", "read"} <= set(actions)
    page = world.client.get(page_path + "?lang=hi")
    assert "आरोप-पत्र समर्पित" in page.text and "केस डायरी" in page.text
    assert page.text.index("घटनास्थल का निरीक्षण किया।") < page.text.index("Recorded the statement")
    assert "form-arrest" in page.text and "form-court" not in page.text  # sent to court first


def test_a_refusal_is_shown_next_to_its_form_in_the_officers_language(world: World) -> None:
    fir = world.register().json()
    page_path = f"/station/firs/{fir['id']}"
    log_in(world, "officer_sadar")
    token = page_token(world, page_path)
    future = _local(datetime.now(IST) + timedelta(days=2))
    data = {"person_id": str(fir["accused"][0]["person_id"]), "kind": "arrest", "at": future, "place": "हाजीपुर"}
    world.client.cookies.set("cctns_lang", "hi")
    refused = _post(world, f"{page_path}/arrests", data, token)
    assert refused.status_code == 422
    block = re.search(r'<div class="refused" role="alert" id="refused-arrest">(.*?)</div>', refused.text, re.S)
    assert block, refused.text
    assert (
        "दर्ज नहीं हुआ" in block.group(1) and "भविष्य का समय है" in block.group(1) and "is in the future" in block.group(1)
    )
    assert 'value="हाजीपुर"' in refused.text  # what was typed is kept
    assert world.session.scalar(sa.select(sa.func.count()).select_from(Arrest).where(Arrest.fir_id == fir["id"])) == 0
    world.client.cookies.set("cctns_lang", "en")
    empty = _post(world, f"{page_path}/diary", {"entry_at": _local(datetime.now(IST)), "text": "  "}, token)
    assert empty.status_code == 422 and 'id="refused-diary"' in empty.text


def test_readers_see_no_forms_and_others_are_refused(world: World) -> None:
    fir = world.register().json()
    page_path = f"/station/firs/{fir['id']}"
    log_in(world, "sp_vaishali")
    page = world.client.get(page_path + "?lang=en")
    assert (
        page.status_code == 200
        and '<form class="action"' not in page.text
        and "only officers of its police station" in page.text
    )
    token = page_token(world, page_path)
    refused = _post(world, f"{page_path}/diary", {"entry_at": _local(datetime.now(IST)), "text": "x"}, token)
    assert refused.status_code == 403 and "only station officers" in refused.text
    log_in(world, "officer_town")
    other = world.client.get(page_path + "?lang=en")
    assert other.status_code == 403 and "own station" in other.text
    assert world.client.get("/station/firs/999999999?lang=en").status_code == 404
    world.client.cookies.clear()
    assert world.client.get(page_path, follow_redirects=False).status_code == 303


def test_the_commands_history_notes_read_in_the_officers_language() -> None:
    from portal.station.case_words import history_note

    assert history_note("final report: charge_sheet", "hi") == "आरोप-पत्र"
    assert history_note("final report: charge_sheet", "en") == "Charge sheet"
    assert history_note("court: convicted", "en") == "Court: Convicted"
    assert history_note("arrest recorded", "hi") == "गिरफ़्तारी दर्ज"
    assert history_note("transferred to VAISHALI-HAJIPUR-TOWN", "hi") == "VAISHALI-HAJIPUR-TOWN को स्थानांतरित"
    assert history_note("complainant threatened; reopened", "hi") == "complainant threatened; reopened"
