"""The police side of complaints filed online: each station's review queue and the steps taken on a complaint.

Who may do what follows the FIR rules: station officers (and a station's API key) read and act on their own
station's complaints; district SPs read their district's; investigators and HQ read the state's. A step the
complaint's status does not allow is 409 with the reason; conversion registers the FIR through the same
code path as ``POST /api/v1/firs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session, selectinload

from complaints.errors import ComplaintConflict, ComplaintInputError, ComplaintNotFound
from complaints.service import (
    AcknowledgeInput,
    AssignInput,
    CloseInput,
    ConversionInput,
    TransferInput,
    acknowledge,
    assign_enquiry_officer,
    close_complaint,
    convert_to_fir,
    load_complaint,
    transfer_complaint,
)
from records.access import Place, place_of_station
from records.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintStatus,
    PoliceStation,
)
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep
from search_api.complaint_schemas import (
    ComplaintOut,
    ComplaintPage,
    ComplaintSummary,
    ConversionOut,
    complaint_out,
    fir_numbers,
    station_codes,
    station_names,
    summary_fields,
)
from search_api.dependencies import SessionDep
from search_api.errors import ApiError, error_responses

router = APIRouter(prefix="/complaints", tags=["complaints"])
ComplaintId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The complaint's id")]
ERRORS = error_responses(
    {
        401: "Not authenticated",
        403: "Not allowed for this role or jurisdiction",
        404: "No such complaint",
        409: "The complaint's status does not allow this step; the body says why",
        422: "Invalid input; the body names each field and why",
    }
)
VISIBLE = sa.and_(Complaint.status != ComplaintStatus.AWAITING_CONFIRMATION)


@contextmanager
def _as_api_errors() -> Iterator[None]:
    try:
        yield
    except ComplaintConflict as error:
        raise ApiError(409, str(error), problems=[(("body",), str(error))]) from None
    except ComplaintNotFound as error:
        raise ApiError(404, str(error), problems=[(("path",), str(error))]) from None
    except ComplaintInputError as error:
        raise ApiError(422, str(error), problems=[(("body", p.field), p.en) for p in error.problems]) from None


def _readable(session: Session, principal: Principal, complaint_id: int) -> Complaint:
    principal.access.require_read()
    with _as_api_errors():
        complaint = load_complaint(session, complaint_id)
    if complaint.status is ComplaintStatus.AWAITING_CONFIRMATION:
        raise ApiError(404, f"complaint {complaint_id} is not confirmed by its complainant yet")
    principal.access.require_read(place_of_station(session, complaint.station_id))
    return complaint


def _writable(session: Session, principal: Principal, complaint_id: int) -> Complaint:
    principal.access.require_write()
    with _as_api_errors():
        complaint = load_complaint(session, complaint_id, for_update=True)
    if complaint.status is ComplaintStatus.AWAITING_CONFIRMATION:
        raise ApiError(404, f"complaint {complaint_id} is not confirmed by its complainant yet")
    principal.access.require_write(place_of_station(session, complaint.station_id))
    return complaint


# ------------------------------------------------------------------------------------------------ routes


@router.get("", response_model=ComplaintPage, responses=ERRORS, summary="A station's review queue")
def list_complaints(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    status: Annotated[list[ComplaintStatus] | None, Query(description="Only these statuses")] = None,
    station: Annotated[str | None, Query(max_length=24, description="Station code (default: your own)")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ComplaintPage:
    """Complaints confirmed by their complainants, oldest waiting first. Station officers see their own station;
    district SPs their district; investigators and HQ any station (``station`` narrows)."""
    principal.access.require_read()
    query = sa.select(Complaint).where(VISIBLE)
    if station:
        row = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == station.upper()))
        if row is None:
            raise ApiError(422, f"no police station has code {station!r}", problems=[(("query", "station"), "unknown")])
        principal.access.require_read(Place(row.id, row.district_id, row.code))
        query = query.where(Complaint.station_id == row.id)
    query = query.where(principal.access.stations(Complaint.station_id))
    if status:
        query = query.where(Complaint.status.in_(status))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Complaint.updated_at, Complaint.id).limit(limit).offset(offset)).all()
    codes = station_codes(session, {c.station_id for c in rows})
    names = station_names(session, {c.station_id for c in rows})
    firs = fir_numbers(session, {c.fir_id for c in rows if c.fir_id})
    audit(session, request, principal, "list", "complaint", None, {"count": len(rows), "station": station})
    session.commit()
    return ComplaintPage(items=[ComplaintSummary(**summary_fields(c, codes, firs, names)) for c in rows], total=total)


@router.get("/{complaint_id}", response_model=ComplaintOut, responses=ERRORS, summary="One complaint")
def get_complaint(request: Request, session: SessionDep, principal: PrincipalDep, complaint_id: ComplaintId) -> Any:
    complaint = _readable(session, principal, complaint_id)
    out = complaint_out(session, complaint)
    audit(
        session, request, principal, "read", "complaint", complaint.id, {"tracking_number": complaint.tracking_number}
    )
    session.commit()
    return out


@router.get(
    "/{complaint_id}/attachments/{attachment_id}",
    responses={**ERRORS, 200: {"content": {"application/octet-stream": {}}}},
    summary="A file the complainant attached",
)
def get_attachment(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    complaint_id: ComplaintId,
    attachment_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
) -> Response:
    complaint = _readable(session, principal, complaint_id)
    attachment = session.scalar(
        sa.select(ComplaintAttachment)
        .where(ComplaintAttachment.id == attachment_id, ComplaintAttachment.complaint_id == complaint.id)
        .options(selectinload(ComplaintAttachment.complaint))
    )
    if attachment is None:
        raise ApiError(404, f"complaint {complaint_id} has no attachment {attachment_id}")
    audit(session, request, principal, "read_attachment", "complaint", complaint.id, {"attachment_id": attachment.id})
    session.commit()
    return Response(
        attachment.content,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="complaint-{complaint.id}-{attachment.id}'
            f'{attachment.filename[attachment.filename.rfind(".") :]}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


def _answer(session: Session, complaint: Complaint, status_code: int = 200) -> JSONResponse:
    session.commit()
    return JSONResponse(complaint_out(session, complaint).model_dump(mode="json"), status_code=status_code)


@router.post("/{complaint_id}/acknowledge", response_model=ComplaintOut, responses=ERRORS, summary="Acknowledge")
def acknowledge_route(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    complaint_id: ComplaintId,
    data: AcknowledgeInput | None = None,
) -> JSONResponse:
    complaint = _writable(session, principal, complaint_id)
    with _as_api_errors():
        acknowledge(session, complaint, actor=principal.actor(request), note=data.note if data else None)
    return _answer(session, complaint)


@router.post(
    "/{complaint_id}/assign", response_model=ComplaintOut, responses=ERRORS, summary="Assign an enquiry officer"
)
def assign_route(
    request: Request, session: SessionDep, principal: PrincipalDep, complaint_id: ComplaintId, data: AssignInput
) -> JSONResponse:
    complaint = _writable(session, principal, complaint_id)
    with _as_api_errors():
        assign_enquiry_officer(
            session,
            complaint,
            officer_name=data.officer_name,
            officer_rank=data.officer_rank,
            actor=principal.actor(request),
        )
    return _answer(session, complaint)


@router.post("/{complaint_id}/close", response_model=ComplaintOut, responses=ERRORS, summary="Close with a reason")
def close_route(
    request: Request, session: SessionDep, principal: PrincipalDep, complaint_id: ComplaintId, data: CloseInput
) -> JSONResponse:
    complaint = _writable(session, principal, complaint_id)
    with _as_api_errors():
        close_complaint(session, complaint, reason=data.reason, actor=principal.actor(request))
    return _answer(session, complaint)


@router.post("/{complaint_id}/transfer", response_model=ComplaintOut, responses=ERRORS, summary="Transfer")
def transfer_route(
    request: Request, session: SessionDep, principal: PrincipalDep, complaint_id: ComplaintId, data: TransferInput
) -> JSONResponse:
    complaint = _writable(session, principal, complaint_id)
    to_station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == data.to_station.upper()))
    if to_station is None:
        message = f"no police station has code {data.to_station!r}"
        raise ApiError(422, message, problems=[(("body", "to_station"), message)])
    with _as_api_errors():
        transfer_complaint(session, complaint, to_station, reason=data.reason, actor=principal.actor(request))
    return _answer(session, complaint)


@router.post(
    "/{complaint_id}/convert",
    response_model=ConversionOut,
    status_code=201,
    responses=ERRORS,
    summary="Register an FIR from the complaint",
)
def convert_route(
    request: Request, session: SessionDep, principal: PrincipalDep, complaint_id: ComplaintId, data: ConversionInput
) -> JSONResponse:
    """Registers an FIR at the complaint's station, pre-filled from the complaint (complainant, times, place,
    facts) with the sections and any accused the officer adds; the FIR and the complaint point to each other,
    and the complainant gets an SMS with the FIR's number."""
    complaint = _writable(session, principal, complaint_id)
    with _as_api_errors():
        fir = convert_to_fir(session, complaint, data, actor=principal.actor(request), access=principal.access)
    fir_id, number = fir.id, fir.number
    session.commit()
    body = ConversionOut(complaint=complaint_out(session, complaint), fir_id=fir_id, fir_number=number)
    return JSONResponse(body.model_dump(mode="json"), status_code=201, headers={"Location": f"/api/v1/firs/{fir_id}"})
