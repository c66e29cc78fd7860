"""The batch linker: links every person record in the database (after a legacy import or a generator run), in
chunks of person ids, each chunk committed with its checkpoint so ``--resume`` carries on after a kill.

For each chunk, in one transaction: the chunk's blocking keys are written, each record's best earlier candidates
(by the rarity of the keys they share, :mod:`people.linkage.candidates`) are found with one query (each pair is
considered once: the later record looks back), pairs are scored, the best few at least at the review threshold
are written (one per cluster), and the checkpoint moves to the chunk's last id. The same bounds and the same code
as the queue's batches (:func:`people.linkage.linker.link_profiles`), looking back by id instead of by place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from people.linkage.linker import Thresholds, link_profiles
from people.linkage.profile import PersonProfile, load_profiles
from records.models import PersonLink, PersonLinkRun, PersonMatchKey

RUN_NAME = "all"
DEFAULT_CHUNK = 5000
# Profiles of earlier records are kept between chunks (a record is a candidate again and again as later records
# share its keys); about 1 KB each, so this bounds the linker's memory near 400 MB.
PROFILE_CACHE = 400_000


@dataclass
class BatchReport:
    total_people: int
    processed: int
    pairs_scored: int
    auto_links: int
    review_links: int
    resumed_from: int
    finished: bool


class NothingToResume(Exception):
    pass


def _start(session: Session, resume: bool) -> PersonLinkRun:
    run = session.get(PersonLinkRun, RUN_NAME, with_for_update=True)
    total = session.scalar(sa.select(sa.func.count()).select_from(sa.table("person"))) or 0
    if resume:
        if run is None:
            raise NothingToResume("no earlier run to resume: run `cctns persons link` without --resume")
        run.total_people = total
        return run
    # A fresh run: forget machine links and keys; officers' decisions stay.
    session.execute(sa.delete(PersonMatchKey))
    session.execute(sa.delete(PersonLink).where(PersonLink.status.in_(["auto", "review"])))
    if run is None:
        run = PersonLinkRun(name=RUN_NAME)
        session.add(run)
    run.last_person_id, run.processed, run.pairs_scored, run.auto_links, run.review_links = 0, 0, 0, 0, 0
    run.total_people, run.started_at, run.finished_at = total, datetime.now(UTC), None
    session.flush()
    return run


def link_all(
    engine: Engine,
    thresholds: Thresholds,
    *,
    resume: bool = False,
    chunk: int = DEFAULT_CHUNK,
    progress: Callable[[BatchReport], None] | None = None,
    stop_after_chunks: int | None = None,
) -> BatchReport:
    """Link the whole database; ``stop_after_chunks`` stops early (as a kill would), for tests."""
    with Session(engine) as session, session.begin():
        run = _start(session, resume)
        resumed_from = run.last_person_id
    chunks = 0
    cache: dict[int, PersonProfile] = {}
    while True:
        with Session(engine) as session, session.begin():
            run = session.get(PersonLinkRun, RUN_NAME, with_for_update=True)
            assert run is not None
            ids = list(
                session.scalars(
                    sa.text("SELECT id FROM person WHERE id > :last ORDER BY id LIMIT :n"),
                    {"last": run.last_person_id, "n": chunk},
                )
            )
            if not ids:
                run.finished_at = run.finished_at or datetime.now(UTC)
                report = _report(run, resumed_from, finished=True)
                break
            profiles = load_profiles(session, ids)
            if len(cache) > PROFILE_CACHE:
                cache.clear()
            ordered = {person_id: profiles[person_id] for person_id in ids if person_id in profiles}
            matched = link_profiles(session, ordered, thresholds, earlier_only=True, known=cache)
            run.last_person_id = ids[-1]
            run.processed += len(ids)
            run.pairs_scored += sum(len(pairs) for pairs in matched.scores.values())
            run.auto_links += matched.auto
            run.review_links += matched.review
            run.updated_at = datetime.now(UTC)
            report = _report(run, resumed_from, finished=False)
        if progress is not None:
            progress(report)
        chunks += 1
        if stop_after_chunks is not None and chunks >= stop_after_chunks:
            return report
    if progress is not None:
        progress(report)
    return report


def _report(run: PersonLinkRun, resumed_from: int, finished: bool) -> BatchReport:
    return BatchReport(
        total_people=run.total_people,
        processed=run.processed,
        pairs_scored=run.pairs_scored,
        auto_links=run.auto_links,
        review_links=run.review_links,
        resumed_from=resumed_from,
        finished=finished,
    )
