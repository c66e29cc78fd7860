"""The complaint as the staff API shows it: response bodies of the complaint endpoints and their assembly
from the stored rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from complaints.lifecycle import STEP_NAMES, TRANSITIONS
from records.models import Complaint, ComplaintCategory, ComplaintStatus, Fir, PoliceStation

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


class ComplaintSummary(BaseModel):
    id: int
    tracking_number: str
    status: ComplaintStatus
    category: ComplaintCategory
    station: str = Field(description="The station's code")
    station_name: str = Field(description="The station's name, to show")
    station_name_hi: str = Field(default="", description="The station's name in Hindi")
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
    filed_station_name_hi: str = ""
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


def station_codes(session: Session, station_ids: set[int]) -> dict[int, str]:
    if not station_ids:
        return {}
    rows = session.execute(sa.select(PoliceStation.id, PoliceStation.code).where(PoliceStation.id.in_(station_ids)))
    return {station_id: code for station_id, code in rows}


def station_names(session: Session, station_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Stations' names in English and Hindi, which the staff pages show (codes are for API calls)."""
    if not station_ids:
        return {}
    rows = session.execute(
        sa.select(PoliceStation.id, PoliceStation.name_en, PoliceStation.name_hi).where(
            PoliceStation.id.in_(station_ids)
        )
    )
    return {station_id: (english, hindi) for station_id, english, hindi in rows}


def fir_numbers(session: Session, fir_ids: set[int]) -> dict[int, str]:
    if not fir_ids:
        return {}
    return {fir.id: fir.number for fir in session.scalars(sa.select(Fir).where(Fir.id.in_(fir_ids)))}


def summary_fields(
    complaint: Complaint, codes: dict[int, str], firs: dict[int, str], names: dict[int, tuple[str, str]]
) -> dict[str, Any]:
    return {
        "id": complaint.id,
        "tracking_number": complaint.tracking_number,
        "status": complaint.status,
        "category": complaint.category,
        "station": codes.get(complaint.station_id, ""),
        "station_name": names.get(complaint.station_id, ("", ""))[0],
        "station_name_hi": names.get(complaint.station_id, ("", ""))[1],
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
    session.refresh(complaint)
    events = list(complaint.events)
    codes = station_codes(
        session,
        {complaint.station_id, complaint.filed_station_id} | {e.station_id for e in events if e.station_id},
    )
    firs = fir_numbers(session, {complaint.fir_id} if complaint.fir_id else set())
    names = station_names(session, {complaint.station_id, complaint.filed_station_id})
    return ComplaintOut(
        **summary_fields(complaint, codes, firs, names),
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
        filed_station_name=names.get(complaint.filed_station_id, ("", ""))[0],
        filed_station_name_hi=names.get(complaint.filed_station_id, ("", ""))[1],
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
