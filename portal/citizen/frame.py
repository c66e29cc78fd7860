"""What every citizen page shares: the database session per request, rendering a template in the citizen's
language with a CSRF token for its forms, error pages that say what to do next, reading a POSTed form (its
CSRF token checked) and counting a request against the rate limits (``search_api.csrf``)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from complaints.attachments import MAX_FILES
from complaints.filing import purge_unconfirmed
from portal.i18n import LANG_COOKIE, LANGUAGES, STATUS_NAMES, language_of, pick, word
from records.display import ist
from search_api.auth import app_settings
from search_api.csrf import (
    CSRF_COOKIE,
    CSRF_FIELD,
    Limit,
    RateLimited,
    csrf_ok,
    csrf_token_for,
    hit,
    new_csrf_cookie,
    purge_old_hits,
)

PREFIX = "/portal"
PURGE_ONE_IN = 200  # one counted request in this many also deletes old counts and unconfirmed complaints
templates = Environment(loader=PackageLoader("portal", "templates"), autoescape=select_autoescape(["html"]))


def get_portal_session(request: Request) -> Iterator[Session]:
    """A session per request; the route commits what it writes, anything else is rolled back."""
    with request.app.state.database.sessions() as session:
        yield session


PortalSession = Annotated[Session, Depends(get_portal_session)]


def secret_of(request: Request) -> str:
    return app_settings(request).secret_key.get_secret_value()


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def mask_mobile(mobile: str) -> str:
    return mobile[:2] + "x" * 6 + mobile[-2:] if len(mobile) == 10 else "xxxxxxxxxx"


def ist_text(moment: datetime | None) -> str:
    """A stored moment in India Standard Time, labelled "IST" (``records.display.ist``)."""
    return ist(moment) if moment else ""


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
        csrf_token=csrf_token_for(secret_of(request), cookie),
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
    if not csrf_ok(secret_of(request), request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None):
        return error_page(request, 403, "csrf")
    return form


def text_fields(form: FormData, names: object) -> dict[str, str]:
    return {name: value for name in names if isinstance(value := form.get(name), str)}  # type: ignore[attr-defined]
