"""Store and forward: the requests this node's officers asked, the answers its stations gave, and this state's
decisions on cross-state candidates go to the other node until it has them. A row waits (in
``confirmation_request``, or ``candidate_decision`` for the national node) until the other node accepted it
(``delivered_at``); an attempt that fails (link cut, the other node down or erring) is retried later, each time
waiting longer (at most :data:`MAX_WAIT`); a message the other node refuses (no such record or candidate) is not
sent again and the refusal is shown to the officer. Sending is idempotent: the other node drops a repeated request
or answer by its request id, and a decision sent again sets the same decision again, so a message whose
acknowledgement was lost is simply sent again.

Each table that waits is an :class:`Outbox` (what is due, to whom, which message); one delivery loop and one rule
for an attempt's outcome serve them all. The transport is a :class:`Courier` (``exchange.confirmations.transport``
over the peer HTTP client).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.confirmations.requests import ENTITY, answer_message, request_message
from records.audit import Actor
from records.models import CandidateDecision, ConfirmationRequest, PoliceStation
from records.settings import NATIONAL_CODE

FIRST_WAIT = timedelta(seconds=5)
MAX_WAIT = timedelta(minutes=10)
FORWARDER = Actor(via="network forwarder")


class DeliveryFailed(Exception):
    """The other node could not be reached or did not accept the message now: try again later."""


class DeliveryRefused(Exception):
    """The other node refused the message for good (its reason is the message): never sent again."""


class Courier(Protocol):
    def deliver(self, state: str, kind: str, message: dict[str, Any]) -> dict[str, Any] | None:
        """Hand ``message`` (``kind``: request, answer or decision) to the node of ``state`` (``00`` the national
        node) and return its answer; raise :class:`DeliveryFailed` or :class:`DeliveryRefused` when it was not
        accepted."""


@dataclass
class DeliveryReport:
    sent: int = 0
    refused: int = 0
    failed: int = 0


Waiting = ConfirmationRequest | CandidateDecision


def _wait_after(attempts: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), MAX_WAIT)


@dataclass(frozen=True)
class Outbox:
    """A table of messages waiting for another node: which rows are due, and a row's addressee and message."""

    model: type[ConfirmationRequest] | type[CandidateDecision]
    entity: str  # the audit rows' entity type
    extra_due: Callable[[], sa.ColumnElement[bool]]
    addressee: Callable[[Waiting], str]
    message: Callable[[Session, Waiting], tuple[str, dict[str, Any]]]  # (kind, message)
    on_sent: Callable[[Waiting, dict[str, Any] | None], None] = lambda row, answer: None

    def due(self, now: datetime) -> sa.ColumnElement[bool]:
        row = self.model
        return sa.and_(
            row.delivered_at.is_(None), row.refused_reason.is_(None), row.next_attempt_at <= now, self.extra_due()
        )


def _confirmation_message(session: Session, row: Waiting) -> tuple[str, dict[str, Any]]:
    assert isinstance(row, ConfirmationRequest)
    if row.side == "asked":
        return "request", request_message(row)
    station = session.get(PoliceStation, row.station_id) if row.station_id else None
    place = f"{station.name_en} PS" if station else "police station"
    return "answer", answer_message(row, place)


def _confirmation_addressee(row: Waiting) -> str:
    assert isinstance(row, ConfirmationRequest)
    return row.owning_state if row.side == "asked" else row.requesting_state


def _decision_sent(row: Waiting, answer: dict[str, Any] | None) -> None:
    assert isinstance(row, CandidateDecision)
    row.national_status = str((answer or {}).get("status") or "")[:24] or None


CONFIRMATIONS = Outbox(
    ConfirmationRequest,
    ENTITY,
    lambda: sa.or_(ConfirmationRequest.side == "asked", ConfirmationRequest.outcome.is_not(None)),
    _confirmation_addressee,
    _confirmation_message,
)
DECISIONS = Outbox(
    CandidateDecision,
    "cross_state_candidate",
    sa.true,
    lambda row: NATIONAL_CODE,
    lambda session, row: ("decision", dict(row.message)),  # type: ignore[union-attr]
    _decision_sent,
)
OUTBOXES = (CONFIRMATIONS, DECISIONS)


def _outbox_of(row: Waiting) -> Outbox:
    return CONFIRMATIONS if isinstance(row, ConfirmationRequest) else DECISIONS


def deliver_one(session: Session, courier: Courier, row: Waiting, now: datetime) -> str:
    """One attempt for ``row`` (locked by the caller): sent, refused or failed, recorded on the row."""
    outbox = _outbox_of(row)
    state = outbox.addressee(row)
    kind, message = outbox.message(session, row)
    entity_id = row.candidate_id if isinstance(row, CandidateDecision) else row.id
    if isinstance(row, ConfirmationRequest):
        detail: dict[str, Any] = {"request_id": str(row.request_id), "fir_key": row.fir_key, "to_state": state}
        action = f"confirm_{kind}"
    else:
        detail = {"person": row.person_ref, "decision": row.decision, "to_state": state}
        action = "candidate_decision"
    try:
        answer = courier.deliver(state, kind, message)
    except DeliveryRefused as refused:
        row.refused_reason, row.last_error = str(refused)[:2000] or "refused", None
        FORWARDER.audit(session, f"{action}_refused", outbox.entity, entity_id, {**detail, "why": row.refused_reason})
        return "refused"
    except DeliveryFailed as failed:
        row.attempts += 1
        row.last_error = str(failed)[:2000]
        row.next_attempt_at = now + _wait_after(row.attempts)
        return "failed"
    row.delivered_at, row.last_error = now, None
    row.attempts += 1
    outbox.on_sent(row, answer)
    FORWARDER.audit(session, f"{action}_sent", outbox.entity, entity_id, detail)
    return "sent"


def deliver_due(
    engine: Engine,
    courier: Courier,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    limit: int = 100,
    should_stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Send every request, answer and decision that is due, each in its own transaction (a row being sent elsewhere
    is skipped: ``FOR UPDATE SKIP LOCKED``). A node that failed once in this round is not tried again in it."""
    report = DeliveryReport()
    unreachable: set[str] = set()
    for outbox in OUTBOXES:
        with Session(engine) as session:
            ids = session.scalars(
                sa.select(outbox.model.id)
                .where(outbox.due(now()))
                .order_by(outbox.model.next_attempt_at, outbox.model.id)
                .limit(limit)
            ).all()
        for row_id in ids:
            if should_stop():
                return report
            with Session(engine) as session, session.begin():
                row = session.scalar(
                    sa.select(outbox.model)
                    .where(outbox.model.id == row_id, outbox.due(now()))
                    .with_for_update(skip_locked=True)
                )
                if row is None or outbox.addressee(row) in unreachable:
                    continue
                outcome = deliver_one(session, courier, row, now())
                if outcome == "failed":
                    unreachable.add(outbox.addressee(row))
                setattr(report, outcome, getattr(report, outcome) + 1)
    return report
