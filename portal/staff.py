"""The staff area's pages: the investigators' search page (a single page that calls the /api/v1 search API
with the officer's login, so it needs JavaScript, unlike the citizens' pages)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/staff/search")


@router.get("/staff/staff.js")
def staff_script() -> Response:
    """What every staff page shares: the API helper with the officer's token, and the login form."""
    script = resources.files("portal").joinpath("static/staff.js").read_text(encoding="utf-8")
    return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.get("/staff/staff.css")
def staff_styles() -> Response:
    """The look every staff page shares (header, cards, forms, buttons, the match pair); pages add their own."""
    styles = resources.files("portal").joinpath("static/staff.css").read_text(encoding="utf-8")
    return Response(styles, media_type="text/css", headers={"Cache-Control": "no-cache"})


@router.get("/staff/search")
def search_page() -> HTMLResponse:
    page = resources.files("portal").joinpath("static/staff_search.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.get("/staff/complaints")
def complaints_page() -> HTMLResponse:
    """The station's review queue of complaints filed online (acknowledge, assign, convert, close, transfer)."""
    page = resources.files("portal").joinpath("static/staff_complaints.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.get("/staff/matches")
def matches_page() -> HTMLResponse:
    """The review queue of records that may be one person (confirm, reject, unmerge), and the officer's alerts."""
    page = resources.files("portal").joinpath("static/staff_matches.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.get("/staff/persons/{person_id}")
def person_page(person_id: int) -> HTMLResponse:
    """A person's dossier across linked records, with the associates graph (plain JavaScript and SVG)."""
    page = resources.files("portal").joinpath("static/staff_person.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
