"""The in-process outbox relay: with no broker configured, a thread of the server process keeps the index
current, doing what the Celery relay task does."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine

from indexes.engine import SearchEngine
from indexes.sync import drain_outbox

log = logging.getLogger(__name__)


class InProcessRelay:
    def __init__(self, database: Engine, search: SearchEngine, interval: float = 1.0, batch_size: int = 500) -> None:
        self.database, self.search, self.interval, self.batch_size = database, search, interval, batch_size
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """Something was written: drain now rather than at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                drain_outbox(self.database, self.search, self.batch_size)
                failures = 0
            except Exception:  # logged and retried with back-off; the rows stay in the outbox
                failures += 1
                log.exception("outbox relay failed (attempt %d); retrying", failures)
            self._wake.wait(self.interval * min(2**failures, 60))
            self._wake.clear()
