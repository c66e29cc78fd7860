"""Building search documents from PostgreSQL in bulk: in this process, or in a pool of worker processes.

The pool is what makes a full build (``indexes.rebuild``) and a big outbox backlog (``indexes.sync``) fast where
cores are free: building documents (queries and name forms) is most of the work, writing them is the rest.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from sqlalchemy.engine import Connection, Engine

from indexes.documents import build_documents
from indexes.engine import Document
from indexes.schema import DocumentKind
from records.database import create_db_engine

Progress = Callable[[DocumentKind, int, int], None]  # kind, done, total: a pass over every record of a kind
BuildTask = tuple[DocumentKind, list[int]]  # build these records' documents


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


def build_here(
    connection: Connection, tasks: Iterable[BuildTask]
) -> Iterator[tuple[DocumentKind, list[int], list[Document]]]:
    for kind, ids in tasks:
        yield kind, ids, build_documents(connection, kind, ids)


_worker_database: Engine | None = None


def _open_worker_database(url: str, parent: int) -> None:
    global _worker_database
    _worker_database = create_db_engine(url, pool_size=1)
    gc.set_threshold(*FEWER_COLLECTIONS)  # this process only builds documents
    atexit.register(_exit_at_once)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True, name="parent-watch").start()


def _exit_at_once() -> None:
    """Ends a builder that the pool has told to stop without the interpreter's usual teardown (freeing every object
    it holds one by one, its name caches among them): measured, shutting down two builders after 77,000 documents
    took 2.7 s, all of it waited for by ``DocumentBuilders.__exit__`` and so by every full build; now 0.06 s. Its
    results are already sent and its work is read-only, so only its database connection is closed first."""
    if _worker_database is not None:
        _worker_database.dispose()
    os._exit(0)


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
            yield from build_here(connection, itertools.chain(head, tasks))
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
