"""The staff area's entrance and its JavaScript pages: ``/`` (the pages this officer may open), the search,
complaints, matches and person pages (single pages that call the /api/v1 API from the browser with the session
cookie of the one staff login, so they need JavaScript, unlike the citizens' pages), and what they share."""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from portal.staff_frame import COMPLAINTS, MATCHES, SEARCH, Officer, OfficerDep, csrf_token, header_html, page_guard
from portal.staff_frame import render as render_page

router = APIRouter(include_in_schema=False)
HEADER_MARK = "<!--staff-frame-header-->"
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


def _script_page(request: Request, officer: Officer, name: str) -> HTMLResponse:
    """A static page of ``portal/static`` in the staff frame: its header, and the session's CSRF token."""
    page = resources.files("portal").joinpath(f"static/{name}").read_text(encoding="utf-8")
    meta = Markup('<meta name="csrf-token" content="{}">\n</head>').format(csrf_token(request))
    page = page.replace("</head>", meta, 1).replace(HEADER_MARK, header_html(request, officer), 1)
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/staff/search")
def search_page(request: Request, officer: CaseReader) -> HTMLResponse:
    return _script_page(request, officer, "staff_search.html")


@router.get("/staff/complaints")
def complaints_page(request: Request, officer: ComplaintReader) -> HTMLResponse:
    """The station's review queue of complaints filed online (acknowledge, assign, convert, close, transfer)."""
    return _script_page(request, officer, "staff_complaints.html")


@router.get("/staff/matches")
def matches_page(request: Request, officer: MatchReviewer) -> HTMLResponse:
    """The review queue of records that may be one person (confirm, reject, unmerge), and the officer's alerts."""
    return _script_page(request, officer, "staff_matches.html")


@router.get("/staff/persons/{person_id}")
def person_page(request: Request, person_id: int, officer: CaseReader) -> HTMLResponse:
    """A person's dossier across linked records, with the associates graph (plain JavaScript and SVG)."""
    return _script_page(request, officer, "staff_person.html")
