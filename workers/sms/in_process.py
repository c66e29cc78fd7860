"""The in-process SMS sender: with no broker configured, a thread of the server sends due messages, with the
same delivery step, the same back-off and the same once-only guarantee as the Celery tasks."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from workers.loop import BackgroundLoop
from workers.sms.delivery import deliver, due_messages
from workers.sms.gateway import SmsGateway


class InProcessSmsSender(BackgroundLoop):
    def __init__(self, database: Engine, gateway: SmsGateway, *, max_attempts: int, interval: float = 1.0) -> None:
        self.database, self.gateway, self.max_attempts = database, gateway, max_attempts
        super().__init__("sms-sender", self.send_due, interval, max_backoff=10)

    def send_due(self) -> int:
        """Attempt every due message once; returns how many were attempted."""
        ids = due_messages(self.database)
        for message_id in ids:
            if self.stopping():
                break  # the rest stay due: sent after the next start
            deliver(self.database, message_id, self.gateway, max_attempts=self.max_attempts)
        return len(ids)
