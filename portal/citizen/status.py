"""Following a complaint: the citizen gives its tracking number and mobile number, gets a code by SMS, and with
it sees the complaint's history and, once converted, the FIR's citizen copy (``complaints.disclosure``)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from complaints.codes import check_code, issue_code
from complaints.disclosure import citizen_fir_copy, complainant_copy
from complaints.filing import find_by_tracking_number
from people.identifiers import NormalisationError, normalise_mobile
from portal.citizen import fir_copy, frame
from portal.i18n import CATEGORY_NAMES, language_of, pick, word
from records.models import Complaint, ComplaintStatus, PoliceStation
from records.victim_identity import protects_victim
from search_api.csrf import CODE_PER_IP, CODE_PER_MOBILE, STATUS_PER_IP, VERIFY_PER_IP, Limit

router = APIRouter()


def _status_form(request: Request, values: dict[str, str], problems: list[str], status_code: int = 200) -> HTMLResponse:
    return frame.render(request, "status_form.html", status_code, values=values, problems=problems)


@router.get("/status")
def status_form(request: Request) -> HTMLResponse:
    return _status_form(request, {}, [])


async def _asked_for(
    request: Request, session: Session, limit: Limit
) -> tuple[Complaint, FormData, dict[str, str]] | Response:
    """The complaint a POSTed status form names by tracking number and mobile (the request counted against
    ``limit`` for the caller's address), with the form and its text; or the page to answer with."""
    form = await frame.read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    if refused := frame.over_limit(request, session, (limit, frame.client_of(request))):
        return refused
    values = frame.text_fields(form, ("tracking_number", "mobile"))
    tracking = values.get("tracking_number", "").strip()[:40]
    language = language_of(request)
    try:
        mobile = normalise_mobile(values.get("mobile", "")[:20])
    except NormalisationError:
        problem = word("err_not_found", language) + " " + word("next_not_found", language)
        return _status_form(request, values, [problem], 422)
    complaint = find_by_tracking_number(session, tracking[:24], mobile) if tracking else None
    if complaint is None:
        return frame.error_page(request, 404, "not_found")
    return complaint, form, values


@router.post("/status", response_model=None)
async def send_status_code(request: Request, session: frame.PortalSession) -> Response:
    asked = await _asked_for(request, session, STATUS_PER_IP)
    if isinstance(asked, Response):
        return asked
    complaint, _, values = asked
    if complaint.status is ComplaintStatus.AWAITING_CONFIRMATION:
        return RedirectResponse(f"{frame.PREFIX}/complaints/{complaint.tracking_number}/confirm", status_code=303)
    if refused := frame.over_limit(
        request, session, (CODE_PER_MOBILE, complaint.mobile), (CODE_PER_IP, frame.client_of(request))
    ):
        return refused
    issue_code(session, complaint, "status", secret=frame.secret_of(request), now=datetime.now(UTC))
    session.commit()
    return frame.render(
        request, "status_code.html", values=values, mobile=frame.mask_mobile(complaint.mobile), problems=[]
    )


@router.post("/status/view", response_model=None)
async def view_status(request: Request, session: frame.PortalSession) -> Response:
    asked = await _asked_for(request, session, VERIFY_PER_IP)
    if isinstance(asked, Response):
        return asked
    complaint, form, values = asked
    code = form.get("code")
    problem = check_code(
        session,
        complaint,
        "status",
        code if isinstance(code, str) else "",
        secret=frame.secret_of(request),
        now=datetime.now(UTC),
    )
    if problem is not None:
        session.commit()
        return frame.render(
            request,
            "status_code.html",
            422,
            values=values,
            mobile=frame.mask_mobile(complaint.mobile),
            problems=[problem.text(language_of(request))],
        )
    session.commit()
    station = session.get(PoliceStation, complaint.station_id)
    stations = {
        row.id: row
        for row in session.scalars(
            sa.select(PoliceStation).where(
                PoliceStation.id.in_({event.station_id for event in complaint.events if event.station_id})
            )
        )
    }
    fir = citizen_fir_copy(session, complaint.fir_id, complaint=complaint) if complaint.fir_id else None
    copy = complainant_copy(session, complaint)
    return frame.render(
        request,
        "status.html",
        complaint=complaint,
        station=station,
        stations=stations,
        events=[event for event in complaint.events if event.to_status is not ComplaintStatus.AWAITING_CONFIRMATION],
        fir=fir,
        fir_pdf_url=fir_copy.download_url(request, complaint, copy.fir_id) if copy else "",
        category=pick(CATEGORY_NAMES[complaint.category], language_of(request)),
        # the notes are the station's free text (a closing reason may tell the facts)
        withhold_notes=protects_victim(session, complaint=complaint),
    )


@router.get("/status/view")
def view_status_get() -> RedirectResponse:
    return RedirectResponse(f"{frame.PREFIX}/status", status_code=303)
