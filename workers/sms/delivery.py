"""One delivery attempt of one SMS, safe to repeat: the Celery task and the in-process sender both call it.

Each attempt locks the message's row for its whole duration (``FOR UPDATE SKIP LOCKED``), so two senders never
talk to the gateway about the same message at once; a message whose row says sent, delivered or failed is
never sent again, however often its task is retried or duplicated. The gateway's answer and the new state
commit together. If a process dies after the gateway accepted a message but before that commit, the row is
still pending and the next attempt sends it again with the same idempotency key, which the gateway uses to
drop the repeat (the development backend needs none: its "sending" is that same commit).
"""

from __future__ import annotations

import enum
import logging
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.models import SmsMessage, SmsStatus
from workers.sms.gateway import OutgoingSms, PermanentFailure, SmsGateway, TemporaryFailure

log = logging.getLogger(__name__)
DONE = frozenset({SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.FAILED})
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 600.0
STALE_QUEUED = timedelta(minutes=10)


class Outcome(enum.StrEnum):
    SENT = "sent"
    ALREADY_DONE = "already_done"
    RETRY = "retry"  # a temporary failure; attempt again after the back-off
    FAILED = "failed"
    BUSY = "busy"  # another sender holds the row right now
    MISSING = "missing"


def backoff(attempts: int) -> timedelta:
    """Exponential back-off after ``attempts`` failed attempts: 2 s, 4 s, 8 s, ... up to 10 minutes."""
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def deliver(
    engine: Engine,
    message_id: int,
    gateway: SmsGateway,
    *,
    max_attempts: int,
    waiting_status: SmsStatus = SmsStatus.PENDING,
    now: datetime | None = None,
) -> Outcome:
    """Attempt to send message ``message_id`` once. After a temporary failure the row goes back to
    ``waiting_status`` (QUEUED when a Celery task will retry it itself) with its next attempt time."""
    with Session(engine) as session, session.begin():
        message = session.scalar(
            sa.select(SmsMessage).where(SmsMessage.id == message_id).with_for_update(skip_locked=True)
        )
        if message is None:
            exists = session.scalar(sa.select(sa.func.count()).where(SmsMessage.id == message_id))
            return Outcome.BUSY if exists else Outcome.MISSING
        if message.status in DONE:
            return Outcome.ALREADY_DONE
        message.attempts += 1
        message.provider = gateway.name
        try:
            result = gateway.send(
                OutgoingSms(message.to_number, message.body, message.language, message.idempotency_key)
            )
        except TemporaryFailure as error:
            message.last_error = str(error)[:500]
            if message.attempts >= max_attempts:
                message.status = SmsStatus.FAILED
                log.warning("SMS %d failed for good after %d attempts: %s", message_id, message.attempts, error)
                return Outcome.FAILED
            message.status = waiting_status
            message.next_attempt_at = (now or datetime.now(UTC)) + backoff(message.attempts)
            log.info("SMS %d: attempt %d failed (%s); retrying", message_id, message.attempts, error)
            return Outcome.RETRY
        except PermanentFailure as error:
            message.last_error = str(error)[:500]
            message.status = SmsStatus.FAILED
            log.warning("SMS %d refused by the gateway: %s", message_id, error)
            return Outcome.FAILED
        moment = now or datetime.now(UTC)
        message.provider_message_id = result.provider_message_id
        message.last_error = None
        message.sent_at = moment
        message.status = SmsStatus.DELIVERED if result.delivered else SmsStatus.SENT
        if result.delivered:
            message.delivered_at = moment
        return Outcome.SENT


def due_messages(engine: Engine, limit: int = 100, now: datetime | None = None) -> list[int]:
    """Ids of messages to send now: pending ones whose time has come, and queued ones whose task was lost."""
    now = now or datetime.now(UTC)
    with engine.connect() as connection:
        return list(
            connection.scalars(
                sa.select(SmsMessage.id)
                .where(
                    sa.or_(
                        sa.and_(SmsMessage.status == SmsStatus.PENDING, SmsMessage.next_attempt_at <= now),
                        sa.and_(
                            SmsMessage.status == SmsStatus.QUEUED,
                            SmsMessage.next_attempt_at <= now - STALE_QUEUED,
                        ),
                    )
                )
                .order_by(SmsMessage.id)
                .limit(limit)
            )
        )


def mark_queued(engine: Engine, message_ids: list[int], now: datetime | None = None) -> list[int]:
    """Mark due messages as handed to Celery tasks; returns those this call marked (not another dispatcher)."""
    if not message_ids:
        return []
    now = now or datetime.now(UTC)
    with engine.begin() as connection:
        return list(
            connection.scalars(
                sa.update(SmsMessage)
                .where(SmsMessage.id.in_(message_ids), SmsMessage.status.in_([SmsStatus.PENDING, SmsStatus.QUEUED]))
                .values(status=SmsStatus.QUEUED, next_attempt_at=now)
                .returning(SmsMessage.id)
            )
        )
