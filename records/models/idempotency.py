"""Idempotency keys: a retried write (same key, same sender) is answered from the stored first response."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base


class IdempotencyKey(Base):
    """One ``Idempotency-Key`` a sender used, the fingerprint of its request and the response it got.

    The row is written in the same transaction as the record the request created, so a key is either
    unused or bound to a committed response; a second request with the key waits for the first to finish.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (sa.UniqueConstraint("owner", "key"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    owner: Mapped[str] = mapped_column(sa.String(40), comment="Who sent it: user:<id> or api_client:<id>")
    key: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id", ondelete="CASCADE"))
    api_client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("api_client.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(sa.String(8))
    path: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64), comment="SHA-256 of method, path and body")
    response_status: Mapped[int | None]
    response_body: Mapped[Any | None] = mapped_column(sa.dialects.postgresql.JSONB)
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(sa.dialects.postgresql.JSONB)
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now(), index=True)
