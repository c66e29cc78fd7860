"""The network forwarder of confirmation requests and answers (store and forward, ``exchange.confirmations
.delivery``), and at the national node the cross-state candidates made again when the copy of records moved:
the Celery task (with a broker) and an in-process loop (without). A node outside a network does nothing here."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.confirmations.delivery import deliver_due
from exchange.confirmations.national_copy import CopyIndex
from exchange.confirmations.transport import PeerCourier
from records.settings import Settings
from workers.loop import BackgroundLoop

CONFIRMATIONS_TASK = "cctns.network_confirmations"
FORWARD_EVERY_SECONDS = 2.0
log = logging.getLogger(__name__)


class ConfirmationWork:
    """One round: send what is due; at the national node, propose candidates for the people of the records
    received since the last round (``exchange.confirmations.national_copy.CopyIndex``)."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings
        self.courier = PeerCourier(engine, settings)
        self.copy = CopyIndex()  # the national copy's people by name key, brought up to date each round

    def run(self, should_stop: Any = lambda: False) -> dict[str, int]:
        done = {"sent": 0, "refused": 0, "failed": 0, "proposed": 0}
        if not self.settings.network_enabled:
            return done
        report = deliver_due(self.engine, self.courier, should_stop=should_stop)
        done.update(sent=report.sent, refused=report.refused, failed=report.failed)
        if self.settings.network_role == "national":
            with Session(self.engine) as session, session.begin():
                done["proposed"] = self.copy.round(session, self.settings.person_link_review_score)
        if report.sent or report.refused or done["proposed"]:
            log.info("network confirmations: %s", done)
        return done


class InProcessConfirmations(BackgroundLoop):
    """A thread of the server's background process doing what the Celery task does when there is no broker."""

    def __init__(self, engine: Engine, settings: Settings, interval: float = FORWARD_EVERY_SECONDS) -> None:
        work = ConfirmationWork(engine, settings)
        super().__init__("network-confirmations", lambda: work.run(self.stopping), interval, max_backoff=15)


def confirmation_loops(engine: Engine, settings: Settings) -> list[BackgroundLoop]:
    """The forwarder's loop for the server's background process: none on a node outside a network."""
    return [InProcessConfirmations(engine, settings)] if settings.network_enabled else []


def register_confirmation_tasks(app: Celery, settings: Settings) -> None:
    """The task and its beat entry, on the Celery app of ``cctns worker``."""
    from workers.resources import worker_resources

    work: list[ConfirmationWork] = []

    def forward_confirmations() -> dict[str, int]:
        if not work:
            resources = worker_resources()
            work.append(ConfirmationWork(resources.database.engine, resources.settings))
        return work[0].run()

    app.task(name=CONFIRMATIONS_TASK, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=60)(
        forward_confirmations
    )
    if settings.network_enabled:
        app.conf.beat_schedule["network-confirmations"] = {
            "task": CONFIRMATIONS_TASK,
            "schedule": FORWARD_EVERY_SECONDS,
            "options": {"expires": 10 * FORWARD_EVERY_SECONDS},
        }
