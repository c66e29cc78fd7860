"""The transactional outbox: a change to a searchable record writes a row here in the same transaction.

A worker later drains these rows and re-indexes each record from PostgreSQL (DESIGN.md, data flow).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from records.models import OutboxEvent

IndexedEntity = Literal["fir", "person"]


def enqueue_reindex(
    session: Session, entity_type: IndexedEntity, entity_ids: Iterable[int], operation: str = "upsert"
) -> int:
    """Record that these entities changed; returns how many outbox rows were written. Never commits."""
    rows = [
        {"entity_type": entity_type, "entity_id": entity_id, "operation": operation}
        for entity_id in dict.fromkeys(entity_ids)
    ]
    if rows:
        session.execute(insert(OutboxEvent), rows)
    return len(rows)
