"""Filing a complaint: the home page, the complaint form, submitting it (with its files), then confirming the
mobile number with the code sent by SMS (or sending a new one), after which the complaint reaches the station."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from cases.input import IST
from complaints.attachments import MAX_FILE_BYTES, MAX_FILES, check_attachments
from complaints.codes import check_code, issue_code
from complaints.errors import Problem
from complaints.filing import confirm_complaint, file_complaint
from complaints.input import LIMITS, check_complaint_form
from portal.citizen.frame import (
    PREFIX,
    PortalSession,
    client_of,
    error_page,
    mask_mobile,
    over_limit,
    read_form,
    render,
    secret_of,
    text_fields,
)
from portal.i18n import CATEGORY_NAMES, language_of, pick, word
from records.models import Complaint, ComplaintStatus, PoliceDistrict, PoliceStation
from search_api.csrf import CODE_PER_IP, CODE_PER_MOBILE, FILE_PER_IP, FILE_PER_MOBILE, VERIFY_PER_IP

router = APIRouter()


@router.get("/")
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html")


def _stations(session: Session) -> list[tuple[PoliceDistrict, list[PoliceStation]]]:
    districts = session.scalars(sa.select(PoliceDistrict).order_by(PoliceDistrict.name_en)).all()
    by_district: dict[int, list[PoliceStation]] = {}
    for station in session.scalars(
        sa.select(PoliceStation).where(PoliceStation.is_active).order_by(PoliceStation.name_en)
    ):
        by_district.setdefault(station.district_id, []).append(station)
    return [(district, by_district[district.id]) for district in districts if district.id in by_district]


def _complaint_form(
    request: Request, session: Session, values: dict[str, str], problems: list[Problem], status_code: int = 200
) -> HTMLResponse:
    language = language_of(request)
    return render(
        request,
        "complaint_form.html",
        status_code,
        values=values,
        problems=[problem.text(language) for problem in problems],
        bad_fields={problem.field for problem in problems},
        districts=_stations(session),
        categories=[(category.value, pick(names, language)) for category, names in CATEGORY_NAMES.items()],
        limits=LIMITS,
        max_files=MAX_FILES,
        max_file_mb=MAX_FILE_BYTES // (1024 * 1024),
        today=datetime.now(IST).date().isoformat(),
    )


@router.get("/complaints/new")
def new_complaint(request: Request, session: PortalSession) -> HTMLResponse:
    return _complaint_form(request, session, {}, [])


@router.post("/complaints", response_model=None)
async def submit_complaint(request: Request, session: PortalSession) -> Response:
    form = await read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    language = language_of(request)
    now = datetime.now(UTC)
    values = text_fields(form, LIMITS)
    checked, problems = check_complaint_form(session, values, language=language, now=now)
    uploads = [item for item in form.getlist("attachments") if isinstance(item, UploadFile)]
    files = [(item.filename or "", await item.read(MAX_FILE_BYTES + 1)) for item in uploads]
    checked_files, file_problems = check_attachments(files)
    problems += file_problems
    if checked is None or problems:
        return _complaint_form(request, session, values, problems, 422)
    if refused := over_limit(
        request,
        session,
        (FILE_PER_IP, client_of(request)),
        (FILE_PER_MOBILE, checked.mobile),
        (CODE_PER_MOBILE, checked.mobile),
    ):
        return refused
    complaint = file_complaint(session, checked, checked_files, submitted_from=client_of(request), now=now)
    issue_code(session, complaint, "confirm", secret=secret_of(request), now=now)
    session.commit()
    return RedirectResponse(f"{PREFIX}/complaints/{complaint.tracking_number}/confirm", status_code=303)


def _awaiting(
    request: Request, session: Session, tracking_number: str, *, lock: bool = False
) -> Complaint | HTMLResponse:
    """The complaint waiting for its mobile number to be confirmed, or the error page to answer with."""
    query = sa.select(Complaint).where(Complaint.tracking_number == tracking_number.strip().upper()[:24])
    complaint = session.scalar(query.with_for_update() if lock else query)
    if complaint is None:
        return error_page(request, 404, "not_found")
    if complaint.status is not ComplaintStatus.AWAITING_CONFIRMATION:
        return error_page(request, 409, "already_confirmed")
    return complaint


def _confirm_page(
    request: Request, complaint: Complaint, problems: list[str] | None = None, notice: str = "", status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "confirm.html",
        status_code,
        complaint=complaint,
        mobile=mask_mobile(complaint.mobile),
        problems=problems or [],
        notice=notice,
    )


@router.get("/complaints/{tracking_number}/confirm")
def confirm_form(request: Request, session: PortalSession, tracking_number: str) -> HTMLResponse:
    complaint = _awaiting(request, session, tracking_number)
    if isinstance(complaint, HTMLResponse):
        return complaint
    return _confirm_page(request, complaint)


@router.post("/complaints/{tracking_number}/confirm", response_model=None)
async def confirm(request: Request, session: PortalSession, tracking_number: str) -> Response:
    form = await read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    if refused := over_limit(request, session, (VERIFY_PER_IP, client_of(request))):
        return refused
    complaint = _awaiting(request, session, tracking_number, lock=True)
    if isinstance(complaint, HTMLResponse):
        return complaint
    code = form.get("code")
    now = datetime.now(UTC)
    problem = check_code(
        session, complaint, "confirm", code if isinstance(code, str) else "", secret=secret_of(request), now=now
    )
    if problem is not None:
        session.commit()  # the wrong try counts
        return _confirm_page(request, complaint, [problem.text(language_of(request))], status_code=422)
    confirm_complaint(session, complaint, now=now)
    session.commit()
    station = session.get(PoliceStation, complaint.station_id)
    return render(request, "filed.html", complaint=complaint, station=station)


@router.post("/complaints/{tracking_number}/resend", response_model=None)
async def resend_code(request: Request, session: PortalSession, tracking_number: str) -> Response:
    form = await read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    complaint = _awaiting(request, session, tracking_number)
    if isinstance(complaint, HTMLResponse):
        return complaint
    if refused := over_limit(request, session, (CODE_PER_MOBILE, complaint.mobile), (CODE_PER_IP, client_of(request))):
        return refused
    complaint = _awaiting(request, session, tracking_number, lock=True)
    if isinstance(complaint, HTMLResponse):
        return complaint
    issue_code(session, complaint, "confirm", secret=secret_of(request), now=datetime.now(UTC))
    session.commit()
    return _confirm_page(request, complaint, notice=word("code_resent", language_of(request)))
