"""The server's background work in a child process of its own, when no broker is configured.

``cctns serve`` starts one :class:`BackgroundProcess`; the child (:func:`run_background`) opens its own database
engine and search engine and runs what ``cctns worker`` would run (the outbox relay, SMS, person matching, the
rollups) as threads, and picks up import jobs from the ``import_job`` table. The API processes only answer
requests: the matcher and the relay no longer hold their interpreter lock, and several API processes
(``cctns serve --workers N``) share nothing but PostgreSQL and the index on disk.

The child stops when the server asks (an event), or on its own when the server is gone (its parent changes), so a
``kill -9`` of the server leaves no orphan writing to the index. A batch cut short is a transaction: it is rolled
back and redone at the next start.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.synchronize
import os
import signal
import threading
from collections.abc import Callable

import sqlalchemy as sa

from indexes.engine import SearchEngine
from people.linkage.linker import Thresholds
from records.settings import Settings
from workers.court_offers import InProcessCourtOffers
from workers.imports import start_import_thread, unfinished_jobs
from workers.loop import BackgroundLoop, stop_all
from workers.matching import InProcessMatcher
from workers.network_confirmations import confirmation_loops
from workers.network_feed import network_loops
from workers.network_search_index import network_search_loops
from workers.relay import InProcessRelay
from workers.rollups import InProcessRollups
from workers.sms.gateway import gateway_from_settings
from workers.sms.in_process import InProcessSmsSender

log = logging.getLogger(__name__)

PROCESS_NAME = "background process"
IMPORT_POLL_SECONDS = 1.0
PARENT_CHECK_SECONDS = 0.5


class BackgroundProcess:
    """The child process doing the background work of a server without a broker (``records.background``)."""

    by_worker = False

    def __init__(self, database_url: str, announce: Callable[[str], None] = log.info) -> None:
        self.database_url, self.announce = database_url, announce
        self._context = multiprocessing.get_context("spawn")  # never fork a process holding threads and sockets
        self._stop = self._context.Event()
        self._process: multiprocessing.process.BaseProcess | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop.clear()
        self._process = self._context.Process(
            target=run_background, args=(self.database_url, self._stop, os.getpid()), name="cctns-background"
        )
        self._process.start()
        self.announce(f"background work (index relay, matching, rollups, SMS, imports) in process {self.pid}")

    def stop(self, budget: float) -> list[str]:
        """Ask the child to finish its current batches, wait up to ``budget`` seconds, then end it."""
        process = self._process
        if process is None or not process.is_alive():
            return []
        self._stop.set()
        process.join(budget)
        if process.is_alive():
            process.terminate()
            process.join(5)
            return [PROCESS_NAME]
        return []

    def start_import(self, job_id: int) -> None:
        """Nothing to hand over: the child polls ``import_job`` and starts a queued job within a second."""


class JobsRunElsewhere:
    """The background work seen from an API worker process: the server's child process does it all."""

    by_worker = False

    def start(self) -> None:
        """The server process started the child."""

    def stop(self, budget: float) -> list[str]:
        return []

    def start_import(self, job_id: int) -> None:
        """The child polls ``import_job`` and starts a queued job within a second."""


def server_loops(engine: sa.Engine, search: SearchEngine, settings: Settings) -> list[BackgroundLoop]:
    """Everything ``cctns worker`` would do, as loops: the outbox relay, SMS, person matching and the rollups."""
    return [
        InProcessRelay(engine, search, batch_size=settings.relay_batch_size),
        InProcessSmsSender(engine, gateway_from_settings(settings), max_attempts=settings.sms_max_attempts),
        InProcessMatcher(engine, Thresholds.from_settings(settings)),
        InProcessRollups(engine),
        *network_loops(engine, settings),
        *network_search_loops(engine, settings),
        *confirmation_loops(engine, settings),
        # issue 25: offers to courts, store and forward (a node with a key to present to them)
        *([InProcessCourtOffers(engine, settings)] if settings.network_node_key is not None else []),
    ]


class ImportJobs(BackgroundLoop):
    """Starts a thread for each queued or unfinished import job this process is not already running."""

    def __init__(self, engine: sa.Engine, announce: Callable[[str], None] = log.info) -> None:
        self.engine, self.announce = engine, announce
        self.running: dict[int, threading.Thread] = {}
        self._first = True
        super().__init__("import-jobs", self._start_new_jobs, IMPORT_POLL_SECONDS)

    def _start_new_jobs(self) -> None:
        self.running = {job: thread for job, thread in self.running.items() if thread.is_alive()}
        new = [job for job in unfinished_jobs(self.engine) if job not in self.running]
        if new and self._first:
            self.announce(f"resuming unfinished imports: jobs {', '.join(map(str, new))}")
        self._first = False
        for job_id in new:
            self.running[job_id] = start_import_thread(self.engine, job_id)


def run_background(database_url: str, stop: multiprocessing.synchronize.Event, parent_pid: int) -> None:
    """The child's body: every background loop until ``stop`` is set or the parent is gone."""
    # Ctrl+C reaches the whole process group; the server decides when the child stops (through ``stop``).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s background %(levelname)s %(name)s: %(message)s")

    from indexes.factory import open_search_engine
    from records.database import create_db_engine
    from records.settings import get_settings

    settings = get_settings()
    engine = create_db_engine(database_url)
    search = open_search_engine(settings)
    loops = [*server_loops(engine, search, settings), ImportJobs(engine, announce=print)]
    for loop in loops:
        loop.start()
    try:
        while not stop.wait(PARENT_CHECK_SECONDS):
            if os.getppid() != parent_pid:
                log.warning("the server process is gone; stopping the background work")
                break
    finally:
        still_running = stop_all(loops, 10.0)
        if "outbox-relay" not in still_running:
            search.close()
        engine.dispose()
