"""FIR endpoints: register, list, read, correct and print an FIR (what happens to it later:
``search_api.routes.fir_events``).

Each write is one transaction: the record, its status history, its audit rows, its outbox rows and (with an
``Idempotency-Key``) the stored answer commit together. Reads of an FIR (which holds people's details) are
audited too.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cases import update_fir
from cases.input import Day, FirPatch
from cases.normalise import normalise_section_number
from cases.reading.fir import FirView, fir_view
from cases.reading.fir_list import FirFilter, fir_page
from cases.registration import register_fir_view
from records.access import Place, place_of_station
from records.models import Act, CrimeHead, Fir, FirStatus, PoliceDistrict, PoliceStation
from records.victim_identity import protects_victim
from search_api.audit import audit
from search_api.auth import Credentials, CredentialsDep, PrincipalDep, principal_of
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.fir_http import (
    ERRORS,
    FirId,
    IdempotencyKeyHeader,
    IfMatchHeader,
    body_of,
    etag,
    fir_response,
    idempotent_write,
    readable_fir,
    writable_fir,
)
from search_api.fir_schemas import FirInput, FirOut, FirPage, FirSummary, fir_out
from search_api.lookups import lookup_code
from search_api.print_pdf import render_fir_pdf
from search_api.print_view import render_fir_print
from search_api.schemas import from_row

router = APIRouter(prefix="/firs", tags=["FIRs"])


@router.post(
    "",
    status_code=201,
    response_model=FirOut,
    responses=ERRORS,
    summary="Register an FIR",
)
async def register(
    request: Request,
    session: SessionDep,
    sent: CredentialsDep,
    data: FirInput,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Register an FIR with everything the IIF-I form holds, in one request. It gets the next number of its
    station's series for the year. Persons are linked by ``person_id`` or created. With an
    ``Idempotency-Key``, retries return the first answer and register nothing new. Fields that GET returns
    but POST does not take: ``SERVER_ASSIGNED_FIELDS`` in ``search_api/fir_schemas.py``."""
    # The caller is checked, the FIR written and the answer built in one thread: one hop from the event loop per
    # registration (see ``search_api.dependencies``).
    return await run_in_threadpool(_register, request, session, sent, data, idempotency_key)


def _register(
    request: Request, session: Session, sent: Credentials, data: FirInput, idempotency_key: str | None
) -> Response:
    principal = principal_of(request, session, sent)
    principal.access.require_write()
    station_id = principal.station_id
    if data.station is not None:
        station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == data.station.upper()))
        if station is None:
            message = f"no police station has code {data.station!r}"
            raise ApiError(422, message, problems=[(("body", "station"), message)])
        principal.access.require_write(place_of_station(session, station.id))
        station_id = station.id
    assert station_id is not None

    def write() -> tuple[FirView, int]:
        view = register_fir_view(
            session, data, station_id=station_id, actor=principal.actor(request), access=principal.access
        )
        return view, 201

    # The request's body is only needed for an Idempotency-Key's fingerprint.
    request_body = data.model_dump(mode="json") if idempotency_key is not None else None
    return idempotent_write(request, session, principal, idempotency_key, request_body, write)


def _encode_cursor(registered_at: datetime, fir_id: int) -> str:
    raw = json.dumps([registered_at.isoformat(), fir_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, fir_id = json.loads(raw)
        parsed = datetime.fromisoformat(moment)
        if not isinstance(fir_id, int) or parsed.tzinfo is None:
            raise ValueError
        return parsed, fir_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        message = "is not a cursor this API issued; pass next_cursor from the previous page unchanged"
        raise ApiError(422, f"cursor {message}", problems=[(("query", "cursor"), message)]) from None


@router.get("", response_model=FirPage, responses=ERRORS, summary="List FIRs")
def list_firs(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    station: Annotated[str | None, Query(max_length=24, description="Station code")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District code")] = None,
    registered_from: Annotated[Day | None, Query(description="First day of registration (IST)")] = None,
    registered_to: Annotated[Day | None, Query(description="Last day of registration (IST)")] = None,
    status: FirStatus | None = None,
    act: Annotated[str | None, Query(max_length=24, description="Act code; with section, one section")] = None,
    section: Annotated[str | None, Query(max_length=24, description="Section number (needs act)")] = None,
    crime_head: Annotated[str | None, Query(max_length=40, description="NCRB crime head code")] = None,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FirPage:
    """FIRs newest first, within the caller's jurisdiction, filtered; cursor pagination on (registered_at, id)."""
    principal.access.require_read()
    chosen = FirFilter(registered_from=registered_from, registered_to=registered_to, status=status)
    if station is not None:
        found = lookup_code(session, PoliceStation, station, "station")
        principal.access.require_read(Place(found.id, found.district_id, found.code))
        chosen = dataclasses.replace(chosen, station_id=found.id)
    if district is not None:
        found_district = lookup_code(session, PoliceDistrict, district, "district")
        principal.access.require_read_district(found_district.id, found_district.code)
        chosen = dataclasses.replace(chosen, district_id=found_district.id)
    if section is not None and act is None:
        message = "give act too: section numbers repeat across acts (e.g. act=BNS&section=103(1))"
        raise ApiError(422, message, problems=[(("query", "act"), message)])
    if act is not None:
        number = normalise_section_number(section) if section is not None else None
        chosen = dataclasses.replace(chosen, act_id=lookup_code(session, Act, act, "act").id, section_number=number)
    if crime_head is not None:
        chosen = dataclasses.replace(chosen, crime_head_id=lookup_code(session, CrimeHead, crime_head, "crime_head").id)
    after = _decode_cursor(cursor) if cursor is not None else None
    rows, more = fir_page(session, principal.access.stations(Fir.station_id), chosen, after=after, limit=limit)
    items = [
        from_row(
            FirSummary,
            row.fir,
            station=row.station_code,
            district=row.district_code,
            sections=[c.label for c in row.sections],
            crime_heads=row.crime_heads,
        )
        for row in rows
    ]
    next_cursor = _encode_cursor(rows[-1].fir.registered_at, rows[-1].fir.id) if more and rows else None
    filters = {
        "station": station,
        "district": district,
        "status": status,
        "act": act,
        "section": section,
        "crime_head": crime_head,
        "registered_from": registered_from,
        "registered_to": registered_to,
    }
    detail = {"filters": {k: str(v) for k, v in filters.items() if v is not None}, "returned": len(items)}
    audit(session, request, principal, "list", "fir", None, detail)
    session.commit()
    return FirPage(items=items, limit=limit, next_cursor=next_cursor)


@router.get("/{fir_id}", response_model=FirOut, responses=ERRORS, summary="Read one FIR")
def read_fir(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> JSONResponse:
    """The whole FIR with its people, arrests, seizures, final reports, court results and status history.
    The ``ETag`` header is what ``If-Match`` takes for a change."""
    fir = readable_fir(session, principal, fir_id)
    view = fir_view(session, fir)
    audit(session, request, principal, "read", "fir", fir.id, {"number": fir.number, "person_ids": view.person_ids})
    session.commit()
    return JSONResponse(body_of(fir_out(view)), headers={"ETag": etag(fir)})


@router.patch("/{fir_id}", response_model=FirOut, responses={**ERRORS, 428: {"description": "If-Match missing"}})
def correct_fir(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    patch: FirPatch,
    if_match: IfMatchHeader = None,
) -> JSONResponse:
    """Correct fields of an FIR (only those sent change). Needs ``If-Match`` with the current ETag; a stale
    one gets 409 saying the FIR changed since it was read."""
    fir = writable_fir(session, principal, fir_id, if_match, required=True)
    update_fir(session, fir, patch, actor=principal.actor(request))
    response, _ = fir_response(session, fir)
    session.commit()
    return response


def _copy_of(
    request: Request, session: SessionDep, principal: PrincipalDep, fir_id: int, action: str
) -> tuple[Fir, FirView, bool]:
    """The FIR for a copy (HTML or PDF): readable by the caller, whether it withholds the victim's identity; the
    copy is audited (``action``) naming the people it shows."""
    fir = readable_fir(session, principal, fir_id)
    view = fir_view(session, fir)
    withheld = protects_victim(session, fir_id=fir.id)
    details = {"number": fir.number, "person_ids": [] if withheld else view.person_ids, "victim_withheld": withheld}
    audit(session, request, principal, action, "fir", fir.id, details)
    return fir, view, withheld


@router.get(
    "/{fir_id}/print",
    response_class=HTMLResponse,
    responses={**ERRORS, 200: {"content": {"text/html": {}}, "description": "Printable FIR copy"}},
    summary="Printable FIR copy (HTML)",
)
def print_fir(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> HTMLResponse:
    """The FIR in the standard IIF-I layout, Hindi and English, for the complainant's free copy."""
    fir, view, withheld = _copy_of(request, session, principal, fir_id, "print")
    html = render_fir_print(
        fir_out(view), station=view.station, district=view.district, sections=view.sections, withheld=withheld
    )
    session.commit()
    return HTMLResponse(html, headers={"ETag": etag(fir)})


@router.get(
    "/{fir_id}/copy.pdf",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"application/pdf": {}}, "description": "The FIR copy as a PDF file"}},
    summary="FIR copy (PDF)",
)
def fir_copy_pdf(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> Response:
    """The same copy as ``/print`` as a PDF file (A4, Hindi and English, Devanagari shaped, amounts as
    Rs 1,20,000); in a case protecting its victim the names, addresses, place and facts are left out."""
    fir, view, withheld = _copy_of(request, session, principal, fir_id, "print_pdf")
    pdf = render_fir_pdf(
        fir_out(view), station=view.station, district=view.district, sections=view.sections, withheld=withheld
    )
    session.commit()
    name = f"FIR-{view.station.code}-{fir.serial}-{fir.year}.pdf"
    headers = {"ETag": etag(fir), "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(pdf, media_type="application/pdf", headers=headers)
