"""Store and forward: the requests this node's officers asked, and the answers its stations gave, go to the other
node until it has them. A row waits in ``confirmation_request`` until the other node accepted it
(``delivered_at``); an attempt that fails (link cut, the other node down or erring) is retried later, each time
waiting longer (at most :data:`MAX_WAIT`); a message the other node refuses (no such record) is not sent again and
the refusal is shown to the asker. Sending is idempotent: the other node drops a repeat by its request id, so a
message whose acknowledgement was lost is simply sent again.

The transport is a :class:`Courier` (``exchange.confirmations.transport`` over the peer HTTP client); this module
decides only what is due and what an attempt's outcome does to the row.
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
from records.models import ConfirmationRequest, PoliceStation

FIRST_WAIT = timedelta(seconds=5)
MAX_WAIT = timedelta(minutes=10)
FORWARDER = Actor(via="network forwarder")


class DeliveryFailed(Exception):
    """The other node could not be reached or did not accept the message now: try again later."""


class DeliveryRefused(Exception):
    """The other node refused the message for good (its reason is the message): never sent again."""


class Courier(Protocol):
    def deliver(self, state: str, kind: str, message: dict[str, Any]) -> None:
        """Hand ``message`` (``kind``: request or answer) to the node of ``state``; raise :class:`DeliveryFailed`
        or :class:`DeliveryRefused` when it was not accepted."""


@dataclass
class DeliveryReport:
    sent: int = 0
    refused: int = 0
    failed: int = 0


def _due(now: datetime) -> sa.ColumnElement[bool]:
    row = ConfirmationRequest
    return sa.and_(
        row.delivered_at.is_(None),
        row.refused_reason.is_(None),
        row.next_attempt_at <= now,
        sa.or_(row.side == "asked", row.outcome.is_not(None)),
    )


def _wait_after(attempts: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), MAX_WAIT)


def _message_of(session: Session, row: ConfirmationRequest) -> tuple[str, str, dict[str, Any]]:
    if row.side == "asked":
        return row.owning_state, "request", request_message(row)
    station = session.get(PoliceStation, row.station_id) if row.station_id else None
    place = f"{station.name_en} PS" if station else "police station"
    return row.requesting_state, "answer", answer_message(row, place)


def deliver_one(session: Session, courier: Courier, row: ConfirmationRequest, now: datetime) -> str:
    """One attempt for ``row`` (locked by the caller): sent, refused or failed, recorded on the row."""
    state, kind, message = _message_of(session, row)
    detail = {"request_id": str(row.request_id), "fir_key": row.fir_key, "to_state": state}
    try:
        courier.deliver(state, kind, message)
    except DeliveryRefused as refused:
        row.refused_reason, row.last_error = str(refused)[:2000] or "refused", None
        FORWARDER.audit(session, f"confirm_{kind}_refused", ENTITY, row.id, {**detail, "why": row.refused_reason})
        return "refused"
    except DeliveryFailed as failed:
        row.attempts += 1
        row.last_error = str(failed)[:2000]
        row.next_attempt_at = now + _wait_after(row.attempts)
        return "failed"
    row.delivered_at, row.last_error = now, None
    row.attempts += 1
    FORWARDER.audit(session, f"confirm_{kind}_sent", ENTITY, row.id, detail)
    return "sent"


def deliver_due(
    engine: Engine,
    courier: Courier,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    limit: int = 100,
    should_stop: Callable[[], bool] = lambda: False,
) -> DeliveryReport:
    """Send every request and answer that is due, each in its own transaction (a row being sent elsewhere is
    skipped: ``FOR UPDATE SKIP LOCKED``). A node that failed once in this round is not tried again in it."""
    report = DeliveryReport()
    unreachable: set[str] = set()
    with Session(engine) as session:
        ids = session.scalars(
            sa.select(ConfirmationRequest.id)
            .where(_due(now()))
            .order_by(ConfirmationRequest.next_attempt_at)
            .limit(limit)
        ).all()
    for row_id in ids:
        if should_stop():
            break
        with Session(engine) as session, session.begin():
            row = session.scalar(
                sa.select(ConfirmationRequest)
                .where(ConfirmationRequest.id == row_id, _due(now()))
                .with_for_update(skip_locked=True)
            )
            if row is None:
                continue
            other = row.owning_state if row.side == "asked" else row.requesting_state
            if other in unreachable:
                continue
            outcome = deliver_one(session, courier, row, now())
            if outcome == "failed":
                unreachable.add(other)
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report
