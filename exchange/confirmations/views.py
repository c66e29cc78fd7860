"""Confirmation requests as the pages and the API show them: the owning station's list (what to answer, by when,
overdue first) and the asking officer's list (what was asked, where it stands), narrowed by the caller's
jurisdiction (``records.access``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.access import Jurisdiction
from records.models import ConfirmationRequest


@dataclass(frozen=True)
class ConfirmationView:
    id: int
    request_id: uuid.UUID
    side: str
    requesting_state: str
    owning_state: str
    fir_key: str
    person_ref: str | None
    fir_id: int | None
    question: str
    purpose: str
    case_reference: str
    requested_by_name: str
    requested_by_place: str
    requested_at: datetime
    answer_by: datetime
    outcome: str | None
    answer_note: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    refused_reason: str | None
    delivered_at: datetime | None
    attempts: int
    last_error: str | None

    def overdue(self, now: datetime) -> bool:
        """Not answered (nor refused) and past its deadline."""
        return self.outcome is None and self.refused_reason is None and now > self.answer_by

    def hours_left(self, now: datetime) -> int:
        return max(int((self.answer_by - now).total_seconds() // 3600), 0)

    def minutes_left(self, now: datetime) -> int:
        return max(int((self.answer_by - now).total_seconds() // 60) % 60, 0)

    @property
    def stage(self) -> str:
        """Where it stands: refused, answered, waiting (delivered or received, no answer yet) or not_delivered."""
        if self.refused_reason is not None:
            return "refused"
        if self.outcome is not None:
            return "answered"
        if self.side == "asked" and self.delivered_at is None:
            return "not_delivered"
        return "waiting"


_FIELDS = [c.key for c in ConfirmationRequest.__table__.columns if c.key in ConfirmationView.__annotations__]


def view_of(row: ConfirmationRequest) -> ConfirmationView:
    """The plain view of one stored request."""
    return ConfirmationView(**{name: getattr(row, name) for name in _FIELDS})


def for_station(
    session: Session, access: Jurisdiction, *, open_only: bool = False, limit: int = 200
) -> list[ConfirmationView]:
    """Requests this node owns, for the stations the caller reads: unanswered first (nearest deadline first),
    then answered ones, newest first."""
    query = sa.select(ConfirmationRequest).where(
        ConfirmationRequest.side == "owner", access.stations(ConfirmationRequest.station_id)
    )
    if open_only:
        query = query.where(ConfirmationRequest.outcome.is_(None))
    query = query.order_by(
        ConfirmationRequest.outcome.is_not(None),
        sa.case((ConfirmationRequest.outcome.is_(None), ConfirmationRequest.answer_by)),
        ConfirmationRequest.answered_at.desc(),
    ).limit(limit)
    return [view_of(row) for row in session.scalars(query)]


def asked_by(
    session: Session, access: Jurisdiction, user_id: int | None, *, limit: int = 200
) -> list[ConfirmationView]:
    """Requests this node's officers asked: the caller's own, and those of officers of stations the caller
    reads (an SP sees the district's), newest first."""
    mine = ConfirmationRequest.requested_by_user_id == user_id if user_id is not None else sa.false()
    query = (
        sa.select(ConfirmationRequest)
        .where(ConfirmationRequest.side == "asked", sa.or_(mine, access.stations(ConfirmationRequest.station_id)))
        .order_by(ConfirmationRequest.requested_at.desc())
        .limit(limit)
    )
    return [view_of(row) for row in session.scalars(query)]
