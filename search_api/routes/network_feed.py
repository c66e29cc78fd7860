"""Routes of the feed (issue 25). Node-to-node, with a peer's node key (``search_api.network_auth``), never a
staff token or a station's API key: a peer's hello; at the national node, a state's feed messages, its stations'
heartbeats and its own reconciliation view. For HQ: this node's daily reconciliation report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from exchange.network.heartbeats import HeartbeatRefused, receive_heartbeats
from exchange.network.intake import MessageRefused, receive_message
from exchange.network.node import reconcile
from exchange.network.reconciliation import national_view, stored_report
from records.access import Forbidden
from records.models import PeerRole
from search_api.auth import PrincipalDep, app_settings
from search_api.dependencies import DatabaseDep, SessionDep
from search_api.errors import ApiError
from search_api.network_auth import PeerDep

router = APIRouter(prefix="/network", tags=["network"])


class HelloOut(BaseModel):
    node: str  # this node's code: a state's two digits, 00 the national node
    role: str
    peer: str  # the calling peer's code, as registered here
    peer_name: str


@router.get("/hello", response_model=HelloOut, summary="A peer checks that this node knows it")
def hello(request: Request, caller: PeerDep) -> HelloOut:
    """Which node this is, and which registered peer is calling: a peer's first check of the link and its key."""
    settings = app_settings(request)
    return HelloOut(
        node=settings.network_node_code, role=settings.network_role, peer=caller.peer.code, peer_name=caller.peer.name
    )


def _national_only(request: Request, caller: PeerDep) -> None:
    if app_settings(request).network_role != "national":
        raise ApiError(404, "this node is a state's node: feed messages, heartbeats and views go to the national node")
    if caller.peer.is_national:
        raise ApiError(403, "the national node sends no feed of its own")


@router.post("/feed/messages", summary="A state's feed message (at the national node)")
def feed_message(
    request: Request, session: SessionDep, caller: PeerDep, message: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    """Validate and apply a message of exchange version 1; the answer lists each record's outcome (accepted,
    rejected with its problems, ignored as already held). A repeated message gets the same answer."""
    _national_only(request, caller)
    try:
        answer = receive_message(session, caller.peer.code, message, caller.actor)
    except MessageRefused as refused:
        session.rollback()
        raise ApiError(
            refused.status, str(refused), problems=[(("body", *path.split(".")), why) for path, why in refused.problems]
        ) from None
    session.commit()
    return answer


class StationBeat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    station: str = Field(pattern=r"^[0-9]{2}-[A-Z0-9][A-Z0-9_-]{0,23}$")
    district: str = Field(pattern=r"^[0-9]{2}-[A-Z0-9_]{1,16}$")
    name: str = Field(min_length=1, max_length=120)
    firs_registered: int = Field(ge=0)
    last_serial: int | None = Field(default=None, ge=1)


class DayBeat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: date
    stations: list[StationBeat] = Field(max_length=5000)


class HeartbeatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sending_state: str = Field(pattern=r"^[0-9]{2}$")
    reported_at: str
    days: list[DayBeat] = Field(min_length=1, max_length=7)


@router.post("/feed/heartbeats", summary="A state's heartbeat and zero reports (at the national node)")
def heartbeats(request: Request, session: SessionDep, caller: PeerDep, beat: HeartbeatIn) -> dict[str, int]:
    """Each station's FIRs registered per day (0: a zero report); the newest report per station and day is kept."""
    _national_only(request, caller)
    try:
        kept = receive_heartbeats(session, caller.peer.code, beat.model_dump(mode="json"))
    except (HeartbeatRefused, ValueError) as refused:
        raise ApiError(422, str(refused)) from None
    session.commit()
    return {"kept": kept}


@router.get("/feed/reconciliation", summary="The national node's reconciliation of the calling state")
def feed_reconciliation(
    request: Request, session: SessionDep, caller: PeerDep, day: Annotated[date, Query()]
) -> dict[str, Any]:
    """What the national node holds of the calling state for ``day``: per station, records held and their serials,
    the heartbeat's count, gaps in numbering, rejections. Audited as the peer's read."""
    _national_only(request, caller)
    view = national_view(session, caller.peer.code, day)
    caller.actor.audit(session, "read", "network_reconciliation", f"{caller.peer.code}/{day}", view["totals"])
    session.commit()
    return view


@router.get("/reconciliation", summary="This node's daily reconciliation (HQ)")
def reconciliation(
    request: Request,
    session: SessionDep,
    database: DatabaseDep,
    principal: PrincipalDep,
    day: Annotated[date, Query(alias="date", description="The day reconciled, YYYY-MM-DD (India Standard Time)")],
    fresh: Annotated[bool, Query(description="Make the report again instead of returning the stored one")] = False,
) -> dict[str, Any]:
    """Per station: FIRs sent against held nationally, gaps in FIR numbering, rejected records with reasons. A state
    node's report (against the national node's view, when it answers), or the national node's for every state."""
    refused = principal.access.state_refusal()
    if refused:
        raise Forbidden(refused)
    settings = app_settings(request)
    if not settings.network_enabled:
        raise ApiError(404, "this node stands alone (no CCTNS_NETWORK_... settings): there is nothing to reconcile")
    side = PeerRole.NATIONAL if settings.network_role == "national" else PeerRole.STATE
    if side is PeerRole.STATE and not fresh:
        stored = stored_report(session, side, settings.network_state_code or "", day)
        if stored is not None:
            return {"reports": [stored]}
    reports = reconcile(database.engine, settings, day)
    return {"reports": reports}
