"""The asking officer's network page, ``/staff/network``: ask the station of another state that owns a record to
confirm it (a hit is a lead, not a fact), follow the requests asked from here and their answers (deadline in IST,
overdue marked), and this state's cross-state person candidates with a confirm / reject for this state's side.

The page writes through ``exchange.confirmations`` (requests) and ``exchange.confirmations.state_side`` (decisions,
sent to the national node); the forwarder sends requests in the background, so a cut link only delays them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from exchange.codes import STATE_NAMES, purpose_name, state_name
from exchange.confirmations import views
from exchange.confirmations.messages import purposes
from exchange.confirmations.requests import MAX_ANSWER_HOURS, Asker, ask
from exchange.confirmations.state_side import candidates_for_officer, decide_here, try_now
from exchange.confirmations.transport import NoNationalNode
from exchange.network.client import PeerCallFailed
from exchange.validation import InvalidMessage
from portal.i18n import language_of, pick
from portal.network_words import CANDIDATE_STATUS_NAMES, CONFIRM_WORDS, OUTCOME_NAMES, STAGE_NAMES
from portal.staff_frame import NETWORK, Officer, StaffForm, StaffPageError, StaffSession, page_guard, render
from records.models import User
from search_api.auth import app_settings

router = APIRouter(include_in_schema=False)
NetworkAsker = Annotated[Officer, Depends(page_guard(NETWORK))]  # who asks other states (records.access)
PAGE = "/staff/network"


def _names(language: str) -> dict[str, Any]:
    return {
        "state_name": lambda code: state_name(code, language),
        "purpose_name": lambda code: purpose_name(code, language),
        "outcome_name": lambda code: pick(OUTCOME_NAMES[code], language),
        "stage_name": lambda code: pick(STAGE_NAMES[code], language),
        "candidate_status": lambda code: pick(CANDIDATE_STATUS_NAMES.get(code, (code, code)), language),
    }


def _page(
    request: Request, session: StaffSession, officer: Officer, *, problems: list[str] | None = None, status: int = 200
) -> HTMLResponse:
    settings = app_settings(request)
    now = datetime.now(UTC)
    asked = views.asked_by(session, officer.access, officer.user_id)
    candidates: list[dict[str, Any]] = []
    national_problem = None
    if settings.network_state_code:
        try:
            candidates = candidates_for_officer(session, settings, officer.access, officer.principal.actor(request))
        except NoNationalNode:
            pass
        except PeerCallFailed as failed:
            national_problem = failed.reason
    officer.principal.actor(request).audit(
        session, "list", "confirmation_request", None, {"ids": [v.id for v in asked][:200]}
    )
    session.commit()
    return render(
        request,
        officer,
        "staff/network_requests.html",
        words=CONFIRM_WORDS,
        status_code=status,
        in_network=bool(settings.network_state_code),
        own_state=settings.network_state_code,
        states=[code for code in STATE_NAMES if code != settings.network_state_code],
        purposes=purposes(),
        asked=asked,
        now=now,
        candidates=candidates,
        national_problem=national_problem,
        problems=problems or [],
        form=request.query_params,
        default_hours=settings.network_confirmation_hours,
        max_hours=MAX_ANSWER_HOURS,
        notice=request.query_params.get("done"),
        **_names(language_of(request)),
    )


@router.get(PAGE, response_class=HTMLResponse)
def network_page(request: Request, session: StaffSession, officer: NetworkAsker) -> HTMLResponse:
    return _page(request, session, officer)


def _not_sent(
    request: Request, session: StaffSession, officer: Officer, action: str, why: str, entity_id: int | None
) -> RedirectResponse:
    """Back to the page saying why nothing was sent (no network, the national node down), the attempt logged."""
    entity = "cross_state_candidate" if action.startswith("candidate") else "confirmation_request"
    officer.principal.actor(request).audit(session, action, entity, entity_id, {"why": why})
    session.commit()
    return RedirectResponse(f"{PAGE}?done={why}", status_code=303)


def _asker(session: StaffSession, officer: Officer) -> Asker:
    user = session.get(User, officer.user_id)
    assert user is not None
    return Asker(user.id, user.full_name, officer.place_en or "State police", officer.station_id)


@router.post(PAGE + "/requests", response_model=None)
def ask_from_page(
    request: Request, session: StaffSession, officer: NetworkAsker, form: StaffForm
) -> HTMLResponse | RedirectResponse:
    settings = app_settings(request)
    if not settings.network_state_code:
        return _not_sent(request, session, officer, "confirm_ask_not_sent", "no_network", None)
    hours = str(form.get("answer_within_hours") or app_settings(request).network_confirmation_hours)
    try:
        ask(
            session,
            officer.principal.actor(request),
            _asker(session, officer),
            own_state=settings.network_state_code,
            owning_state=str(form.get("owning_state") or ""),
            fir_key=str(form.get("fir_key") or "").strip(),
            person_ref=str(form.get("person") or "").strip() or None,
            question=str(form.get("question") or ""),
            purpose=str(form.get("purpose") or ""),
            case_reference=str(form.get("case_reference") or ""),
            now=datetime.now(UTC),
            answer_within=timedelta(hours=int(hours) if hours.isdigit() else 0),
        )
    except InvalidMessage as bad:
        session.rollback()
        return _page(request, session, officer, problems=[str(p) for p in bad.problems], status=422)
    session.commit()
    return RedirectResponse(f"{PAGE}?done=request_saved#asked", status_code=303)


@router.post(PAGE + "/candidates/{candidate_id}/decision")
def decide_from_page(
    request: Request,
    session: StaffSession,
    officer: NetworkAsker,
    form: StaffForm,
    candidate_id: Annotated[int, Path(ge=1, le=2**62)],
) -> RedirectResponse:
    settings = app_settings(request)
    person = str(form.get("person_id") or "")
    if not person.isdigit():
        raise StaffPageError(422, "err_bad_form")
    officer.access.require_read_person(session, int(person))
    if not settings.network_state_code:
        return _not_sent(request, session, officer, "candidate_decision_not_sent", "no_network", candidate_id)
    user = session.get(User, officer.user_id)
    assert user is not None
    try:
        row = decide_here(
            session,
            settings,
            officer.principal.actor(request),
            officer.access,
            candidate_id,
            person_id=int(person),
            decision=str(form.get("decision") or ""),
            name=user.full_name,
            place=officer.place_en or "State police",
            user_id=officer.user_id,
        )
    except InvalidMessage as bad:
        raise StaffPageError(422, "err_bad_form", str(bad)) from None
    except NoNationalNode:
        session.rollback()
        return _not_sent(request, session, officer, "candidate_decision_not_sent", "national_unreachable", candidate_id)
    session.commit()
    sent = try_now(session, settings, row.id)
    done = {"sent": "decision_saved", "queued": "decision_queued"}.get(sent.delivery, "decision_refused")
    return RedirectResponse(f"{PAGE}?done={done}#candidates", status_code=303)
