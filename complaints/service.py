"""A complaint's life: filed (awaiting the code sent to the mobile), received, acknowledged, enquiry officer
assigned, then converted to an FIR, closed with a reason, or transferred to another station (where it waits
as if received).

Every function works in the caller's transaction and never commits: the complaint, its history row, the
audit row and the SMS to the complainant commit together. A step the current status does not allow raises
``ComplaintConflict`` saying why and what is possible. Conversion registers the FIR through
``cases.registration.register_fir``, the same code path as any FIR.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.orm import Session, selectinload

from cases.errors import FieldProblem, FirInputError
from cases.input import InputModel, PartyInput, PropertyInput, Required, SectionCitation, Short
from cases.registration import register_fir
from complaints.attachments import CheckedFile
from complaints.errors import ComplaintConflict, ComplaintInputError, ComplaintNotFound, Problem
from complaints.input import ComplaintForm
from records.access import Jurisdiction
from records.audit import Actor
from records.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintStatus,
    Fir,
    InformationType,
    PoliceStation,
)
from records.sms_queue import WITHHELD_REASON, queue_sms
from records.victim_identity import protects_victim

S = ComplaintStatus
TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    S.AWAITING_CONFIRMATION: frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.ACKNOWLEDGED, S.TRANSFERRED, S.CLOSED}),
    S.TRANSFERRED: frozenset({S.ACKNOWLEDGED, S.TRANSFERRED, S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.ENQUIRY_ASSIGNED, S.CONVERTED, S.TRANSFERRED, S.CLOSED}),
    S.ENQUIRY_ASSIGNED: frozenset({S.ENQUIRY_ASSIGNED, S.CONVERTED, S.TRANSFERRED, S.CLOSED}),
    S.CONVERTED: frozenset(),
    S.CLOSED: frozenset(),
}
FINAL = frozenset({S.CONVERTED, S.CLOSED})
STEP_NAMES = {
    S.RECEIVED: "confirm it with the code sent by SMS",
    S.ACKNOWLEDGED: "acknowledge",
    S.ENQUIRY_ASSIGNED: "assign an enquiry officer",
    S.CONVERTED: "convert to an FIR",
    S.CLOSED: "close",
    S.TRANSFERRED: "transfer",
}
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def why_not(complaint: Complaint, to: ComplaintStatus) -> str | None:
    """None if the complaint may take the step to ``to``; otherwise the reason, in one sentence."""
    current = complaint.status
    if to in TRANSITIONS[current]:
        return None
    label = f"complaint {complaint.tracking_number}"
    if current in FINAL:
        done = f"was converted to an FIR (id {complaint.fir_id})" if current is S.CONVERTED else "is closed"
        return f"{label} {done}, which is final; it cannot {STEP_NAMES[to]} any more"
    if current is S.AWAITING_CONFIRMATION:
        return f"{label} is not confirmed yet: the complainant must first enter the code sent to their mobile"
    allowed = ", ".join(STEP_NAMES[step] for step in sorted(TRANSITIONS[current], key=list(S).index))
    reason = f"{label} is {current.value} and cannot {STEP_NAMES[to]} now; from {current.value} you may: {allowed}"
    if to in {S.ENQUIRY_ASSIGNED, S.CONVERTED}:
        reason += " (acknowledge it first)"
    return reason


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _move(
    session: Session,
    complaint: Complaint,
    to: ComplaintStatus,
    *,
    actor: Actor | None,
    note: str | None,
    now: datetime,
) -> ComplaintEvent:
    reason = why_not(complaint, to)
    if reason:
        raise ComplaintConflict(reason)
    event = ComplaintEvent(
        complaint_id=complaint.id,
        from_status=complaint.status,
        to_status=to,
        at=now,
        user_id=actor.user_id if actor else None,
        station_id=complaint.station_id,
        note=note,
    )
    complaint.status = to
    complaint.updated_at = now
    session.add(event)
    session.flush()
    if actor is not None:
        actor.audit(
            session,
            f"complaint_{to.value}"[:40],
            "complaint",
            complaint.id,
            {"tracking_number": complaint.tracking_number, "to": to.value, "note": note},
        )
    return event


def _station_name(session: Session, station_id: int, language: str) -> str:
    station = session.get(PoliceStation, station_id)
    assert station is not None
    return station.name_hi if language == "hi" else station.name_en


def _tell(session: Session, complaint: Complaint, kind: str, key: str, **values: object) -> None:
    """Queue SMS ``kind`` to the complainant; in a case protecting its victim the station's free text (a
    closing reason, which may tell names or facts) is replaced by a pointer to the police station."""
    if "reason" in values and protects_victim(session, complaint=complaint):
        values["reason"] = WITHHELD_REASON["hi" if complaint.language == "hi" else "en"]
    queue_sms(
        session,
        key=key,
        to=complaint.mobile,
        kind=kind,
        language=complaint.language,
        complaint_id=complaint.id,
        fir_id=complaint.fir_id,
        tracking=complaint.tracking_number,
        station=_station_name(session, complaint.station_id, complaint.language),
        **values,
    )


# ---------------------------------------------------------------------------------------------- the citizen


CITIZEN = Actor(via="citizen portal")  # who files and confirms a complaint, in the audit log


def new_tracking_number(now: datetime) -> str:
    """``CMP-26-XXXXXXXX``: the year and eight random characters (40 bits), so numbers cannot be guessed."""
    return f"CMP-{now:%y}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


def file_complaint(
    session: Session,
    form: ComplaintForm,
    files: list[CheckedFile],
    *,
    submitted_from: str | None = None,
    now: datetime | None = None,
) -> Complaint:
    """Store a checked complaint with its files; it waits for the mobile number to be confirmed."""
    now = _now(now)
    complaint = Complaint(
        tracking_number=new_tracking_number(now),
        station_id=form.station_id,
        filed_station_id=form.station_id,
        status=S.AWAITING_CONFIRMATION,
        category=form.category,
        complainant_name=form.name,
        relative_name=form.relative_name,
        mobile=form.mobile,
        address=form.address,
        email=form.email,
        language=form.language,
        occurred_from=form.occurred_from,
        occurred_to=form.occurred_to,
        place=form.place,
        description=form.description,
        submitted_from=(submitted_from or "")[:45] or None,
        created_at=now,
        updated_at=now,
    )
    complaint.attachments = [
        ComplaintAttachment(
            filename=item.filename,
            content_type=item.content_type,
            size_bytes=len(item.content),
            sha256=item.sha256,
            content=item.content,
        )
        for item in files
    ]
    session.add(complaint)
    session.flush()
    session.add(
        ComplaintEvent(
            complaint_id=complaint.id,
            from_status=None,
            to_status=S.AWAITING_CONFIRMATION,
            at=now,
            station_id=complaint.station_id,
        )
    )
    CITIZEN.audit(session, "file", "complaint", complaint.id, {"tracking_number": complaint.tracking_number})
    return complaint


UNCONFIRMED_KEPT_DAYS = 3


def purge_unconfirmed(session: Session, *, now: datetime | None = None) -> int:
    """Delete complaints whose mobile number was never confirmed within ``UNCONFIRMED_KEPT_DAYS`` days (with
    their files and codes; their code SMS stay, unlinked); returns how many. Never commits."""
    cutoff = _now(now) - timedelta(days=UNCONFIRMED_KEPT_DAYS)
    result = session.execute(
        sa.delete(Complaint).where(Complaint.status == S.AWAITING_CONFIRMATION, Complaint.created_at < cutoff)
    )
    return result.rowcount or 0


def confirm_complaint(session: Session, complaint: Complaint, *, now: datetime | None = None) -> Complaint:
    """The mobile number is confirmed: the complaint reaches the station's queue and the citizen gets an SMS."""
    now = _now(now)
    _move(session, complaint, S.RECEIVED, actor=CITIZEN, note=None, now=now)
    complaint.confirmed_at = now
    _tell(session, complaint, "complaint_received", f"complaint:{complaint.id}:received")
    return complaint


# ---------------------------------------------------------------------------------------------- the police


def load_complaint(session: Session, complaint_id: int, *, for_update: bool = False) -> Complaint:
    query = sa.select(Complaint).where(Complaint.id == complaint_id).options(selectinload(Complaint.events))
    if for_update:
        query = query.with_for_update(of=Complaint)
    complaint = session.scalar(query)
    if complaint is None:
        raise ComplaintNotFound(f"no complaint has id {complaint_id}")
    return complaint


def find_by_tracking_number(session: Session, tracking_number: str, mobile: str) -> Complaint | None:
    """The complaint with this tracking number filed from this mobile, or None (the two must match)."""
    return session.scalar(
        sa.select(Complaint).where(
            Complaint.tracking_number == tracking_number.strip().upper(), Complaint.mobile == mobile
        )
    )


def acknowledge(
    session: Session, complaint: Complaint, *, actor: Actor, note: str | None = None, now: datetime | None = None
) -> ComplaintEvent:
    now = _now(now)
    event = _move(session, complaint, S.ACKNOWLEDGED, actor=actor, note=note, now=now)
    _tell(session, complaint, "complaint_acknowledged", f"complaint:{complaint.id}:event:{event.id}")
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
    now = _now(now)
    officer = f"{officer_rank} {officer_name}" if officer_rank else officer_name
    event = _move(session, complaint, S.ENQUIRY_ASSIGNED, actor=actor, note=f"enquiry officer: {officer}", now=now)
    complaint.enquiry_officer_name, complaint.enquiry_officer_rank = officer_name, officer_rank
    _tell(session, complaint, "enquiry_assigned", f"complaint:{complaint.id}:event:{event.id}", officer=officer)
    return event


def close_complaint(
    session: Session, complaint: Complaint, *, reason: str, actor: Actor, now: datetime | None = None
) -> ComplaintEvent:
    """Close without an FIR (no cognizable offence, settled, withdrawn, ...); the reason is told to the citizen."""
    now = _now(now)
    event = _move(session, complaint, S.CLOSED, actor=actor, note=reason, now=now)
    complaint.closed_reason = reason
    _tell(session, complaint, "complaint_closed", f"complaint:{complaint.id}:event:{event.id}", reason=reason)
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
    now = _now(now)
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
    event = _move(session, complaint, S.TRANSFERRED, actor=actor, note=note, now=now)
    _tell(session, complaint, "complaint_transferred", f"complaint:{complaint.id}:event:{event.id}")
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
    now = _now(now)
    reason = why_not(complaint, S.CONVERTED)
    if reason:
        raise ComplaintConflict(reason)
    fir = register_fir(
        session, fir_input_from(complaint, data), station_id=complaint.station_id, actor=actor, access=access, now=now
    )
    complaint.fir_id = fir.id
    note = f"FIR {fir.number} registered" + (f": {data.note}" if data.note else "")
    _move(session, complaint, S.CONVERTED, actor=actor, note=note, now=now)
    _tell(session, complaint, "fir_registered", f"fir:{fir.id}:registered", fir=fir.number)
    if fir.io_name:
        officer = f"{fir.io_rank} {fir.io_name}" if fir.io_rank else fir.io_name
        _tell(
            session, complaint, "io_assigned", f"fir:{fir.id}:io:{fir.io_name}"[:100], fir=fir.number, officer=officer
        )
    return fir
