"""The served app's background work, and the one place that chooses its kind (:func:`background_work`):

- :class:`BrokerWork`, with ``CCTNS_BROKER_URL``: ``cctns worker`` (Celery, ``workers.celery_app``) relays the
  outbox to the index, refreshes the rollups, matches people and sends SMS; the server only hands it import jobs.
- ``workers.background_process.BackgroundProcess``, without: a child process of the server does the same, so the
  API processes only answer requests.
- :class:`InProcessWork`: the same loops as threads of one process. The child process runs them so; tests and
  embedders that want the work beside their app use it directly.

All satisfy ``records.background.BackgroundWork``; the app's lifespan (``cctns.asgi``) starts and stops the one
the composition root made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Engine

from indexes.engine import SearchEngine
from records.settings import Settings
from workers.background_process import BackgroundProcess, JobsRunElsewhere, server_loops
from workers.celery_app import create_celery_app
from workers.imports import IMPORT_TASK, start_import_thread, unfinished_jobs
from workers.loop import BackgroundLoop, stop_all

log = logging.getLogger(__name__)


def background_work(
    engine: Engine, settings: Settings, announce: Callable[[str], None] = log.info
) -> BrokerWork | BackgroundProcess:
    """A broker's worker when one is configured, else a child process of this server on the same database
    (``announce`` tells the operator where the work runs and what it resumed)."""
    if settings.broker_url:
        return BrokerWork(settings)
    return BackgroundProcess(engine.url.render_as_string(hide_password=False), announce)


def api_process_background(settings: Settings) -> BrokerWork | JobsRunElsewhere:
    """The background work as one of several API processes sees it: the broker, or the server's own child."""
    return BrokerWork(settings) if settings.broker_url else JobsRunElsewhere()


class BrokerWork:
    """``cctns worker`` does the work; this process only sends it import jobs."""

    by_worker = True

    def __init__(self, settings: Settings) -> None:
        self.celery = create_celery_app(settings)

    def start(self) -> None:
        """Nothing runs here: the broker re-delivers a task whose worker died (tasks are acknowledged late)."""

    def stop(self, budget: float) -> list[str]:
        return []

    def start_import(self, job_id: int) -> None:
        self.celery.send_task(IMPORT_TASK, args=[job_id])


class InProcessWork:
    """Threads of this process: ``loops`` (none for an app that only imports) and one thread per import job."""

    by_worker = False

    def __init__(
        self, engine: Engine, loops: Sequence[BackgroundLoop] = (), announce: Callable[[str], None] = log.info
    ) -> None:
        self.engine, self.loops, self.announce = engine, list(loops), announce

    @classmethod
    def for_server(
        cls, engine: Engine, search: SearchEngine, settings: Settings, announce: Callable[[str], None] = log.info
    ) -> InProcessWork:
        """Everything ``cctns worker`` would do: the outbox relay, SMS, person matching and the rollups."""
        return cls(engine, server_loops(engine, search, settings), announce)

    def start(self) -> None:
        for loop in self.loops:
            loop.start()
        # Without a broker nothing else would run the jobs a stopped server left; a job another process is still
        # running waits on its lock and then finds itself done.
        if resumed := unfinished_jobs(self.engine):
            self.announce(f"resuming unfinished imports: jobs {', '.join(map(str, resumed))}")
            for job_id in resumed:
                self.start_import(job_id)

    def stop(self, budget: float) -> list[str]:
        return stop_all(self.loops, budget)

    def start_import(self, job_id: int) -> None:
        start_import_thread(self.engine, job_id)
