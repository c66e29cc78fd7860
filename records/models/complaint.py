"""Citizens' complaints filed online, their history, attachments and one-time codes; portal rate-limit counts."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models.base import Base, Timestamps, pg_enum


class ComplaintStatus(enum.StrEnum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # filed, mobile number not yet confirmed by its code
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ENQUIRY_ASSIGNED = "enquiry_assigned"
    TRANSFERRED = "transferred"  # handed to another station; waits there as if received
    CONVERTED = "converted"  # an FIR was registered from it
    CLOSED = "closed"


class ComplaintCategory(enum.StrEnum):
    THEFT = "theft"
    CYBER_FRAUD = "cyber_fraud"
    CHEATING = "cheating"
    ASSAULT = "assault"
    THREAT = "threat"
    HARASSMENT_OF_WOMEN = "harassment_of_women"
    SEXUAL_OFFENCE = "sexual_offence"
    CHILD_ABUSE = "child_abuse"
    DOMESTIC_VIOLENCE = "domestic_violence"
    MISSING_PERSON = "missing_person"
    LOST_ARTICLE = "lost_article"
    PROPERTY_DISPUTE = "property_dispute"
    OTHER = "other"


class Complaint(Timestamps, Base):
    __tablename__ = "complaint"
    __table_args__ = (sa.Index("ix_complaint_station_status", "station_id", "status"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    tracking_number: Mapped[str] = mapped_column(sa.String(24), unique=True, comment="Given to the citizen")
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"), comment="Station it is with now")
    filed_station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"), comment="As filed")
    status: Mapped[ComplaintStatus] = mapped_column(pg_enum(ComplaintStatus, "complaint_status"))
    category: Mapped[ComplaintCategory] = mapped_column(pg_enum(ComplaintCategory, "complaint_category"))
    complainant_name: Mapped[str] = mapped_column(sa.String(200))
    relative_name: Mapped[str | None] = mapped_column(sa.String(200))
    mobile: Mapped[str] = mapped_column(sa.String(10), index=True, comment="10 digits, confirmed by a code")
    address: Mapped[str] = mapped_column(sa.String(500))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    language: Mapped[str] = mapped_column(sa.String(2), comment="hi or en: the language of its SMS")
    occurred_from: Mapped[datetime | None]
    occurred_to: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text)
    confirmed_at: Mapped[datetime | None]
    enquiry_officer_name: Mapped[str | None] = mapped_column(sa.String(120))
    enquiry_officer_rank: Mapped[str | None] = mapped_column(sa.String(40))
    fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id"), unique=True, comment="FIR registered from it")
    closed_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    submitted_from: Mapped[str | None] = mapped_column(sa.String(45), comment="Client IP address")

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[ComplaintAttachment]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id", cascade="all, delete-orphan"
    )


class ComplaintEvent(Base):
    """One step of a complaint's history, as the citizen's status page shows it."""

    __tablename__ = "complaint_event"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[ComplaintStatus | None] = mapped_column(pg_enum(ComplaintStatus, "complaint_status"))
    to_status: Mapped[ComplaintStatus] = mapped_column(pg_enum(ComplaintStatus, "complaint_status"))
    at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    station_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_station.id"), comment="Station after it")
    note: Mapped[str | None] = mapped_column(sa.String(1000), comment="Shown to the citizen")

    complaint: Mapped[Complaint] = relationship(back_populates="events")


class ComplaintAttachment(Base):
    """A file the citizen attached; its type is decided by its content, and it is kept in PostgreSQL."""

    __tablename__ = "complaint_attachment"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(40), comment="Detected from the content's first bytes")
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")


class OneTimeCode(Base):
    """A code sent by SMS to confirm a mobile number (filing) or to open a complaint's status page."""

    __tablename__ = "one_time_code"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16), comment="confirm or status")
    code_hash: Mapped[str] = mapped_column(sa.String(64), comment="HMAC-SHA256 of the code with the secret key")
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(server_default="0")
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class RateLimitHit(Base):
    """One counted request of a limited kind (``bucket``) by one subject (an IP address or a mobile number)."""

    __tablename__ = "rate_limit_hit"
    __table_args__ = (sa.Index("ix_rate_limit_hit_bucket_subject_at", "bucket", "subject", "at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    bucket: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
