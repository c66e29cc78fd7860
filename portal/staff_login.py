"""The one staff login: ``/staff/login`` for every staff page (station, search, complaints, matches, dossiers,
dashboards, administration), and ``/staff/logout``, which ends the session everywhere. Pages in the staff
frame's look, in Hindi and English; the session itself is ``search_api.session_login``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.i18n import language_of
from portal.staff_frame import LOGIN_PATH, LoginRequired, StaffPageError, current_officer, render
from search_api.csrf import CSRF_FIELD
from search_api.dependencies import SessionDep
from search_api.logins import LoginRefused
from search_api.session_login import end_session, logout_allowed, safe_next, start_session

router = APIRouter(include_in_schema=False)

# What a refused login means, in Hindi; the server's own sentence (with how long to wait) is shown beside it.
REFUSED_HI = {
    401: "उपयोगकर्ता नाम या पासवर्ड गलत है।",
    429: "बहुत अधिक असफल प्रयास, या खाता अस्थायी रूप से बंद है। कुछ समय बाद फिर प्रयास करें।",
}


def _login_page(
    request: Request, next_path: str, username: str = "", error: str = "", status: int = 200
) -> HTMLResponse:
    return render(
        request, None, "staff/login.html", status_code=status, next_path=next_path, username=username, error=error
    )


@router.get(LOGIN_PATH)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_page(request, safe_next(next))


@router.post(LOGIN_PATH)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    target = safe_next(next)
    response = RedirectResponse(target, status_code=303)
    try:
        start_session(request, session, response, username, password)
    except LoginRefused as refused:
        message = refused.message[0].upper() + refused.message[1:] + "."
        if language_of(request) == "hi":
            message = f"{REFUSED_HI.get(refused.status, '')} ({message})"
        page = _login_page(request, target, username.strip()[:64], message, status=refused.status)
        if refused.retry_after is not None:
            page.headers["Retry-After"] = str(refused.retry_after)
        return page
    return response


@router.get("/staff/logout")
def logout_page(request: Request, session: SessionDep) -> Response:
    """A button that logs out (a GET changes nothing; the dashboards' "log out" link leads here); without a
    session, the login."""
    try:
        officer = current_officer(request, session)
    except LoginRequired:
        return RedirectResponse(LOGIN_PATH, status_code=303)
    return render(request, officer, "staff/logout.html")


@router.post("/staff/logout")
def logout(
    request: Request, session: SessionDep, csrf_token: Annotated[str, Form(max_length=200, alias=CSRF_FIELD)] = ""
) -> Response:
    """End the session: its token is revoked server-side (a copy of the cookie stops working) and the cookie
    cleared. Only with the session's CSRF token, so another site cannot log an officer out."""
    if not logout_allowed(request, csrf_token):
        raise StaffPageError(403, "err_csrf")
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    end_session(request, session, response)
    return response
