"""Federated search across states over HTTP (issue 25; docs/exchange/v1/README.md, "Federated search").

Two steps, each asked by an officer at their state node and audited on every node it passes:

1. ``POST /network/search`` (staff, at a state node): the query, with its purpose code, reason and case reference
   (422 naming the missing field without them), goes to the national node's ``POST /network/national/search``
   (node to node), which searches its index of the records states send it (``exchange.search.national``) and
   answers possibles: owning state, station, investigating officer, how fresh; pointer records only "contact the
   station"; invisible records never.
2. ``POST /network/records/fetch`` (staff): opening a hit goes through the national node
   (``POST /network/national/fetch``) to the owning state's ``POST /network/records/detail``, which answers under
   its own rules at that moment (``exchange.search.detail``: its sharing level, protected people withheld).

The state nodes know only their national node (one peer each, not every other state); the national node, which
knows every state, relays the second step. Each node writes its own audit row (``exchange.search.audit``) with one
``query_id`` shared by all of them: who asked (officer, station, state), from which node, purpose, reason, case
reference, what was asked and what was returned (counts and record keys).
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any, NoReturn

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from exchange.codes import state_name
from exchange.network.client import PeerClient, PeerRefused, PeerUnreachable
from exchange.network.peers import Peer, national_peer, peer_by_code
from exchange.search.audit import audit_step
from exchange.search.catch_up import index_pending
from exchange.search.detail import NotShared, shared_detail
from exchange.search.national import hit_json, search_held
from exchange.search.request import Purpose, QueryRefused, read_purpose, read_request
from records.models import PoliceStation
from records.settings import Settings
from search_api.auth import PrincipalDep, app_settings
from search_api.dependencies import SessionDep
from search_api.errors import ApiError, error_responses
from search_api.network_auth import PeerDep

router = APIRouter(prefix="/network", tags=["Federated search"])
NATIONAL_SEARCH = "/api/v1/network/national/search"
NATIONAL_FETCH = "/api/v1/network/national/fetch"
OWNER_DETAIL = "/api/v1/network/records/detail"
ERRORS = error_responses(
    {
        401: "Not authenticated",
        403: "Not allowed for this caller",
        404: "No such record is shared outside its state",
        409: "This node is not part of a network (or not the node for this call)",
        422: "A rule of cross-state queries is broken; the body names the field",
        502: "The other node refused the call",
        503: "The other node cannot be reached now",
    }
)


class PurposeFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose: str | None = Field(default=None, description="investigation, verification, missing_person, ...")
    reason: str | None = Field(default=None, description="Why this query, in words (at least 15 characters)")
    case_reference: str | None = Field(default=None, description="The caller's FIR number or case id")


class NetworkSearchInput(PurposeFields):
    kind: str | None = Field(default="person", description="person, vehicle, mobile or fir")
    name: str | None = Field(default=None, description="Either script; 'X s/o Y' gives the relative too")
    relative: str | None = None
    age_from: int | None = None
    age_to: int | None = None
    district: str | None = Field(default=None, description="A district's name or national code")
    registration: str | None = Field(default=None, description="Vehicle registration, BR 01 AB 1234")
    mobile: str | None = None
    fir_number: str | None = Field(default=None, description="serial/year (88/2025) or an FIR key")


class FetchInput(PurposeFields):
    fir_key: str = Field(description="The hit's FIR key, 10-VAISHALI-HAJIPUR-SADAR/2025/88", max_length=64)


class NodeMessage(BaseModel):
    """What a node passes on: the caller's fields, who asked, and the query's id (extra fields refused)."""

    model_config = ConfigDict(extra="allow")

    query_id: uuid.UUID
    asked_by: dict[str, Any]


def _refused(error: QueryRefused) -> NoReturn:
    raise ApiError(422, str(error), problems=[(("body", error.field), str(error))])


def _fir_key(body: dict[str, Any]) -> str:
    key = str(body.get("fir_key") or "").strip().upper()
    if not key:
        _refused(QueryRefused("fir_key", "opening a hit needs its fir_key"))
    return key


_CLIENTS: dict[tuple[str, str, str], PeerClient] = {}
_CLIENTS_LOCK = threading.Lock()


def _client(peer: Peer, settings: Settings) -> PeerClient:
    """One client (its connections kept open) per peer, address and key, shared by this process's requests: a
    search is two hops, and opening a new connection for each would cost more than the search."""
    key = (peer.code, peer.base_url, settings.network_node_code)
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = _CLIENTS[key] = PeerClient.for_peer(peer, settings)
        return client


def _national(session: Session, settings: Settings) -> PeerClient:
    """The client for this state node's national node, or 409 when the node stands alone."""
    peer = national_peer(session)
    if settings.network_role != "state" or not settings.network_national_url or peer is None:
        raise ApiError(409, "this node is not a state node of a network: it has no national node to ask")
    return _client(peer, settings)


def _asked_by(session: Session, principal: Any, settings: Settings) -> dict[str, Any]:
    station = session.get(PoliceStation, principal.station_id) if principal.station_id else None
    return {
        "state": settings.network_state_code,
        "user_id": principal.id,
        "officer": principal.name,
        "role": principal.role.value,
        "station": station.code if station else None,
    }


def _purpose_fields(purpose: Purpose) -> dict[str, str]:
    return {"purpose": purpose.purpose, "reason": purpose.reason, "case_reference": purpose.case_reference}


def _peer_failed(error: PeerUnreachable | PeerRefused, what: str) -> NoReturn:
    if isinstance(error, PeerUnreachable):
        raise ApiError(503, f"{what} cannot be reached now ({error.reason}); try again later")
    if error.status in (404, 422):
        message = error.body.get("message") if isinstance(error.body, dict) else None
        problems = [
            (tuple(item.get("loc") or ("body",)), str(item.get("msg")))
            for item in (error.body.get("detail") or [] if isinstance(error.body, dict) else [])
        ]
        raise ApiError(error.status, message or error.reason, problems=problems)
    raise ApiError(502, f"{what} refused the call: {error.reason}")


# ------------------------------------------------------------------------------------ staff, at a state node


@router.post("/search", responses=ERRORS, summary="Search other states (possibles)")
def network_search(
    request: Request, session: SessionDep, principal: PrincipalDep, data: NetworkSearchInput
) -> dict[str, Any]:
    """Possibles from every state, from the national node's copy: each with its owning state, station,
    investigating officer and how fresh it is; a pointer record only says "contact the station". Requires a
    purpose code, a reason and a case reference; audited here and at the national node."""
    principal.access.require_network_search()
    try:
        query, purpose = read_request(data.model_dump(exclude_none=True))
    except QueryRefused as error:
        _refused(error)
    settings = app_settings(request)
    query_id = str(uuid.uuid4())
    asked_by = _asked_by(session, principal, settings)
    message = {"query_id": query_id, "asked_by": asked_by, **_purpose_fields(purpose), **query.asked()}
    failure: PeerUnreachable | PeerRefused | None = None
    hits: list[dict[str, Any]] = []
    national = _national(session, settings)
    try:
        hits = national.post_json(NATIONAL_SEARCH, message)["hits"]
    except (PeerUnreachable, PeerRefused) as error:
        failure = error
    returned = {
        "count": len(hits),
        "records": [hit["fir_key"] for hit in hits if not hit["contact_the_station"]],
        "pointers": [hit["station"] for hit in hits if hit["contact_the_station"]],
    }
    if failure is not None:
        returned = {"count": 0, "failed": failure.reason}
    audit_step(
        session,
        principal.actor(request),
        "cross-state search",
        query_id=query_id,
        other_node=national.peer_code,
        asked_by=asked_by,
        purpose=purpose,
        asked=query.asked(),
        returned=returned,
    )
    session.commit()  # the attempt is audited even when the national node could not answer
    if failure is not None:
        _peer_failed(failure, "the national node")
    return {"query_id": query_id, "asked": query.asked(), **_purpose_fields(purpose), "hits": hits}


@router.post("/records/fetch", responses=ERRORS, summary="Open a hit: the detail from the owning state")
def fetch_record(request: Request, session: SessionDep, principal: PrincipalDep, data: FetchInput) -> dict[str, Any]:
    """The record behind a hit, from the owning state (through the national node), under the owner's rules at
    this moment: visible records whole (protected victims and children withheld), pointer records only their
    station, invisible ones not at all (404). Requires a purpose code, a reason and a case reference; audited on
    every node."""
    principal.access.require_network_search()
    body = data.model_dump(exclude_none=True)
    try:
        purpose = read_purpose(body)
    except QueryRefused as error:
        _refused(error)
    fir_key = _fir_key(body)
    settings = app_settings(request)
    query_id = str(uuid.uuid4())
    asked_by = _asked_by(session, principal, settings)
    failure: PeerUnreachable | PeerRefused | None = None
    answer: dict[str, Any] = {}
    national = _national(session, settings)
    try:
        answer = national.post_json(
            NATIONAL_FETCH,
            {"query_id": query_id, "asked_by": asked_by, **_purpose_fields(purpose), "fir_key": fir_key},
        )
    except (PeerUnreachable, PeerRefused) as error:
        failure = error
    returned: dict[str, Any] = {"fir_key": fir_key, "given": failure is None, "level": answer.get("level")}
    if failure is not None:
        returned["failed"] = failure.reason
    audit_step(
        session,
        principal.actor(request),
        "cross-state record opened",
        query_id=query_id,
        other_node=fir_key[:2],
        asked_by=asked_by,
        purpose=purpose,
        asked={"fir_key": fir_key},
        returned=returned,
    )
    session.commit()
    if failure is not None:
        _peer_failed(failure, "the owning state")
    return {"query_id": query_id, **answer}


# ---------------------------------------------------------------------------------------- node to node


def _node_request(body: NodeMessage) -> tuple[dict[str, Any], Purpose]:
    fields = body.model_dump(exclude={"query_id", "asked_by"})
    try:
        return fields, read_purpose(fields)
    except QueryRefused as error:
        _refused(error)


@router.post("/national/search", responses=ERRORS, summary="Node to node: search the national copy")
def national_search(request: Request, session: SessionDep, caller: PeerDep, body: NodeMessage) -> dict[str, Any]:
    """The national node's answer to a state's search: possibles from its index of held records. Refused (422)
    without a purpose code, a reason and a case reference, as at the state; audited here."""
    settings = app_settings(request)
    if settings.network_role != "national":
        raise ApiError(409, "only the national node answers a federated search")
    fields = body.model_dump(exclude={"query_id", "asked_by"})
    try:
        query, purpose = read_request(fields)
    except QueryRefused as error:
        _refused(error)
    index_pending(session)
    session.commit()
    hits = search_held(session, query)
    audit_step(
        session,
        caller.actor,
        "cross-state search answered",
        query_id=str(body.query_id),
        other_node=caller.peer.code,
        asked_by=body.asked_by,
        purpose=purpose,
        asked=query.asked(),
        returned={
            "count": len(hits),
            "records": [hit.fir_key for hit in hits if not hit.pointer],
            "pointers": [f"{hit.state_code}:{hit.station}" for hit in hits if hit.pointer],
        },
    )
    session.commit()
    return {
        "query_id": str(body.query_id),
        "searched_at": datetime.now(UTC).isoformat(),
        "hits": [hit_json(h) for h in hits],
    }


@router.post("/national/fetch", responses=ERRORS, summary="Node to node: relay opening a hit to its owning state")
def national_fetch(request: Request, session: SessionDep, caller: PeerDep, body: NodeMessage) -> dict[str, Any]:
    """The national node passes a state's request to open a hit on to the owning state and its answer back;
    audited here (what was asked, whether the owner gave it)."""
    settings = app_settings(request)
    if settings.network_role != "national":
        raise ApiError(409, "only the national node relays opening a hit")
    fields, purpose = _node_request(body)
    fir_key = _fir_key(fields)
    owner = peer_by_code(session, fir_key[:2])
    if owner is None or owner.is_national:
        raise ApiError(404, f"no state node {fir_key[:2]} is registered here to ask for {fir_key}")
    failure: PeerUnreachable | PeerRefused | None = None
    answer: dict[str, Any] = {}
    try:
        answer = _client(owner, settings).post_json(
            OWNER_DETAIL,
            {"query_id": str(body.query_id), "asked_by": body.asked_by, **_purpose_fields(purpose), "fir_key": fir_key},
        )
    except (PeerUnreachable, PeerRefused) as error:
        failure = error
    returned: dict[str, Any] = {"fir_key": fir_key, "given": failure is None, "level": answer.get("level")}
    if failure is not None:
        returned["failed"] = failure.reason
    audit_step(
        session,
        caller.actor,
        "cross-state record relayed",
        query_id=str(body.query_id),
        other_node=f"{caller.peer.code} to {owner.code}",
        asked_by=body.asked_by,
        purpose=purpose,
        asked={"fir_key": fir_key},
        returned=returned,
    )
    session.commit()
    if failure is not None:
        _peer_failed(failure, f"state node {owner.code}")
    return answer


@router.post("/records/detail", responses=ERRORS, summary="Node to node: the owning state's answer to an opened hit")
def record_detail(request: Request, session: SessionDep, caller: PeerDep, body: NodeMessage) -> dict[str, Any]:
    """This state's answer, under its own rules now, to another state opening one of its records (relayed by the
    national node, the only peer that may ask): visible, the exchange record (protected victims and children
    withheld); pointer, only the station; invisible or unknown, 404. Audited here, with who asked."""
    settings = app_settings(request)
    if not caller.peer.is_national:
        raise ApiError(403, "only the national node asks a state for a record another state opened")
    fields, purpose = _node_request(body)
    fir_key = _fir_key(fields)
    own_state = settings.network_state_code or ""
    try:
        detail = shared_detail(session, own_state, fir_key)
    except NotShared as error:
        refusal: dict[str, Any] = {"fir_key": fir_key, "given": False}
        _audit_given(session, caller, body, purpose, fir_key, refusal)
        session.commit()
        raise ApiError(404, str(error)) from None
    withheld = sum("withheld" in party for party in (detail.record or {}).get("parties", []))
    returned = {"fir_key": fir_key, "given": True, "level": detail.level.value, "version": detail.version}
    returned["withheld_people"] = withheld
    _audit_given(session, caller, body, purpose, fir_key, returned)
    session.commit()
    return {
        "fir_key": fir_key,
        "state_code": own_state,
        "state_name": state_name(own_state),
        "state_name_hi": state_name(own_state, "hi"),
        "level": detail.level.value,
        "contact_the_station": detail.record is None,
        "station_name": detail.station_name,
        "station_name_hi": detail.station_name_hi,
        "district_name": detail.district_name,
        "district_name_hi": detail.district_name_hi,
        "version": detail.version,
        "given_at": datetime.now(UTC).isoformat(),
        "record": detail.record,
    }


def _audit_given(
    session: Session, caller: Any, body: NodeMessage, purpose: Purpose, fir_key: str, returned: dict[str, Any]
) -> None:
    audit_step(
        session,
        caller.actor,
        "cross-state record given" if returned.get("given") else "cross-state record withheld",
        query_id=str(body.query_id),
        other_node=f"{body.asked_by.get('state')} via {caller.peer.code}",
        asked_by=body.asked_by,
        purpose=purpose,
        asked={"fir_key": fir_key},
        returned=returned,
    )
