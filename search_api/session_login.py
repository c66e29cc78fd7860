"""The staff session behind the cookie of the staff pages (their login page is ``portal.staff_login``).

:func:`start_session` checks the password with ``search_api.logins`` exactly as ``POST /api/v1/auth/token``
does (same throttle, lock and audit) and sets the same signed token in an HttpOnly, SameSite=Lax cookie;
:func:`end_session` revokes the token server-side (a copy of the cookie stops working too, on every staff page
and the API) and clears the cookie. :func:`principal_from_cookie` is what the dashboards' guard and the staff
pages' frame call; the API takes the same cookie (``search_api.auth.current_principal``), with the session's CSRF
token (``search_api.csrf.session_csrf_token``) on unsafe methods."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from records.settings import Settings
from search_api.auth import (
    ACCESS_TOKEN_MINUTES,
    ApiError,
    _user_from_token,
    app_settings,
    client_address,
    create_access_token,
    revoke_token,
)
from search_api.csrf import SESSION_COOKIE, session_csrf_ok, session_csrf_token
from search_api.logins import authenticate

COOKIE = SESSION_COOKIE
DEFAULT_NEXT = "/"


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may follow the login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return DEFAULT_NEXT
    return target


def start_session(request: Request, session: Session, response: Response, username: str, password: str) -> None:
    """Log in with a password (``LoginRefused`` if refused) and put the session's token in ``response``'s cookie."""
    user = authenticate(session, username, password, client_address(request), "cookie")
    settings = app_settings(request)
    token, lifetime = create_access_token(settings, user)
    response.set_cookie(
        COOKIE,
        token,
        max_age=lifetime,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def logout_token(settings: Settings, cookie: str) -> str:
    """The CSRF token of the session (the logout form carries it, as every staff form does)."""
    return session_csrf_token(settings.secret_key.get_secret_value(), cookie)


def logout_allowed(request: Request, token: str | None) -> bool:
    """True if a logout came from a page of this session (its CSRF token), or there is no session to end."""
    cookie = request.cookies.get(COOKIE)
    return not cookie or session_csrf_ok(app_settings(request).secret_key.get_secret_value(), cookie, token)


def end_session(request: Request, session: Session, response: Response) -> None:
    """Revoke the session's token server-side (audited; a copy of the cookie stops working) and clear it."""
    cookie = request.cookies.get(COOKIE)
    if cookie:
        with contextlib.suppress(ApiError):  # expired, damaged or already revoked: nothing left to revoke
            revoke_token(session, app_settings(request), cookie, client_address(request), "cookie")
    response.delete_cookie(COOKIE, path="/")


def principal_from_cookie(session: Session, settings: Settings, token: str | None) -> dict[str, Any] | None:
    """The officer a session cookie names (role and jurisdiction), or None if missing, expired or revoked."""
    if not token:
        return None
    try:
        user = _user_from_token(session, settings, token)
    except ApiError:
        return None
    return {
        "user_id": user.id,
        "username": user.username,
        "role": user.role.value,
        "district_id": user.district_id,
        "station_id": user.station_id,
        "expires_minutes": ACCESS_TOKEN_MINUTES,
    }
