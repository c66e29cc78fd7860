"""Recognising one person across records (issue 8): links between person rows, never a rewrite of them.

A ``person_link`` says two person records are (or may be) one real person, with the score and the reasons
that led there. The people one person is are the connected components of links whose status is ``auto`` or
``confirmed``. Unmerging sets a link to ``unlinked``: both records are exactly as they were, and the pair is
never linked automatically again.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base


class LinkStatus(enum.StrEnum):
    AUTO = "auto"  # scored above the automatic threshold
    CONFIRMED = "confirmed"  # an officer said yes
    REVIEW = "review"  # between the thresholds: waits for an officer
    REJECTED = "rejected"  # an officer said no
    UNLINKED = "unlinked"  # was linked, then unmerged


LINKING_STATUSES = (LinkStatus.AUTO.value, LinkStatus.CONFIRMED.value)


class PersonLink(Base):
    __tablename__ = "person_link"
    __table_args__ = (
        sa.UniqueConstraint("person_a_id", "person_b_id"),
        sa.CheckConstraint("person_a_id < person_b_id", name="ordered_pair"),
        sa.CheckConstraint("status IN ('auto', 'confirmed', 'review', 'rejected', 'unlinked')", name="known_status"),
        sa.Index("ix_person_link_person_b_id", "person_b_id"),
        sa.Index("ix_person_link_status_score", "status", "score"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    person_a_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(12))
    score: Mapped[float] = mapped_column(sa.Float, comment="Points for the pair; thresholds are settings")
    reasons: Mapped[list[Any]] = mapped_column(sa.dialects.postgresql.JSONB, comment="Why, in words")
    found_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    decided_at: Mapped[datetime | None]
    decided_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    note: Mapped[str | None] = mapped_column(sa.String(500))


class PersonMatchKey(Base):
    """Blocking keys: records sharing a key are compared; nothing else is (so linking scales)."""

    __tablename__ = "person_match_key"

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True)


class PersonMatchQueue(Base):
    """People newly named in an FIR waiting to be matched; written by a trigger in the naming transaction (migration
    0011), drained by a worker, so registration stays fast and nothing is missed."""

    __tablename__ = "person_match_queue"
    __table_args__ = (
        sa.Index("ux_person_match_queue_txid_person_id_fir_id", "txid", "person_id", "fir_id", unique=True),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"))
    enqueued_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    attempts: Mapped[int] = mapped_column(server_default="0")
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    txid: Mapped[int] = mapped_column(
        sa.BigInteger,
        server_default=sa.text("txid_current()"),
        comment="The writing transaction: a person is queued once per FIR and transaction",
    )


class PersonLinkRun(Base):
    """Checkpoint of the batch linker (``cctns persons link --resume``)."""

    __tablename__ = "person_link_run"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    last_person_id: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    total_people: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    processed: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    pairs_scored: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    auto_links: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    review_links: Mapped[int] = mapped_column(sa.BigInteger, server_default="0")
    started_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    finished_at: Mapped[datetime | None]


class WatchListEntry(Base):
    """An officer watches a person: told (in the app, and by SMS if asked) when the person is named again."""

    __tablename__ = "watch_list_entry"
    __table_args__ = (sa.UniqueConstraint("user_id", "person_id"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(sa.String(300))
    notify_sms: Mapped[bool] = mapped_column(server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class Notification(Base):
    """An in-app alert to one user, or to every officer of one station."""

    __tablename__ = "notification"
    __table_args__ = (
        sa.CheckConstraint("(user_id IS NULL) <> (station_id IS NULL)", name="one_recipient"),
        sa.Index("ix_notification_user_id_read_at", "user_id", "read_at"),
        sa.Index("ix_notification_station_id_read_at", "station_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True, comment="One alert per event and recipient")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id", ondelete="CASCADE"))
    station_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_station.id"))
    kind: Mapped[str] = mapped_column(sa.String(24), comment="known_offender, watch_list")
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(sa.String(1000))
    detail: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    read_at: Mapped[datetime | None]
