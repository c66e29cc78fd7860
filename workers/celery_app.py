"""The Celery app: the outbox relay to the search index runs every second through the embedded beat.

Start it with ``cctns worker`` (needs ``CCTNS_BROKER_URL``, e.g. amqp://guest:guest@127.0.0.1:5672//).
Tasks are acknowledged late and re-queued if the worker dies, and the relay is idempotent, so a killed worker
loses nothing: the next run picks up the outbox rows it left.
"""

from __future__ import annotations

import logging

from celery import Celery

from indexes.sync import drain_outbox
from records.settings import Settings, get_settings
from workers.court_offers import COURT_OFFERS_EVERY_SECONDS, COURT_OFFERS_TASK, send_court_offers_task
from workers.imports import IMPORT_TASK, import_file_task
from workers.matching import register_matching_tasks
from workers.network_confirmations import register_confirmation_tasks
from workers.network_feed import (
    FEED_EVERY_SECONDS,
    FEED_TASK,
    HEARTBEAT_TASK,
    network_feed_task,
    network_heartbeat_task,
)
from workers.resources import worker_resources
from workers.rollups import ROLLUP_EVERY_SECONDS, ROLLUP_TASK, refresh_rollups_task
from workers.sms.tasks import register_sms_tasks

RELAY_TASK = "cctns.relay_outbox"
RELAY_EVERY_SECONDS = 1.0
log = logging.getLogger(__name__)


def relay_outbox() -> dict[str, int]:
    """Drain the outbox into the search index; returns what was done."""
    resources = worker_resources()
    report = drain_outbox(resources.database.engine, resources.search, resources.settings.relay_batch_size)
    if report.events:
        log.info("relayed %d outbox events: %d upserted, %d deleted", report.events, report.upserted, report.deleted)
    return {"events": report.events, "upserted": report.upserted, "deleted": report.deleted}


def create_celery_app(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("cctns", broker=settings.broker_url)
    app.conf.update(
        task_default_queue=settings.worker_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        beat_schedule={
            "relay-outbox": {
                "task": RELAY_TASK,
                "schedule": RELAY_EVERY_SECONDS,
                # A tick that waited longer than this is stale: the next one does the same work.
                "options": {"expires": 10 * RELAY_EVERY_SECONDS},
            },
            "send-court-offers": {"task": COURT_OFFERS_TASK, "schedule": COURT_OFFERS_EVERY_SECONDS},
            "refresh-rollups": {
                "task": ROLLUP_TASK,
                "schedule": ROLLUP_EVERY_SECONDS,
                "options": {"expires": 4 * ROLLUP_EVERY_SECONDS},
            },
            **(
                {
                    "network-feed": {
                        "task": FEED_TASK,
                        "schedule": 2 * FEED_EVERY_SECONDS,
                        "options": {"expires": 10 * FEED_EVERY_SECONDS},
                    },
                    "network-heartbeat": {
                        "task": HEARTBEAT_TASK,
                        "schedule": settings.network_heartbeat_seconds,
                        "options": {"expires": settings.network_heartbeat_seconds},
                    },
                }
                if settings.network_enabled
                else {}
            ),
        },
    )
    app.task(
        name=RELAY_TASK,
        autoretry_for=(Exception,),
        retry_backoff=True,
        retry_backoff_max=60,
        max_retries=None,
    )(relay_outbox)
    register_sms_tasks(app, settings)
    app.task(name=IMPORT_TASK, acks_late=True, reject_on_worker_lost=True)(import_file_task)
    register_matching_tasks(app, settings)
    register_confirmation_tasks(app, settings)
    app.task(name=COURT_OFFERS_TASK)(send_court_offers_task)  # issue 25: offers to courts, store and forward
    app.task(name=ROLLUP_TASK, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=60, max_retries=None)(
        refresh_rollups_task
    )
    app.task(name=FEED_TASK, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=60, max_retries=5)(
        network_feed_task
    )
    app.task(name=HEARTBEAT_TASK)(network_heartbeat_task)
    return app
