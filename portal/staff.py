"""The staff area's pages: the investigators' search page (a single page that calls the /api/v1 search API
with the officer's login, so it needs JavaScript, unlike the citizens' pages)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/staff/search")


@router.get("/staff/search")
def search_page() -> HTMLResponse:
    page = resources.files("portal").joinpath("static/staff_search.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})


@router.get("/staff/complaints")
def complaints_page() -> HTMLResponse:
    """The station's review queue of complaints filed online (acknowledge, assign, convert, close, transfer)."""
    page = resources.files("portal").joinpath("static/staff_complaints.html").read_text(encoding="utf-8")
    return HTMLResponse(page, headers={"Cache-Control": "no-cache"})
