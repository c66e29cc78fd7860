"""The station's steps on a complaint: acknowledge it, assign an enquiry officer, close it with a reason,
transfer it to the station with jurisdiction (where it waits as if received), or convert it to an FIR.

Every function works in the caller's transaction and never commits: the complaint, its history row, the
audit row and the SMS to the complainant commit together. A step the current status does not allow raises
``ComplaintConflict`` saying why and what is possible (``complaints.lifecycle``). Conversion registers the
FIR through ``cases.registration.register_fir``, the same code path as any FIR.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.orm import Session, selectinload

from cases.errors import FieldProblem, FirInputError
from cases.input import InputModel, PartyInput, PropertyInput, Required, SectionCitation, Short
from cases.registration import register_fir
from complaints.errors import ComplaintConflict, ComplaintInputError, ComplaintNotFound, Problem
from complaints.lifecycle import S, move, now_or, tell, why_not
from records.access import Jurisdiction
from records.audit import Actor
from records.models import Complaint, ComplaintEvent, Fir, InformationType, PoliceStation


def load_complaint(session: Session, complaint_id: int, *, for_update: bool = False) -> Complaint:
    query = sa.select(Complaint).where(Complaint.id == complaint_id).options(selectinload(Complaint.events))
    if for_update:
        query = query.with_for_update(of=Complaint)
    complaint = session.scalar(query)
    if complaint is None:
        raise ComplaintNotFound(f"no complaint has id {complaint_id}")
    return complaint


def acknowledge(
    session: Session, complaint: Complaint, *, actor: Actor, note: str | None = None, now: datetime | None = None
) -> ComplaintEvent:
    now = now_or(now)
    event = move(session, complaint, S.ACKNOWLEDGED, actor=actor, note=note, now=now)
    tell(session, complaint, "complaint_acknowledged", f"complaint:{complaint.id}:event:{event.id}")
    return event


def assign_enquiry_officer(
    session: Session,
    complaint: Complaint,
    *,
    officer_name: str,
    officer_rank: str | None,
    actor: Actor,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Name the officer who enquires into the complaint (again to re-assign it)."""
    now = now_or(now)
    officer = f"{officer_rank} {officer_name}" if officer_rank else officer_name
    event = move(session, complaint, S.ENQUIRY_ASSIGNED, actor=actor, note=f"enquiry officer: {officer}", now=now)
    complaint.enquiry_officer_name, complaint.enquiry_officer_rank = officer_name, officer_rank
    tell(session, complaint, "enquiry_assigned", f"complaint:{complaint.id}:event:{event.id}", officer=officer)
    return event


def close_complaint(
    session: Session, complaint: Complaint, *, reason: str, actor: Actor, now: datetime | None = None
) -> ComplaintEvent:
    """Close without an FIR (no cognizable offence, settled, withdrawn, ...); the reason is told to the citizen."""
    now = now_or(now)
    event = move(session, complaint, S.CLOSED, actor=actor, note=reason, now=now)
    complaint.closed_reason = reason
    tell(session, complaint, "complaint_closed", f"complaint:{complaint.id}:event:{event.id}", reason=reason)
    return event


def transfer_complaint(
    session: Session,
    complaint: Complaint,
    to_station: PoliceStation,
    *,
    reason: str | None,
    actor: Actor,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Send the complaint to the station with jurisdiction; it waits in that station's queue."""
    now = now_or(now)
    if to_station.id == complaint.station_id:
        raise ComplaintInputError(
            [Problem("to_station", "is the station the complaint is already with", "शिकायत पहले से इसी थाने में है")]
        )
    if not to_station.is_active:
        raise ComplaintInputError(
            [Problem("to_station", f"station {to_station.code} is not active", f"थाना {to_station.code} सक्रिय नहीं है")]
        )
    reason_text = why_not(complaint, S.TRANSFERRED)
    if reason_text:
        raise ComplaintConflict(reason_text)
    complaint.station_id = to_station.id
    note = f"transferred to {to_station.name_en} ({to_station.code})" + (f": {reason}" if reason else "")
    event = move(session, complaint, S.TRANSFERRED, actor=actor, note=note, now=now)
    tell(session, complaint, "complaint_transferred", f"complaint:{complaint.id}:event:{event.id}")
    return event


class ConversionInput(InputModel):
    """What the officer adds to the complaint to register it as an FIR; the rest comes from the complaint."""

    sections: Annotated[list[SectionCitation], Field(min_length=1, max_length=50)] = Field(
        description="Acts and sections the complaint discloses, e.g. BNS 303(2)"
    )
    brief_facts: Short(100_000) | None = Field(default=None, description="Default: the complaint's own words")
    accused: Annotated[list[PartyInput], Field(max_length=200)] = Field(default_factory=list)
    victims: Annotated[list[PartyInput], Field(max_length=100)] = Field(default_factory=list)
    properties: Annotated[list[PropertyInput], Field(max_length=200)] = Field(default_factory=list)
    gd_entry_number: Short(40) | None = None
    io_name: Short(120) | None = Field(default=None, description="Default: the enquiry officer")
    io_rank: Short(40) | None = None
    note: Short(1000) | None = None


class CloseInput(InputModel):
    reason: Required(1000) = Field(description="Why no FIR is registered; the complainant is told")


class AssignInput(InputModel):
    officer_name: Required(120)
    officer_rank: Short(40) | None = None


class TransferInput(InputModel):
    to_station: Required(24) = Field(description="Code of the station with jurisdiction")
    reason: Short(1000) | None = None


class AcknowledgeInput(InputModel):
    note: Short(1000) | None = None


def fir_input_from(complaint: Complaint, data: ConversionInput):  # type: ignore[no-untyped-def]
    """The FIR form pre-filled from the complaint: complainant, times, place, facts; the officer's additions."""
    from cases.input import FirInput

    try:
        return FirInput(
            information_type=InformationType.E_FIR,
            info_received_at=complaint.confirmed_at or complaint.created_at,
            occurrence_from=complaint.occurred_from,
            occurrence_to=complaint.occurred_to,
            gd_entry_number=data.gd_entry_number,
            place_address=complaint.place,
            sections=data.sections,
            complainant=PartyInput(
                name=complaint.complainant_name,
                relative_name=complaint.relative_name,
                address=complaint.address,
                mobile=complaint.mobile,
            ),
            accused=data.accused,
            victims=data.victims,
            properties=data.properties,
            brief_facts=data.brief_facts or complaint.description,
            io_name=data.io_name or complaint.enquiry_officer_name,
            io_rank=data.io_rank or (None if data.io_name else complaint.enquiry_officer_rank),
        )
    except ValueError as error:  # pydantic's ValidationError
        raise FirInputError([FieldProblem(("complaint",), str(error).splitlines()[0])]) from None


def convert_to_fir(
    session: Session,
    complaint: Complaint,
    data: ConversionInput,
    *,
    actor: Actor,
    access: Jurisdiction,
    now: datetime | None = None,
) -> Fir:
    """Register an FIR from the complaint at the station it is with, linked both ways; the citizen is told its
    number (and its investigating officer, if named). An accused or victim named by ``person_id`` must be one
    ``access`` may read (``register_fir`` checks it)."""
    now = now_or(now)
    reason = why_not(complaint, S.CONVERTED)
    if reason:
        raise ComplaintConflict(reason)
    fir = register_fir(
        session, fir_input_from(complaint, data), station_id=complaint.station_id, actor=actor, access=access, now=now
    )
    complaint.fir_id = fir.id
    note = f"FIR {fir.number} registered" + (f": {data.note}" if data.note else "")
    move(session, complaint, S.CONVERTED, actor=actor, note=note, now=now)
    tell(session, complaint, "fir_registered", f"fir:{fir.id}:registered", fir=fir.number)
    if fir.io_name:
        officer = f"{fir.io_rank} {fir.io_name}" if fir.io_rank else fir.io_name
        tell(session, complaint, "io_assigned", f"fir:{fir.id}:io:{fir.io_name}"[:100], fir=fir.number, officer=officer)
    return fir
