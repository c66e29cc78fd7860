"""What the administration pages share: the administrator guard (``records.access``: administrators only),
rendering in their words, the choices of stations and districts, and answering after a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from portal.admin.words import ADMIN_WORDS
from portal.staff_frame import ADMIN, Officer, StaffPageError, page_guard, render
from records.models import PoliceDistrict, PoliceStation

AdminOfficer = Annotated[Officer, Depends(page_guard(ADMIN))]


@dataclass(frozen=True)
class Choice:
    value: str
    text: str


def admin_page(
    request: Request, officer: Officer, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """An administration page; ``done`` (a words key in the query) is the notice of the change just made."""
    done = request.query_params.get("done", "")
    notice = f"done_{done}" if f"done_{done}" in ADMIN_WORDS else ""
    return render(request, officer, template, words=ADMIN_WORDS, status_code=status_code, notice=notice, **context)


def after_change(path: str, done: str) -> RedirectResponse:
    """Back to the page after a change (POST, redirect, GET: a reload does not repeat it)."""
    return RedirectResponse(f"{path}?done={done}", status_code=303)


def text(form: FormData, name: str, limit: int = 200) -> str:
    """A text field of the form ("" if absent); too long is refused, never cut."""
    value = form.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if len(value) > limit:
        raise StaffPageError(422, "err_bad_form", f"{name}: at most {limit} characters", ADMIN_WORDS)
    return value


def found(session: Session, model: type[Any], row_id: int) -> Any:
    row = session.get(model, row_id)
    if row is None:
        raise StaffPageError(404, "err_not_found", words=ADMIN_WORDS)
    return row


def district_choices(session: Session, language: str) -> list[Choice]:
    rows = session.execute(
        sa.select(PoliceDistrict.code, PoliceDistrict.name_en, PoliceDistrict.name_hi).order_by(PoliceDistrict.name_en)
    )
    return [Choice(code, hi if language == "hi" else en) for code, en, hi in rows]


def station_choices(session: Session, language: str) -> dict[str, list[Choice]]:
    """The stations by district (for a ``<select>`` with one group a district), each named, valued by its code."""
    rows = session.execute(
        sa.select(
            PoliceStation.code,
            PoliceStation.name_en,
            PoliceStation.name_hi,
            PoliceDistrict.name_en,
            PoliceDistrict.name_hi,
        )
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .order_by(PoliceDistrict.name_en, PoliceStation.name_en)
    )
    groups: dict[str, list[Choice]] = {}
    for code, en, hi, district_en, district_hi in rows:
        groups.setdefault(district_hi if language == "hi" else district_en, []).append(
            Choice(code, hi if language == "hi" else en)
        )
    return groups
