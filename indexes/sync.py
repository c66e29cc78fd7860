"""Keeping the search index true to PostgreSQL: drain the outbox, rebuild beside the live index, verify.

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
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from indexes.documents import build_documents, count_rows, iter_all_ids
from indexes.engine import Document, SearchEngine
from indexes.schema import DocumentKind, document_id
from records.database import create_db_engine

Progress = Callable[[DocumentKind, int, int], None]  # kind, done, total
BuildTask = tuple[DocumentKind, list[int]]  # build these records' documents


@dataclass
class SyncReport:
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


@dataclass
class VerifyReport:
    checked: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)  # in PostgreSQL, not in the index
    stale: dict[str, int] = field(default_factory=dict)  # in both, content differs
    extra: dict[str, int] = field(default_factory=dict)  # in the index, gone from PostgreSQL
    repaired: bool = False

    @property
    def drift(self) -> int:
        return sum(self.missing.values()) + sum(self.stale.values()) + sum(self.extra.values())


# Building documents makes millions of short-lived lists and dicts while the name caches hold many long-lived
# ones, so the cyclic garbage collector's default thresholds run it often, over everything: measured, a third
# of the CPU time of building. Documents hold no cycles (reference counting frees them), so bulk work runs
# with the collector called far less often.
FEWER_COLLECTIONS = (100_000, 50, 100)
_thresholds_lock = threading.Lock()
_thresholds_users = 0
_thresholds_before: tuple[int, int, int] = gc.get_threshold()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the garbage collector's thresholds (process-wide) while any caller in this process is inside."""
    global _thresholds_users, _thresholds_before
    with _thresholds_lock:
        if _thresholds_users == 0:
            _thresholds_before = gc.get_threshold()
            gc.set_threshold(*FEWER_COLLECTIONS)
        _thresholds_users += 1
    try:
        yield
    finally:
        with _thresholds_lock:
            _thresholds_users -= 1
            if _thresholds_users == 0:
                gc.set_threshold(*_thresholds_before)


def outbox_lag(connection: Connection) -> OutboxLag:
    row = connection.execute(
        sa.text(
            "SELECT count(*) AS pending, min(created_at) AS oldest, "
            "extract(epoch FROM now() - min(created_at)) AS age FROM outbox"
        )
    ).one()
    return OutboxLag(row.pending, row.oldest, float(row.age) if row.age is not None else None)


def _persons_named_in(connection: Connection, fir_ids: Iterable[int]) -> set[int]:
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
    built = builders.build_tasks(connection, tasks) if builders else _build_here(connection, tasks)
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


def _build_here(
    connection: Connection, tasks: Iterable[BuildTask]
) -> Iterator[tuple[DocumentKind, list[int], list[Document]]]:
    for kind, ids in tasks:
        yield kind, ids, build_documents(connection, kind, ids)


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
                    person_ids |= _persons_named_in(connection, fir_ids)
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


def index_everything(
    database: Engine,
    search: SearchEngine,
    batch_size: int = 2000,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Write every FIR and person document into ``search`` (which should be empty); returns counts.

    With ``workers`` > 1, that many processes build documents from PostgreSQL (the costly part: queries and
    name forms) while this one writes them to the engine."""
    counts: dict[str, int] = {}
    with fewer_collections(), DocumentBuilders(database, workers) as builders:
        for kind in DocumentKind:
            with database.connect() as connection:
                total, done = count_rows(connection, kind), 0
                for documents in builders.build(connection, kind, iter_all_ids(connection, kind, batch_size)):
                    if documents:
                        search.upsert(kind, documents)
                    done += len(documents)
                    if progress:
                        progress(kind, done, total)
            search.commit()
            counts[kind.value] = done
    return counts


_worker_database: Engine | None = None


def _open_worker_database(url: str, parent: int) -> None:
    global _worker_database
    _worker_database = create_db_engine(url, pool_size=1)
    gc.set_threshold(*FEWER_COLLECTIONS)  # this process only builds documents
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True, name="parent-watch").start()


def _exit_when_orphaned(parent: int, every: float = 1.0) -> None:
    """A builder whose parent is killed (SIGKILL leaves no time to shut the pool down) would wait for work
    forever, holding its database connection: it ends itself once the parent is gone."""
    while os.getppid() == parent:  # the parent's pid comes from the parent: it may be gone before this starts
        time.sleep(every)
    os._exit(0)


def _build_in_worker(kind: str, ids: list[int]) -> list[Document]:
    assert _worker_database is not None, "the worker process was started without its database"
    with _worker_database.connect() as connection:
        return build_documents(connection, DocumentKind(kind), ids)


class DocumentBuilders:
    """Builds batches of documents, in this process or in a pool of worker processes, in batch order.

    The pool starts at the first call that has more than one batch to build, so a caller that often has
    little to do (the outbox drain) pays for no processes then."""

    def __init__(self, database: Engine, workers: int = 1) -> None:
        self.workers = workers
        self.url = database.url.render_as_string(hide_password=False)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> DocumentBuilders:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _started_pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of this process's engine threads
                initializer=_open_worker_database,
                initargs=(self.url, os.getpid()),
            )
        return self.pool

    def build(
        self, connection: Connection, kind: DocumentKind, batches: Iterable[list[int]]
    ) -> Iterator[list[Document]]:
        for _, _, documents in self.build_tasks(connection, ((kind, ids) for ids in batches)):
            yield documents

    def build_tasks(
        self, connection: Connection, tasks: Iterable[BuildTask]
    ) -> Iterator[tuple[DocumentKind, list[int], list[Document]]]:
        """Each task's kind, ids and documents, in task order; the tasks may mix kinds."""
        tasks = iter(tasks)
        head = list(itertools.islice(tasks, 2))  # one task alone is built here, without starting the pool
        if self.workers <= 1 or len(head) < 2:
            yield from _build_here(connection, itertools.chain(head, tasks))
            return
        pool = self._started_pool()
        pending: deque[tuple[DocumentKind, list[int], Future[list[Document]]]] = deque()
        for kind, ids in itertools.chain(head, tasks):
            pending.append((kind, ids, pool.submit(_build_in_worker, kind.value, ids)))
            if len(pending) > 2 * self.workers:  # enough queued to keep every worker busy, no more in memory
                kind, ids, future = pending.popleft()
                yield kind, ids, future.result()
        while pending:
            kind, ids, future = pending.popleft()
            yield kind, ids, future.result()


def rebuild_index(
    database: Engine,
    search: SearchEngine,
    batch_size: int = 2000,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Build a fresh index beside the live one, switch to it in one step, then catch up what changed meanwhile.

    Searches see the old index until the switch. Records changed during the build also have outbox rows, so
    the relay brings them in too; the catch-up here closes the window between reading a row and the switch.
    """
    with database.connect() as connection:
        started_at = connection.execute(sa.text("SELECT now()")).scalar_one()
    rebuilt = search.begin_rebuild()
    rebuilt.ensure_ready()
    counts = index_everything(database, rebuilt, batch_size, progress, workers)
    search.finish_rebuild(rebuilt)
    with database.connect() as connection:
        changed_firs = set(
            connection.execute(sa.text("SELECT id FROM fir WHERE updated_at >= :t"), {"t": started_at}).scalars()
        )
        changed_people = set(
            connection.execute(sa.text("SELECT id FROM person WHERE updated_at >= :t"), {"t": started_at}).scalars()
        ) | _persons_named_in(connection, changed_firs)
        write_documents(connection, search, {DocumentKind.FIR: changed_firs, DocumentKind.PERSON: changed_people})
    search.commit()
    return counts


def verify_index(
    database: Engine,
    search: SearchEngine,
    repair: bool = True,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> VerifyReport:
    """Compare every document's checksum with one rebuilt from PostgreSQL; optionally fix what differs."""
    with fewer_collections():
        return _verify_index(database, search, repair, batch_size, progress)


def _verify_index(
    database: Engine, search: SearchEngine, repair: bool, batch_size: int, progress: Progress | None
) -> VerifyReport:
    report = VerifyReport(repaired=repair)
    for kind in DocumentKind:
        indexed = dict(search.iter_checksums(kind))
        missing = stale = checked = 0
        with database.connect() as connection:
            total = count_rows(connection, kind)
            for ids in iter_all_ids(connection, kind, batch_size):
                documents = build_documents(connection, kind, ids)
                to_fix = []
                for document in documents:
                    have = indexed.pop(str(document["id"]), None)
                    if have is None:
                        missing += 1
                    elif have != document["checksum"]:
                        stale += 1
                    else:
                        continue
                    to_fix.append(document)
                if repair and to_fix:
                    search.upsert(kind, to_fix)
                checked += len(documents)
                if progress:
                    progress(kind, checked, total)
        extra = list(indexed)  # left over: documents of records PostgreSQL no longer has
        if repair and extra:
            search.delete(kind, extra)
        report.checked[kind.value] = checked
        report.missing[kind.value], report.stale[kind.value], report.extra[kind.value] = missing, stale, len(extra)
    if repair:
        search.commit()
    return report
