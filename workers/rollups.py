"""Keeping the dashboards' rollups current: the Celery task (with a broker) and an in-process thread (without).

Both call :func:`records.rollups.refresh_rollups` on a short tick; the marks it consumes come from triggers, so
nothing here depends on the search relay's outbox rows (which the relay alone consumes)."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from records.rollups import drain_rollups
from workers.loop import BackgroundLoop

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


class InProcessRollups(BackgroundLoop):
    """A daemon thread of ``cctns serve`` doing what the Celery task does when no broker is configured."""

    def __init__(self, database: Engine, interval: float = ROLLUP_EVERY_SECONDS) -> None:
        self.database = database
        super().__init__("rollup-refresh", self._refresh, interval, max_backoff=12, join_timeout=60)

    def _refresh(self) -> None:
        report = drain_rollups(self.database, should_stop=self.stopping)
        if report.station_days or report.rebuilt:
            log.info("rollups: %s", report)
