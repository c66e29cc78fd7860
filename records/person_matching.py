"""The person-matching queue: a write that adds people to an FIR queues them here in its own transaction, and a
worker (``workers.matching``) later looks for earlier records of the same people. Registration stays fast; a
queued person is never lost."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session

from records.models import PersonMatchQueue


def enqueue_person_matching(session: Session, person_ids: Iterable[int], fir_id: int | None = None) -> int:
    """Queue these people (named in ``fir_id``) for matching; returns how many rows were written. Never commits."""
    rows = [{"person_id": person_id, "fir_id": fir_id} for person_id in dict.fromkeys(person_ids)]
    if rows:
        session.execute(insert(PersonMatchQueue), rows)
    return len(rows)
