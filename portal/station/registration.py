"""Registering an FIR on a screen, ``/station/firs/new``: the IIF-I form as a duty officer fills it. It is written
by the same command as ``POST /api/v1/firs`` (``cases.register_fir`` on a ``cases.input.FirInput``), read from
the posted fields by ``portal.station.fir_form``; each problem is shown next to its field, in the officer's
language. Without JavaScript every part works (rows are added by the server); with it, rows are added in place,
sections are picked as one types (``GET /api/v1/sections/search``) and an unsent draft is kept in the browser."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from cases import FirInputError, fir_parties, register_fir
from cases.input import IST
from cases.reading.sections import citations_of
from portal.i18n import language_of
from portal.staff_frame import STATION, Officer, StaffForm, StaffSession, page_guard, render
from portal.station.fir_form import (
    PARTY_FIELDS,
    PROPERTY_FIELDS,
    UNKNOWN_COUNT,
    UNKNOWN_DESCRIPTION,
    FormReading,
    problems_by_field,
    read_form,
    row_indexes,
    validated,
)
from portal.station.registration_words import FORM_WORDS
from records.access import Forbidden, place_of_station
from records.models import Direction, Fir, Gender, InformationType, PropertyKind, RelationKind
from search_api import idempotency
from search_api.errors import ApiError

router = APIRouter(include_in_schema=False)
StationOfficer = Annotated[Officer, Depends(page_guard(STATION))]
PATH = "/station/firs/new"
FIRST_ROWS = {"sections": 2, "accused": 1, "victims": 1, "properties": 1}
GROUPS = ("sections", "accused", "victims", "properties")
# A key per form shown, sent back with it: the form sent twice (a double click without JavaScript, a resend after
# a lost answer) registers one FIR, through the API's Idempotency-Key store.
FORM_KEY = "form_key"


def _rows(form: dict[str, str], added: str | None = None) -> dict[str, list[int]]:
    """The row numbers to show for each list: those the form had (at least the first few), and one more of
    ``added``."""
    found = row_indexes(form) if form else {}
    rows: dict[str, list[int]] = {}
    for group in GROUPS:
        have = found.get(group) or []
        indexes = have or list(range(FIRST_ROWS[group]))
        if group == added:
            indexes = [*indexes, (max(indexes) + 1) if indexes else 0]
        rows[group] = indexes
    return rows


def _now_field() -> str:
    return datetime.now(IST).strftime("%Y-%m-%dT%H:%M")


ROW_WORDS = {"accused": "accused_n", "victims": "victim_n", "properties": "property_n"}
FIELD_WORDS = {UNKNOWN_COUNT: "unknown_count", UNKNOWN_DESCRIPTION: "unknown_description"}


def field_label(name: str, language: str) -> str:
    """What the officer reads as the field's name in the list of problems: "Accused A2 — Mobile"."""
    pick = 1 if language == "hi" else 0
    parts = name.split(".")
    if not name:
        return FORM_WORDS["general_problem"][pick]
    if parts[0] == "sections":
        return FORM_WORDS["section_n"][pick].format(n=int(parts[1]) + 1)
    if parts[0] in ROW_WORDS:
        row = FORM_WORDS[ROW_WORDS[parts[0]]][pick].format(n=int(parts[1]) + 1)
        return f"{row} — {FORM_WORDS[parts[2]][pick]}"
    if parts[0] == "complainant":
        return f"{FORM_WORDS['complainant'][pick].split(' ', 1)[1]} — {FORM_WORDS[parts[1]][pick]}"
    return FORM_WORDS[FIELD_WORDS.get(name, name)][pick]


def _form_page(
    request: Request,
    officer: Officer,
    values: dict[str, str],
    *,
    problems: dict[str, list[tuple[str, str]]] | None = None,
    added: str | None = None,
    saved: dict[str, Any] | None = None,
    status_code: int = 200,
    form_key: str | None = None,
) -> HTMLResponse:
    language = language_of(request)
    pick = 1 if language == "hi" else 0
    shown = {name: [pair[pick] for pair in pairs] for name, pairs in (problems or {}).items()}
    labels = {name: field_label(name, language) for name in shown}
    return render(
        request,
        officer,
        "station/fir_new.html",
        words=FORM_WORDS,
        status_code=status_code,
        values=values,
        rows=_rows(values, added),
        problems=shown,
        problem_labels=labels,
        form_key=form_key or str(uuid.uuid4()),
        saved=saved,
        added=added,
        party_fields=PARTY_FIELDS,
        property_fields=PROPERTY_FIELDS,
        unknown_count=UNKNOWN_COUNT,
        unknown_description=UNKNOWN_DESCRIPTION,
        information_types=list(InformationType),
        directions=list(Direction),
        genders=list(Gender),
        relations=[RelationKind.FATHER, RelationKind.HUSBAND, RelationKind.MOTHER, RelationKind.GUARDIAN],
        property_kinds=list(PropertyKind),
    )


def _saved(request: Request, session: StaffSession, officer: Officer, fir_id: int) -> dict[str, Any] | None:
    """The FIR just registered, to announce; None if it is not one the officer may read."""
    fir = session.get(Fir, fir_id)
    if fir is None or officer.access.read_refusal(place_of_station(session, fir.station_id)):
        return None
    parties = fir_parties(session, fir.id)
    detail = {"number": fir.number, "person_ids": sorted({party.person_id for party in parties})}
    officer.principal.actor(request).audit(session, "read", "fir", fir.id, detail)  # people's details shown
    session.commit()
    return {
        "id": fir.id,
        "number": fir.number,
        "registered_at": fir.registered_at,
        "sections": [c.label for c in citations_of(session, fir.id)],
        "parties": parties,  # as registered: the name and the relative's, split
    }


@router.get(PATH, response_class=HTMLResponse)
def new_fir(
    request: Request,
    session: StaffSession,
    officer: StationOfficer,
    saved: int | None = None,
) -> HTMLResponse:
    """The empty form (with the time of information set to now); after a registration, its number on top."""
    announced = _saved(request, session, officer, saved) if saved is not None and 0 < saved < 2**62 else None
    return _form_page(request, officer, {"info_received_at": _now_field()}, saved=announced)


@router.post(PATH, response_class=HTMLResponse)
def register(
    request: Request,
    session: StaffSession,
    form: StaffForm,
    officer: StationOfficer,
) -> Response:
    """Register the FIR, or show the form again with each problem next to its field (or with one more row,
    when the officer asked for one without JavaScript)."""
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    added = values.pop("add", None)
    key = values.pop(FORM_KEY, "") or None
    if added in GROUPS:
        return _form_page(request, officer, values, added=added, form_key=key)
    reading: FormReading = read_form(values)
    data, invalid = validated(reading)
    if data is None or reading.problems:
        found = problems_by_field(reading, invalid=invalid)
        return _form_page(request, officer, values, problems=found, status_code=422, form_key=key)
    assert officer.station_id is not None  # the STATION page rule admits station officers only
    try:
        claim = idempotency.claim(session, request, officer.principal, key, reading.body) if key else None
        if claim is not None and claim.replay is not None:  # sent before: show what it registered
            session.rollback()
            return RedirectResponse(claim.replay.headers.get("Location", PATH), status_code=303)
        fir = register_fir(
            session,
            data,
            station_id=officer.station_id,
            actor=officer.principal.actor(request),
            access=officer.access,
            now=datetime.now(UTC),
        )
    except FirInputError as error:
        session.rollback()
        found = problems_by_field(reading, domain=error.problems)
        return _form_page(request, officer, values, problems=found, status_code=422, form_key=key)
    except (Forbidden, ApiError) as refused:  # ApiError: this form's key was used for other content
        session.rollback()
        why = (str(refused), str(refused))
        if isinstance(refused, ApiError) and refused.status == 422:
            why = FORM_WORDS["sent_before"]
        return _form_page(request, officer, values, problems={"": [why]}, status_code=refused_status(refused))
    session.flush()
    location = f"{PATH}?saved={fir.id}"
    if claim is not None:
        idempotency.store(session, claim, JSONResponse({}, headers={"Location": location}), {"fir_id": fir.id})
    session.commit()
    return RedirectResponse(location, status_code=303)


def refused_status(refused: Exception) -> int:
    return refused.status if isinstance(refused, ApiError) else 403


@router.get("/station/fir-form.js")
def form_script() -> Response:
    """The form's enhancements: rows added in place, the sections picker, the draft kept in the browser."""
    script = resources.files("portal").joinpath("static/station_fir_form.js").read_text(encoding="utf-8")
    return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})
