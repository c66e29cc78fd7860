"""An FIR at court, for the station: offer the FIR or its charge sheet to a registered court (queued and sent
store-and-forward), and read what the courts and prisons have said about it (the CNR, the next hearing, the
disposal, prison events, the offers and whether they went). The same rules as the FIR's own routes: writing needs
the station's officer or API key (``records.access``), reading whoever may read the FIR; both are audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from exchange.icjs.keys import IcjsRefused
from exchange.icjs.reading import CourtAndPrison, court_and_prison
from exchange.validation import InvalidMessage
from search_api.audit import audit
from search_api.auth import PrincipalDep
from search_api.court_offers import offer_to_court
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.fir_http import ERRORS, FirId, readable_fir, writable_fir

router = APIRouter(prefix="/firs", tags=["Courts and prisons (ICJS)"])


class CourtOfferIn(BaseModel):
    model_config = {"extra": "forbid"}

    court: str = Field(min_length=6, max_length=6, description="The court's eCourts establishment code (BRVS01)")
    offered: Literal["fir", "charge_sheet"] = Field(description="The FIR alone, or its latest charge sheet with it")


class CourtOfferOut(BaseModel):
    offer_id: int
    event_id: str
    court: str
    offered: str
    queued_at: datetime


class CourtCaseOut(BaseModel):
    cnr: str
    court_code: str
    court_name: str
    registered_on: date
    next_hearing_on: date | None
    next_hearing_purpose: str | None
    disposed_on: date | None
    disposal_result: str | None


class IcjsEventOut(BaseModel):
    source: str
    sender: str
    sender_name: str
    kind: str
    occurred_at: datetime
    received_at: datetime
    person_id: int | None
    person_name: str | None
    outcome: str


class OfferStateOut(BaseModel):
    offered: str
    court: str
    queued_at: datetime
    delivered_at: datetime | None
    attempts: int
    last_error: str | None


class CourtAndPrisonOut(BaseModel):
    fir_id: int
    court_cases: list[CourtCaseOut]
    events: list[IcjsEventOut]
    offers: list[OfferStateOut]


def court_and_prison_out(fir_id: int, record: CourtAndPrison) -> CourtAndPrisonOut:
    return CourtAndPrisonOut(
        fir_id=fir_id,
        court_cases=[CourtCaseOut.model_validate(case, from_attributes=True) for case in record.court_cases],
        events=[IcjsEventOut.model_validate(event, from_attributes=True) for event in record.events],
        offers=[
            OfferStateOut(
                offered=o.offered,
                court=o.court_code,
                queued_at=o.queued_at,
                delivered_at=o.delivered_at,
                attempts=o.attempts,
                last_error=o.last_error,
            )
            for o in record.offers
        ],
    )


def refusal(error: IcjsRefused | InvalidMessage) -> ApiError:
    problems = [(("body", *p.path.split(".")), p.reason) for p in error.problems]
    status = error.status if isinstance(error, IcjsRefused) else 422
    return ApiError(status, str(error), problems=problems)


@router.post(
    "/{fir_id}/court-offers",
    status_code=202,
    response_model=CourtOfferOut,
    responses=ERRORS,
    summary="Offer the FIR or its charge sheet to a court",
)
def offer(
    request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId, data: CourtOfferIn
) -> CourtOfferOut:
    """Queue the FIR (or its latest charge sheet) with its PDF copy for a registered court; it is sent at once
    when the court answers and again later when it does not. The court's case number (CNR), hearings and disposal
    come back to ``GET .../court-case``."""
    fir = writable_fir(session, principal, fir_id, None, required=False)
    try:
        queued = offer_to_court(session, fir, court_code=data.court, offered=data.offered,
                                actor=principal.actor(request), now=datetime.now(UTC))  # fmt: skip
    except (IcjsRefused, InvalidMessage) as error:
        raise refusal(error) from None
    session.commit()
    return CourtOfferOut(offer_id=queued.id, event_id=str(queued.event_id), court=queued.court_code,
                         offered=queued.what, queued_at=queued.queued_at)  # fmt: skip


@router.get(
    "/{fir_id}/court-case", response_model=CourtAndPrisonOut, responses=ERRORS, summary="The FIR at court and prison"
)
def court_case(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> CourtAndPrisonOut:
    """The court cases registered from the FIR (CNR, next hearing, disposal), every court and prison event
    received about it (oldest first) and the offers sent or waiting."""
    fir = readable_fir(session, principal, fir_id)
    record = court_and_prison(session, fir.id)
    audit(session, request, principal, "read_court_case", "fir", fir.id,
          {"number": fir.number, "cnrs": [c.cnr for c in record.court_cases]})  # fmt: skip
    session.commit()
    return court_and_prison_out(fir.id, record)
