"""One daemon-thread loop for the work the server does itself when no broker is configured (the outbox relay,
rollup refresh, person matching, SMS sending): each is a ``tick`` called on a short interval. The loops run
inside ``workers.background.InProcessWork``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

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

    def stopping(self) -> bool:
        """Whether :meth:`stop` was called: ticks check it between batches and leave the rest for the next start."""
        return self._stop.is_set()

    def notify(self) -> None:
        """Something was written: run now rather than at the next tick."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> bool:
        """Ask the loop to stop after its current batch and wait up to ``timeout`` (default ``join_timeout``)
        seconds; whether it has stopped."""
        self.signal_stop()
        if self._thread is not None:
            self._thread.join(timeout=self.join_timeout if timeout is None else timeout)
            return not self._thread.is_alive()
        return True

    def signal_stop(self) -> None:
        self._stop.set()
        self._wake.set()

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


def stop_all(loops: Iterable[BackgroundLoop | None], budget: float) -> list[str]:
    """Ask every loop to stop at once, then wait for them together at most ``budget`` seconds; the names of those
    still running (their current batch is a transaction: at exit it is rolled back and redone next start)."""
    running = [loop for loop in loops if loop is not None]
    for loop in running:
        loop.signal_stop()
    deadline = time.monotonic() + budget
    return [loop.name for loop in running if not loop.stop(max(0.0, deadline - time.monotonic()))]
