"""Courts and prisons (ICJS, issue 25; they are registered as peers in ``network_peer``): what the station
offers a court, the case the court registered from it, and every court or prison event received about an FIR
(``docs/exchange/v1/README.md``, "Courts and prisons").

``icjs_court_offer`` is a store-and-forward outbox: an offer (the FIR, or its charge sheet, with the PDF copy as it
stood when offered) waits there until the court has taken it; a loop retries with a growing pause. ``fir_court_case``
holds the court's case number (CNR) and what the court said since (next hearing, disposal). ``icjs_event`` is the
case's court and prison history: one row per event received, keyed by the sender's event id, so a repeat is
recognised and not applied twice.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base

ICJS_SOURCES = ("court", "prison")


class IcjsCourtOffer(Base):
    __tablename__ = "icjs_court_offer"
    __table_args__ = (
        sa.CheckConstraint("what IN ('fir', 'charge_sheet')", name="known_what"),
        sa.Index("ix_icjs_court_offer_waiting", "next_attempt_at", postgresql_where=sa.text("delivered_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    final_report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("final_report.id", ondelete="CASCADE"), comment="The charge sheet offered (none: the FIR)"
    )
    what: Mapped[str] = mapped_column(sa.String(16), comment="fir or charge_sheet")
    court_code: Mapped[str] = mapped_column(sa.String(6), comment="The court establishment's code (CNR's first six)")
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True, comment="The offer's event id; a resend keeps it")
    body: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, comment="The offer as sent, without the PDF")
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, comment="The FIR copy as it stood when offered")
    queued_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    queued_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    delivered_at: Mapped[datetime | None]


class FirCourtCase(Base):
    """The case a court registered from an FIR: its CNR and the court's latest word on it."""

    __tablename__ = "fir_court_case"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    cnr: Mapped[str] = mapped_column(sa.String(16), unique=True, comment="eCourts Case Number Record")
    court_code: Mapped[str] = mapped_column(sa.String(6))
    court_name: Mapped[str] = mapped_column(sa.String(160))
    registered_on: Mapped[date]
    next_hearing_on: Mapped[date | None]
    next_hearing_purpose: Mapped[str | None] = mapped_column(sa.String(200))
    disposed_on: Mapped[date | None]
    disposal_result: Mapped[str | None] = mapped_column(sa.String(16))
    updated_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class IcjsEvent(Base):
    """One event a court or prison sent about an FIR (the case's court and prison history)."""

    __tablename__ = "icjs_event"
    __table_args__ = (
        sa.CheckConstraint("source IN ('court', 'prison')", name="known_source"),
        sa.Index("ix_icjs_event_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True, comment="The sender's event id: a repeat is not applied")
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(sa.String(8), comment="court or prison")
    sender: Mapped[str] = mapped_column(sa.String(24), comment="The court's or prison's code")
    kind: Mapped[str] = mapped_column(sa.String(24))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    body: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, comment="The event as received")
    outcome: Mapped[str] = mapped_column(sa.String(500), comment="What the police side did with it")
    notification_id: Mapped[int | None] = mapped_column(sa.ForeignKey("notification.id", ondelete="SET NULL"))
