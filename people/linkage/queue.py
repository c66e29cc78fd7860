"""Draining the person-matching queue (``person_match_queue``): each queued person is matched against earlier
records, linked by threshold, and the alerts raised.

Set-based per batch (issue 21): the rows of a batch are matched together (:func:`people.linkage.linker.
match_people`: their profiles, keys, candidates and links in a few statements), their alerts raised together
(:func:`people.linkage.alerts.alerts_for_many`) and the rows deleted in one statement, all in one savepoint. The
outcome is that of handling the rows one after another in queue order: a person sees the earlier people of the
batch and not the later ones, and a row's alerts do not follow links written for later rows. (A person queued
twice in one batch is matched once, at its first row.)

If anything in a batch fails, the savepoint is rolled back and its rows are handled one by one, a savepoint per
row: a row that fails is counted and kept with its error for the next run (up to ``MAX_ATTEMPTS``), the others
go through. Rows that failed before are always handled one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from people.linkage.alerts import alerts_for, alerts_for_many
from people.linkage.linker import Thresholds, match_people, match_person
from records.models import PersonMatchQueue

MAX_ATTEMPTS = 5
log = logging.getLogger(__name__)
Queued = sa.Row[tuple[int, int, int | None, int]]


def process_queue(session: Session, thresholds: Thresholds, limit: int = 200, *, set_based: bool = True) -> int:
    """Match up to ``limit`` queued people in the caller's transaction; returns how many rows were handled.
    ``set_based=False`` handles every row one by one (the fallback path, kept for comparison)."""
    queue = PersonMatchQueue
    rows = session.execute(
        sa.select(queue.id, queue.person_id, queue.fir_id, queue.attempts)
        .where(queue.attempts < MAX_ATTEMPTS)
        .order_by(queue.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    fresh = [row for row in rows if row.attempts == 0] if set_based else []
    done = 0
    if fresh:
        try:
            with session.begin_nested():
                _match_batch(session, fresh, thresholds)
            done += len(fresh)
        except Exception:
            log.exception("matching a batch of %d queued people failed; matching them one by one", len(fresh))
            done += _one_by_one(session, fresh, thresholds)
    return done + _one_by_one(session, [row for row in rows if row.attempts > 0 or not set_based], thresholds)


def _match_batch(session: Session, rows: Sequence[Queued], thresholds: Thresholds) -> None:
    """Match the rows' people, raise their alerts and delete the rows, as if one after another."""
    matched = match_people(session, [row.person_id for row in rows], thresholds)
    place: dict[int, int] = {}
    for index, row in enumerate(rows, 1):
        place.setdefault(row.person_id, index)
    chosen_at: dict[tuple[int, int], int] = {}
    for person_id, pairs in matched.chosen.items():
        for pair in pairs:
            chosen_at.setdefault((pair.a, pair.b), place[person_id])
    unseen = [(a, b, chosen_at[a, b]) for a, b, _ in matched.written]
    alerts_for_many(session, [(row.person_id, row.fir_id) for row in rows], unseen)
    session.execute(sa.delete(PersonMatchQueue).where(PersonMatchQueue.id.in_([row.id for row in rows])))


def _one_by_one(session: Session, rows: Sequence[Queued], thresholds: Thresholds) -> int:
    done = 0
    for row in rows:
        try:
            with session.begin_nested():
                match_person(session, row.person_id, thresholds)
                if row.fir_id is not None:
                    alerts_for(session, row.person_id, row.fir_id)
                session.execute(sa.delete(PersonMatchQueue).where(PersonMatchQueue.id == row.id))
            done += 1
        except Exception as error:  # kept in the queue with the error; retried later
            log.exception("matching person %s failed", row.person_id)
            session.execute(
                sa.update(PersonMatchQueue)
                .where(PersonMatchQueue.id == row.id)
                .values(attempts=PersonMatchQueue.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:500])
            )
    return done


def drain_match_queue(
    engine: Engine,
    thresholds: Thresholds,
    batch: int = 200,
    should_stop: Callable[[], bool] | None = None,
    *,
    set_based: bool = True,
) -> int:
    """Process the queue until it is empty (or ``should_stop()`` says so between batches); returns how many people
    were matched."""
    total = 0
    while should_stop is None or not should_stop():
        with Session(engine) as session, session.begin():
            done = process_queue(session, thresholds, batch, set_based=set_based)
        total += done
        if done < batch:
            return total
    return total
