"""The network's background work (issue 25): a state node feeds the national node and beats for its stations;
both sides make the daily reconciliation. An in-process loop for ``cctns serve`` without a broker, and Celery tasks
on the beat with one.

The loop's tick sends whatever is waiting (``exchange.network.node.run_feed``); when the national node cannot be
reached the tick fails and :class:`workers.loop.BackgroundLoop` backs off (1 s doubling to at most ``max_backoff``
ticks): the state keeps working, its queue keeps every change, and the next successful tick catches up."""

from __future__ import annotations

import logging
import time

from sqlalchemy.engine import Engine

from exchange.network.client import PeerCallFailed
from exchange.network.node import feeds_national, reconcile_yesterday_once, run_feed, send_heartbeat
from records.settings import Settings
from workers.loop import BackgroundLoop

FEED_TASK = "cctns.network_feed"
HEARTBEAT_TASK = "cctns.network_heartbeat"
FEED_EVERY_SECONDS = 1.0
FEED_MAX_BACKOFF = 8  # ticks: a link back up is noticed within 8 s
log = logging.getLogger(__name__)


class InProcessNetworkFeed(BackgroundLoop):
    """A daemon thread of ``cctns serve``: the feed, the heartbeats and the daily reconciliation."""

    def __init__(self, database: Engine, settings: Settings, interval: float = FEED_EVERY_SECONDS) -> None:
        self.database, self.settings = database, settings
        self._next_beat = 0.0
        super().__init__("network-feed", self._tick, interval, max_backoff=FEED_MAX_BACKOFF, join_timeout=30)

    def _tick(self) -> None:
        if self.settings.network_role == "national":
            reconcile_yesterday_once(self.database, self.settings)
            return
        if not feeds_national(self.settings):
            return
        report = run_feed(self.database, self.settings, should_stop=self.stopping)
        if report.moved:
            log.info("network feed: %s", report)
        if time.monotonic() >= self._next_beat:
            send_heartbeat(self.database, self.settings)
            self._next_beat = time.monotonic() + self.settings.network_heartbeat_seconds
            reconcile_yesterday_once(self.database, self.settings)


def network_loops(database: Engine, settings: Settings) -> list[BackgroundLoop]:
    """The loop, when this node is part of a network (none for a node standing alone)."""
    return [InProcessNetworkFeed(database, settings)] if settings.network_enabled else []


def network_feed_task() -> dict[str, int]:
    """Celery task body: send what is waiting (a failure is retried by the task's back-off)."""
    from workers.resources import worker_resources

    resources = worker_resources()
    report = run_feed(resources.database.engine, resources.settings)
    return {"prepared": report.prepared, "held": report.held, "accepted": report.accepted}


def network_heartbeat_task() -> dict[str, int]:
    """Celery task body: one heartbeat, and the daily reconciliation when it is due."""
    from workers.resources import worker_resources

    resources = worker_resources()
    kept = 0
    if feeds_national(resources.settings):
        try:
            kept = send_heartbeat(resources.database.engine, resources.settings)
        except PeerCallFailed as error:
            log.warning("heartbeat not sent: %s", error)
    if resources.settings.network_enabled:
        reconcile_yesterday_once(resources.database.engine, resources.settings)
    return {"kept": kept}
