"""An FIR of ours as an exchange record (exchange.records): the national codes, a valid message, and what never
leaves the state (records.victim_identity): a protected case's complainant and victim, a child in any role."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.orm import Session

from cases.input import ArrestInput, FinalReportInput, PartyAddInput
from cases.investigation import record_arrest, record_final_report
from cases.parties import add_party
from exchange.message import message
from exchange.quality import export_problems
from exchange.records import build_fir_record, delete_entry
from exchange.validation import fir_problems, message_problems, validate_message
from records.access import Jurisdiction
from records.audit import Actor
from records.models import FinalReportKind, PartyRole, Role
from records.victim_identity import is_child
from tests.exchange.fixtures import IO_NAME, NOW, accused, officer, register


def test_a_registered_fir_becomes_a_valid_record_with_national_codes(db_session: Session) -> None:
    fir = register(db_session)
    record = build_fir_record(db_session, fir.id)
    body = record.body
    assert record.fir_key == f"10-VAISHALI-HAJIPUR-SADAR/{fir.year}/{fir.serial}"
    assert (body["state"], body["district"], body["district_census_code"]) == ("10", "10-VAISHALI", "220")
    assert body["station"] == "10-VAISHALI-HAJIPUR-SADAR"
    assert body["sections"] == [{"act": "BNS", "section": "303(2)"}]
    assert body["protected"] is False and body["brief_facts"] == "घर से मोबाइल और नकद चोरी"
    assert body["place"] == {"address": "Ward 7, Hajipur"}
    assert body["registered_at"].endswith("+05:30")
    complainant, first = body["parties"]
    assert complainant["name"] == {"text": "सुनीता देवी", "script": "devanagari"}
    assert first["role"] == "accused" and first["accused_number"] == 1 and first["age"] == 32
    assert first["relative"] == {"kind": "father", "name": "Shiv Kumar"}
    assert first["person"] == f"10-P{fir.parties[1].person_id}"
    assert fir_problems(body) == []
    sent = message("10", 1, [record.entry("add"), delete_entry("10-X/2025/1", 2, "registered twice")], sent_at=NOW)
    validate_message(sent)
    assert export_problems(record) == []


def test_arrests_and_charge_sheets_refer_to_the_records_people(db_session: Session) -> None:
    fir = register(db_session)
    person = fir.parties[1].person_id
    actor = Actor(user_id=officer(db_session, IO_NAME).id)
    record_arrest(
        db_session,
        fir,
        ArrestInput(person_id=person, at=NOW + timedelta(days=1)),
        actor=actor,
        now=NOW + timedelta(days=2),
    )
    record_final_report(
        db_session,
        fir,
        FinalReportInput(
            kind=FinalReportKind.CHARGE_SHEET,
            submitted_on=(NOW + timedelta(days=20)).date(),
            charged_person_ids=[person],
        ),
        actor=actor,
        now=NOW + timedelta(days=21),
    )
    record = build_fir_record(db_session, fir.id)
    ref = f"10-P{person}"
    assert [a["person"] for a in record.body["arrests"]] == [ref]
    (report,) = record.body["final_reports"]
    assert report["charged"] == [ref] and report["filed_by"] == IO_NAME and report["kind"] == "charge_sheet"
    assert fir_problems(record.body) == []
    assert export_problems(record) == []


def test_a_protected_victims_case_does_not_identify_her_outside_the_state(db_session: Session) -> None:
    fir = register(
        db_session,
        sections=[{"act": "BNS", "section": "64(1)"}],
        complainant={"name": "गीता कुमारी", "relative_name": "रामेश्वर सिंह", "age": 24, "gender": "female"},
        victims=[{"name": "Geeta Kumari", "age": 24, "gender": "female", "address": "Ward 3, Hajipur"}],
        brief_facts="गीता कुमारी के साथ दुष्कर्म",
        place_address="Ward 3, Hajipur, near the temple",
    )
    record = build_fir_record(db_session, fir.id)
    body = record.body
    sent = json.dumps(message("10", 1, [record.entry("add")], sent_at=NOW), ensure_ascii=False)
    for identifying in ("गीता", "Geeta", "रामेश्वर", "Ward 3", "दुष्कर्म", "temple"):
        assert identifying not in sent
    assert body["protected"] is True and "brief_facts" not in body and "place" not in body
    withheld = [p for p in body["parties"] if p["role"] in ("complainant", "victim")]
    assert withheld == [
        {"person": "W1", "role": "complainant", "withheld": "protected_victim"},
        {"person": "W2", "role": "victim", "withheld": "protected_victim"},
    ]
    accused_entry = next(p for p in body["parties"] if p["role"] == "accused")
    assert accused_entry["name"]["text"] == "Ram Kumar"  # the accused is still searchable nationally
    assert fir_problems(body) == []
    # The schema itself refuses a protected record that names its victim, so a node cannot accept one either.
    named = dict(body, parties=[*body["parties"], dict(accused_entry, role="victim", accused_number=None)])
    named["parties"][-1].pop("accused_number")
    assert any(p.path.startswith("fir.parties.") for p in fir_problems(named))
    assert [p.path for p in fir_problems(dict(body, brief_facts="x"))] == ["fir.brief_facts"]


def test_a_child_is_a_marker_in_any_role(db_session: Session) -> None:
    fir = register(db_session, accused=[accused(), accused("Chhotu Kumar", age=15)])
    body = build_fir_record(db_session, fir.id).body
    child = fir.parties[2]
    assert child.role is PartyRole.ACCUSED and child.name_as_given == "Chhotu Kumar"
    assert {"person": "W1", "role": "accused", "accused_number": 2, "withheld": "juvenile"} in body["parties"]
    sent = json.dumps(body, ensure_ascii=False)
    assert "Chhotu" not in sent and "brief_facts" not in body  # the facts may name the child
    assert (
        message_problems(
            message("10", 1, [{"action": "add", "fir_key": "10-A/2025/1", "version": 1, "fir": body}], sent_at=NOW)
        )
        == []
    )


def test_a_withheld_person_is_withheld_in_every_role_under_one_marker(db_session: Session) -> None:
    fir = register(
        db_session,
        sections=[{"act": "BNS", "section": "64(1)"}],
        victims=[{"name": "Geeta Kumari", "age": 24, "gender": "female"}],
    )
    victim = next(p.person_id for p in fir.parties if p.role is PartyRole.VICTIM)
    add_party(
        db_session,
        fir,
        PartyAddInput(person_id=victim, name="Geeta Kumari", role=PartyRole.WITNESS),
        actor=Actor(user_id=None),
        access=Jurisdiction(Role.HQ),
        now=NOW + timedelta(days=1),
    )
    db_session.expire(fir, ["parties"])  # the registration left its own parties loaded (cases.registration_rows)
    parties = build_fir_record(db_session, fir.id).body["parties"]
    hers = [p for p in parties if p["role"] in ("victim", "witness")]
    assert hers == [
        {"person": "W2", "role": "victim", "withheld": "protected_victim"},
        {"person": "W2", "role": "witness", "withheld": "protected_victim"},
    ]


def test_who_is_a_child() -> None:
    assert [is_child(age) for age in (0, 17, 18, 40, None)] == [True, True, False, False, False]
