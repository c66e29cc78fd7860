"""The in-process SMS sender: with no broker configured, a thread of the server sends due messages, with the
same delivery step, the same back-off and the same once-only guarantee as the Celery tasks."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine

from workers.sms.delivery import deliver, due_messages
from workers.sms.gateway import SmsGateway

log = logging.getLogger(__name__)


class InProcessSmsSender:
    def __init__(self, database: Engine, gateway: SmsGateway, *, max_attempts: int, interval: float = 1.0) -> None:
        self.database, self.gateway, self.max_attempts, self.interval = database, gateway, max_attempts, interval
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sms-sender", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def send_due(self) -> int:
        """Attempt every due message once; returns how many were attempted."""
        ids = due_messages(self.database)
        for message_id in ids:
            deliver(self.database, message_id, self.gateway, max_attempts=self.max_attempts)
        return len(ids)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.send_due()
            except Exception:  # logged; the messages stay pending and are tried at the next tick
                log.exception("sending SMS failed; retrying at the next tick")
            self._wake.wait(self.interval)
            self._wake.clear()
