"""Sending the offers stations queued for courts (``exchange.icjs.offers``, store and forward): the Celery task
(with a broker, on the beat) and an in-process loop (without). Each tick sends what is due; an offer a court did
not take waits longer each time, in PostgreSQL, so nothing is lost while a court is unreachable.

The node presents its own key (``CCTNS_NETWORK_NODE_KEY``) to the court; a node without one sends nothing and says
so once (its offers wait until it has one)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from exchange.icjs.offers import Delivered, deliver_due
from exchange.icjs.transport import court_sender
from records.settings import Settings
from workers.loop import BackgroundLoop

COURT_OFFERS_TASK = "cctns.send_court_offers"
COURT_OFFERS_EVERY_SECONDS = 5.0
log = logging.getLogger(__name__)
_warned: set[str] = set()


def node_key(settings: Settings) -> str | None:
    key = settings.network_node_key
    return key.get_secret_value() if key is not None else None


def send_due_offers(engine: Engine, settings: Settings) -> Delivered:
    """One tick: every offer due now, sent to its court."""
    key = node_key(settings)
    if key is None:
        if "key" not in _warned:
            _warned.add("key")
            log.warning("court offers wait: this node has no CCTNS_NETWORK_NODE_KEY to present to courts")
        return Delivered(0, 0)
    sessions = sessionmaker(engine, expire_on_commit=False)
    send = court_sender(sessions, key, timeout=settings.network_timeout_seconds)
    report = deliver_due(sessions, send, datetime.now(UTC))
    if report.sent or report.failed:
        log.info("court offers: %d sent, %d not taken (tried again later)", report.sent, report.failed)
    return report


def send_court_offers_task() -> dict[str, int]:
    """Celery task body."""
    from workers.resources import worker_resources

    resources = worker_resources()
    report = send_due_offers(resources.database.engine, resources.settings)
    return {"sent": report.sent, "failed": report.failed}


class InProcessCourtOffers(BackgroundLoop):
    """A daemon thread of ``cctns serve`` doing what the Celery task does when no broker is configured."""

    def __init__(self, engine: Engine, settings: Settings, interval: float = COURT_OFFERS_EVERY_SECONDS) -> None:
        self.engine, self.settings = engine, settings
        super().__init__("court-offers", lambda: send_due_offers(self.engine, self.settings), interval, max_backoff=12)
