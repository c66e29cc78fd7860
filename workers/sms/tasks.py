"""The Celery tasks: ``cctns.dispatch_sms`` (every second, through the beat) hands due messages to
``cctns.send_sms`` tasks, one per message, which retry with exponential back-off on temporary failures."""

from __future__ import annotations

import logging

from celery import Celery, Task

from records.models import SmsStatus
from records.settings import Settings
from workers.resources import worker_resources
from workers.sms.delivery import BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS, Outcome, deliver, due_messages, mark_queued
from workers.sms.gateway import gateway_from_settings

SEND_TASK = "cctns.send_sms"
DISPATCH_TASK = "cctns.dispatch_sms"
DISPATCH_EVERY_SECONDS = 1.0
log = logging.getLogger(__name__)


class RetryLater(Exception):
    """The gateway failed for now; Celery retries the task after its back-off."""


def register_sms_tasks(app: Celery, settings: Settings) -> None:
    """Add the SMS tasks to ``app`` and the dispatcher to its beat schedule."""

    @app.task(
        name=SEND_TASK,
        bind=True,
        autoretry_for=(RetryLater,),
        retry_backoff=int(BACKOFF_BASE_SECONDS),
        retry_backoff_max=int(BACKOFF_MAX_SECONDS),
        retry_jitter=False,
        max_retries=settings.sms_max_attempts,
    )
    def send_sms(self: Task, message_id: int) -> str:
        resources = worker_resources()
        outcome = deliver(
            resources.database.engine,
            message_id,
            gateway_from_settings(resources.settings),
            max_attempts=resources.settings.sms_max_attempts,
            waiting_status=SmsStatus.QUEUED,
        )
        if outcome in {Outcome.RETRY, Outcome.BUSY}:
            raise RetryLater(f"SMS {message_id}: {outcome.value}")
        return outcome.value

    @app.task(name=DISPATCH_TASK)
    def dispatch_sms() -> int:
        engine = worker_resources().database.engine
        claimed = mark_queued(engine, due_messages(engine))
        for message_id in claimed:
            send_sms.delay(message_id)
        if claimed:
            log.info("dispatched %d SMS", len(claimed))
        return len(claimed)

    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        "dispatch-sms": {
            "task": DISPATCH_TASK,
            "schedule": DISPATCH_EVERY_SECONDS,
            "options": {"expires": 10 * DISPATCH_EVERY_SECONDS},
        },
    }
