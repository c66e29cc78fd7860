"""Converting an import's batches in worker processes beside the process that writes them, so that both cores
work: converting is pure Python (it would hold the writer's GIL in a thread), writing mostly waits for
PostgreSQL.

Each worker loads the reference ids once (``Lookups``) and builds its converter once, then converts the batches
it is handed; the batches come back in the order they were read, at most a few ahead of the writer (memory
stays bounded). Workers write nothing but the stations the profile lets an import create (idempotent: a re-run
after a kill finds them by code), each on its own autocommit connection, one worker at a time
(``Lookups._create_station``). A worker whose parent is killed ends itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, NamedTuple, TypeVar

import psycopg

from ingest.legacy.batch import ConvertedBatch, convert_batch
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import Profile
from ingest.legacy.readers import SourceRow
from ingest.legacy.rows.converter import RowConverter
from ingest.legacy.rows.fields import Problem
from ingest.legacy.staged import StagedRows
from records.access import Jurisdiction

T = TypeVar("T")
# Processes converting beside the writer: on two cores one, so that PostgreSQL and the writer have the other.
CONVERT_WORKERS = max(1, min(2, (os.cpu_count() or 2) - 1))
FEWER_COLLECTIONS = (50_000, 10, 10)  # a worker holds batches of tens of thousands of rows (see pipeline)


class WorkerSetup(NamedTuple):
    """What a worker needs to convert: the database (reference ids, stations to create), the profile and whom
    the import is for."""

    database_url: str  # a libpq URL
    profile: Profile
    jurisdiction: Jurisdiction | None
    parent: int


class WorkerResult(NamedTuple):
    """A batch converted in a worker: its staged rows and rejects, and the stations and districts it created."""

    staged: StagedRows
    rejects: dict[int, list[Problem]]
    created_stations: list[str]
    created_districts: list[str]


class _Worker:
    def __init__(self, setup: WorkerSetup) -> None:
        self.connection = psycopg.connect(setup.database_url, autocommit=True)
        self.cursor = self.connection.cursor()
        profile = setup.profile
        self.lookups = Lookups.load(self.cursor, profile.stations, profile.sections.act_aliases)
        self.lookups.jurisdiction = setup.jurisdiction
        self.converter = RowConverter(profile, self.lookups)

    def convert(self, kind: str, rows: list[tuple[int, dict[str, Any]]]) -> WorkerResult:
        stations, districts = len(self.lookups.created_stations), len(self.lookups.created_districts)
        batch = [SourceRow(number, None, values) for number, values in rows]
        converted = convert_batch(self.cursor, kind, batch, self.converter, set())
        return WorkerResult(
            converted.staged,
            converted.rejects,
            self.lookups.created_stations[stations:],
            self.lookups.created_districts[districts:],
        )


_worker: _Worker | None = None


def _start_worker(setup: WorkerSetup) -> None:
    global _worker
    gc.set_threshold(*FEWER_COLLECTIONS)
    threading.Thread(target=_exit_when_orphaned, args=(setup.parent,), daemon=True, name="parent-watch").start()
    _worker = _Worker(setup)


def _exit_when_orphaned(parent: int, every: float = 1.0) -> None:
    """A worker whose parent is killed (SIGKILL leaves no time to shut the pool down) would wait for work
    forever, holding its database connection: it ends itself once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def _convert_in_worker(kind: str, rows: list[tuple[int, dict[str, Any]]]) -> WorkerResult:
    assert _worker is not None, "the worker process was started without its setup"
    return _worker.convert(kind, rows)


class ConversionPool:
    """Worker processes converting an import's batches, started on first use, stopped on leaving the block."""

    def __init__(self, setup: WorkerSetup, workers: int) -> None:
        self.setup, self.workers = setup, workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ConversionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def converted(
        self, batches: Iterable[tuple[T, str, list[SourceRow]]]
    ) -> Iterator[tuple[T, list[SourceRow], WorkerResult]]:
        """Each batch (a tag, its kind and rows) with what a worker made of it, in the order given; at most one
        batch per worker and one more are converting or waiting to be taken."""
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of this process's connections
                initializer=_start_worker,
                initargs=(self.setup,),
            )
        pending: deque[tuple[T, list[SourceRow], Future[WorkerResult]]] = deque()
        for tag, kind, rows in batches:
            shipped = [(row.number, row.values) for row in rows]
            pending.append((tag, rows, self.pool.submit(_convert_in_worker, kind, shipped)))
            if len(pending) > self.workers:
                tag, rows, future = pending.popleft()
                yield tag, rows, future.result()
        while pending:
            tag, rows, future = pending.popleft()
            yield tag, rows, future.result()


def drop_repeated_persons(converted: ConvertedBatch, seen_persons: set[str]) -> None:
    """Refuse a person whose key an earlier batch of the file gave (a worker sees its batch alone): as
    ``convert_batch`` does within a batch, the later row is rejected as ``duplicate_in_file``."""
    kept = []
    for person in converted.staged.persons:
        if person.key in seen_persons:
            converted.rejects[person.src_row] = [
                Problem("duplicate_in_file", "key", f"person key {person.key!r} appears twice")
            ]
        else:
            seen_persons.add(person.key)
            kept.append(person)
    if len(kept) < len(converted.staged.persons):
        converted.staged.persons[:] = kept
        converted.rejects = dict(sorted(converted.rejects.items()))  # in row order, as one process gives them
