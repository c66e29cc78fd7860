"""Person matching in the background: the Celery task (``cctns.match_people``, every few seconds through the
beat) and, with no broker configured, a thread of the server doing the same."""

from __future__ import annotations

import logging

from celery import Celery
from sqlalchemy.engine import Engine

from people.linkage.linker import Thresholds
from people.linkage.queue import drain_match_queue
from records.settings import Settings
from workers.loop import BackgroundLoop
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


class InProcessMatcher(BackgroundLoop):
    def __init__(self, database: Engine, thresholds: Thresholds, interval: float = 2.0) -> None:
        self.database, self.thresholds = database, thresholds
        super().__init__(
            "person-matcher",
            lambda: drain_match_queue(database, thresholds, should_stop=self.stopping),
            interval,
            max_backoff=15,
        )
