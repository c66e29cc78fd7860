"""Keeping the search index true to PostgreSQL as records change: drain the outbox.

Draining (DESIGN.md, data flow 2): lock a batch of outbox rows (``FOR UPDATE SKIP LOCKED``, so several
workers share the work), rebuild each document from PostgreSQL by key, write them to the engine and commit
it, then delete the rows and commit PostgreSQL. A crash anywhere leaves the rows in place and the next drain
redoes them; rewriting a document by its deterministic id is harmless, so the index converges.

A change to an FIR also refreshes the person documents of everyone named in it (their documents list the
FIR's status, sections and station).

A big backlog (after ``cctns import``: a row per imported FIR) drains fastest in big batches, each costing one
engine commit; building documents is most of the work, and where cores are free a pool of processes builds them.
A batch's documents are built in chunks, FIRs and people in one stream, so a pool never waits at the change of
kind. (On these 2 shared cores one building process was faster than two: the default is one fewer than the cores.)

Building a whole index beside the live one is ``indexes.rebuild``; checking it against PostgreSQL,
``indexes.verify``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from indexes.document_builders import DocumentBuilders, build_here, fewer_collections
from indexes.engine import SearchEngine
from indexes.schema import DocumentKind, document_id


@dataclass
class SyncReport:
    """What a drain did: outbox rows (events) processed, documents written and deleted, batches, seconds."""

    events: int = 0
    upserted: int = 0
    deleted: int = 0
    batches: int = 0
    seconds: float = 0.0


@dataclass
class OutboxLag:
    pending: int
    oldest_created_at: datetime | None
    oldest_age_seconds: float | None


def outbox_lag(connection: Connection) -> OutboxLag:
    row = connection.execute(
        sa.text(
            "SELECT count(*) AS pending, min(created_at) AS oldest, "
            "extract(epoch FROM now() - min(created_at)) AS age FROM outbox"
        )
    ).one()
    return OutboxLag(row.pending, row.oldest, float(row.age) if row.age is not None else None)


def persons_named_in(connection: Connection, fir_ids: Iterable[int]) -> set[int]:
    """Everyone named in these FIRs: their person documents show the FIRs' status, sections and station."""
    ids = list(fir_ids)
    if not ids:
        return set()
    return set(
        connection.execute(
            sa.text("SELECT DISTINCT person_id FROM fir_party WHERE fir_id = ANY(:ids)"), {"ids": ids}
        ).scalars()
    )


# Building processes an outbox drain starts by default. The drain's own process writes the engine (about a third
# of the work), so its builders leave it a core: on two shared cores a pool of two measured slower than building
# in the one process (43 % more CPU in all).
DRAIN_BUILDERS = max(1, (os.cpu_count() or 1) - 1)
BUILD_CHUNK = 2000  # ids per build task, as a full build reads them (measured: 500 cost more CPU per document)


def write_documents(
    connection: Connection,
    search: SearchEngine,
    wanted: Mapping[DocumentKind, Iterable[int]],
    builders: DocumentBuilders | None = None,
) -> tuple[int, int]:
    """Rebuild these records' documents from PostgreSQL and upsert them; delete those whose row is gone.

    Builds in ``builders`` (in this process when None). Returns (upserted, deleted). Does not commit the
    engine."""
    tasks = [(kind, chunk) for kind, ids in wanted.items() for chunk in _chunks(sorted(set(ids)), BUILD_CHUNK)]
    upserted = deleted = 0
    built = builders.build_tasks(connection, tasks) if builders else build_here(connection, tasks)
    for kind, ids, documents in built:
        found = {document["id"] for document in documents}
        gone = [document_id(kind, key) for key in ids if document_id(kind, key) not in found]
        if documents:
            search.upsert(kind, documents)
        if gone:
            search.delete(kind, gone)
        upserted, deleted = upserted + len(documents), deleted + len(gone)
    return upserted, deleted


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def drain_outbox(
    database: Engine,
    search: SearchEngine,
    batch_size: int = 500,
    max_batches: int | None = None,
    workers: int = 1,
    progress: Callable[[SyncReport], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SyncReport:
    """Process outbox rows until none are left (or ``max_batches``, or ``should_stop()`` says so between batches:
    a stopping server leaves the rest in the outbox); safe to run in several processes.

    Each batch of ``batch_size`` rows is one PostgreSQL transaction holding the rows' locks and one engine
    commit, after which the rows are deleted. With ``workers`` > 1, a pool of that many processes builds the
    documents of any batch bigger than one build chunk (started at the first such batch). ``progress`` is
    called with the report so far after each batch."""
    report, started = SyncReport(), time.perf_counter()
    with fewer_collections(), DocumentBuilders(database, workers) as builders:
        while max_batches is None or report.batches < max_batches:
            if should_stop is not None and should_stop():
                break
            rows: Sequence[sa.Row[tuple[int, str, int]]] = ()
            try:
                with database.begin() as connection:
                    rows = connection.execute(
                        sa.text(
                            "SELECT id, entity_type, entity_id FROM outbox ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED"
                        ),
                        {"n": batch_size},
                    ).all()
                    if not rows:
                        break
                    fir_ids = {row.entity_id for row in rows if row.entity_type == DocumentKind.FIR.value}
                    person_ids = {row.entity_id for row in rows if row.entity_type == DocumentKind.PERSON.value}
                    person_ids |= persons_named_in(connection, fir_ids)
                    upserted, deleted = write_documents(
                        connection, search, {DocumentKind.FIR: fir_ids, DocumentKind.PERSON: person_ids}, builders
                    )
                    search.commit()
                    connection.execute(
                        sa.text("DELETE FROM outbox WHERE id = ANY(:ids)"), {"ids": [row.id for row in rows]}
                    )
            except Exception as error:
                # Recorded once the batch's transaction has rolled back: its row locks held, the update would wait
                # for them forever (found with an Elasticsearch server gone mid-sync, issue 24).
                if rows:
                    _record_failure(database, [row.id for row in rows], error)
                raise
            report.upserted += upserted
            report.deleted += deleted
            report.events += len(rows)
            report.batches += 1
            report.seconds = time.perf_counter() - started
            if progress:
                progress(report)
    report.seconds = time.perf_counter() - started
    return report


def _record_failure(database: Engine, outbox_ids: list[int], error: Exception) -> None:
    """Count the failed attempt on the rows (in their own transaction) so operators see what is stuck."""
    with database.begin() as connection:
        connection.execute(
            sa.text("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = ANY(:ids)"),
            {"ids": outbox_ids, "error": f"{type(error).__name__}: {error}"[:2000]},
        )
