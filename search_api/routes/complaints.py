"""The police side of complaints filed online: each station's review queue and the steps taken on a complaint.

Who may do what follows the FIR rules: station officers (and a station's API key) read and act on their own
station's complaints; district SPs read their district's; investigators and HQ read the state's. A step the
complaint's status does not allow is 409 with the reason; conversion registers the FIR through the same
code path as ``POST /api/v1/firs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
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
    ComplaintCategory,
    ComplaintStatus,
    Fir,
    PoliceStation,
)
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

router = APIRouter(prefix="/complaints", tags=["complaints"])
ComplaintId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The complaint's id")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated"},
    403: {"description": "Not allowed for this role or jurisdiction"},
    404: {"description": "No such complaint"},
    409: {"description": "The complaint's status does not allow this step; the body says why"},
    422: {"description": "Invalid input; the body names each field and why"},
}
# Sections an officer usually starts from for each kind of complaint (the staff page pre-fills them).
SUGGESTED_SECTIONS: dict[ComplaintCategory, list[dict[str, str]]] = {
    ComplaintCategory.THEFT: [{"act": "BNS", "section": "303(2)"}],
    ComplaintCategory.CYBER_FRAUD: [{"act": "BNS", "section": "318(4)"}],
    ComplaintCategory.CHEATING: [{"act": "BNS", "section": "318(4)"}],
    ComplaintCategory.ASSAULT: [{"act": "BNS", "section": "115(2)"}],
    ComplaintCategory.THREAT: [{"act": "BNS", "section": "351(2)"}],
    ComplaintCategory.HARASSMENT_OF_WOMEN: [{"act": "BNS", "section": "74"}],
    ComplaintCategory.SEXUAL_OFFENCE: [{"act": "BNS", "section": "64(1)"}],
    ComplaintCategory.CHILD_ABUSE: [{"act": "POCSO", "section": "4"}],
    ComplaintCategory.DOMESTIC_VIOLENCE: [{"act": "BNS", "section": "85"}],
    ComplaintCategory.MISSING_PERSON: [{"act": "BNS", "section": "137(2)"}],
}
VISIBLE = sa.and_(Complaint.status != ComplaintStatus.AWAITING_CONFIRMATION)


class ComplaintSummary(BaseModel):
    id: int
    tracking_number: str
    status: ComplaintStatus
    category: ComplaintCategory
    station: str = Field(description="The station's code")
    station_name: str = Field(description="The station's name, to show")
    complainant_name: str
    mobile: str
    place: str
    occurred_from: datetime | None
    received_at: datetime | None
    updated_at: datetime
    fir_id: int | None
    fir_number: str | None


class ComplaintEventOut(BaseModel):
    at: datetime
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus
    station: str | None
    user_id: int | None
    note: str | None


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size_bytes: int
    sha256: str


class ComplaintOut(ComplaintSummary):
    relative_name: str | None
    address: str
    email: str | None
    language: str
    occurred_to: datetime | None
    description: str
    enquiry_officer_name: str | None
    enquiry_officer_rank: str | None
    closed_reason: str | None
    filed_station: str
    filed_station_name: str
    allowed_steps: list[str]
    suggested_sections: list[dict[str, str]]
    attachments: list[AttachmentOut]
    history: list[ComplaintEventOut]


class ComplaintPage(BaseModel):
    items: list[ComplaintSummary]
    total: int


class ConversionOut(BaseModel):
    complaint: ComplaintOut
    fir_id: int
    fir_number: str


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


def _codes(session: Session, station_ids: set[int]) -> dict[int, str]:
    if not station_ids:
        return {}
    rows = session.execute(sa.select(PoliceStation.id, PoliceStation.code).where(PoliceStation.id.in_(station_ids)))
    return {station_id: code for station_id, code in rows}


def _names(session: Session, station_ids: set[int]) -> dict[int, str]:
    """Stations' English names, which the staff pages show (codes are for API calls)."""
    if not station_ids:
        return {}
    rows = session.execute(sa.select(PoliceStation.id, PoliceStation.name_en).where(PoliceStation.id.in_(station_ids)))
    return {station_id: name for station_id, name in rows}


def _fir_numbers(session: Session, fir_ids: set[int]) -> dict[int, str]:
    if not fir_ids:
        return {}
    return {fir.id: fir.number for fir in session.scalars(sa.select(Fir).where(Fir.id.in_(fir_ids)))}


def _summary_fields(
    complaint: Complaint, codes: dict[int, str], firs: dict[int, str], names: dict[int, str]
) -> dict[str, Any]:
    return {
        "id": complaint.id,
        "tracking_number": complaint.tracking_number,
        "status": complaint.status,
        "category": complaint.category,
        "station": codes.get(complaint.station_id, ""),
        "station_name": names.get(complaint.station_id, ""),
        "complainant_name": complaint.complainant_name,
        "mobile": complaint.mobile,
        "place": complaint.place,
        "occurred_from": complaint.occurred_from,
        "received_at": complaint.confirmed_at,
        "updated_at": complaint.updated_at,
        "fir_id": complaint.fir_id,
        "fir_number": firs.get(complaint.fir_id) if complaint.fir_id else None,
    }


def complaint_out(session: Session, complaint: Complaint) -> ComplaintOut:
    from complaints.lifecycle import STEP_NAMES, TRANSITIONS

    session.refresh(complaint)
    events = list(complaint.events)
    codes = _codes(
        session,
        {complaint.station_id, complaint.filed_station_id} | {e.station_id for e in events if e.station_id},
    )
    firs = _fir_numbers(session, {complaint.fir_id} if complaint.fir_id else set())
    return ComplaintOut(
        **_summary_fields(complaint, codes, firs, _names(session, {complaint.station_id, complaint.filed_station_id})),
        relative_name=complaint.relative_name,
        address=complaint.address,
        email=complaint.email,
        language=complaint.language,
        occurred_to=complaint.occurred_to,
        description=complaint.description,
        enquiry_officer_name=complaint.enquiry_officer_name,
        enquiry_officer_rank=complaint.enquiry_officer_rank,
        closed_reason=complaint.closed_reason,
        filed_station=codes.get(complaint.filed_station_id, ""),
        filed_station_name=_names(session, {complaint.filed_station_id}).get(complaint.filed_station_id, ""),
        allowed_steps=[
            STEP_NAMES[step] for step in sorted(TRANSITIONS[complaint.status], key=list(ComplaintStatus).index)
        ],
        suggested_sections=SUGGESTED_SECTIONS.get(complaint.category, []),
        attachments=[
            AttachmentOut(
                id=a.id, filename=a.filename, content_type=a.content_type, size_bytes=a.size_bytes, sha256=a.sha256
            )
            for a in complaint.attachments
        ],
        history=[
            ComplaintEventOut(
                at=e.at,
                from_status=e.from_status,
                to_status=e.to_status,
                station=codes.get(e.station_id) if e.station_id else None,
                user_id=e.user_id,
                note=e.note,
            )
            for e in events
        ],
    )


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
    codes = _codes(session, {c.station_id for c in rows})
    names = _names(session, {c.station_id for c in rows})
    firs = _fir_numbers(session, {c.fir_id for c in rows if c.fir_id})
    audit(session, request, principal, "list", "complaint", None, {"count": len(rows), "station": station})
    session.commit()
    return ComplaintPage(items=[ComplaintSummary(**_summary_fields(c, codes, firs, names)) for c in rows], total=total)


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
