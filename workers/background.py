"""One daemon-thread loop for the work ``cctns serve`` does itself when no broker is configured (the outbox
relay, rollup refresh, person matching, SMS sending): each is a ``tick`` called on a short interval."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class BackgroundLoop:
    """Calls ``tick`` every ``interval`` seconds, sooner after :meth:`notify`. A failing tick is logged and
    retried after ``interval * 2**failures`` seconds (at most ``max_backoff`` intervals): the work it was doing
    stays in PostgreSQL (outbox rows, rollup marks, queued people, pending messages) for the next tick."""

    def __init__(
        self, name: str, tick: Callable[[], object], interval: float, *, max_backoff: int = 60, join_timeout: float = 30
    ) -> None:
        self.name, self.tick, self.interval = name, tick, interval
        self.max_backoff, self.join_timeout = max_backoff, join_timeout
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """Something was written: run now rather than at the next tick."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.join_timeout)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self.tick()
                failures = 0
            except Exception:
                failures += 1
                log.exception("%s failed (attempt %d); retrying", self.name, failures)
            self._wake.wait(self.interval * min(2**failures, self.max_backoff))
            self._wake.clear()
