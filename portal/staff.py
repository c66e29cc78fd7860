"""The staff area's entrance and its JavaScript pages: ``/`` (the pages this officer may open), the search,
complaints, matches and person pages (single pages that call the /api/v1 API from the browser with the session
cookie of the one staff login, so they need JavaScript, unlike the citizens' pages), and what they share.

Those pages follow the officer's language as the server-rendered ones do (``?lang=`` and the cookie): their words
are in ``portal.staff_script_words``, put into the page in that language (``{{key}}`` in the HTML, ``WORDS`` and
``LANG`` for the script); coded values are named from ``GET /api/v1/labels``."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from portal.i18n import language_of
from portal.staff_frame import (
    COMPLAINTS,
    MATCHES,
    SEARCH,
    Officer,
    OfficerDep,
    csrf_token,
    header_html,
    keep_language,
    page_guard,
)
from portal.staff_frame import render as render_page
from portal.staff_script_words import COMMON_WORDS, COMPLAINTS_WORDS, MATCHES_WORDS, PERSON_WORDS, SEARCH_WORDS
from portal.staff_words import Words
from search_api.auth import app_settings

router = APIRouter(include_in_schema=False)
HEADER_MARK = "<!--staff-frame-header-->"
WORD_MARK = re.compile(r"\{\{(\w+)\}\}")  # {{key}} in a page's HTML: its word in the officer's language
CaseReader = Annotated[Officer, Depends(page_guard(SEARCH))]  # search and dossiers: whoever reads cases
ComplaintReader = Annotated[Officer, Depends(page_guard(COMPLAINTS))]
MatchReviewer = Annotated[Officer, Depends(page_guard(MATCHES))]


@router.get("/")
def home(request: Request, officer: OfficerDep) -> HTMLResponse:
    """The pages this officer may open (by the rules of ``records.access``); without a login, the login first."""
    return render_page(request, officer, "staff/home.html")


@router.get("/staff/staff.js")
def staff_script() -> Response:
    """What every staff page shares: the API helper with the session's CSRF token."""
    script = resources.files("portal").joinpath("static/staff.js").read_text(encoding="utf-8")
    return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.get("/staff/staff.css")
def staff_styles() -> Response:
    """The look every staff page shares (header, cards, forms, buttons, the match pair); pages add their own."""
    styles = resources.files("portal").joinpath("static/staff.css").read_text(encoding="utf-8")
    return Response(styles, media_type="text/css", headers={"Cache-Control": "no-cache"})


def _words_in(words: Words, language: str) -> dict[str, str]:
    """A page's words (and staff.js's) in one language, for the page's script."""
    return {key: hindi if language == "hi" else english for key, (english, hindi) in {**COMMON_WORDS, **words}.items()}


def _without(page: str, part: str) -> str:
    """``page`` without its part marked ``<!--part-->`` ... ``<!--/part-->`` (its script checks it is there)."""
    return re.sub(rf"<!--{part}-->.*?<!--/{part}-->", "", page, count=1, flags=re.DOTALL)


def _script_page(
    request: Request, officer: Officer, name: str, words: Words, left_out: tuple[str, ...] = ()
) -> HTMLResponse:
    """A static page of ``portal/static`` in the staff frame and the officer's language: its header, its words
    (``{{key}}`` in the HTML; ``WORDS`` and ``LANG`` for its script), and the session's CSRF token; the marked
    parts ``left_out`` are not sent."""
    language = language_of(request)
    chosen = _words_in(words, language)
    page = resources.files("portal").joinpath(f"static/{name}").read_text(encoding="utf-8")
    for part in left_out:
        page = _without(page, part)
    page = WORD_MARK.sub(lambda found: str(escape(chosen[found.group(1)])), page)
    script_words = json.dumps(chosen, ensure_ascii=False).replace("<", "\\u003c")  # safe inside <script>
    head = (
        Markup('<meta name="csrf-token" content="{}">\n<script>const LANG = "{}"; const WORDS = ').format(
            csrf_token(request), language
        )
        + Markup(script_words)
        + Markup(";</script>\n</head>")
    )
    page = page.replace('<html lang="en">', f'<html lang="{language}">', 1)
    page = page.replace("</head>", head, 1).replace(HEADER_MARK, header_html(request, officer), 1)
    return keep_language(request, HTMLResponse(page, headers={"Cache-Control": "no-store"}))  # type: ignore[return-value]


@router.get("/staff/search")
def search_page(request: Request, officer: CaseReader) -> HTMLResponse:
    """The search; its "Other states" part (the federated search) only on a node of a network."""
    in_network = app_settings(request).network_enabled
    return _script_page(request, officer, "staff_search.html", SEARCH_WORDS, () if in_network else ("other-states",))


@router.get("/staff/complaints")
def complaints_page(request: Request, officer: ComplaintReader) -> HTMLResponse:
    """The station's review queue of complaints filed online (acknowledge, assign, convert, close, transfer)."""
    return _script_page(request, officer, "staff_complaints.html", COMPLAINTS_WORDS)


@router.get("/staff/matches")
def matches_page(request: Request, officer: MatchReviewer) -> HTMLResponse:
    """The review queue of records that may be one person (confirm, reject, unmerge), and the officer's alerts."""
    return _script_page(request, officer, "staff_matches.html", MATCHES_WORDS)


@router.get("/staff/persons/{person_id}")
def person_page(request: Request, person_id: int, officer: CaseReader) -> HTMLResponse:
    """A person's dossier across linked records, with the associates graph (plain JavaScript and SVG)."""
    return _script_page(request, officer, "staff_person.html", PERSON_WORDS)
