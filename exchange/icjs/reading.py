"""An FIR's court and prison record as the case page and the API show it: the court cases (CNR, next hearing,
disposal), the events received (its court and prison history) and the offers sent or waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import FirCourtCase, FirParty, IcjsCourtOffer, IcjsEvent


@dataclass(frozen=True)
class CourtCaseView:
    cnr: str
    court_code: str
    court_name: str
    registered_on: date
    next_hearing_on: date | None
    next_hearing_purpose: str | None
    disposed_on: date | None
    disposal_result: str | None


@dataclass(frozen=True)
class EventView:
    source: str  # court or prison
    sender: str
    kind: str
    occurred_at: datetime
    received_at: datetime
    person_id: int | None
    person_name: str | None
    outcome: str
    sender_name: str


@dataclass(frozen=True)
class OfferView:
    offered: str  # fir or charge_sheet
    court_code: str
    queued_at: datetime
    delivered_at: datetime | None
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class CourtAndPrison:
    court_cases: list[CourtCaseView]
    events: list[EventView]  # oldest first
    offers: list[OfferView]  # newest first


def court_and_prison(session: Session, fir_id: int) -> CourtAndPrison:
    """FIR ``fir_id``'s court and prison record (the caller has checked the reader may read the FIR)."""
    cases = session.scalars(sa.select(FirCourtCase).where(FirCourtCase.fir_id == fir_id).order_by(FirCourtCase.id))
    name = (
        sa.select(FirParty.name_as_given)
        .where(FirParty.fir_id == IcjsEvent.fir_id, FirParty.person_id == IcjsEvent.person_id)
        .order_by(FirParty.id)
        .limit(1)
        .scalar_subquery()
    )
    events = session.execute(
        sa.select(IcjsEvent, name.label("person_name")).where(IcjsEvent.fir_id == fir_id).order_by(IcjsEvent.id)
    ).all()
    offers = session.scalars(
        sa.select(IcjsCourtOffer).where(IcjsCourtOffer.fir_id == fir_id).order_by(IcjsCourtOffer.id.desc())
    )
    return CourtAndPrison(
        court_cases=[
            CourtCaseView(
                c.cnr,
                c.court_code,
                c.court_name,
                c.registered_on,
                c.next_hearing_on,
                c.next_hearing_purpose,
                c.disposed_on,
                c.disposal_result,
            )
            for c in cases
        ],
        events=[
            EventView(
                e.source,
                e.sender,
                e.kind,
                e.occurred_at,
                e.received_at,
                e.person_id,
                person_name,
                e.outcome,
                (e.body.get("court") or e.body.get("prison") or {}).get("name", e.sender),
            )
            for e, person_name in events
        ],
        offers=[OfferView(o.what, o.court_code, o.queued_at, o.delivered_at, o.attempts, o.last_error) for o in offers],
    )
