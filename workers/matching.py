"""Person matching in the background: the Celery task (``cctns.match_people``, every few seconds through the
beat) and, with no broker configured, a thread of the server doing the same."""

from __future__ import annotations

import logging
import threading

from celery import Celery
from sqlalchemy.engine import Engine

from indexes.matching.linker import Thresholds
from indexes.matching.queue import drain_match_queue
from records.settings import Settings
from workers.resources import worker_resources

MATCH_TASK = "cctns.match_people"
MATCH_EVERY_SECONDS = 5.0
log = logging.getLogger(__name__)


def match_people() -> dict[str, int]:
    resources = worker_resources()
    done = drain_match_queue(resources.database.engine, Thresholds.from_settings(resources.settings))
    if done:
        log.info("matched %d queued people", done)
    return {"matched": done}


def register_matching_tasks(app: Celery, settings: Settings) -> None:
    app.task(name=MATCH_TASK, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=60)(match_people)
    app.conf.beat_schedule["match-people"] = {
        "task": MATCH_TASK,
        "schedule": MATCH_EVERY_SECONDS,
        "options": {"expires": 10 * MATCH_EVERY_SECONDS},
    }


class InProcessMatcher:
    def __init__(self, database: Engine, thresholds: Thresholds, interval: float = 2.0) -> None:
        self.database, self.thresholds, self.interval = database, thresholds, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="person-matcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                drain_match_queue(self.database, self.thresholds)
            except Exception:  # logged; the queue rows stay and are tried at the next tick
                log.exception("person matching failed; retrying at the next tick")
            self._stop.wait(self.interval)
