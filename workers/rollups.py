"""Keeping the dashboards' rollups current: the Celery task (with a broker) and an in-process thread (without).

Both call :func:`records.rollups.refresh_rollups` on a short tick; the marks it consumes come from triggers, so
nothing here depends on the search relay's outbox rows (which the relay alone consumes)."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine

from records.rollups import drain_rollups

ROLLUP_TASK = "cctns.refresh_rollups"
ROLLUP_EVERY_SECONDS = 5.0
log = logging.getLogger(__name__)


def refresh_rollups_task() -> dict[str, int]:
    """Celery task body: bring the rollups up to date with every committed change."""
    from workers.resources import worker_resources

    report = drain_rollups(worker_resources().database.engine)
    if report.station_days or report.rebuilt:
        log.info("rollups: %s", report)
    return {"station_days": report.station_days, "district_months": report.district_months}


class InProcessRollups:
    """A daemon thread of ``cctns serve`` doing what the Celery task does when no broker is configured."""

    def __init__(self, database: Engine, interval: float = ROLLUP_EVERY_SECONDS) -> None:
        self.database, self.interval = database, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rollup-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                report = drain_rollups(self.database)
                if report.station_days or report.rebuilt:
                    log.info("rollups: %s", report)
                failures = 0
            except Exception:  # logged and retried with back-off; the marks stay in rollup_dirty
                failures += 1
                log.exception("rollup refresh failed (attempt %d); retrying", failures)
            self._stop.wait(self.interval * min(2**failures, 12))
