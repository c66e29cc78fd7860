"""Cookie login for server-rendered staff pages (the dashboards): ``GET/POST /staff/login`` checks the password
exactly as ``POST /api/v1/auth/token`` does and sets the same signed token in an HttpOnly, SameSite=Lax cookie;
``/staff/logout`` clears it. :func:`principal_from_cookie` is what the dashboards' guard calls."""

from __future__ import annotations

import html
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import User
from records.settings import Settings
from records.users import verify_password
from search_api.auth import (
    _DUMMY_HASH,
    ACCESS_TOKEN_MINUTES,
    ApiError,
    _user_from_token,
    app_settings,
    create_access_token,
)
from search_api.dependencies import SessionDep

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
    name = username.replace("\x00", "").strip().lower()
    user = session.scalar(sa.select(User).where(User.username == name)) if 0 < len(name) <= 64 else None
    password_ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    address = request.client.host if request.client else None
    if user is None or not password_ok or not user.is_active:
        Actor(user_id=user.id if user else None, client_address=address).audit(
            session, "login_failed", "user", user.id if user else None, {"username": name[:64], "via": "cookie"}
        )
        session.commit()
        return _page(target, name, "The username or password is wrong, or the account is disabled.", status=401)
    settings = app_settings(request)
    token, lifetime = create_access_token(settings, user)
    Actor(user_id=user.id, client_address=address).audit(session, "login", "user", user.id, {"via": "cookie"})
    session.commit()
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


@router.get("/staff/logout")
def logout() -> Response:
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
