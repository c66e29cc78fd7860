"""Registering FIRs in ingest (no HTTP): sections by offence date, people linked or created, one transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import FirInputError, register_fir, update_fir
from cases.input import FirInput, FirPatch, SectionCitation
from cases.law import resolve_sections
from records.access import Jurisdiction
from records.audit import Actor
from records.models import AuditEntry, FirParty, OutboxEvent, Person, PersonMobile, PoliceStation, Role

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)

STATE_WIDE = Jurisdiction(Role.HQ)  # reads every person: these tests are not about jurisdiction


def _station(session: Session) -> int:
    return session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == "VAISHALI-HAJIPUR-SADAR"))


def _input(**overrides: object) -> FirInput:
    body: dict[str, object] = {
        "info_received_at": (NOW - timedelta(hours=1)).isoformat(),
        "occurrence_from": (NOW - timedelta(hours=5)).isoformat(),
        "sections": [{"act": "BNS", "section": "303(2)"}],
        "complainant": {"name": "सुनीता देवी", "mobile": "09876543210"},
        "accused": [{"name": "Ram Kumar"}, {"name": "श्याम"}],
        "brief_facts": "चोरी",
    }
    body.update(overrides)
    return FirInput.model_validate(body)


def _problems(error: pytest.ExceptionInfo[FirInputError]) -> dict[str, str]:
    found: dict[str, str] = {}
    for problem in error.value.problems:
        found[problem.field] = f"{found[problem.field]}; {problem.reason}" if problem.field in found else problem.reason
    return found


def test_sections_follow_the_offence_date_across_1_july_2024(db_session: Session) -> None:
    before = datetime(2024, 6, 30, 23, 0, tzinfo=UTC).date()
    after = datetime(2024, 7, 1, 12, 0, tzinfo=UTC).date()
    ipc = [SectionCitation(act="ipc", section="379")]
    bns = [SectionCitation(act="BNS", section="303 (2)")]
    assert resolve_sections(db_session, ipc, before)[1] == []
    assert resolve_sections(db_session, bns, after)[1] == []
    _, problems = resolve_sections(db_session, ipc, after)
    assert "Bharatiya Nyaya Sanhita (BNS) is in force" in problems[0].reason and "BNS 303(2)" in problems[0].reason
    _, problems = resolve_sections(db_session, bns, before)
    assert "came into force on 1 July 2024" in problems[0].reason and "IPC 379" in problems[0].reason
    _, problems = resolve_sections(db_session, [SectionCitation(act="ARMS", section="25")], before)
    assert problems == []  # special acts apply on any date


def test_registration_numbers_links_people_and_writes_audit_and_outbox(db_session: Session) -> None:
    existing = Person(name="Ram Kumar", name_script="latin")
    db_session.add(existing)
    db_session.flush()
    data = _input(accused=[{"name": "राम कुमार", "person_id": existing.id, "mobile": "+919123456789"}, {"name": "श्याम"}])
    fir = register_fir(
        db_session, data, station_id=_station(db_session), actor=Actor(user_id=None), access=STATE_WIDE, now=NOW
    )
    parties = db_session.scalars(sa.select(FirParty).where(FirParty.fir_id == fir.id).order_by(FirParty.id)).all()
    assert [(p.role.value, p.accused_number) for p in parties] == [
        ("complainant", None),
        ("accused", 1),
        ("accused", 2),
    ]
    assert parties[1].person_id == existing.id and parties[1].name_as_given == "राम कुमार"
    db_session.refresh(existing)
    assert "9123456789" in {m.number for m in existing.mobiles}
    assert "राम कुमार" in {a.alias for a in existing.aliases}
    assert db_session.scalar(sa.select(PersonMobile.number).where(PersonMobile.person_id == parties[0].person_id)) == (
        "9876543210"
    )
    outbox = set(
        db_session.execute(
            sa.select(OutboxEvent.entity_type, OutboxEvent.entity_id).where(
                OutboxEvent.entity_id.in_([fir.id, *(p.person_id for p in parties)])
            )
        ).all()
    )
    assert ("fir", fir.id) in outbox and {("person", p.person_id) for p in parties} <= outbox
    assert (
        db_session.scalar(
            sa.select(AuditEntry.action).where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir.id))
        )
        == "create"
    )


def test_time_problems_are_collected_together(db_session: Session) -> None:
    data = _input(
        info_received_at=(NOW - timedelta(hours=3)).isoformat(),
        occurrence_from=(NOW - timedelta(hours=1)).isoformat(),
        occurrence_to=(NOW - timedelta(hours=2)).isoformat(),
        gd_entry_at=(NOW + timedelta(days=1)).isoformat(),
    )
    with pytest.raises(FirInputError) as error:
        register_fir(db_session, data, station_id=_station(db_session), actor=Actor(), access=STATE_WIDE, now=NOW)
    problems = _problems(error)
    assert "before it began" in problems["occurrence_to"]
    assert "after the report time" in problems["occurrence_from"]
    assert "in the future" in problems["gd_entry_at"]


def test_unknown_person_and_duplicate_sections(db_session: Session) -> None:
    data = _input(
        sections=[{"act": "BNS", "section": "303(2)"}, {"act": "bns", "section": "303 (2)"}],
        accused=[{"name": "x", "person_id": 2**62}],
    )
    with pytest.raises(FirInputError) as error:
        register_fir(db_session, data, station_id=_station(db_session), actor=Actor(), access=STATE_WIDE, now=NOW)
    problems = _problems(error)
    assert "cited twice" in problems["sections.1.section"]
    assert "no person record" in problems["accused.0.person_id"]


def test_update_keeps_unsent_fields_and_refuses_removing_required_ones(db_session: Session) -> None:
    fir = register_fir(db_session, _input(), station_id=_station(db_session), actor=Actor(), access=STATE_WIDE, now=NOW)
    version = fir.version
    update_fir(db_session, fir, FirPatch(beat="12"), actor=Actor(), now=NOW)
    db_session.flush()
    assert fir.beat == "12" and fir.brief_facts == "चोरी" and fir.version == version + 1
    with pytest.raises(FirInputError) as error:
        update_fir(db_session, fir, FirPatch.model_validate({"brief_facts": None}), actor=Actor(), now=NOW)
    assert "cannot be removed" in _problems(error)["brief_facts"]


def test_input_model_rejects_bad_fields_with_reasons() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as error:
        FirInput.model_validate(
            {
                "sections": [],
                "complainant": {"name": " ", "mobile": "123"},
                "brief_facts": "x",
                "extra": 1,
                "occurrence_from": "0001-01-01T00:00:00",
            }
        )
    fields = {".".join(str(p) for p in e["loc"]): e["msg"] for e in error.value.errors()}
    assert "sections" in fields and "complainant.mobile" in fields and "extra" in fields
    assert "complainant.name" in fields and "outside 1900-2100" in fields["occurrence_from"]
