"""Users with role and jurisdiction, API clients of station systems, the audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base, Timestamps, pg_enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    HQ = "hq"  # state police headquarters / monitoring centre
    INVESTIGATOR = "investigator"
    DISTRICT_SP = "district_sp"
    STATION_OFFICER = "station_officer"


class User(Timestamps, Base):
    __tablename__ = "app_user"
    __table_args__ = (
        sa.CheckConstraint(
            "(role <> 'station_officer' OR station_id IS NOT NULL)"
            " AND (role <> 'district_sp' OR district_id IS NOT NULL)",
            name="jurisdiction_for_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(pg_enum(Role, "user_role"))
    station_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_station.id"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_district.id"))
    mobile: Mapped[str | None] = mapped_column(sa.String(10))
    is_active: Mapped[bool] = mapped_column(server_default=sa.true())
    failed_logins: Mapped[int] = mapped_column(
        server_default="0", comment="Wrong passwords since the last successful login or unlock"
    )
    locked_until: Mapped[datetime | None] = mapped_column(
        comment="Logins refused until then (too many wrong passwords); an administrator can unlock sooner"
    )


class RevokedToken(Base):
    """A bearer token (or session cookie) logged out before it expired: refused until then, then purged."""

    __tablename__ = "revoked_token"

    jti: Mapped[str] = mapped_column(sa.String(64), primary_key=True, comment="The token's jti claim")
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(index=True, comment="When the token expires anyway")
    revoked_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class ApiClient(Timestamps, Base):
    """A station's own system; its key is shown once and stored only as a hash."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"))
    key_prefix: Mapped[str] = mapped_column(sa.String(16), unique=True, comment="Public part, for lookup")
    key_hash: Mapped[str] = mapped_column(sa.String(255))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=sa.func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    api_client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("api_client.id"))
    action: Mapped[str] = mapped_column(sa.String(40), comment="read, create, update, search, login, ...")
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str | None] = mapped_column(sa.String(64))
    client_address: Mapped[str | None] = mapped_column(postgresql.INET)
    detail: Mapped[dict[str, Any] | None] = mapped_column(postgresql.JSONB)


class OutboxEvent(Base):
    """A record changed and must be (re)indexed; written by triggers in the same transaction as the change
    (migration 0011), one row per record and transaction."""

    __tablename__ = "outbox"
    __table_args__ = (sa.UniqueConstraint("entity_type", "entity_id", "txid"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    entity_type: Mapped[str] = mapped_column(sa.String(20), comment="fir or person")
    entity_id: Mapped[int] = mapped_column(sa.BigInteger)
    operation: Mapped[str] = mapped_column(sa.String(8), server_default="upsert", comment="upsert or delete")
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    attempts: Mapped[int] = mapped_column(server_default="0")
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    txid: Mapped[int | None] = mapped_column(
        sa.BigInteger,
        comment="The writing transaction (txid_current()), set by the triggers; rows written otherwise have none",
    )
