"""What a node does on its own, from its settings: a state feeds the national node and beats for its stations;
both sides reconcile. The background loop (``workers.network_feed``), the Celery tasks, ``cctns network ...`` and
HQ's route call these; each opens its own sessions on ``engine``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.network.client import PeerCallFailed, PeerClient
from exchange.network.feed import FeedPass, drain_feed
from exchange.network.heartbeats import HEARTBEATS_PATH, heartbeat_message, ist_day
from exchange.network.peers import list_peers
from exchange.network.reconciliation import (
    RECONCILIATION_PATH,
    national_view,
    state_report,
    store_report,
    stored_report,
)
from records.audit import Actor
from records.models import PeerRole
from records.settings import NATIONAL_CODE, Settings

log = logging.getLogger(__name__)


def feeds_national(settings: Settings) -> bool:
    """Whether this node is a state that feeds a national node."""
    return settings.network_role == "state" and bool(settings.network_national_url and settings.network_state_code)


def national_client_factory(settings: Settings) -> Callable[[], PeerClient]:
    """Clients for the national node at ``CCTNS_NETWORK_NATIONAL_URL``, presenting this node's key."""
    assert feeds_national(settings) and settings.network_node_key is not None
    url, key = settings.network_national_url or "", settings.network_node_key.get_secret_value()

    def client() -> PeerClient:
        return PeerClient(
            NATIONAL_CODE,
            url,
            own_code=settings.network_node_code,
            node_key=key,
            timeout=settings.network_timeout_seconds,
        )

    return client


def run_feed(engine: sa.Engine, settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> FeedPass:
    """Send everything waiting to the national node (PeerCallFailed when it cannot be reached)."""
    if not feeds_national(settings):
        return FeedPass()
    return drain_feed(
        engine,
        settings.network_state_code or "",
        national_client_factory(settings),
        settings.network_feed_batch_size,
        should_stop,
    )


def send_heartbeat(engine: sa.Engine, settings: Settings, now: datetime | None = None) -> int:
    """One beat for every station of this state; how many station-days the national node kept."""
    if not feeds_national(settings):
        return 0
    with Session(engine) as session:
        beat = heartbeat_message(session, settings.network_state_code or "", now)
    with national_client_factory(settings)() as client:
        answer = client.post_json(HEARTBEATS_PATH, beat)
    return int((answer or {}).get("kept", 0))


def reconcile(engine: sa.Engine, settings: Settings, day: date) -> list[dict[str, Any]]:
    """Make and store this node's reconciliation of ``day``: a state's own (against the national node's view when
    it answers), or the national node's for every state registered as a peer."""
    if settings.network_role == "national":
        reports = []
        with Session(engine) as session, session.begin():
            states = [peer.code for peer in list_peers(session) if peer.role is PeerRole.STATE]
            for code in states:
                report = national_view(session, code, day)
                store_report(session, PeerRole.NATIONAL, code, day, report)
                reports.append(report)
            Actor(via="network reconciliation").audit(
                session, "reconcile", "network_reconciliation", day.isoformat(), {"states": states}
            )
        return reports
    state = settings.network_state_code
    if not state:
        raise ValueError("this node has no CCTNS_NETWORK_STATE_CODE: it is not part of a network")
    national: dict[str, Any] | None = None
    error: str | None = None
    if feeds_national(settings):
        try:
            with national_client_factory(settings)() as client:
                national = client.get_json(RECONCILIATION_PATH, params={"day": day.isoformat()})
        except PeerCallFailed as failed:
            error = failed.reason
    else:
        error = "no national node configured (CCTNS_NETWORK_NATIONAL_URL)"
    with Session(engine) as session, session.begin():
        report = state_report(session, state, day, national, error)
        store_report(session, PeerRole.STATE, state, day, report)
        Actor(via="network reconciliation").audit(
            session, "reconcile", "network_reconciliation", f"{state}/{day.isoformat()}", report["totals"]
        )
    return [report]


def reconcile_yesterday_once(engine: sa.Engine, settings: Settings, now: datetime | None = None) -> bool:
    """The daily reconciliation: yesterday's (IST), unless already stored; whether it was made now."""
    day = ist_day(now or datetime.now(UTC)) - timedelta(days=1)
    side = PeerRole.NATIONAL if settings.network_role == "national" else PeerRole.STATE
    code = settings.network_state_code or ""
    with Session(engine) as session:
        stored = stored_report(session, side, code, day) if side is PeerRole.STATE else None
        if stored is not None and "national_unavailable" not in stored:
            return False  # made; one made without the national node's view is made again
        if side is PeerRole.NATIONAL:
            states = [peer.code for peer in list_peers(session) if peer.role is PeerRole.STATE]
            if not states or all(stored_report(session, side, s, day) is not None for s in states):
                return False
    reconcile(engine, settings, day)
    return True
