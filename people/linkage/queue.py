"""Draining the person-matching queue (``person_match_queue``): each queued person is matched against earlier
records, linked by threshold, and the alerts raised. One savepoint per person: a person that fails is counted
and kept for the next run (up to ``MAX_ATTEMPTS``), the others go through."""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from people.linkage.alerts import alerts_for
from people.linkage.linker import Thresholds, match_person
from records.models import PersonMatchQueue

MAX_ATTEMPTS = 5
log = logging.getLogger(__name__)


def process_queue(session: Session, thresholds: Thresholds, limit: int = 200) -> int:
    """Match up to ``limit`` queued people in the caller's transaction; returns how many were handled."""
    rows = session.scalars(
        sa.select(PersonMatchQueue)
        .where(PersonMatchQueue.attempts < MAX_ATTEMPTS)
        .order_by(PersonMatchQueue.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    done = 0
    for row in rows:
        try:
            with session.begin_nested():
                match_person(session, row.person_id, thresholds)
                if row.fir_id is not None:
                    alerts_for(session, row.person_id, row.fir_id)
            session.delete(row)
            done += 1
        except Exception as error:  # kept in the queue with the error; retried later
            log.exception("matching person %s failed", row.person_id)
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:500]
    session.flush()
    return done


def drain_match_queue(
    engine: Engine, thresholds: Thresholds, batch: int = 200, should_stop: Callable[[], bool] | None = None
) -> int:
    """Process the queue until it is empty (or ``should_stop()`` says so between batches); returns how many people
    were matched."""
    total = 0
    while should_stop is None or not should_stop():
        with Session(engine) as session, session.begin():
            done = process_queue(session, thresholds, batch)
        total += done
        if done < batch:
            return total
    return total
