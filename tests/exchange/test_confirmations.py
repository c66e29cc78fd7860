"""Confirmation requests on one database: both nodes' rows (the asking side of Uttar Pradesh, 09, and the owning
side of Bihar, 10, whose FIRs this database holds), the answer by an officer of the owning station only, store
and forward through a courier that fails, refuses or delivers, and the audit rows of each step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations import messages, views
from exchange.confirmations.delivery import DeliveryFailed, DeliveryRefused, deliver_one
from exchange.confirmations.requests import (
    AlreadyAnswered,
    Asker,
    ConflictingMessage,
    UnknownRecord,
    answer,
    ask,
    receive_answer,
    receive_request,
)
from exchange.validation import InvalidMessage
from records.access import Forbidden, Jurisdiction
from records.audit import Actor
from records.models import AuditEntry, ConfirmationRequest, Fir, PoliceStation, Role
from tests.exchange.fixtures import NOW, officer, register

UP, BIHAR = "09", "10"
ASKER = Asker(user_id=None, name="SI Anil Yadav", place="Kotwali PS, Lucknow")
PEER_UP, PEER_BIHAR = Actor(via="peer 09"), Actor(via="peer 10")


def _key(session: Session, fir: Fir) -> str:
    code = session.scalar(sa.select(PoliceStation.code).where(PoliceStation.id == fir.station_id))
    return f"{BIHAR}-{code}/{fir.year}/{fir.serial}"


def _ask(session: Session, fir_key: str, **changes: Any) -> ConfirmationRequest:
    fields: dict[str, Any] = {
        "own_state": UP,
        "owning_state": BIHAR,
        "fir_key": fir_key,
        "question": "Is A1 still absconding in this case? He is in our custody.",
        "purpose": "absconder",
        "case_reference": "Kotwali FIR 211/2025",
        "now": NOW,
        "answer_within": timedelta(hours=24),
    } | changes
    return ask(session, Actor(via="test asker"), ASKER, **fields)


class SameDatabase:
    """A courier handing each message to the other side's receiver in the same session (one database holds
    both nodes' rows here); ``down`` makes it fail like a cut link."""

    def __init__(self, session: Session) -> None:
        self.session, self.down, self.sent = session, False, 0

    def deliver(self, state: str, kind: str, message: dict[str, Any]) -> None:
        if self.down:
            raise DeliveryFailed("connection refused")
        self.sent += 1
        try:
            if kind == "request":
                receive_request(self.session, PEER_UP, message, own_state=state, from_state=message["requesting_state"])
            else:
                receive_answer(self.session, PEER_BIHAR, message, from_state=message["answering_state"])
        except UnknownRecord as refused:
            raise DeliveryRefused(str(refused)) from None


def _actions(session: Session) -> list[str]:
    return list(
        session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "confirmation_request", AuditEntry.action.like("confirm_%"))
            .order_by(AuditEntry.id)
        )
    )


def test_a_request_is_answered_at_the_owning_station_and_the_answer_returns(db_session: Session) -> None:
    fir = register(db_session)
    asked = _ask(db_session, _key(db_session, fir), person_ref=f"10-P{fir.parties[1].person_id}")
    assert (asked.side, asked.answer_by - asked.requested_at) == ("asked", timedelta(hours=24))
    courier = SameDatabase(db_session)

    courier.down = True
    assert deliver_one(db_session, courier, asked, NOW) == "failed"
    assert (asked.attempts, asked.delivered_at, asked.last_error) == (1, None, "connection refused")
    assert asked.next_attempt_at > NOW
    courier.down = False
    assert deliver_one(db_session, courier, asked, NOW + timedelta(minutes=1)) == "sent"
    assert deliver_one(db_session, courier, asked, NOW + timedelta(minutes=2)) == "sent"  # a repeat is dropped
    owned = db_session.scalars(sa.select(ConfirmationRequest).where(ConfirmationRequest.side == "owner")).one()
    assert (owned.request_id, owned.fir_id, owned.station_id) == (asked.request_id, fir.id, fir.station_id)

    sadar = officer(db_session, "SI Meena Kumari")
    station_view = views.for_station(db_session, Jurisdiction(Role.STATION_OFFICER, sadar.station_id))
    assert [v.id for v in station_view] == [owned.id] and station_view[0].stage == "waiting"
    assert station_view[0].overdue(NOW + timedelta(hours=25)) and not station_view[0].overdue(NOW)

    answered = answer(
        db_session,
        Actor(user_id=sadar.id),
        Jurisdiction(Role.STATION_OFFICER, sadar.station_id),
        owned.id,
        outcome="partly",
        note="A1 absconding; A2 arrested on 02-03-2025",
        answered_by_name=sadar.full_name,
        answered_by_user_id=sadar.id,
        now=NOW + timedelta(hours=3),
    )
    assert deliver_one(db_session, courier, answered, NOW + timedelta(hours=3)) == "sent"
    db_session.refresh(asked)
    assert (asked.outcome, asked.answer_note) == ("partly", "A1 absconding; A2 arrested on 02-03-2025")
    assert asked.answered_by_name.startswith("SI Meena Kumari (")
    assert views.asked_by(db_session, Jurisdiction(Role.HQ), None)[0].stage == "answered"
    assert _actions(db_session) == [
        "confirm_ask",
        "confirm_received",  # at the owner, inside the delivery
        "confirm_request_sent",
        "confirm_request_sent",  # the repeat: the owner drops it without a second row
        "confirm_answer",
        "confirm_answered",
        "confirm_answer_sent",
    ]
    received = db_session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "confirm_received").order_by(AuditEntry.id.desc())
    ).first()
    assert received.detail["fir_key"] == asked.fir_key and received.detail["from_state"] == UP
    assert "question" not in received.detail and received.detail["via"] == "peer 09"


def test_only_an_officer_of_the_owning_station_answers_and_only_once(db_session: Session) -> None:
    fir = register(db_session)
    asked = _ask(db_session, _key(db_session, fir))
    owned = receive_request(db_session, PEER_UP, messages_of(asked), own_state=BIHAR, from_state=UP)
    town = db_session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == "VAISHALI-HAJIPUR-TOWN"))
    given: dict[str, Any] = {
        "outcome": "confirmed",
        "note": None,
        "answered_by_name": "SI X",
        "answered_by_user_id": None,
        "now": NOW,
    }
    with pytest.raises(Forbidden, match="own station"):
        answer(db_session, Actor(), Jurisdiction(Role.STATION_OFFICER, town), owned.id, **given)
    with pytest.raises(Forbidden):
        answer(db_session, Actor(), Jurisdiction(Role.HQ), owned.id, **given)
    with pytest.raises(InvalidMessage, match="outcome"):
        answer(
            db_session,
            Actor(),
            Jurisdiction(Role.STATION_OFFICER, fir.station_id),
            owned.id,
            **given | {"outcome": "yes"},
        )
    answer(db_session, Actor(), Jurisdiction(Role.STATION_OFFICER, fir.station_id), owned.id, **given)
    with pytest.raises(AlreadyAnswered):
        answer(db_session, Actor(), Jurisdiction(Role.STATION_OFFICER, fir.station_id), owned.id, **given)
    assert views.for_station(db_session, Jurisdiction(Role.STATION_OFFICER, town)) == []


def messages_of(row: ConfirmationRequest) -> dict[str, Any]:
    from exchange.confirmations.requests import request_message

    return request_message(row)


def test_a_request_for_a_record_the_owner_does_not_hold_is_refused_and_shown_so(db_session: Session) -> None:
    register(db_session)
    asked = _ask(db_session, "10-VAISHALI-HAJIPUR-SADAR/2025/99999")
    assert deliver_one(db_session, SameDatabase(db_session), asked, NOW) == "refused"
    assert asked.refused_reason == "no FIR 10-VAISHALI-HAJIPUR-SADAR/2025/99999 in state 10"
    assert views.asked_by(db_session, Jurisdiction(Role.HQ), None)[0].stage == "refused"
    assert "confirm_refused" in _actions(db_session) and "confirm_request_refused" in _actions(db_session)


def test_a_bad_request_names_each_problem(db_session: Session) -> None:
    with pytest.raises(InvalidMessage) as refused:
        _ask(db_session, "09-LUCKNOW-KOTWALI/2025/3", purpose="curiosity", case_reference="")
    found = {(p.path, p.reason.split(" (")[0]) for p in refused.value.problems}
    assert ("purpose", "'curiosity' is not one of investigation, verification, missing_person, unidentified_body, "
            "absconder, court_process") in found  # fmt: skip
    assert any(path == "case_reference" for path, _ in found)
    with pytest.raises(InvalidMessage, match="fir_key: is not a record of the owning state 10"):
        _ask(db_session, "09-LUCKNOW-KOTWALI/2025/3")
    with pytest.raises(InvalidMessage, match="answer_within_hours"):
        _ask(db_session, "10-X/2025/3", answer_within=timedelta(minutes=5))
    assert messages.problems("answer", {"spec": "cctns-exchange/1", "kind": "confirmation_answer"})[0].reason == (
        "is required"
    )


def test_an_answer_is_accepted_once_and_another_answer_conflicts(db_session: Session) -> None:
    fir = register(db_session)
    asked = _ask(db_session, _key(db_session, fir))
    reply = messages.envelope(
        "confirmation_answer",
        request_id=str(asked.request_id),
        answering_state=BIHAR,
        outcome="confirmed",
        answered_by=messages.officer("SI Meena Kumari", "Hajipur Sadar PS"),
        answered_at=(NOW + timedelta(hours=1)).isoformat(),
    )
    receive_answer(db_session, PEER_BIHAR, reply, from_state=BIHAR)
    assert asked.delivered_at is not None  # the answer shows the request arrived
    receive_answer(db_session, PEER_BIHAR, reply, from_state=BIHAR)
    with pytest.raises(ConflictingMessage):
        receive_answer(db_session, PEER_BIHAR, reply | {"outcome": "not_confirmed"}, from_state=BIHAR)
    with pytest.raises(LookupError):
        receive_answer(db_session, PEER_UP, reply | {"answering_state": UP}, from_state=UP)
