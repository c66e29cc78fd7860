"""Reading and converting an import's files in worker processes beside the process that writes them, so that
both cores work: converting is pure Python (in a thread it would hold the writer's GIL), writing mostly waits
for PostgreSQL.

Each worker reads the files itself (handing parsed rows to another process would cost the writer's process as
much as parsing them), loads the reference ids once (``Lookups``) and builds its converter once. With ``n``
workers, worker ``i`` converts the batches ``i``, ``i + n``, ... (each reads every row: reading is cheap beside
converting) and hands them over through its own queue of at most ``QUEUE_BATCHES``; the writer takes them in
the order they were read, so memory stays bounded and the progress mark moves as before.

Workers write nothing but the stations the profile lets an import create (idempotent: a re-run after a kill
finds them by code), each on its own autocommit connection, in the order of the rows (``_Turns``).
A worker whose parent is killed ends itself; one the writer no longer needs (an error, the end) is stopped.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import psycopg

from ingest.legacy.batch import ConvertedBatch, convert_batch
from ingest.legacy.lookups import STATION_CONNECTION_SETTINGS, Lookups
from ingest.legacy.profile import Profile
from ingest.legacy.readers import SourceRow, read_batches
from ingest.legacy.rows.converter import RowConverter
from ingest.legacy.rows.fields import Problem
from ingest.legacy.staged import StagedPerson, StagedRows
from records.access import Jurisdiction

# Processes converting beside the writer, with two cores left to PostgreSQL and the writer. On two cores none:
# there the writer is bound by PostgreSQL, and a process's start (imports, reference ids) and handing batches
# over (pickling them: 58 MB for 20,000 FIRs) cost more CPU than converting in a thread of the writer's process
# (measured with bench/bench_import.py --firs 20000: 19-21 s in a thread, 23-26 s with a process, same runs).
CONVERT_WORKERS = min(2, max(0, (os.cpu_count() or 1) - 2))
QUEUE_BATCHES = 2  # converted batches a worker may hold ready for the writer
FEWER_COLLECTIONS = (50_000, 10, 10)  # a worker holds batches of tens of thousands of rows (see pipeline)
_NO_VALUES: dict[str, Any] = {}


class SourceFile(NamedTuple):
    """A file to read, and where its progress mark says to go on from."""

    name: str
    kind: str  # firs, persons, parties, properties
    path: Path
    fmt: str
    skip_to: int


class WorkerSetup(NamedTuple):
    """What the workers need: the database (reference ids, stations to create), the profile, whom the import is
    for, the files and how to batch them."""

    database_url: str  # a libpq URL
    profile: Profile
    jurisdiction: Jurisdiction | None
    files: list[SourceFile]
    batch_rows: int
    parent: int
    stations_up_to: int | None = None  # the stations the import began with (see ``Lookups.load``)


class WorkerResult(NamedTuple):
    """A batch converted in a worker: its rows (only rejected ones with their values: the rejects table keeps
    them as read), staged rows and rejects, the stations and districts created for it, and, for a person file
    converted by several workers, the accepted rows' values as JSON text (a key an earlier batch of another
    worker gave is refused by the writer's side)."""

    file: str
    rows: list[SourceRow]
    staged: StagedRows
    rejects: dict[int, list[Problem]]
    created_stations: list[str]
    created_districts: list[str]
    person_values: dict[int, str]

    def converted(self, seen_persons: set[str]) -> ConvertedBatch:
        """The batch as the writer takes it; ``seen_persons`` holds the person keys of the file's batches before."""
        converted = ConvertedBatch(self.rows, self.staged, self.rejects)
        repeated = [person for person in self.staged.persons if person.key in seen_persons]
        seen_persons.update(person.key for person in self.staged.persons)
        if repeated:
            _refuse_repeated(converted, repeated, self.person_values)
        return converted


class _Turns:
    """Where each worker is: the number of the next batch it will convert (shared by the workers). A worker that
    meets a station it does not know waits until the batches before its own are converted (the station may be
    one of theirs): stations are then found or created in the order of the rows, as one process would."""

    def __init__(self, progress: Any, index: int) -> None:
        self.progress, self.index, self.batch = progress, index, 0

    def catch_up(self) -> None:
        while any(next_batch < self.batch for worker, next_batch in enumerate(self.progress) if worker != self.index):
            time.sleep(0.002)


def _work(setup: WorkerSetup, index: int, workers: int, results: Any, progress: Any) -> None:
    """A worker's life: convert its share of the batches, then say how many batches there were."""
    gc.set_threshold(*FEWER_COLLECTIONS)
    threading.Thread(target=_exit_when_orphaned, args=(setup.parent,), daemon=True, name="parent-watch").start()
    try:
        connection = psycopg.connect(setup.database_url, autocommit=True)
        connection.execute(STATION_CONNECTION_SETTINGS)
        cursor = connection.cursor()
        profile = setup.profile
        lookups = Lookups.load(cursor, profile.stations, profile.sections.act_aliases, setup.stations_up_to)
        lookups.jurisdiction = setup.jurisdiction
        turns = _Turns(progress, index)
        if workers > 1:
            lookups.catch_up = turns.catch_up
        converter = RowConverter(profile, lookups)
        number = 0
        for file in setup.files:
            seen: set[str] = set()  # one worker sees every batch: it refuses a repeated person key itself
            for batch in read_batches(file.path, file.fmt, setup.batch_rows, file.skip_to, sheet=profile.sheet,
                                      encoding=profile.csv.encoding, delimiter=profile.csv.delimiter):  # fmt: skip
                if number % workers == index:
                    stations, districts = len(lookups.created_stations), len(lookups.created_districts)
                    turns.batch = number
                    converted = convert_batch(cursor, file.kind, batch, converter, seen if workers == 1 else set())
                    progress[index] = number + workers  # (its stations committed: the connection autocommits)
                    rejects = converted.rejects
                    rows = [row if row.number in rejects else row._replace(values=_NO_VALUES) for row in batch]
                    person_values = (
                        {row.number: json.dumps(row.values, default=str) for row in batch if row.number not in rejects}
                        if file.kind == "persons" and workers > 1
                        else {}
                    )
                    created = lookups.created_stations[stations:], lookups.created_districts[districts:]
                    result = WorkerResult(file.name, rows, converted.staged, rejects, *created, person_values)
                    results.put(("batch", result))
                number += 1
        progress[index] = 2**62  # no more batches: nobody waits for this worker
        results.put(("done", number))
        connection.close()
    except BaseException as error:
        try:
            pickle.dumps(error)
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        results.put(("failed", error))


def _exit_when_orphaned(parent: int, every: float = 1.0) -> None:
    """A worker whose parent is killed (SIGKILL leaves no time to stop it) would go on converting for nobody,
    holding its database connection: it ends itself once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


class ConversionWorkers:
    """``workers`` processes reading and converting the files of ``setup``; :meth:`batches` gives the converted
    batches in file order. Use as a context manager: leaving it stops the workers."""

    def __init__(self, setup: WorkerSetup, workers: int = CONVERT_WORKERS) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of this process's connections and threads
        self.queues = [context.Queue(maxsize=QUEUE_BATCHES) for _ in range(workers)]
        progress = context.Array("q", range(workers), lock=False)  # each worker's next batch (see ``_Turns``)
        self.processes = [
            context.Process(
                target=_work,
                args=(setup, index, workers, self.queues[index], progress),
                daemon=True,
                name=f"import-convert-{index}",
            )
            for index in range(workers)
        ]

    def __enter__(self) -> ConversionWorkers:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(timeout=10)
        for results in self.queues:
            results.close()
            results.cancel_join_thread()

    def batches(self) -> Iterator[WorkerResult]:
        number = 0
        while True:
            index = number % len(self.processes)
            kind, payload = self._next(index)
            if kind == "failed":
                raise payload
            if kind == "done":
                return
            yield payload
            number += 1

    def _next(self, index: int) -> tuple[str, Any]:
        while True:
            try:
                return self.queues[index].get(timeout=1.0)  # type: ignore[no-any-return]
            except queue.Empty:
                process = self.processes[index]
                if not process.is_alive():
                    raise RuntimeError(
                        f"the import's converting process {process.name} ended unexpectedly "
                        f"(exit code {process.exitcode})"
                    ) from None


def _refuse_repeated(converted: ConvertedBatch, repeated: list[StagedPerson], values: dict[int, str]) -> None:
    """Reject the persons whose key an earlier batch of the file gave, as ``convert_batch`` does within a batch
    (``duplicate_in_file``), with their rows as read."""
    refused = {person.src_row: person.key for person in repeated}
    converted.staged.persons[:] = [person for person in converted.staged.persons if person.src_row not in refused]
    for src_row, key in refused.items():
        converted.rejects[src_row] = [Problem("duplicate_in_file", "key", f"person key {key!r} appears twice")]
    converted.rejects = dict(sorted(converted.rejects.items()))  # in row order, as one process gives them
    converted.rows = [
        row._replace(values=json.loads(values[row.number])) if row.number in refused else row for row in converted.rows
    ]
