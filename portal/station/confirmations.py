"""The owning station's screen for confirmation requests, ``/station/confirmations``: what officers of other
states ask this station to confirm, the deadline in IST and the time left (overdue marked), and the answer form
(confirmed, not confirmed, partly, with a note). The answer is stored and sent back by the network forwarder
(``exchange.confirmations.delivery``); the page only writes it, through ``exchange.confirmations.requests``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from exchange.codes import purpose_name, state_name
from exchange.confirmations import views
from exchange.confirmations.messages import outcomes
from exchange.confirmations.requests import AlreadyAnswered, answer
from exchange.validation import InvalidMessage
from portal.i18n import language_of, pick
from portal.network_words import CONFIRM_WORDS, OUTCOME_NAMES
from portal.staff_frame import STATION, Officer, StaffForm, StaffPageError, StaffSession, page_guard, render
from records.models import User

router = APIRouter(include_in_schema=False)
StationOfficer = Annotated[Officer, Depends(page_guard(STATION))]
PAGE = "/station/confirmations"


@router.get(PAGE, response_class=HTMLResponse)
def confirmations_page(request: Request, session: StaffSession, officer: StationOfficer) -> HTMLResponse:
    now = datetime.now(UTC)
    shown = views.for_station(session, officer.access)
    officer.principal.actor(request).audit(
        session, "list", "confirmation_request", None, {"request_ids": [str(v.request_id) for v in shown][:200]}
    )
    session.commit()
    language = language_of(request)
    return render(
        request,
        officer,
        "station/confirmations.html",
        words=CONFIRM_WORDS,
        open_requests=[v for v in shown if v.outcome is None],
        answered=[v for v in shown if v.outcome is not None],
        now=now,
        outcomes=outcomes(),
        outcome_name=lambda code: pick(OUTCOME_NAMES[code], language),
        purpose_name=lambda code: purpose_name(code, language),
        state_name=lambda code: state_name(code, language),
        notice=request.query_params.get("answered"),
    )


@router.post(PAGE + "/{row_id}/answer")
def answer_request(
    request: Request, session: StaffSession, officer: StationOfficer, form: StaffForm, row_id: Annotated[int, Path()]
) -> RedirectResponse:
    outcome = str(form.get("outcome") or "")
    if outcome not in outcomes():
        raise StaffPageError(422, "err_answer_outcome", words=CONFIRM_WORDS)
    user = session.get(User, officer.user_id)
    assert user is not None
    try:
        row = answer(
            session,
            officer.principal.actor(request),
            officer.access,
            row_id,
            outcome=outcome,
            note=str(form.get("note") or ""),
            answered_by_name=user.full_name,
            answered_by_user_id=user.id,
            now=datetime.now(UTC),
        )
    except AlreadyAnswered:
        raise StaffPageError(409, "err_answered_before", words=CONFIRM_WORDS) from None
    except InvalidMessage as bad:
        raise StaffPageError(422, "err_answer_outcome", str(bad), words=CONFIRM_WORDS) from None
    except LookupError:
        raise StaffPageError(404, "err_no_request", words=CONFIRM_WORDS) from None
    session.commit()
    return RedirectResponse(f"{PAGE}?answered={row.requesting_state}#answered", status_code=303)
