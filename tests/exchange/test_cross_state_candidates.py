"""Cross-state person candidates at the national node: people of exchange records compared across scripts with
the project's person scoring, pairs of two states only, withheld people and victims never compared, both sides'
decisions needed for "same person", decisions kept when the pair is proposed again, and audited."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations.candidates import (
    NotYourCandidate,
    collect_people,
    decide,
    for_state,
    people_of_record,
    propose,
    store_proposals,
)
from records.audit import Actor
from records.models import AuditEntry

REVIEW = 9.5


def _record(state: str, station: str, serial: int, parties: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "action": "add",
        "fir_key": f"{state}-{station}/2025/{serial}",
        "version": 1,
        "fir": {"registered_at": "2025-03-10T10:00:00+05:30", "parties": parties},
    }


def _accused(person: str, name: str, relative: str, age: int, **more: Any) -> dict[str, Any]:
    return {
        "person": person,
        "role": "accused",
        "accused_number": 1,
        "name": {"text": name, "script": "latin" if name.isascii() else "devanagari"},
        "relative": {"kind": "father", "name": relative},
        "age": age,
        "gender": "male",
    } | more


BIHAR = _record(
    "10",
    "VAISHALI-HAJIPUR-SADAR",
    17,
    [
        {"person": "W1", "role": "victim", "withheld": "protected_victim"},
        _accused("10-P4712", "राम कुमार यादव", "शिव कुमार यादव", 32),
        _accused("10-P4713", "सुरेश", "महेश", 40, accused_number=2),
    ],
)
UP = _record(
    "09",
    "LUCKNOW-KOTWALI",
    211,
    [
        {"person": "09-P88", "role": "victim", "name": {"text": "Ram Kumar Yadav", "script": "latin"}, "age": 32},
        _accused("09-P90", "Ram Kumar Yadav", "Shiv Kumar Yadav", 33),
        _accused("09-P91", "Suresh", "Ramesh", 40, accused_number=2),
    ],
)
BIHAR_AGAIN = _record("10", "PATNA-KOTWALI", 5, [_accused("10-P4720", "Ram Kumar Yadav", "Shiv Kumar Yadav", 32)])


def test_the_same_man_in_devanagari_and_latin_across_two_states_is_proposed_with_reasons() -> None:
    people = collect_people([("10", BIHAR), ("09", UP), ("10", BIHAR_AGAIN)])
    assert sorted(p.person for p in people) == ["09-P90", "09-P91", "10-P4712", "10-P4713", "10-P4720"]
    found = propose(people, REVIEW)
    pairs = {(p.a.person, p.b.person) for p in found}
    assert pairs == {("09-P90", "10-P4712"), ("09-P90", "10-P4720")}  # never the two Bihar records: same state
    best = found[0]
    assert best.score >= REVIEW
    assert any("father's name" in reason for reason in best.reasons), best.reasons
    assert any("(राम कुमार यादव / Ram Kumar Yadav)" in r or "Ram Kumar Yadav / राम" in r for r in best.reasons)


def test_victims_and_withheld_people_are_never_compared() -> None:
    people = people_of_record("09", UP)
    assert [p.person for p in people] == ["09-P90", "09-P91"]
    assert people_of_record("10", BIHAR)[0].born_about == pytest.approx(2025 + 68 / 365.25 - 32.5)


def test_same_person_only_when_both_states_confirmed_and_never_merged(db_session: Session) -> None:
    store_proposals(db_session, propose(collect_people([("10", BIHAR), ("09", UP)]), REVIEW))
    (bihar_view,) = for_state(db_session, "10")
    assert (bihar_view.own_person, bihar_view.other_person, bihar_view.status) == ("10-P4712", "09-P90", "proposed")
    assert bihar_view.own_records == ["10-VAISHALI-HAJIPUR-SADAR/2025/17"]
    national = Actor(via="peer 10")

    view = decide(
        db_session, national, bihar_view.id, state="10", person="10-P4712", decision="confirmed", decided_by="SI A"
    )
    assert view.status == "waiting_other_state"
    assert for_state(db_session, "09")[0].status == "waiting_this_state"
    with pytest.raises(NotYourCandidate):
        decide(db_session, national, view.id, state="09", person="09-P91", decision="confirmed", decided_by="SI B")
    view = decide(db_session, national, view.id, state="09", person="09-P90", decision="confirmed", decided_by="SI B")
    assert view.status == "same_person"

    store_proposals(db_session, propose(collect_people([("10", BIHAR), ("09", UP)]), REVIEW))  # proposed again
    assert for_state(db_session, "10")[0].status == "same_person"
    decide(db_session, national, view.id, state="10", person="10-P4712", decision="rejected", decided_by="SP C")
    assert for_state(db_session, "09")[0].status == "rejected"
    audited = db_session.scalars(
        sa.select(AuditEntry.detail).where(AuditEntry.action == "candidate_decision").order_by(AuditEntry.id)
    ).all()
    assert [(d["state"], d["decision"], d["status"]) for d in audited][-3:] == [
        ("10", "confirmed", "waiting_other_state"),
        ("09", "confirmed", "same_person"),
        ("10", "rejected", "rejected"),
    ]
