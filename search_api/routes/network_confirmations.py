"""Hit, verify, act and one person across states (issue 25): the routes.

Officers (a staff token, the staff session, or a station's API key, by ``records.access``):

* ``POST /network/confirmations``: ask the station that owns a record of another state to confirm it;
* ``GET /network/confirmations``: the requests asked from here (and where each stands), those the caller's
  stations are to answer, and how many of either are overdue;
* ``POST /network/confirmations/{confirmation_id}/answer``: the owning station's answer;
* ``GET /network/person-candidates`` and ``POST /network/person-candidates/{candidate_id}/decision``: this
  state's cross-state candidates, fetched from and decided at the national node.

Nodes (a peer's node key, ``search_api.network_auth``): ``POST /network/confirmations/requests`` and
``.../answers`` (store and forward between the two states), ``GET /network/candidates`` and ``POST
/network/candidates/decisions`` (at the national node).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from exchange.codes import PURPOSES
from exchange.confirmations import candidates, views
from exchange.confirmations.messages import DECISION, validate
from exchange.confirmations.requests import (
    AlreadyAnswered,
    Asker,
    ConflictingMessage,
    UnknownRecord,
    UnknownRequest,
    answer,
    ask,
    receive_answer,
    receive_request,
)
from exchange.confirmations.state_side import candidates_for_officer, decide_here, try_now
from exchange.confirmations.transport import NoNationalNode
from exchange.network.client import PeerCallFailed
from exchange.validation import InvalidMessage
from records.models import ApiClient, PoliceDistrict, PoliceStation, User
from records.settings import Settings
from search_api.auth import Principal, PrincipalDep, app_settings
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.network_auth import PeerDep

router = APIRouter(prefix="/network", tags=["network: confirmations and cross-state people"])
ConfirmationId = Annotated[int, Path(ge=1, le=2**62)]
CandidateId = Annotated[int, Path(ge=1, le=2**62)]


def _invalid(error: InvalidMessage) -> ApiError:
    return ApiError(
        422,
        "the message does not meet the specification",
        problems=[(("body", p.path), p.reason) for p in error.problems],
    )


def _own_state(settings: Settings) -> str:
    if not settings.network_state_code:
        raise ApiError(409, "this node is not a state of a network (CCTNS_NETWORK_STATE_CODE is not set)")
    return settings.network_state_code


def _who(session: Session, principal: Principal) -> tuple[str, str]:
    """The caller's name and place as a message names them (an officer, or a station's system)."""
    if principal.kind == "api_client":
        client = session.get(ApiClient, principal.id)
        name = client.name if client else principal.name
    else:
        user = session.get(User, principal.id)
        name = user.full_name if user else principal.name
    if principal.station_id and (station := session.get(PoliceStation, principal.station_id)):
        return name, f"{station.name_en} PS"
    if principal.district_id and (district := session.get(PoliceDistrict, principal.district_id)):
        return name, f"{district.name_en} district"
    return name, "State police headquarters" if principal.role.value == "hq" else "State police"


def _out(view: views.ConfirmationView, now: datetime) -> dict[str, Any]:
    return {
        "id": view.id,
        "request_id": str(view.request_id),
        "side": view.side,
        "requesting_state": view.requesting_state,
        "owning_state": view.owning_state,
        "fir_key": view.fir_key,
        "person": view.person_ref,
        "fir_id": view.fir_id,
        "question": view.question,
        "purpose": view.purpose,
        "case_reference": view.case_reference,
        "requested_by": {"name": view.requested_by_name, "place": view.requested_by_place},
        "requested_at": view.requested_at.isoformat(),
        "answer_by": view.answer_by.isoformat(),
        "overdue": view.overdue(now),
        "stage": view.stage,
        "outcome": view.outcome,
        "note": view.answer_note,
        "answered_by": view.answered_by_name,
        "answered_at": view.answered_at.isoformat() if view.answered_at else None,
        "refused_reason": view.refused_reason,
        "delivered_at": view.delivered_at.isoformat() if view.delivered_at else None,
        "delivery_attempts": view.attempts,
        "last_delivery_error": view.last_error,
    }


# ------------------------------------------------------------------------------------------------ officers


class AskInput(BaseModel):
    owning_state: str = Field(description="The state that owns the record (two digits: Bihar 10)")
    fir_key: str = Field(description="The record as the national search names it: 10-VAISHALI-HAJIPUR-SADAR/2025/17")
    person: str | None = Field(default=None, description="The person of the record asked about (10-P4711)")
    question: str = Field(description="What the owning station is asked to confirm")
    purpose: str = Field(description=f"Why it is asked, one of {', '.join(PURPOSES)}")
    case_reference: str = Field(description="The asker's own case (FIR number, GD entry)")
    answer_within_hours: int | None = Field(
        default=None, description="The deadline, in hours from now (default CCTNS_NETWORK_CONFIRMATION_HOURS, 24)"
    )


@router.post("/confirmations", status_code=201, summary="Ask the owning station of another state to confirm a record")
def ask_confirmation(request: Request, session: SessionDep, principal: PrincipalDep, data: AskInput) -> JSONResponse:
    """Stored here at once and sent to the owning state's node (again and again while the link is cut); the answer
    comes back to ``GET /network/confirmations``. Needs a caller who reads cases."""
    principal.access.require_read()
    own = _own_state(app_settings(request))
    name, place = _who(session, principal)
    now = datetime.now(UTC)
    hours = data.answer_within_hours
    if hours is None:
        hours = app_settings(request).network_confirmation_hours
    try:
        row = ask(
            session,
            principal.actor(request),
            Asker(principal.user_id, name, place, principal.station_id),
            own_state=own,
            owning_state=data.owning_state,
            fir_key=data.fir_key,
            question=data.question,
            purpose=data.purpose,
            case_reference=data.case_reference,
            person_ref=data.person,
            now=now,
            answer_within=timedelta(hours=hours),
        )
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    session.commit()
    return JSONResponse(_out(views.view_of(row), now), status_code=201)


@router.get("/confirmations", summary="Confirmation requests asked from here and to be answered here")
def list_confirmations(
    request: Request, session: SessionDep, principal: PrincipalDep, overdue_only: bool = False
) -> dict[str, Any]:
    """``asked``: requests the caller (or officers of stations the caller reads) asked, newest first, each with
    where it stands (``not_delivered``, ``waiting``, ``answered``, ``refused``) and its answer; ``to_answer``:
    requests of other states to the stations the caller reads, unanswered first by deadline. ``overdue`` counts
    unanswered requests past their deadline in either list; ``overdue_only=true`` lists only those."""
    principal.access.require_read()
    now = datetime.now(UTC)
    asked = views.asked_by(session, principal.access, principal.user_id)
    owed = views.for_station(session, principal.access)
    if overdue_only:
        asked, owed = [v for v in asked if v.overdue(now)], [v for v in owed if v.overdue(now)]
    principal.actor(request).audit(
        session, "list", "confirmation_request", None, {"ids": [v.id for v in asked + owed][:200]}
    )
    session.commit()
    return {
        "asked": [_out(v, now) for v in asked],
        "to_answer": [_out(v, now) for v in owed],
        "overdue": sum(v.overdue(now) for v in asked + owed),
    }


class AnswerInput(BaseModel):
    outcome: str = Field(description="confirmed, not_confirmed or partly")
    note: str | None = Field(default=None, description="What the station found")


@router.post("/confirmations/{confirmation_id}/answer", summary="The owning station answers a request")
def answer_confirmation(
    request: Request, session: SessionDep, principal: PrincipalDep, confirmation_id: ConfirmationId, data: AnswerInput
) -> dict[str, Any]:
    """By an officer (or the API key) of the station that owns the record; answered once, then sent back."""
    name, _ = _who(session, principal)
    try:
        row = answer(
            session,
            principal.actor(request),
            principal.access,
            confirmation_id,
            outcome=data.outcome,
            note=data.note,
            answered_by_name=name,
            answered_by_user_id=principal.user_id,
            now=datetime.now(UTC),
        )
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    except AlreadyAnswered as twice:
        raise ApiError(409, str(twice)) from None
    except LookupError as missing:
        raise ApiError(404, str(missing)) from None
    session.commit()
    return _out(views.view_of(row), datetime.now(UTC))


@router.get("/person-candidates", summary="People of this state who may be people of another state")
def person_candidates(request: Request, session: SessionDep, principal: PrincipalDep) -> dict[str, Any]:
    """As the national node proposes them, narrowed to this state's people the caller may read; each with both
    states' decisions. ``national_node`` is false on a node without one (no candidates then)."""
    principal.access.require_read()
    settings = app_settings(request)
    if not settings.network_state_code:
        return {"national_node": False, "candidates": []}
    try:
        shown = candidates_for_officer(session, settings, principal.access, principal.actor(request))
    except NoNationalNode:
        return {"national_node": False, "candidates": []}
    except PeerCallFailed as failed:
        raise ApiError(409, f"the national node cannot answer now: {failed.reason}") from None
    session.commit()
    return {"national_node": True, "candidates": shown}


class DecisionInput(BaseModel):
    person_id: int = Field(ge=1, le=2**62, description="This state's person the candidate names")
    decision: str = Field(description="confirmed (the same person) or rejected")


@router.post("/person-candidates/{candidate_id}/decision", summary="Confirm or reject a cross-state candidate")
def decide_candidate(
    request: Request, session: SessionDep, principal: PrincipalDep, candidate_id: CandidateId, data: DecisionInput
) -> JSONResponse:
    """This state's side of the pair, stored and sent to the national node (at once when it answers: 200 with the
    pair's status there; otherwise kept and forwarded when it is back: 202, ``delivery`` queued). The pair is the same
    person only when both states confirmed it. Needs a caller who may read the person (``records.access``). Nothing
    is merged."""
    principal.access.require_read_person(session, data.person_id)
    settings = app_settings(request)
    _own_state(settings)
    name, place = _who(session, principal)
    try:
        row = decide_here(
            session,
            settings,
            principal.actor(request),
            principal.access,
            candidate_id,
            person_id=data.person_id,
            decision=data.decision,
            name=name,
            place=place,
            user_id=principal.user_id if principal.kind == "user" else None,
        )
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    except NoNationalNode as none:
        raise ApiError(409, str(none)) from None
    session.commit()
    sent = try_now(session, settings, row.id)
    if sent.delivery == "refused":
        raise ApiError(404, f"the national node refused the decision: {sent.reason}")
    return JSONResponse(sent.as_json(), status_code=200 if sent.delivery == "sent" else 202)


# --------------------------------------------------------------------------------------------------- nodes


@router.post("/confirmations/requests", status_code=201, summary="(node) A request from another state's node")
def receive_request_route(
    request: Request, session: SessionDep, caller: PeerDep, message: dict[str, Any]
) -> dict[str, Any]:
    """Stored against this state's FIR and shown to its station; a repeat (same ``request_id``) is accepted
    again. 404: no such record here (the asking node shows the refusal and stops sending)."""
    try:
        row = receive_request(
            session, caller.actor, message, own_state=_own_state(app_settings(request)), from_state=caller.peer.code
        )
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    except UnknownRecord as missing:
        session.commit()  # the refusal's audit row
        raise ApiError(404, str(missing)) from None
    except ConflictingMessage as conflict:
        raise ApiError(409, str(conflict)) from None
    session.commit()
    return {"request_id": str(row.request_id), "received": True}


@router.post("/confirmations/answers", summary="(node) The owning state's answer to a request of this node")
def receive_answer_route(session: SessionDep, caller: PeerDep, message: dict[str, Any]) -> dict[str, Any]:
    try:
        row = receive_answer(session, caller.actor, message, from_state=caller.peer.code)
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    except UnknownRequest as missing:
        raise ApiError(404, str(missing)) from None
    except ConflictingMessage as conflict:
        raise ApiError(409, str(conflict)) from None
    session.commit()
    return {"request_id": str(row.request_id), "received": True}


def _national(settings: Settings) -> None:
    if settings.network_role != "national":
        raise ApiError(404, "cross-state candidates are kept by the national node, not by this node")


@router.get("/candidates", summary="(national node) The cross-state candidates naming the calling state's people")
def candidates_for_state(request: Request, session: SessionDep, caller: PeerDep) -> dict[str, Any]:
    _national(app_settings(request))
    found = candidates.for_state(session, caller.peer.code)
    caller.actor.audit(session, "list", "cross_state_candidate", None, {"ids": [c.id for c in found][:200]})
    session.commit()
    return {"state": caller.peer.code, "candidates": [c.as_json() for c in found]}


@router.post("/candidates/decisions", summary="(national node) A state's decision on its side of a candidate")
def candidate_decision(
    request: Request, session: SessionDep, caller: PeerDep, message: dict[str, Any]
) -> dict[str, Any]:
    _national(app_settings(request))
    try:
        document = validate(DECISION, message)
        if document["deciding_state"] != caller.peer.code:
            raise ApiError(422, f"deciding_state is not the calling node's state {caller.peer.code}")
        by = document["decided_by"]
        view = candidates.decide(
            session,
            caller.actor,
            document["candidate_id"],
            state=caller.peer.code,
            person=document["person"],
            decision=document["decision"],
            decided_by=f"{by['name']}, {by['place']}",
        )
    except InvalidMessage as bad:
        raise _invalid(bad) from None
    except candidates.NotYourCandidate as missing:
        raise ApiError(404, str(missing)) from None
    session.commit()
    return view.as_json()
