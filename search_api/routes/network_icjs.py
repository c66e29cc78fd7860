"""The routes courts and prisons call (``/api/v1/network/icjs/...``): a court's events (case registered with its
CNR, next hearing, disposal) and a prison's (admitted, released, paroled, escaped), each from a court or prison
registered here as a peer and presenting its key in ``X-CCTNS-Node-Key`` (the one peer check,
``search_api.network_auth``: a court's key opens only the court route, a prison's the prison route, a node's
neither; staff tokens and API keys do not open these routes). An event is applied once (a repeat of its
``event_id`` answers 200 as the first did), audited as the court or prison; one that cannot be taken is answered
with every problem by field and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from exchange.icjs.court import apply_court_event
from exchange.icjs.keys import IcjsRefused
from exchange.icjs.prison import apply_prison_event
from exchange.validation import InvalidMessage
from search_api.dependencies import SessionDep
from search_api.network_auth import CourtDep, PeerCaller, PrisonDep
from search_api.routes.court_cases import refusal

router = APIRouter(prefix="/network/icjs", tags=["Courts and prisons (ICJS): node-to-node"])
Event = Annotated[dict[str, Any], Body(description="The event (docs/exchange/v1, 'Courts and prisons')")]


def _answer(session: SessionDep, caller: PeerCaller, event: dict[str, Any], apply: Any) -> Any:
    try:
        applied = apply(session, event, sender=caller.peer.code, actor=caller.actor, now=datetime.now(UTC))
    except (IcjsRefused, InvalidMessage) as error:
        session.rollback()
        raise refusal(error) from None
    session.commit()
    return JSONResponse(applied.answer(), status_code=200 if applied.repeat else 201)


@router.post("/court-events", status_code=201, summary="A court's event about a case offered to it")
def court_event(session: SessionDep, court: CourtDep, event: Event) -> JSONResponse:
    """``case_registered`` (the CNR), ``hearing_fixed``, ``case_disposed``."""
    return _answer(session, court, event, apply_court_event)


@router.post("/prison-events", status_code=201, summary="A prison's event about a person named in an FIR")
def prison_event(session: SessionDep, prison: PrisonDep, event: Event) -> JSONResponse:
    """``admitted``, ``released``, ``paroled``, ``escaped``: an alert at the FIR's station."""
    return _answer(session, prison, event, apply_prison_event)
