"""HQ's view of the network (issue 25), read in one go: the feed (at a state node: what waits per district, the
feed as a whole, what the quality gate holds back or the national node rejected; at the national node: how fresh
each district's copy is, which stations are silent and which quiet, the rejections), the cross-state queries made
and answered (the audit rows the federated search writes, ``entity_type = 'network_query'``), and the court and
prison events. The feed is read through i25-feed's report functions (``exchange.network.reports``)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.network import reports
from exchange.network.peers import NODE_ROLES, list_peers
from records.models import AuditEntry, Fir, IcjsCourtOffer, IcjsEvent, NetworkPeer, PeerRole

QUERY_ENTITY = "network_query"  # exchange.search.audit.ENTITY
# The federated search's audit actions, by which side of a query they are on (exchange.search, search_api).
QUERIES_MADE = ("cross-state search", "cross-state record opened")
QUERIES_ANSWERED = (
    "cross-state search answered",
    "cross-state record relayed",
    "cross-state record given",
    "cross-state record withheld",
)
RECENT = 20


@dataclasses.dataclass(frozen=True)
class QueryCount:
    action: str
    side: str  # made or answered
    last_day: int
    last_week: int
    failed_week: int


@dataclasses.dataclass(frozen=True)
class RecentQuery:
    at: datetime
    action: str
    other_node: str
    purpose: str | None
    case_reference: str | None
    officer: str  # who asked (the federated search's asked_by: officer, station, state)
    station_code: str  # their station's code in their state
    asked_from: str  # the asking state's code
    returned: str


@dataclasses.dataclass(frozen=True)
class IcjsRow:
    received_at: datetime
    source: str
    kind: str
    sender_name: str
    fir_id: int
    fir_number: str
    station_id: int
    outcome: str


@dataclasses.dataclass(frozen=True)
class WaitingOffer:
    fir_id: int
    fir_number: str
    station_id: int
    court_code: str
    court_name: str
    queued_at: datetime
    attempts: int
    last_error: str | None


@dataclasses.dataclass(frozen=True)
class NetworkDashboard:
    role: str  # state (feeds a national node), national, or alone
    peer_names: dict[str, str]  # node code -> name (Bihar, Uttar Pradesh, national node)
    state_lag: list[reports.StateDistrictLag]
    feed: reports.FeedStatus | None
    held: list[reports.HeldRecord]
    national_lag: list[reports.DistrictLag]
    stations: list[reports.StationReporting]
    rejected: list[reports.RejectedRecord]
    queries: list[QueryCount]
    recent_queries: list[RecentQuery]
    icjs_counts: dict[str, int]  # kind -> events in the last 30 days
    icjs_recent: list[IcjsRow]
    offers_waiting: list[WaitingOffer]


def _role(session: Session) -> tuple[str, dict[str, str]]:
    peers = list_peers(session, NODE_ROLES)  # courts and prisons do not make this node a national one
    names = {peer.code: peer.name for peer in peers}
    if any(peer.role is PeerRole.NATIONAL for peer in peers):
        return "state", names
    if peers:
        return "national", names
    return "alone", names


def _queries(session: Session, now: datetime) -> tuple[list[QueryCount], list[RecentQuery]]:
    day, week = now - timedelta(days=1), now - timedelta(days=7)
    failed = AuditEntry.detail["returned"]["failed"].as_string().is_not(None)
    rows = session.execute(
        sa.select(
            AuditEntry.action,
            sa.func.count().filter(AuditEntry.at >= day),
            sa.func.count(),
            sa.func.count().filter(failed),
        )
        .where(AuditEntry.entity_type == QUERY_ENTITY, AuditEntry.at >= week)
        .group_by(AuditEntry.action)
    ).all()
    found = {action: (int(a), int(b), int(c)) for action, a, b, c in rows}
    counts = [
        QueryCount(action, side, *found.get(action, (0, 0, 0)))
        for side, actions in (("made", QUERIES_MADE), ("answered", QUERIES_ANSWERED))
        for action in actions
    ]
    counts += [
        QueryCount(action, "other", *found[action])
        for action in sorted(set(found) - set(QUERIES_MADE) - set(QUERIES_ANSWERED))
    ]
    recent = []
    for entry in session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.entity_type == QUERY_ENTITY)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(RECENT)
    ):
        detail: dict[str, Any] = entry.detail or {}
        asked_by = detail.get("asked_by") or {}
        returned = detail.get("returned") or {}
        said = "; ".join(f"{k}: {v}" for k, v in returned.items() if k in ("count", "failed", "given", "pointer"))
        recent.append(
            RecentQuery(
                entry.at,
                entry.action,
                str(detail.get("other_node") or ""),
                detail.get("purpose"),
                detail.get("case_reference"),
                str(asked_by.get("officer") or ""),
                str(asked_by.get("station") or ""),
                str(asked_by.get("state") or ""),
                said,
            )
        )
    return counts, recent


def _icjs(session: Session, now: datetime) -> tuple[dict[str, int], list[IcjsRow], list[WaitingOffer]]:
    counts = dict(
        session.execute(
            sa.select(IcjsEvent.kind, sa.func.count())
            .where(IcjsEvent.received_at >= now - timedelta(days=30))
            .group_by(IcjsEvent.kind)
        ).all()
    )
    recent = [
        IcjsRow(
            e.received_at,
            e.source,
            e.kind,
            (e.body.get("court") or e.body.get("prison") or {}).get("name", e.sender),
            e.fir_id,
            f"{serial}/{year}",
            station_id,
            e.outcome,
        )
        for e, serial, year, station_id in session.execute(
            sa.select(IcjsEvent, Fir.serial, Fir.year, Fir.station_id)
            .join(Fir, Fir.id == IcjsEvent.fir_id)
            .order_by(IcjsEvent.id.desc())
            .limit(RECENT)
        )
    ]
    waiting = [
        WaitingOffer(
            o.fir_id,
            f"{serial}/{year}",
            station_id,
            o.court_code,
            court or o.court_code,
            o.queued_at,
            o.attempts,
            o.last_error,
        )
        for o, serial, year, station_id, court in session.execute(
            sa.select(IcjsCourtOffer, Fir.serial, Fir.year, Fir.station_id, NetworkPeer.name)
            .join(Fir, Fir.id == IcjsCourtOffer.fir_id)
            .outerjoin(
                NetworkPeer,
                sa.and_(NetworkPeer.code == IcjsCourtOffer.court_code, NetworkPeer.role == PeerRole.COURT),
            )
            .where(IcjsCourtOffer.delivered_at.is_(None))
            .order_by(IcjsCourtOffer.queued_at)
            .limit(RECENT)
        )
    ]
    return {str(k): int(v) for k, v in counts.items()}, recent, waiting


def network_dashboard(engine: Engine, now: datetime) -> NetworkDashboard:
    """Everything the network page shows (the caller has been checked to read the whole state)."""
    with Session(engine) as session:
        role, names = _role(session)
        queries, recent_queries = _queries(session, now)
        icjs_counts, icjs_recent, offers = _icjs(session, now)
        state = role == "state"
        national = role == "national"
        return NetworkDashboard(
            role=role,
            peer_names=names,
            state_lag=reports.state_feed_lag_by_district(session, now) if state else [],
            feed=reports.feed_status(session) if state else None,
            held=reports.held_records(session, limit=50) if state else [],
            national_lag=reports.feed_lag_by_district(session, now) if national else [],
            stations=reports.station_reporting(session, now) if national else [],
            rejected=reports.rejected_records(session, limit=50) if national else [],
            queries=queries,
            recent_queries=recent_queries,
            icjs_counts=icjs_counts,
            icjs_recent=icjs_recent,
            offers_waiting=offers,
        )
