"""A real Celery worker on real RabbitMQ sends queued SMS through a real HTTP gateway that fails at first: the
tasks retry with back-off, every message is sent once, even with each task delivered twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from records.models import SmsMessage, SmsStatus
from records.settings import get_settings
from records.sms_queue import queue_sms
from tests.support import scratch_name, server_url_of
from tests.workers.broker import BROKER_URL, needs_broker, running_worker
from tests.workers.fake_gateway import fake_gateway
from workers.celery_app import create_celery_app
from workers.sms.tasks import SEND_TASK

pytestmark = [pytest.mark.slow, needs_broker]
MESSAGES = 5
FAILURES = 2


@pytest.fixture
def sms_database(database_url: str) -> Iterator[sa.Engine]:
    name = scratch_name(database_url, "sms")
    engine = fresh_database(server_url_of(database_url), name)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _rows(engine: sa.Engine) -> list[SmsMessage]:
    with Session(engine) as session:
        return list(session.scalars(sa.select(SmsMessage).order_by(SmsMessage.id)))


def test_retried_and_duplicated_tasks_send_each_message_once(sms_database: sa.Engine, tmp_path: Path) -> None:
    with Session(sms_database) as session, session.begin():
        for n in range(MESSAGES):
            queue_sms(
                session,
                key=f"worker-test:{n}",
                to=f"98765432{n:02d}",
                kind="fir_registered",
                language="hi" if n % 2 else "en",
                fir=f"{n + 1}/2026",
                station="हाजीपुर सदर" if n % 2 else "Hajipur Sadar",
                tracking=f"CMP-26-TEST{n:04d}",
            )
    with (
        fake_gateway(failures=FAILURES) as gateway,
        running_worker(sms_database, tmp_path, CCTNS_SMS_BACKEND="http", CCTNS_SMS_GATEWAY_URL=gateway.url) as worker,
    ):
        # Deliver every task a second time, as a broker redelivery or a duplicate publish would.
        client = create_celery_app(get_settings(broker_url=BROKER_URL, worker_queue=worker.queue))
        for message in _rows(sms_database):
            client.send_task(SEND_TASK, args=[message.id], queue=worker.queue)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = _rows(sms_database)
            if all(m.status is SmsStatus.SENT for m in rows):
                break
            time.sleep(0.2)
        else:
            pytest.fail(
                f"messages not all sent in 120 s: {[(m.id, m.status, m.attempts) for m in rows]}\n"
                f"{worker.log.read_text()[-4000:]}"
            )
        time.sleep(3)  # let any duplicate task still waiting for its retry run and find the message sent
    log = worker.log
    rows = _rows(sms_database)
    for message in rows:
        assert gateway.requests[message.idempotency_key] == FAILURES + 1, (
            f"{message.idempotency_key}: {gateway.requests[message.idempotency_key]} requests; log:\n"
            f"{log.read_text()[-3000:]}"
        )
        assert message.attempts == FAILURES + 1 and message.status is SmsStatus.SENT
        assert message.provider_message_id == f"gw-{message.idempotency_key}" and message.sent_at is not None
    assert sum(gateway.accepted.values()) == MESSAGES
    assert "Retry in" in log.read_text(), "the retries came from Celery's own back-off"
