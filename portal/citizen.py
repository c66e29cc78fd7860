"""The citizen portal's pages under /portal: file a complaint, confirm the mobile number with a code, follow it.

Server-rendered (Jinja2) in Hindi or English, plain HTML forms that work without JavaScript. Every POST
checks the CSRF token, is rate-limited (``search_api.csrf``), and every error is a page in the citizen's
language that says what to do next.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from cases.input import IST
from cases.normalise import NormalisationError, normalise_mobile
from complaints.attachments import MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, check_attachments
from complaints.codes import check_code, issue_code
from complaints.disclosure import citizen_fir_copy
from complaints.errors import Problem
from complaints.filing import confirm_complaint, file_complaint, find_by_tracking_number, purge_unconfirmed
from complaints.input import LIMITS, check_complaint_form
from portal.i18n import CATEGORY_NAMES, LANG_COOKIE, LANGUAGES, STATUS_NAMES, language_of, pick, word
from records.display import ist
from records.models import Complaint, ComplaintStatus, PoliceDistrict, PoliceStation
from records.settings import Settings, get_settings
from records.victim_identity import protects_victim
from search_api.csrf import (
    CODE_PER_IP,
    CODE_PER_MOBILE,
    CSRF_COOKIE,
    CSRF_FIELD,
    FILE_PER_IP,
    FILE_PER_MOBILE,
    STATUS_PER_IP,
    VERIFY_PER_IP,
    Limit,
    RateLimited,
    csrf_ok,
    csrf_token_for,
    hit,
    new_csrf_cookie,
    purge_old_hits,
)

PREFIX = "/portal"
# The largest request the portal takes: the attachments' limit and room for the form's text fields.
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + 512 * 1024
PURGE_ONE_IN = 200  # one counted request in this many also deletes old counts and unconfirmed complaints
router = APIRouter(prefix=PREFIX, include_in_schema=False)
templates = Environment(loader=PackageLoader("portal", "templates"), autoescape=select_autoescape(["html"]))


def get_portal_session(request: Request) -> Iterator[Session]:
    """A session per request; the route commits what it writes, anything else is rolled back."""
    with request.app.state.database.sessions() as session:
        yield session


PortalSession = Annotated[Session, Depends(get_portal_session)]


def _settings(request: Request) -> Settings:
    settings: Settings | None = getattr(request.app.state, "settings", None)
    if settings is None:
        settings = get_settings()
        request.app.state.settings = settings
    return settings


def _secret(request: Request) -> str:
    return _settings(request).secret_key.get_secret_value()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def mask_mobile(mobile: str) -> str:
    return mobile[:2] + "x" * 6 + mobile[-2:] if len(mobile) == 10 else "xxxxxxxxxx"


def ist_text(moment: datetime | None) -> str:
    """A stored moment in India Standard Time, labelled "IST" (``records.display.ist``)."""
    return ist(moment) if moment else ""


# ---------------------------------------------------------------------------------------------- rendering


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language, with a CSRF token for its forms (the cookie is set if missing)."""
    language = language_of(request)
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    new_cookie = not cookie or len(cookie) > 100
    if new_cookie:
        cookie = new_csrf_cookie()
    other = "en" if language == "hi" else "hi"
    switch = (request.url.path if request.method == "GET" else f"{PREFIX}/") + f"?lang={other}"
    html = templates.get_template(template).render(
        lang=language,
        other_lang=other,
        switch_url=switch,
        t=lambda key, **values: word(key, language, **values),
        pick=lambda pair: pick(pair, language),
        status_name=lambda status: pick(STATUS_NAMES.get(status, (status, status)), language),
        ist=ist_text,
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token_for(_secret(request), cookie),
        prefix=PREFIX,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
    if new_cookie:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax", path=PREFIX)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, language, samesite="lax", path="/", max_age=365 * 24 * 3600)
    return response


def error_page(request: Request, status_code: int, key: str, **values: Any) -> HTMLResponse:
    """An error in the citizen's language: what went wrong and what to do next."""
    language = language_of(request)
    referer = request.headers.get("referer", "")
    back = referer if referer.startswith(str(request.base_url)) else f"{PREFIX}/"
    return render(
        request,
        "error.html",
        status_code,
        message=word(f"err_{key}", language),
        next_step=word(f"next_{key}", language, **values),
        back_url=back,
    )


def rate_limited_page(request: Request, error: RateLimited) -> HTMLResponse:
    minutes = max(1, round(error.retry_after.total_seconds() / 60))
    response = error_page(request, 429, "rate", minutes=minutes)
    response.headers["Retry-After"] = str(int(error.retry_after.total_seconds()) + 1)
    return response


def over_limit(request: Request, session: Session, *limits: tuple[Limit, str]) -> HTMLResponse | None:
    """Count the request against each limit and commit the counts (so failing requests count too); the page to
    answer with when one is used up (then nothing is counted)."""
    try:
        if secrets.randbelow(PURGE_ONE_IN) == 0:
            purge_old_hits(session)
            purge_unconfirmed(session)
        for limit, subject in limits:
            hit(session, limit, subject)
    except RateLimited as error:
        session.rollback()
        return rate_limited_page(request, error)
    session.commit()
    return None


async def read_form(request: Request) -> FormData | HTMLResponse:
    """The POSTed form with a valid CSRF token, or the error page to answer with."""
    try:
        form = await request.form(max_files=MAX_FILES + 2, max_fields=40, max_part_size=64 * 1024)
    except MultiPartException:
        return error_page(request, 400, "bad_form")
    except StarletteHTTPException as error:
        if error.status_code == 413:
            return error_page(request, 413, "too_large")
        return error_page(request, 400, "bad_form")
    token = form.get(CSRF_FIELD)
    if not csrf_ok(_secret(request), request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None):
        return error_page(request, 403, "csrf")
    return form


def too_large_page(request: Request) -> Response:
    """The answer to a request larger than the portal takes (used by the app's body-size limit)."""
    return error_page(request, 413, "too_large")


def _text_fields(form: FormData, names: object) -> dict[str, str]:
    return {name: value for name in names if isinstance(value := form.get(name), str)}  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------- pages


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
    values = _text_fields(form, LIMITS)
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
        (FILE_PER_IP, _client(request)),
        (FILE_PER_MOBILE, checked.mobile),
        (CODE_PER_MOBILE, checked.mobile),
    ):
        return refused
    complaint = file_complaint(session, checked, checked_files, submitted_from=_client(request), now=now)
    issue_code(session, complaint, "confirm", secret=_secret(request), now=now)
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
    if refused := over_limit(request, session, (VERIFY_PER_IP, _client(request))):
        return refused
    complaint = _awaiting(request, session, tracking_number, lock=True)
    if isinstance(complaint, HTMLResponse):
        return complaint
    code = form.get("code")
    now = datetime.now(UTC)
    problem = check_code(
        session, complaint, "confirm", code if isinstance(code, str) else "", secret=_secret(request), now=now
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
    if refused := over_limit(request, session, (CODE_PER_MOBILE, complaint.mobile), (CODE_PER_IP, _client(request))):
        return refused
    complaint = _awaiting(request, session, tracking_number, lock=True)
    if isinstance(complaint, HTMLResponse):
        return complaint
    issue_code(session, complaint, "confirm", secret=_secret(request), now=datetime.now(UTC))
    session.commit()
    return _confirm_page(request, complaint, notice=word("code_resent", language_of(request)))


# ---------------------------------------------------------------------------------------------- status


def _status_form(request: Request, values: dict[str, str], problems: list[str], status_code: int = 200) -> HTMLResponse:
    return render(request, "status_form.html", status_code, values=values, problems=problems)


@router.get("/status")
def status_form(request: Request) -> HTMLResponse:
    return _status_form(request, {}, [])


def _lookup(
    request: Request, session: Session, form: FormData
) -> tuple[Complaint | None, dict[str, str], HTMLResponse | None]:
    values = _text_fields(form, ("tracking_number", "mobile"))
    tracking = values.get("tracking_number", "").strip()[:40]
    language = language_of(request)
    try:
        mobile = normalise_mobile(values.get("mobile", "")[:20])
    except NormalisationError:
        problem = word("err_not_found", language) + " " + word("next_not_found", language)
        return None, values, _status_form(request, values, [problem], 422)
    complaint = find_by_tracking_number(session, tracking[:24], mobile) if tracking else None
    if complaint is None:
        return None, values, error_page(request, 404, "not_found")
    return complaint, values, None


@router.post("/status", response_model=None)
async def send_status_code(request: Request, session: PortalSession) -> Response:
    form = await read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    if refused := over_limit(request, session, (STATUS_PER_IP, _client(request))):
        return refused
    complaint, values, failure = _lookup(request, session, form)
    if failure is not None:
        return failure
    assert complaint is not None
    if complaint.status is ComplaintStatus.AWAITING_CONFIRMATION:
        return RedirectResponse(f"{PREFIX}/complaints/{complaint.tracking_number}/confirm", status_code=303)
    if refused := over_limit(request, session, (CODE_PER_MOBILE, complaint.mobile), (CODE_PER_IP, _client(request))):
        return refused
    issue_code(session, complaint, "status", secret=_secret(request), now=datetime.now(UTC))
    session.commit()
    return render(request, "status_code.html", values=values, mobile=mask_mobile(complaint.mobile), problems=[])


@router.post("/status/view", response_model=None)
async def view_status(request: Request, session: PortalSession) -> Response:
    form = await read_form(request)
    if isinstance(form, HTMLResponse):
        return form
    if refused := over_limit(request, session, (VERIFY_PER_IP, _client(request))):
        return refused
    complaint, values, failure = _lookup(request, session, form)
    if failure is not None:
        return failure
    assert complaint is not None
    code = form.get("code")
    problem = check_code(
        session,
        complaint,
        "status",
        code if isinstance(code, str) else "",
        secret=_secret(request),
        now=datetime.now(UTC),
    )
    if problem is not None:
        session.commit()
        return render(
            request,
            "status_code.html",
            422,
            values=values,
            mobile=mask_mobile(complaint.mobile),
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
    return render(
        request,
        "status.html",
        complaint=complaint,
        station=station,
        stations=stations,
        events=[event for event in complaint.events if event.to_status is not ComplaintStatus.AWAITING_CONFIRMATION],
        fir=fir,
        category=pick(CATEGORY_NAMES[complaint.category], language_of(request)),
        # the notes are the station's free text (a closing reason may tell the facts)
        withhold_notes=protects_victim(session, complaint=complaint),
    )


@router.get("/status/view")
def view_status_get() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/status", status_code=303)
