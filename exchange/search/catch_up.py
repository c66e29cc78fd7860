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

from exchange.search.index import drop_record, index_record
from records.models import NationalRecord, NetworkSearchPending

BATCH = 2000


def index_pending(session: Session, *, limit: int = BATCH) -> int:
    """Index up to ``limit`` queued records (their newest stored version, or their removal); how many. Never
    commits."""
    pending = session.execute(
        sa.select(NetworkSearchPending.state_code, NetworkSearchPending.record_id)
        .order_by(NetworkSearchPending.queued_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for state_code, record_id in pending:
        held = session.get(NationalRecord, (state_code, record_id))
        if held is None or held.deleted or held.kind != "fir":
            drop_record(session, state_code, record_id)
        else:
            entry = {"action": "replace", "fir_key": record_id, "version": held.version, "fir": held.record}
            drop_record(session, state_code, record_id)  # the copy is the truth, whatever version was indexed
            index_record(session, state_code, entry, held.received_at)
        session.execute(
            sa.delete(NetworkSearchPending).where(
                NetworkSearchPending.state_code == state_code, NetworkSearchPending.record_id == record_id
            )
        )
    session.flush()
    return len(pending)
