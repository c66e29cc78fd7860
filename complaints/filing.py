"""The citizen's steps: filing a complaint (it waits, ``awaiting_confirmation``, for the code sent to the
mobile), confirming it (it reaches the station's queue), finding it again by tracking number and mobile, and
purging complaints never confirmed. Works in the caller's transaction and never commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from complaints.attachments import CheckedFile
from complaints.input import ComplaintForm
from complaints.lifecycle import S, event, move, now_or, tell
from records.audit import Actor
from records.models import Complaint, ComplaintAttachment

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L

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
    now = now_or(now)
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
    session.add(event(complaint, None, S.AWAITING_CONFIRMATION, actor=None, note=None, now=now))
    CITIZEN.audit(session, "file", "complaint", complaint.id, {"tracking_number": complaint.tracking_number})
    return complaint


UNCONFIRMED_KEPT_DAYS = 3


def purge_unconfirmed(session: Session, *, now: datetime | None = None) -> int:
    """Delete complaints whose mobile number was never confirmed within ``UNCONFIRMED_KEPT_DAYS`` days (with
    their files and codes; their code SMS stay, unlinked); returns how many. Never commits."""
    cutoff = now_or(now) - timedelta(days=UNCONFIRMED_KEPT_DAYS)
    result = session.execute(
        sa.delete(Complaint).where(Complaint.status == S.AWAITING_CONFIRMATION, Complaint.created_at < cutoff)
    )
    return result.rowcount or 0


def confirm_complaint(session: Session, complaint: Complaint, *, now: datetime | None = None) -> Complaint:
    """The mobile number is confirmed: the complaint reaches the station's queue and the citizen gets an SMS."""
    now = now_or(now)
    move(session, complaint, S.RECEIVED, actor=CITIZEN, note=None, now=now)
    complaint.confirmed_at = now
    tell(session, complaint, "complaint_received", f"complaint:{complaint.id}:received")
    return complaint


def find_by_tracking_number(session: Session, tracking_number: str, mobile: str) -> Complaint | None:
    """The complaint with this tracking number filed from this mobile, or None (the two must match)."""
    return session.scalar(
        sa.select(Complaint).where(
            Complaint.tracking_number == tracking_number.strip().upper(), Complaint.mobile == mobile
        )
    )
