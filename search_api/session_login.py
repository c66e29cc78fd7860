"""Cookie login for server-rendered staff pages (the dashboards): ``GET/POST /staff/login`` checks the password
with ``search_api.logins`` exactly as ``POST /api/v1/auth/token`` does (same throttle, lock and audit) and sets
the same signed token in an HttpOnly, SameSite=Lax cookie. ``GET /staff/logout`` shows a button that POSTs to
``/staff/logout`` with a CSRF token (an HMAC of the session cookie); the POST revokes the token server-side, so
a copy of the cookie stops working too, and clears the cookie. :func:`principal_from_cookie` is what the
dashboards' guard calls."""

from __future__ import annotations

import contextlib
import hashlib
import html
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
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
from search_api.csrf import CSRF_FIELD, csrf_ok, csrf_token_for
from search_api.dependencies import SessionDep
from search_api.logins import LoginRefused, authenticate

COOKIE = "cctns_session"
router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CCTNS Bihar: staff login</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body{{font-family:'Noto Sans',Arial,sans-serif;background:#f4f6f9;margin:0}}
main{{max-width:360px;margin:10vh auto;background:white;border:1px solid #dde3ea;border-radius:6px;padding:24px}}
h1{{font-size:18px;color:#1f3b5c;margin-top:0}} label{{display:block;font-size:13px;margin-top:12px}}
input{{width:100%;box-sizing:border-box;padding:8px;font-size:15px;margin-top:4px}}
button{{margin-top:18px;width:100%;padding:9px;background:#1f3b5c;color:white;border:0;border-radius:4px;font-size:15px}}
.error{{background:#fde8e8;border:1px solid #f1b0b0;padding:8px;border-radius:4px;font-size:14px}}</style></head>
<body><main><h1>CCTNS Bihar · staff login / स्टाफ़ लॉगिन</h1>{error}
<form method="post" action="/staff/login"><input type="hidden" name="next" value="{next}">
<label>Username / उपयोगकर्ता नाम<input name="username" autocomplete="username" required value="{username}"></label>
<label>Password / पासवर्ड<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in / लॉग इन</button></form></main></body></html>"""


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may follow the login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/dashboards/"
    return target


def _page(next_path: str, username: str = "", error: str = "", status: int = 200) -> HTMLResponse:
    shown = f'<p class="error">{html.escape(error)}</p>' if error else ""
    body = _PAGE.format(error=shown, next=html.escape(next_path), username=html.escape(username))
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/staff/login")
def login_page(next: str | None = None) -> HTMLResponse:
    return _page(safe_next(next))


@router.post("/staff/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/dashboards/",
) -> Response:
    target = safe_next(next)
    try:
        user = authenticate(session, username, password, client_address(request), "cookie")
    except LoginRefused as refused:
        message = refused.message[0].upper() + refused.message[1:] + "."
        page = _page(target, username.strip()[:64], message, status=refused.status)
        if refused.retry_after is not None:
            page.headers["Retry-After"] = str(refused.retry_after)
        return page
    settings = app_settings(request)
    token, lifetime = create_access_token(settings, user)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=lifetime,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )
    return response


_LOGOUT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CCTNS Bihar: log out</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>
<body style="font-family:'Noto Sans',Arial,sans-serif;text-align:center;margin-top:15vh">
<form method="post" action="/staff/logout"><input type="hidden" name="{field}" value="{token}">
<button type="submit" style="padding:9px 24px;font-size:15px">Log out / लॉग आउट</button></form></body></html>"""


def _logout_subject(cookie: str) -> str:
    return "logout:" + hashlib.sha256(cookie.encode()).hexdigest()[:40]


def logout_token(settings: Settings, cookie: str) -> str:
    """The CSRF token of the logout form: bound to the session cookie, which another site cannot read."""
    return csrf_token_for(settings.secret_key.get_secret_value(), _logout_subject(cookie))


@router.get("/staff/logout")
def logout_page(request: Request) -> Response:
    """A button that logs out (a GET changes nothing; the dashboards' "log out" link leads here)."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return RedirectResponse("/staff/login", status_code=303)
    body = _LOGOUT_PAGE.format(field=CSRF_FIELD, token=logout_token(app_settings(request), cookie))
    return HTMLResponse(body, headers={"Cache-Control": "no-store"})


@router.post("/staff/logout")
def logout(request: Request, session: SessionDep, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Revoke the session's token server-side (a copy of the cookie stops working) and clear the cookie."""
    settings = app_settings(request)
    cookie = request.cookies.get(COOKIE)
    if cookie:
        secret = settings.secret_key.get_secret_value()
        if not csrf_ok(secret, _logout_subject(cookie), csrf_token):
            message = "This logout did not come from the logout page; open /staff/logout and press the button."
            return HTMLResponse(html.escape(message), status_code=403)
        with contextlib.suppress(ApiError):  # expired, damaged or already revoked: nothing left to revoke
            revoke_token(session, settings, cookie, client_address(request), "cookie")
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


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
