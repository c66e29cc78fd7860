"""A confirmation request's life on both nodes: asked (the asking node stores it), received (the owning node
stores it against its FIR and station), answered (an officer of that station), and the answer received back.

Every step writes an audit row through ``records.audit`` in the caller's transaction (never commits): the asking
node logs who asked what of whom; the owning node logs which node asked, and who answered how. The question and
the note travel and are stored, but audit rows name only the record, the purpose and the outcome.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.codes import STATION_CODE
from exchange.confirmations import messages
from exchange.confirmations.messages import ANSWER, REQUEST
from exchange.validation import InvalidMessage, SchemaProblem
from records.access import Jurisdiction, place_of_station
from records.audit import Actor
from records.models import ConfirmationRequest, Fir, FirParty, PoliceStation
from records.settings import CONFIRMATION_MAX_HOURS

ENTITY = "confirmation_request"
MAX_ANSWER_HOURS = CONFIRMATION_MAX_HOURS  # the default is the setting CCTNS_NETWORK_CONFIRMATION_HOURS


class UnknownRecord(LookupError):
    """The owning node holds no such record (or no such person in it): the request is refused, with this reason."""


class UnknownRequest(LookupError):
    """An answer names a request this node never made."""


class ConflictingMessage(ValueError):
    """A message repeats an earlier one's id with other content (a repeat is fine; a different one is not)."""


class AlreadyAnswered(ValueError):
    """The request was answered before; an answer is given once."""


@dataclass(frozen=True)
class Asker:
    """The officer asking: who, where (their station or unit as named), and their station if they have one."""

    user_id: int | None
    name: str
    place: str
    station_id: int | None = None


def ask(
    session: Session,
    actor: Actor,
    asker: Asker,
    *,
    own_state: str,
    owning_state: str,
    fir_key: str,
    question: str,
    purpose: str,
    case_reference: str,
    person_ref: str | None = None,
    now: datetime,
    answer_within: timedelta,
) -> ConfirmationRequest:
    """Store a new request of this node's officer (side ``asked``), to be delivered by the forwarder; raises
    ``InvalidMessage`` naming each problem of the request."""
    if not timedelta(hours=1) <= answer_within <= timedelta(hours=MAX_ANSWER_HOURS):
        raise InvalidMessage([SchemaProblem("answer_within_hours", f"must be from 1 to {MAX_ANSWER_HOURS} hours")])
    request_id = uuid.uuid4()
    message = messages.envelope(
        "confirmation_request",
        request_id=str(request_id),
        requesting_state=own_state,
        owning_state=owning_state,
        fir_key=fir_key,
        person=person_ref or None,
        question=question.strip(),
        purpose=purpose,
        case_reference=case_reference.strip(),
        requested_by=messages.officer(asker.name, asker.place),
        requested_at=now.isoformat(timespec="seconds"),
        answer_by=(now + answer_within).isoformat(timespec="seconds"),
    )
    messages.validate(REQUEST, message)
    row = _row_of_request(message, side="asked")
    row.requested_by_user_id, row.station_id, row.next_attempt_at = asker.user_id, asker.station_id, now
    session.add(row)
    session.flush()
    actor.audit(session, "confirm_ask", ENTITY, row.id, _audited(row, to_state=owning_state))
    return row


def request_message(row: ConfirmationRequest) -> dict[str, object]:
    """The request as it travels (the same message at every attempt, so the owner drops a repeat)."""
    return messages.envelope(
        "confirmation_request",
        request_id=str(row.request_id),
        requesting_state=row.requesting_state,
        owning_state=row.owning_state,
        fir_key=row.fir_key,
        person=row.person_ref,
        question=row.question,
        purpose=row.purpose,
        case_reference=row.case_reference,
        requested_by=messages.officer(row.requested_by_name, row.requested_by_place),
        requested_at=row.requested_at.isoformat(timespec="seconds"),
        answer_by=row.answer_by.isoformat(timespec="seconds"),
    )


def answer_message(row: ConfirmationRequest, station_name: str) -> dict[str, object]:
    """The owner's answer as it travels back."""
    assert row.outcome is not None and row.answered_at is not None and row.answered_by_name is not None
    return messages.envelope(
        "confirmation_answer",
        request_id=str(row.request_id),
        answering_state=row.owning_state,
        outcome=row.outcome,
        note=row.answer_note or None,
        answered_by=messages.officer(row.answered_by_name, station_name),
        answered_at=row.answered_at.isoformat(timespec="seconds"),
    )


def _row_of_request(message: dict[str, object], *, side: str) -> ConfirmationRequest:
    by = message["requested_by"]
    assert isinstance(by, dict)
    return ConfirmationRequest(
        request_id=uuid.UUID(str(message["request_id"])),
        side=side,
        requesting_state=message["requesting_state"],
        owning_state=message["owning_state"],
        fir_key=message["fir_key"],
        person_ref=message.get("person"),
        question=message["question"],
        purpose=message["purpose"],
        case_reference=message["case_reference"],
        requested_by_name=by["name"],
        requested_by_place=by["place"],
        requested_at=datetime.fromisoformat(str(message["requested_at"])),
        answer_by=datetime.fromisoformat(str(message["answer_by"])),
    )


def _audited(row: ConfirmationRequest, **more: object) -> dict[str, object]:
    """What an audit row says of a request: which, about what record, why (never the question or the note)."""
    return {
        "request_id": str(row.request_id),
        "fir_key": row.fir_key,
        "person": row.person_ref,
        "purpose": row.purpose,
        "case_reference": row.case_reference,
        **more,
    }


def find_fir(session: Session, own_state: str, fir_key: str) -> Fir | None:
    """This state's FIR named by its national key (``10-VAISHALI-HAJIPUR-SADAR/2025/17``), or None."""
    station_part, _, rest = fir_key.partition("/")
    year, _, serial = rest.partition("/")
    state, _, station_code = station_part.partition("-")
    if state != own_state or not STATION_CODE.match(station_code) or not year.isdigit() or not serial.isdigit():
        return None
    return session.scalar(
        sa.select(Fir)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(PoliceStation.code == station_code, Fir.year == int(year), Fir.serial == int(serial))
    )


def _person_in_fir(session: Session, fir_id: int, person_ref: str) -> bool:
    number = person_ref.partition("-P")[2]
    return number.isdigit() and bool(
        session.scalar(sa.select(sa.exists().where(FirParty.fir_id == fir_id, FirParty.person_id == int(number))))
    )


def receive_request(
    session: Session, actor: Actor, message: object, *, own_state: str, from_state: str
) -> ConfirmationRequest:
    """Store a request another node sent (side ``owner``), against the FIR and station it names. A repeat of a
    request already stored returns the stored row. Raises ``InvalidMessage``, :class:`UnknownRecord` (logged as
    refused) or :class:`ConflictingMessage`."""
    document = messages.validate(REQUEST, message)
    if document["requesting_state"] != from_state:
        raise InvalidMessage([SchemaProblem("requesting_state", f"is not the calling node's state {from_state}")])
    if document["owning_state"] != own_state:
        raise UnknownRecord(f"this node is state {own_state}, not the owning state {document['owning_state']}")
    existing = session.scalar(
        sa.select(ConfirmationRequest).where(
            ConfirmationRequest.request_id == uuid.UUID(document["request_id"]), ConfirmationRequest.side == "owner"
        )
    )
    if existing is not None:
        if (existing.fir_key, existing.question) != (document["fir_key"], document["question"]):
            raise ConflictingMessage(f"request {existing.request_id} was received before with other content")
        return existing
    fir = find_fir(session, own_state, document["fir_key"])
    why = None
    if fir is None:
        why = f"no FIR {document['fir_key']} in state {own_state}"
    elif document.get("person") and not _person_in_fir(session, fir.id, document["person"]):
        why = f"FIR {document['fir_key']} names no person {document['person']}"
    if why is not None:
        actor.audit(
            session,
            "confirm_refused",
            ENTITY,
            None,
            {"request_id": document["request_id"], "from_state": from_state, "fir_key": document["fir_key"]}
            | {"why": why},
        )
        raise UnknownRecord(why)
    assert fir is not None
    row = _row_of_request(document, side="owner")
    row.fir_id, row.station_id = fir.id, fir.station_id
    session.add(row)
    session.flush()
    actor.audit(session, "confirm_received", ENTITY, row.id, _audited(row, from_state=from_state))
    return row


def answer(
    session: Session,
    actor: Actor,
    access: Jurisdiction,
    row_id: int,
    *,
    outcome: str,
    note: str | None,
    answered_by_name: str,
    answered_by_user_id: int | None,
    now: datetime,
) -> ConfirmationRequest:
    """The owning station's answer (confirmed, not confirmed, partly; a note), queued for delivery back.

    Raises ``records.access.Forbidden`` for a caller who may not write the FIR's station's records, LookupError
    for no such request here, :class:`AlreadyAnswered`, or ``InvalidMessage`` for a bad outcome or note."""
    row = session.get(ConfirmationRequest, row_id, with_for_update=True)
    if row is None or row.side != "owner" or row.station_id is None:
        raise LookupError(f"no confirmation request {row_id} for a station of this node")
    access.require_write(place_of_station(session, row.station_id))
    if row.outcome is not None:
        raise AlreadyAnswered(f"request {row_id} was answered ({row.outcome}) at {row.answered_at:%Y-%m-%d %H:%M}")
    note = (note or "").strip() or None
    candidate = messages.envelope(
        "confirmation_answer",
        request_id=str(row.request_id),
        answering_state=row.owning_state,
        outcome=outcome,
        note=note,
        answered_by=messages.officer(answered_by_name, "station"),
        answered_at=now.isoformat(timespec="seconds"),
    )
    messages.validate(ANSWER, candidate)
    row.outcome, row.answer_note, row.answered_at = outcome, note, now
    row.answered_by_name, row.answered_by_user_id = answered_by_name, answered_by_user_id
    row.delivered_at, row.attempts, row.next_attempt_at, row.last_error = None, 0, now, None
    audited = _audited(row, outcome=outcome, to_state=row.requesting_state)
    actor.audit(session, "confirm_answer", ENTITY, row.id, audited)
    session.flush()
    return row


def receive_answer(session: Session, actor: Actor, message: object, *, from_state: str) -> ConfirmationRequest:
    """Store the owner's answer on the asking node's request. A repeat is accepted; another answer to the same
    request is a :class:`ConflictingMessage`; an unknown request :class:`UnknownRequest`."""
    document = messages.validate(ANSWER, message)
    row = session.scalar(
        sa.select(ConfirmationRequest)
        .where(ConfirmationRequest.request_id == uuid.UUID(document["request_id"]), ConfirmationRequest.side == "asked")
        .with_for_update()
    )
    if row is None or row.owning_state != from_state or document["answering_state"] != from_state:
        raise UnknownRequest(f"no request {document['request_id']} of this node to state {from_state}")
    if row.outcome is not None:
        if row.outcome != document["outcome"]:
            raise ConflictingMessage(f"request {row.request_id} was answered {row.outcome} before")
        return row
    by = document["answered_by"]
    row.outcome, row.answer_note = document["outcome"], document.get("note")
    row.answered_by_name = f"{by['name']} ({by['place']})"[:120]
    row.answered_at = datetime.fromisoformat(document["answered_at"])
    if row.delivered_at is None:  # the answer proves the request arrived (its acknowledgement was lost)
        row.delivered_at = row.answered_at
    actor.audit(session, "confirm_answered", ENTITY, row.id, _audited(row, outcome=row.outcome, from_state=from_state))
    session.flush()
    return row
