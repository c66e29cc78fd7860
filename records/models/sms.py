"""SMS messages: written in the transaction of the event they tell about, then sent by a worker exactly once."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base, pg_enum


class SmsStatus(enum.StrEnum):
    PENDING = "pending"  # waiting to be sent (or to be retried at next_attempt_at)
    QUEUED = "queued"  # handed to a Celery task
    SENDING = "sending"  # a sender holds it and is talking to the gateway
    SENT = "sent"  # the gateway accepted it (provider_message_id)
    DELIVERED = "delivered"  # the gateway (or the development backend) reports it delivered
    FAILED = "failed"  # refused for good, or out of attempts


class SmsMessage(Base):
    __tablename__ = "sms_message"
    __table_args__ = (sa.Index("ix_sms_message_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(
        sa.String(100), unique=True, comment="One message per event; also sent to the gateway to drop repeats"
    )
    to_number: Mapped[str] = mapped_column(sa.String(16), index=True, comment="10-digit Indian mobile number")
    body: Mapped[str] = mapped_column(sa.String(1000))
    language: Mapped[str] = mapped_column(sa.String(2), comment="hi (Unicode, UCS-2 on the air) or en")
    kind: Mapped[str] = mapped_column(sa.String(32), comment="otp, complaint_received, fir_registered, ...")
    complaint_id: Mapped[int | None] = mapped_column(sa.ForeignKey("complaint.id", ondelete="SET NULL"), index=True)
    fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id", ondelete="SET NULL"))
    status: Mapped[SmsStatus] = mapped_column(pg_enum(SmsStatus, "sms_status"), server_default="pending")
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    provider: Mapped[str | None] = mapped_column(sa.String(20), comment="development or http")
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(100))
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=sa.func.now(), onupdate=sa.func.now())
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
