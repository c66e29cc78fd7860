"""SMS delivery against real PostgreSQL and a real HTTP gateway on 127.0.0.1: back-off, retries, permanent
failures, and each message sent once however often it is attempted (also by two senders at once)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.models import SmsMessage, SmsStatus
from records.sms_queue import queue_sms
from tests.workers.fake_gateway import fake_gateway
from workers.sms.delivery import Outcome, backoff, deliver, due_messages
from workers.sms.gateway import DevelopmentGateway, HttpGateway, fill_template
from workers.sms.in_process import InProcessSmsSender

TEMPLATE = '{"to": "{to}", "sender": "{sender}", "text": "{body}", "unicode": {unicode}, "reference": "{key}"}'


@pytest.fixture
def messages(engine: Engine) -> Iterator[list[int]]:
    """Committed messages (one Hindi, one English) of a unique run; deleted after the test."""
    run = uuid.uuid4().hex[:10]
    with Session(engine) as session, session.begin():
        queue_sms(
            session,
            key=f"test:{run}:hi",
            to="9876543210",
            kind="arrest",
            language="hi",
            fir="12/2026",
            station="हाजीपुर सदर",
        )
        queue_sms(
            session,
            key=f"test:{run}:en",
            to="9876543211",
            kind="arrest",
            language="en",
            fir="13/2026",
            station="Hajipur Sadar",
        )
    with engine.connect() as connection:
        ids = list(
            connection.scalars(
                sa.select(SmsMessage.id).where(SmsMessage.idempotency_key.like(f"test:{run}:%")).order_by(SmsMessage.id)
            )
        )
    yield ids
    with engine.begin() as connection:
        connection.execute(sa.delete(SmsMessage).where(SmsMessage.id.in_(ids)))


def row(engine: Engine, message_id: int) -> SmsMessage:
    with Session(engine) as session:
        message = session.get(SmsMessage, message_id)
        assert message is not None
        return message


def test_development_backend_delivers_into_the_table_once(engine: Engine, messages: list[int]) -> None:
    gateway = DevelopmentGateway()
    assert deliver(engine, messages[0], gateway, max_attempts=3) is Outcome.SENT
    sent = row(engine, messages[0])
    assert sent.status is SmsStatus.DELIVERED and sent.attempts == 1 and sent.delivered_at is not None
    assert sent.provider == "development" and sent.provider_message_id == f"dev-{sent.idempotency_key}"
    assert "हाजीपुर सदर" in sent.body and sent.language == "hi"
    assert deliver(engine, messages[0], gateway, max_attempts=3) is Outcome.ALREADY_DONE
    assert row(engine, messages[0]).attempts == 1


def test_http_gateway_gets_the_template_filled_and_the_idempotency_key(engine: Engine, messages: list[int]) -> None:
    with fake_gateway() as server:
        gateway = HttpGateway(server.url, TEMPLATE, "CCTNSB", timeout=5)
        for message_id in messages:
            assert deliver(engine, message_id, gateway, max_attempts=3) is Outcome.SENT
    hindi, english = server.bodies
    assert hindi["unicode"] is True and "हाजीपुर सदर" in hindi["text"] and hindi["to"] == "9876543210"
    assert english["unicode"] is False and english["sender"] == "CCTNSB"
    assert server.headers[0]["Idempotency-Key"] == hindi["reference"] == row(engine, messages[0]).idempotency_key
    assert row(engine, messages[0]).status is SmsStatus.SENT
    assert row(engine, messages[0]).provider_message_id == f"gw-{hindi['reference']}"


def test_form_templates_are_url_encoded() -> None:
    filled = fill_template("to={to}&msg={body}&u={unicode}", {"to": "98", "body": "a&b रा", "unicode": "1"})
    assert filled == "to=98&msg=a%26b%20%E0%A4%B0%E0%A4%BE&u=1"


def test_temporary_failures_back_off_then_send_once(engine: Engine, messages: list[int]) -> None:
    message_id = messages[0]
    with fake_gateway(failures=2) as server:
        gateway = HttpGateway(server.url, TEMPLATE, "CCTNSB", timeout=5)
        now = datetime.now(UTC)
        assert deliver(engine, message_id, gateway, max_attempts=5, now=now) is Outcome.RETRY
        first = row(engine, message_id)
        assert first.status is SmsStatus.PENDING and first.attempts == 1 and "503" in (first.last_error or "")
        assert first.next_attempt_at == now + backoff(1)
        assert message_id not in due_messages(engine, now=now), "not due before its back-off has passed"
        assert deliver(engine, message_id, gateway, max_attempts=5) is Outcome.RETRY
        assert row(engine, message_id).next_attempt_at >= now + backoff(2) - timedelta(seconds=1)
        assert deliver(engine, message_id, gateway, max_attempts=5) is Outcome.SENT
        for _ in range(3):
            assert deliver(engine, message_id, gateway, max_attempts=5) is Outcome.ALREADY_DONE
    key = row(engine, message_id).idempotency_key
    assert server.requests[key] == 3, "two failures, one success, nothing after it"
    assert row(engine, message_id).attempts == 3 and row(engine, message_id).last_error is None
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 20)] == [2, 4, 8, 600]


def test_refusals_and_exhausted_attempts_fail_for_good(engine: Engine, messages: list[int]) -> None:
    with fake_gateway(status_for_all=400) as server:
        gateway = HttpGateway(server.url, TEMPLATE, "CCTNSB", timeout=5)
        assert deliver(engine, messages[0], gateway, max_attempts=5) is Outcome.FAILED
    assert row(engine, messages[0]).status is SmsStatus.FAILED and "400" in (row(engine, messages[0]).last_error or "")
    unreachable = HttpGateway("http://127.0.0.1:9/send", TEMPLATE, "CCTNSB", timeout=2)
    assert deliver(engine, messages[1], unreachable, max_attempts=2) is Outcome.RETRY
    assert deliver(engine, messages[1], unreachable, max_attempts=2) is Outcome.FAILED
    failed = row(engine, messages[1])
    assert failed.status is SmsStatus.FAILED and failed.attempts == 2 and "unreachable" in (failed.last_error or "")


def test_two_senders_at_once_send_a_message_once(engine: Engine, messages: list[int]) -> None:
    message_id = messages[0]
    with fake_gateway(delay=0.5) as server:
        gateway = HttpGateway(server.url, TEMPLATE, "CCTNSB", timeout=5)
        outcomes: list[Outcome] = []
        threads = [
            threading.Thread(target=lambda: outcomes.append(deliver(engine, message_id, gateway, max_attempts=5)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == sorted([Outcome.SENT, Outcome.BUSY])
    assert server.requests[row(engine, message_id).idempotency_key] == 1


def test_in_process_sender_sends_what_is_due(engine: Engine, messages: list[int]) -> None:
    sender = InProcessSmsSender(engine, DevelopmentGateway(), max_attempts=3)
    sender.send_due()
    assert {row(engine, m).status for m in messages} == {SmsStatus.DELIVERED}
