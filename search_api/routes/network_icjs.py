"""The routes courts and prisons call (``/api/v1/network/icjs/...``): a court's events (case registered with its
CNR, next hearing, disposal) and a prison's (admitted, released, paroled, escaped), each from a court or prison
registered here and presenting its key in ``X-CCTNS-Node-Key`` (``exchange.icjs.peers``; staff tokens and API keys
do not open these routes). An event is applied once (a repeat of its ``event_id`` answers 200 as the first did),
audited as the court or prison; one that cannot be taken is answered with every problem by field and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader

from exchange.icjs.court import apply_court_event
from exchange.icjs.keys import IcjsRefused
from exchange.icjs.peers import KEY_HEADER, IcjsNotAuthenticated, IcjsPartner, authenticate_partner
from exchange.icjs.prison import apply_prison_event
from exchange.validation import InvalidMessage
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.routes.court_cases import refusal

router = APIRouter(prefix="/network/icjs", tags=["Courts and prisons (ICJS): node-to-node"])
key_scheme = APIKeyHeader(name=KEY_HEADER, auto_error=False, description="A registered court's or prison's key")
Event = Annotated[dict[str, Any], Body(description="The event (docs/exchange/v1, 'Courts and prisons')")]


def _caller(kind: str) -> Any:
    def authenticate(session: SessionDep, key: Annotated[str | None, Depends(key_scheme)]) -> IcjsPartner:
        try:
            caller = authenticate_partner(session, key, kind)
        except IcjsNotAuthenticated as error:
            raise ApiError(401, str(error), problems=[(("header", KEY_HEADER), str(error))]) from None
        session.commit()  # its last_seen_at, if it moved
        return caller

    return Depends(authenticate)


Court = Annotated[IcjsPartner, _caller("court")]
Prison = Annotated[IcjsPartner, _caller("prison")]


def _answer(request: Request, session: SessionDep, caller: IcjsPartner, event: dict[str, Any], apply: Any) -> Any:
    address = request.client.host if request.client else None
    try:
        applied = apply(session, event, sender=caller.code, actor=caller.actor(address), now=datetime.now(UTC))
    except (IcjsRefused, InvalidMessage) as error:
        session.rollback()
        raise refusal(error) from None
    session.commit()
    return JSONResponse(applied.answer(), status_code=200 if applied.repeat else 201)


@router.post("/court-events", status_code=201, summary="A court's event about a case offered to it")
def court_event(request: Request, session: SessionDep, court: Court, event: Event) -> JSONResponse:
    """``case_registered`` (the CNR), ``hearing_fixed``, ``case_disposed``."""
    return _answer(request, session, court, event, apply_court_event)


@router.post("/prison-events", status_code=201, summary="A prison's event about a person named in an FIR")
def prison_event(request: Request, session: SessionDep, prison: Prison, event: Event) -> JSONResponse:
    """``admitted``, ``released``, ``paroled``, ``escaped``: an alert at the FIR's station."""
    return _answer(request, session, prison, event, apply_prison_event)
