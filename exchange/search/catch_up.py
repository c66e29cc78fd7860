"""Bringing the national node's search index up to its copy of records: the records queued by migration 0016's
trigger on ``national_record`` (stored, replaced or deleted) are indexed again, in the caller's transaction.

A national search drains the queue first, so it never misses a record stored before it began; two searches
draining at once take different rows (``SKIP LOCKED``), and the search itself only returns records whose indexed
version is the one the copy holds (``exchange.search.national``), so a record changed a moment ago is left out
rather than shown as it was.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.search.index import drop_records, write_records
from records.models import NationalRecord, NetworkSearchPending

BATCH = 2000


def index_pending(session: Session, *, limit: int = BATCH) -> int:
    """Index up to ``limit`` queued records (their newest stored version, or their removal) in one batch; how
    many. Never commits."""
    pending = session.execute(
        sa.select(NetworkSearchPending.state_code, NetworkSearchPending.record_id)
        .order_by(NetworkSearchPending.queued_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if not pending:
        return 0
    keys = [(state_code, record_id) for state_code, record_id in pending]
    held = NationalRecord
    stored = session.execute(
        sa.select(held.state_code, held.record_id, held.version, held.record, held.received_at).where(
            sa.tuple_(held.state_code, held.record_id).in_(keys), held.deleted.is_(False), held.kind == "fir"
        )
    ).all()
    drop_records(session, keys)  # the copy is the truth: what it no longer holds leaves the index
    write_records(session, [tuple(row) for row in stored])
    queued = NetworkSearchPending
    session.execute(sa.delete(queued).where(sa.tuple_(queued.state_code, queued.record_id).in_(keys)))
    session.expire_all()
    return len(pending)
