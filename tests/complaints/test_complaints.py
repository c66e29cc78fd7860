"""The complaint lifecycle on real PostgreSQL: every transition allowed and refused, conversion through the FIR
registration path, the SMS each step queues, one-time codes, attachments by content and what the citizen sees."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import record_arrest, record_final_report, update_fir
from cases.input import IST, ArrestInput, FinalReportInput, FirPatch
from complaints.attachments import MAX_FILE_BYTES, MAX_FILES, check_attachments, detect_type
from complaints.codes import MAX_TRIES, check_code, issue_code
from complaints.disclosure import WITHHELD, citizen_fir_copy
from complaints.errors import ComplaintConflict, ComplaintInputError
from complaints.filing import confirm_complaint, file_complaint
from complaints.input import check_complaint_form
from complaints.lifecycle import TRANSITIONS
from complaints.service import (
    ConversionInput,
    acknowledge,
    assign_enquiry_officer,
    close_complaint,
    convert_to_fir,
    transfer_complaint,
)
from records.access import Jurisdiction
from records.audit import Actor
from records.models import (
    AuditEntry,
    Complaint,
    ComplaintStatus,
    Fir,
    FirParty,
    InformationType,
    PartyRole,
    PoliceStation,
    Role,
    SmsMessage,
)

SADAR = "VAISHALI-HAJIPUR-SADAR"
TOWN = "VAISHALI-HAJIPUR-TOWN"
SECRET = "a-test-secret-that-is-long-enough-0123456789"
ACTOR = Actor()
STATE_WIDE = Jurisdiction(Role.HQ)  # reads every person: these tests are not about jurisdiction
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64
_mobiles = itertools.count(9000000001)


def form_values(**overrides: str) -> dict[str, str]:
    values = {
        "name": "सुनीता देवी",
        "relative_name": "रमेश प्रसाद",
        "mobile": f"+91 {next(_mobiles)}",
        "address": "वार्ड 7, हाजीपुर",
        "occurred_on": (datetime.now(IST) - timedelta(days=1)).date().isoformat(),
        "occurred_time": "21:30",
        "place": "स्टेशन रोड, हाजीपुर",
        "district": "VAISHALI",
        "station": SADAR,
        "category": "theft",
        "description": "रात में घर के सामने खड़ी मोटरसाइकिल चोरी हो गई। Hero Splendor BR31AB1234.",
    }
    values.update(overrides)
    return values


def new_complaint(session: Session, *, confirmed: bool = True, language: str = "hi", **overrides: str) -> Complaint:
    form, problems = check_complaint_form(session, form_values(**overrides), language=language, now=datetime.now(UTC))
    assert form is not None, problems
    complaint = file_complaint(session, form, [])
    if confirmed:
        confirm_complaint(session, complaint)
    session.flush()
    return complaint


def sms(session: Session, complaint: Complaint) -> list[SmsMessage]:
    return list(
        session.scalars(sa.select(SmsMessage).where(SmsMessage.complaint_id == complaint.id).order_by(SmsMessage.id))
    )


def station(session: Session, code: str) -> PoliceStation:
    row = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == code))
    assert row is not None
    return row


CONVERSION = ConversionInput(sections=[{"act": "BNS", "section": "303(2)"}], accused=[{"name": "अज्ञात"}])


def step(session: Session, complaint: Complaint, to: ComplaintStatus) -> object:
    """Take the step that leads to ``to``."""
    if to is ComplaintStatus.RECEIVED:
        return confirm_complaint(session, complaint)
    if to is ComplaintStatus.ACKNOWLEDGED:
        return acknowledge(session, complaint, actor=ACTOR)
    if to is ComplaintStatus.ENQUIRY_ASSIGNED:
        return assign_enquiry_officer(session, complaint, officer_name="Anil Kumar", officer_rank="SI", actor=ACTOR)
    if to is ComplaintStatus.CLOSED:
        return close_complaint(session, complaint, reason="settled between the parties", actor=ACTOR)
    if to is ComplaintStatus.TRANSFERRED:
        target = TOWN if complaint.station_id == station(session, SADAR).id else SADAR
        return transfer_complaint(session, complaint, station(session, target), reason="place is in Town", actor=ACTOR)
    if to is ComplaintStatus.CONVERTED:
        return convert_to_fir(session, complaint, CONVERSION, actor=ACTOR, access=STATE_WIDE)
    raise AssertionError(to)


ALL_STEPS = [s for s in ComplaintStatus if s is not ComplaintStatus.AWAITING_CONFIRMATION]


@pytest.mark.parametrize("start", list(ComplaintStatus), ids=lambda s: s.value)
@pytest.mark.parametrize("to", ALL_STEPS, ids=lambda s: s.value)
def test_every_transition_is_allowed_or_refused_with_the_reason(
    db_session: Session, start: ComplaintStatus, to: ComplaintStatus
) -> None:
    complaint = new_complaint(db_session, confirmed=False)
    complaint.status = start
    db_session.flush()
    before = len(sms(db_session, complaint))
    if to in TRANSITIONS[start]:
        step(db_session, complaint, to)
        db_session.flush()
        assert complaint.status is to
        assert complaint.events[-1].to_status is to and complaint.events[-1].from_status is start
        assert len(sms(db_session, complaint)) > before, "each step tells the complainant"
    else:
        with pytest.raises(ComplaintConflict) as refused:
            step(db_session, complaint, to)
        assert complaint.status is start
        assert complaint.tracking_number in str(refused.value)
        assert len(sms(db_session, complaint)) == before


def test_the_citizens_filing_and_confirming_are_audited_without_their_particulars(db_session: Session) -> None:
    complaint = new_complaint(db_session)
    entries = db_session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.entity_type == "complaint", AuditEntry.entity_id == str(complaint.id))
        .order_by(AuditEntry.id)
    ).all()
    assert [(entry.action, entry.detail["via"]) for entry in entries] == [
        ("file", "citizen portal"),
        ("complaint_received", "citizen portal"),
    ]
    assert complaint.mobile not in str([entry.detail for entry in entries])


def test_the_whole_way_to_an_fir_registered_through_the_fir_path(db_session: Session) -> None:
    complaint = new_complaint(db_session)
    acknowledge(db_session, complaint, actor=ACTOR)
    assign_enquiry_officer(db_session, complaint, officer_name="Anil Kumar", officer_rank="SI", actor=ACTOR)
    fir = convert_to_fir(db_session, complaint, CONVERSION, actor=ACTOR, access=STATE_WIDE)
    db_session.flush()
    assert complaint.status is ComplaintStatus.CONVERTED and complaint.fir_id == fir.id
    assert fir.station_id == complaint.station_id and fir.information_type is InformationType.E_FIR
    assert fir.brief_facts == complaint.description and fir.place_address == complaint.place
    assert fir.io_name == "Anil Kumar" and fir.io_rank == "SI"
    assert fir.occurrence_from == complaint.occurred_from
    complainant = db_session.scalar(
        sa.select(FirParty).where(FirParty.fir_id == fir.id, FirParty.role == PartyRole.COMPLAINANT)
    )
    assert complainant is not None
    assert (complainant.name_as_given, complainant.mobile_as_given) == ("सुनीता देवी", complaint.mobile)
    kinds = [(m.kind, m.language) for m in sms(db_session, complaint)]
    assert [k for k, _ in kinds] == [
        "complaint_received",
        "complaint_acknowledged",
        "enquiry_assigned",
        "fir_registered",
        "io_assigned",
    ]
    registered = sms(db_session, complaint)[3]
    assert fir.number in registered.body and "प्राथमिकी" in registered.body
    assert all(m.to_number == complaint.mobile and m.status.value == "pending" for m in sms(db_session, complaint))


def test_conversion_with_bad_sections_registers_nothing(db_session: Session) -> None:
    from cases.errors import FirInputError

    complaint = new_complaint(db_session)
    acknowledge(db_session, complaint, actor=ACTOR)
    before = db_session.scalar(sa.select(sa.func.count(Fir.id)))
    with pytest.raises(FirInputError, match="99999"):
        convert_to_fir(
            db_session,
            complaint,
            ConversionInput(sections=[{"act": "BNS", "section": "99999"}]),
            actor=ACTOR,
            access=STATE_WIDE,
        )
    assert complaint.status is ComplaintStatus.ACKNOWLEDGED and complaint.fir_id is None
    assert db_session.scalar(sa.select(sa.func.count(Fir.id))) == before


def test_transfer_moves_the_complaint_to_the_other_queue_and_refuses_its_own_station(db_session: Session) -> None:
    complaint = new_complaint(db_session)
    with pytest.raises(ComplaintInputError, match="already with"):
        transfer_complaint(db_session, complaint, station(db_session, SADAR), reason=None, actor=ACTOR)
    transfer_complaint(db_session, complaint, station(db_session, TOWN), reason="place is in Town", actor=ACTOR)
    assert complaint.station_id == station(db_session, TOWN).id
    assert complaint.filed_station_id == station(db_session, SADAR).id
    assert "हाजीपुर नगर" in sms(db_session, complaint)[-1].body


def test_fir_events_tell_the_complainant_in_their_language(db_session: Session) -> None:
    complaint = new_complaint(db_session, language="en")
    acknowledge(db_session, complaint, actor=ACTOR)
    fir = convert_to_fir(db_session, complaint, CONVERSION, actor=ACTOR, access=STATE_WIDE)
    db_session.flush()
    accused = db_session.scalar(
        sa.select(FirParty.person_id).where(FirParty.fir_id == fir.id, FirParty.role == PartyRole.ACCUSED)
    )
    update_fir(db_session, fir, FirPatch(io_name="Rakesh Singh", io_rank="Inspector"), actor=ACTOR)
    record_arrest(
        db_session, fir, ArrestInput(person_id=accused, at=datetime.now(UTC) - timedelta(minutes=5)), actor=ACTOR
    )
    record_final_report(
        db_session,
        fir,
        FinalReportInput(kind="charge_sheet", submitted_on=datetime.now(IST).date(), charged_person_ids=[accused]),
        actor=ACTOR,
    )
    db_session.flush()
    messages = sms(db_session, complaint)
    assert [m.kind for m in messages][-3:] == ["io_assigned", "arrest", "charge_sheet"]
    assert all(m.language == "en" and fir.number in m.body for m in messages[-3:])
    assert "Inspector Rakesh Singh" in messages[-3].body


def test_firs_not_from_a_complaint_send_no_sms(db_session: Session) -> None:
    complaint = new_complaint(db_session)
    acknowledge(db_session, complaint, actor=ACTOR)
    fir = convert_to_fir(db_session, complaint, CONVERSION, actor=ACTOR, access=STATE_WIDE)
    complaint.fir_id = None  # as if the FIR had been registered at the counter
    db_session.flush()
    before = db_session.scalar(sa.select(sa.func.count(SmsMessage.id)))
    update_fir(db_session, fir, FirPatch(io_name="Rakesh Singh"), actor=ACTOR)
    db_session.flush()
    assert db_session.scalar(sa.select(sa.func.count(SmsMessage.id))) == before


def test_form_checks_every_field_and_says_why_in_both_languages(db_session: Session) -> None:
    values = form_values(
        name="",
        mobile="12345",
        description="short",
        occurred_on=(datetime.now(IST) + timedelta(days=2)).date().isoformat(),
        station=TOWN,
        district="PATNA",
        category="nonsense",
        place="x" * 301,
    )
    form, problems = check_complaint_form(db_session, values, language="hi", now=datetime.now(UTC))
    assert form is None
    fields = {p.field: p for p in problems}
    assert set(fields) == {"name", "mobile", "description", "occurred_on", "station", "category", "place"}
    assert "300" in fields["place"].en and "300" in fields["place"].hi
    assert "10-digit" in fields["mobile"].en and "मोबाइल" in fields["mobile"].hi
    assert "future" in fields["occurred_on"].en


def test_codes_are_single_use_limited_in_tries_and_expire(db_session: Session) -> None:
    complaint = new_complaint(db_session, confirmed=False)
    now = datetime.now(UTC)
    issue_code(db_session, complaint, "confirm", secret=SECRET, now=now)
    message = sms(db_session, complaint)[-1]
    code = next(word for word in message.body.split() if word.rstrip("।.").isdigit() and len(word.rstrip("।.")) == 6)
    code = code.rstrip("।.")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    problem = check_code(db_session, complaint, "confirm", wrong, secret=SECRET, now=now)
    assert problem is not None and f"{MAX_TRIES - 1} tries left" in problem.en
    assert check_code(db_session, complaint, "confirm", code, secret=SECRET, now=now) is None
    again = check_code(db_session, complaint, "confirm", code, secret=SECRET, now=now)
    assert again is not None and "no code is waiting" in again.en

    issue_code(db_session, complaint, "confirm", secret=SECRET, now=now)
    assert check_code(db_session, complaint, "confirm", "000000", secret=SECRET, now=now + timedelta(minutes=11))
    issue_code(db_session, complaint, "confirm", secret=SECRET, now=now)
    for _ in range(MAX_TRIES):
        check_code(db_session, complaint, "confirm", "x", secret=SECRET, now=now)
    body = sms(db_session, complaint)[-1].body
    latest = next(w.rstrip("।.") for w in body.split() if w.rstrip("।.").isdigit() and len(w.rstrip("।.")) == 6)
    blocked = check_code(db_session, complaint, "confirm", latest, secret=SECRET, now=now)
    assert blocked is not None and "5 times" in blocked.en


def test_attachments_are_judged_by_content() -> None:
    assert (
        detect_type(PNG) == "image/png" and detect_type(JPEG) == "image/jpeg" and detect_type(PDF) == "application/pdf"
    )
    checked, problems = check_attachments([("photo.pdf", PNG), ("", b""), ("scan.PDF", PDF)])
    assert problems == [] and [c.filename for c in checked] == ["photo.png", "scan.pdf"]
    _, problems = check_attachments([("evil.jpg", b"MZ\x90\x00 a windows program")])
    assert len(problems) == 1 and "JPEG or PNG" in problems[0].en
    _, problems = check_attachments([("big.jpg", JPEG + b"\x00" * MAX_FILE_BYTES)])
    assert "at most 2 MB" in problems[0].en
    _, problems = check_attachments([("a.png", PNG)] * (MAX_FILES + 1))
    assert "at most 3 files" in problems[0].en
    checked, _ = check_attachments([("../../etc/passwd\x00.png", PNG)])
    assert checked[0].filename == "passwd.png"


def test_the_citizen_copy_withholds_the_victim_in_sexual_offences(db_session: Session) -> None:
    ordinary = new_complaint(db_session)
    acknowledge(db_session, ordinary, actor=ACTOR)
    fir = convert_to_fir(db_session, ordinary, CONVERSION, actor=ACTOR, access=STATE_WIDE)
    copy = citizen_fir_copy(db_session, fir.id)
    assert not copy.victim_identity_withheld and copy.complainant == "सुनीता देवी"

    for sections in ([{"act": "BNS", "section": "64(1)"}], [{"act": "POCSO", "section": "4"}]):
        complaint = new_complaint(db_session, category="sexual_offence")
        acknowledge(db_session, complaint, actor=ACTOR)
        fir = convert_to_fir(db_session, complaint, ConversionInput(sections=sections), actor=ACTOR, access=STATE_WIDE)
        copy = citizen_fir_copy(db_session, fir.id)
        assert copy.victim_identity_withheld
        assert copy.complainant == WITHHELD and copy.brief_facts == WITHHELD and copy.place == WITHHELD
        assert copy.accused == [WITHHELD]
        assert copy.number == fir.number


@pytest.mark.parametrize("category", ["sexual_offence", "child_abuse", "harassment_of_women"])
def test_sms_never_carries_the_stations_free_text_in_a_protected_case(db_session: Session, category: str) -> None:
    reason = "Parvati Kumari (14) and her uncle settled it at Mahua chowk"
    for language, pointer in (("hi", "कारण थाने से पूछें"), ("en", "ask at the police station for the reason")):
        complaint = new_complaint(db_session, category=category, language=language)
        close_complaint(db_session, complaint, reason=reason, actor=ACTOR)
        body = sms(db_session, complaint)[-1].body
        assert "Parvati" not in body and "Mahua" not in body and pointer in body and complaint.tracking_number in body
    ordinary = new_complaint(db_session, category="theft", language="en")
    close_complaint(db_session, ordinary, reason="property found with a neighbour", actor=ACTOR)
    assert "property found with a neighbour" in sms(db_session, ordinary)[-1].body


def test_the_citizen_copy_protects_by_section_whatever_the_category(db_session: Session) -> None:
    for act, section in (("BNS", "69"), ("BNS", "98"), ("POCSO", "8")):
        complaint = new_complaint(db_session, category="other")
        acknowledge(db_session, complaint, actor=ACTOR)
        fir = convert_to_fir(db_session, complaint, ConversionInput(sections=[{"act": act, "section": section}]),
                             actor=ACTOR, access=STATE_WIDE)  # fmt: skip
        copy = citizen_fir_copy(db_session, fir.id, complaint=complaint)
        assert copy.victim_identity_withheld, (act, section)
        assert copy.complainant == WITHHELD and copy.brief_facts == WITHHELD and copy.place == WITHHELD


def test_every_sms_template_renders_in_both_languages_without_clashing_names() -> None:
    import inspect
    import string

    from records.sms_queue import TEMPLATES, queue_sms, render

    reserved = set(inspect.signature(queue_sms).parameters)
    for kind, texts in TEMPLATES.items():
        names = [{name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name} for lang in ("en", "hi")]
        assert names[0] == names[1], f"{kind}: both languages fill the same blanks"
        assert not names[0] & reserved, f"{kind}: {names[0] & reserved} clash with queue_sms's own arguments"
        hindi = render(kind, "hi", **{name: "x" for name in names[0]})
        assert (
            any("\u0900" <= ch <= "\u097f" for ch in hindi)
            and render(kind, "en", **dict.fromkeys(names[0], "x")).isascii()
        )


def test_complaints_never_confirmed_are_purged_after_three_days(db_session: Session) -> None:
    from complaints.filing import purge_unconfirmed

    stale = new_complaint(db_session, confirmed=False)
    fresh = new_complaint(db_session, confirmed=False)
    confirmed = new_complaint(db_session)
    old = datetime.now(UTC) - timedelta(days=4)
    stale.created_at = old
    confirmed.created_at = old
    db_session.flush()
    assert purge_unconfirmed(db_session) >= 1
    left = set(db_session.scalars(sa.select(Complaint.id).where(Complaint.id.in_([stale.id, fresh.id, confirmed.id]))))
    assert left == {fresh.id, confirmed.id}
