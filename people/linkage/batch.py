"""The batch linker: links every person record in the database (after a legacy import or a generator run), in
chunks of person ids, each chunk committed with its checkpoint so ``--resume`` carries on after a kill.

For each chunk, in one transaction: the chunk's blocking keys are written, each record's best earlier candidates
(by the rarity of the keys they share, :mod:`people.linkage.candidates`) are found with one query (each pair is
considered once: the later record looks back), pairs are scored, the best few at least at the review threshold
are written (one per cluster), and the checkpoint moves to the chunk's last id. The same bounds as the queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from people.linkage.candidates import Clusters, choose_links, contested, ranked_candidates
from people.linkage.keys import blocking_keys
from people.linkage.linker import Thresholds, store_keys, write_links
from people.linkage.profile import PersonProfile, load_profiles
from people.linkage.scoring import score_pair
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
            store_keys(session, profiles.values())
            keys = {person_id: blocking_keys(profile) for person_id, profile in profiles.items()}
            ranked = ranked_candidates(session, keys, thresholds.candidates, earlier_only=True)
            earlier = {other for others in ranked.values() for other in others}
            if len(cache) > PROFILE_CACHE:
                cache.clear()
            cache.update(load_profiles(session, [b for b in earlier if b not in profiles and b not in cache]))
            cache.update(profiles)
            scores = {
                person_id: [score_pair(cache[person_id], cache[other]) for other in others if other in cache]
                for person_id, others in ranked.items()
            }
            walk = set().union(*(contested(person_id, pairs, thresholds.review) for person_id, pairs in scores.items()))
            clusters = Clusters.around(session, walk)
            chosen = []
            for person_id in sorted(scores):  # in id order: a record sees the links of earlier ones of the chunk
                chosen += choose_links(
                    person_id,
                    scores[person_id],
                    clusters,
                    review=thresholds.review,
                    auto=thresholds.auto,
                    most=thresholds.links,
                )
            auto, review = write_links(session, chosen, thresholds)
            run.last_person_id = ids[-1]
            run.processed += len(ids)
            run.pairs_scored += sum(len(pairs) for pairs in scores.values())
            run.auto_links += auto
            run.review_links += review
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
