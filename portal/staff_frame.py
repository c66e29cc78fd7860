"""The frame of every server-rendered staff page: who is logged in, in which language, the CSRF token of the
session, the header with the pages the officer may open, and rendering a page in it.

The one staff login is ``/staff/login`` (``portal.staff_login``): it sets the session cookie ``cctns_session``
(a signed token that logout revokes server-side). A staff page asks for the officer with a dependency; without
a valid cookie the browser is sent to ``/staff/login?next=<the page>`` and comes back after the login. Which
role may open which page is decided by the rule methods of ``records.access.Jurisdiction`` (each
:class:`StaffPage` names its rule); the header shows only the pages the officer may open.

How a page uses it (``portal/station/home.py`` as the example)::

    from fastapi import APIRouter, Depends, Request
    from portal.staff_frame import STATION, Officer, StaffForm, StaffSession, page_guard, render

    router = APIRouter(include_in_schema=False)
    StationOfficer = Annotated[Officer, Depends(page_guard(STATION))]
    HOME_WORDS = {"title": ("Station home", "थाना मुख्य पृष्ठ")}  # key: (English, Hindi)

    @router.get("/station/")
    def home(request: Request, session: StaffSession, officer: StationOfficer):
        firs = ...  # read through cases.reading with officer.access (a records.access.Jurisdiction)
        return render(request, officer, "station/home.html", words=HOME_WORDS, firs=firs)

    @router.post("/station/firs/new")
    def register(request: Request, session: StaffSession, officer: StationOfficer, form: StaffForm):
        # ``form`` is the POSTed form, its CSRF token already checked (403 page otherwise)
        ...  # write through the cases commands with officer.principal.actor(request): audited as the officer

The template extends the frame and fills ``main`` (and, if needed, ``title`` and ``head``)::

    {% extends "staff/base.html" %}
    {% block title %}{{ t('title') }}{% endblock %}
    {% block main %}<h1>{{ t('title') }}</h1>
      <form method="post">{{ csrf_input }} ... </form>{% endblock %}

In a template: ``t(key)`` (the page's words, then the frame's), ``lang`` ("hi" or "en"), ``officer``,
``label(enum_value)`` (names of coded values, ``records.display``), ``ist(moment)`` (a time in IST, labelled),
``csrf_input`` (the hidden field every form needs), ``csrf_token``. A page answers an error with
``raise StaffPageError(status, "err_key")`` (a key of its words or the frame's); JavaScript on a staff page calls
the API with the session cookie and the token of ``<meta name="csrf-token">`` in the ``X-CSRF-Token`` header.
:func:`install_staff_frame` (called once in ``cctns.asgi``) answers the frame's exceptions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from portal.i18n import LANG_COOKIE, LANGUAGES, language_of
from portal.staff_words import FRAME_WORDS, Words
from records.access import Forbidden, Jurisdiction
from records.display import ist, label
from records.models import PoliceDistrict, PoliceStation, Role
from records.settings import Settings
from search_api.auth import Principal, app_settings
from search_api.csrf import CSRF_FIELD, SESSION_COOKIE, session_csrf_ok, session_csrf_token
from search_api.dependencies import SessionDep
from search_api.session_login import principal_from_cookie

LOGIN_PATH = "/staff/login"
templates = Environment(loader=PackageLoader("portal", "templates"), autoescape=select_autoescape(["html"]))
StaffSession = SessionDep  # one database session per request, shared with the officer's lookup


def _always(settings: Settings) -> bool:
    return True


def _state_of_a_network(settings: Settings) -> bool:
    return bool(settings.network_state_code)


@dataclass(frozen=True)
class StaffPage:
    """A staff page in the navigation: its words (``nav_<key>``, ``about_<key>``), its path, the rule of
    ``records.access.Jurisdiction`` that decides who may open it (a refusal method: None means allowed), and
    whether this deployment has it at all (``offered``: the network's pages only on a node of a network)."""

    key: str
    path: str
    refusal: Callable[[Jurisdiction], str | None]
    offered: Callable[[Settings], bool] = _always


STATION = StaffPage("station", "/station/", Jurisdiction.write_refusal)  # a station's daily work: its officers
SEARCH = StaffPage("search", "/staff/search", Jurisdiction.read_refusal)
COMPLAINTS = StaffPage("complaints", "/staff/complaints", Jurisdiction.read_refusal)
MATCHES = StaffPage("matches", "/staff/matches", Jurisdiction.read_refusal)
DASHBOARDS = StaffPage("dashboards", "/dashboards/", Jurisdiction.read_refusal)
ADMIN = StaffPage("admin", "/admin/", Jurisdiction.admin_refusal)
# the asking officer's network page: confirmations asked of other states, cross-state person candidates
NETWORK = StaffPage("network", "/staff/network", Jurisdiction.network_search_refusal, _state_of_a_network)
STAFF_PAGES = (STATION, SEARCH, COMPLAINTS, MATCHES, NETWORK, DASHBOARDS, ADMIN)


@dataclass(frozen=True)
class Officer:
    """The logged-in officer of a staff page request."""

    user_id: int
    username: str
    role: Role
    station_id: int | None
    district_id: int | None
    place_en: str  # their station or district, to show ("" for state-wide roles)
    place_hi: str

    @property
    def principal(self) -> Principal:
        """The same caller the API sees (``principal.actor(request)`` audits a write as this officer)."""
        return Principal("user", self.user_id, self.username, self.role, self.station_id, self.district_id)

    @property
    def access(self) -> Jurisdiction:
        return self.principal.access

    def may_open(self, page: StaffPage) -> bool:
        return page.refusal(self.access) is None


class LoginRequired(Exception):
    """No valid session cookie: answered with a redirect to the login, coming back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class StaffPageError(Exception):
    """A staff page refuses the request: answered with a page in the officer's language (``key``: a words key;
    ``detail``: a sentence added below it, e.g. the access rule's reason)."""

    def __init__(self, status: int, key: str, detail: str = "", words: Words | None = None) -> None:
        super().__init__(key)
        self.status, self.key, self.detail, self.words = status, key, detail, words


def _wanted_path(request: Request) -> str:
    """Where to come back after the login: the page asked for; for a form sent after the session ended, the page
    the form was on (its address answers only POST)."""
    if request.method == "GET":
        query = request.url.query
        return request.url.path + ("?" + query if query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + ("?" + referer.query if referer.query else "")
    return "/"


def current_officer(request: Request, session: SessionDep) -> Officer:
    """The officer of the session cookie; raises :class:`LoginRequired` without a valid one."""
    found = principal_from_cookie(session, app_settings(request), request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise LoginRequired(_wanted_path(request))
    place_en = place_hi = ""
    if found["station_id"] and (station := session.get(PoliceStation, found["station_id"])):
        place_en, place_hi = f"{station.name_en} PS", f"थाना {station.name_hi}"
    elif found["district_id"] and (district := session.get(PoliceDistrict, found["district_id"])):
        place_en, place_hi = f"{district.name_en} district", f"ज़िला {district.name_hi}"
    officer = Officer(
        found["user_id"],
        found["username"],
        Role(found["role"]),
        found["station_id"],
        found["district_id"],
        place_en,
        place_hi,
    )
    request.state.staff_officer = officer
    return officer


OfficerDep = Annotated[Officer, Depends(current_officer)]


def page_guard(page: StaffPage) -> Callable[[Officer], Officer]:
    """A dependency: the officer, if their role may open ``page`` (else a 403 page saying the rule)."""

    def guard(officer: OfficerDep) -> Officer:
        refused = page.refusal(officer.access)
        if refused:
            raise StaffPageError(403, "err_forbidden", refused)
        return officer

    return guard


def csrf_token(request: Request) -> str:
    """The CSRF token of this request's session ("" without a session)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return session_csrf_token(app_settings(request).secret_key.get_secret_value(), cookie) if cookie else ""


async def staff_form(request: Request, officer: OfficerDep) -> FormData:
    """The POSTed form of a logged-in officer, its CSRF token checked (a 403 page otherwise)."""
    try:
        form = await request.form(max_fields=400, max_part_size=256 * 1024)
    except (MultiPartException, StarletteHTTPException):
        raise StaffPageError(400, "err_bad_form") from None
    token = form.get(CSRF_FIELD)
    secret = app_settings(request).secret_key.get_secret_value()
    if not session_csrf_ok(secret, request.cookies.get(SESSION_COOKIE), token if isinstance(token, str) else None):
        raise StaffPageError(403, "err_csrf")
    return form


StaffForm = Annotated[FormData, Depends(staff_form)]


def _switch_url(request: Request, other: str) -> str:
    if request.method != "GET":
        return "/?lang=" + other
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "lang"]
    return request.url.path + "?" + urlencode([*query, ("lang", other)])


def frame_context(request: Request, officer: Officer | None, words: Words | None = None) -> dict[str, Any]:
    """What the frame's templates need: language, words, the header's navigation, the CSRF token."""
    language = language_of(request)
    other = "en" if language == "hi" else "hi"
    table = {**FRAME_WORDS, **(words or {})}

    def t(key: str, **values: object) -> str:
        en, hi = table[key]
        text = hi if language == "hi" else en
        return text.format(**values) if values else text

    token = csrf_token(request) if officer else ""
    settings = app_settings(request)
    return {
        "lang": language,
        "other_lang": other,
        "switch_url": _switch_url(request, other),
        "t": t,
        "label": lambda value: label(value, language),  # type: ignore[arg-type]
        "ist": lambda moment: ist(moment) if isinstance(moment, datetime) else "",
        "officer": officer,
        "officer_place": (officer.place_hi if language == "hi" else officer.place_en) if officer else "",
        "nav": [page for page in STAFF_PAGES if officer and page.offered(settings) and officer.may_open(page)],
        "current_path": request.url.path,
        "csrf_field": CSRF_FIELD,
        "csrf_token": token,
        "csrf_input": Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token),
    }


def keep_language(request: Request, response: Response) -> Response:
    """Remember a language chosen with ``?lang=`` in the cookie the citizen portal uses too."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(LANG_COOKIE, chosen, samesite="lax", path="/", max_age=365 * 24 * 3600)
    return response


def render(
    request: Request,
    officer: Officer | None,
    template: str,
    *,
    words: Words | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A staff page: ``template`` (extending ``staff/base.html``) in the officer's language, never cached."""
    html = templates.get_template(template).render(**frame_context(request, officer, words), **context)
    response = HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
    keep_language(request, response)
    return response


def header_html(request: Request, officer: Officer) -> str:
    """The frame's header alone, for the staff pages that are static HTML with JavaScript (search, ...)."""
    return templates.get_template("staff/_header.html").render(**frame_context(request, officer))


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"{LOGIN_PATH}?next={quote(exc.next_path, safe='')}", status_code=303)


async def _page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StaffPageError)
    officer = getattr(request.state, "staff_officer", None)
    return render(
        request, officer, "staff/error.html", words=exc.words, status_code=exc.status, key=exc.key, detail=exc.detail
    )


def install_staff_frame(app: FastAPI) -> None:
    """Answer the frame's exceptions: a redirect to the login, or an error page in the officer's language. A rule
    of ``records.access`` that refuses on a page (``Forbidden`` not caught there) is a 403 page saying the rule;
    under /api/ it stays the API's answer (installed before, by ``search_api.errors``)."""
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(StaffPageError, _page_error)
    api_answer = app.exception_handlers.get(Forbidden)

    async def forbidden(request: Request, exc: Exception) -> Response:
        if api_answer is not None and request.url.path.startswith("/api/"):
            return await api_answer(request, exc)  # type: ignore[no-any-return]
        return await _page_error(request, StaffPageError(403, "err_forbidden", str(exc)))

    app.add_exception_handler(Forbidden, forbidden)
