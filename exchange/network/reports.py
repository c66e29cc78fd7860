"""Read functions over the feed's tables, for HQ's network dashboard and the station's page of held records. Plain
dataclasses; nothing is written. Which apply where:

* at the **national node**: :func:`feed_lag_by_district` (per state and district: the newest record and heartbeat
  received, and how long ago), :func:`station_reporting` / :func:`stations_not_reporting` (silent stations: no
  heartbeat within ``silent_after``; quiet ones: a zero report today), :func:`rejected_records`;
* at a **state node**: :func:`state_feed_lag_by_district` (per district: changes still waiting to be sent, and the
  oldest one's age), :func:`held_records` (what the quality gate holds back, per station, with reasons in English
  and Hindi), :func:`state_rejected_records`, :func:`feed_status` (the feed as a whole: queue, the message waiting
  for its acknowledgement and its last error).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.display import IST
from records.models import (
    FeedStanding,
    Fir,
    NationalRecord,
    NationalRejection,
    NetworkFeedFir,
    NetworkFeedMessage,
    NetworkFeedQueue,
    NetworkHeartbeat,
    PoliceDistrict,
    PoliceStation,
)

SILENT_AFTER = timedelta(minutes=30)


def _ago(then: datetime | None, now: datetime) -> float | None:
    return None if then is None else max(0.0, (now - then).total_seconds())


# ------------------------------------------------------------------------------------------- national node


@dataclasses.dataclass(frozen=True)
class DistrictLag:
    """How fresh the national copy is for one district of one state."""

    state_code: str
    district_code: str  # national code: 10-VAISHALI
    records_held: int
    last_record_at: datetime | None
    last_heartbeat_at: datetime | None
    seconds_since_record: float | None
    seconds_since_heartbeat: float | None


def feed_lag_by_district(session: Session, now: datetime | None = None) -> list[DistrictLag]:
    """At the national node: per state and district, records held and how long since the last record and the
    last heartbeat arrived (a district whose heartbeats stopped is cut off; one with heartbeats but old records
    is quiet)."""
    now = now or datetime.now(UTC)
    records = {
        (state, district): (count, last)
        for state, district, count, last in session.execute(
            sa.select(
                NationalRecord.state_code,
                NationalRecord.district_code,
                sa.func.count(),
                sa.func.max(NationalRecord.received_at),
            )
            .where(NationalRecord.deleted.is_(False))
            .group_by(NationalRecord.state_code, NationalRecord.district_code)
        )
    }
    beats = {
        (state, district): last
        for state, district, last in session.execute(
            sa.select(
                NetworkHeartbeat.state_code, NetworkHeartbeat.district_code, sa.func.max(NetworkHeartbeat.received_at)
            ).group_by(NetworkHeartbeat.state_code, NetworkHeartbeat.district_code)
        )
    }
    lags = []
    for key in sorted(set(records) | set(beats)):
        count, last_record = records.get(key, (0, None))
        last_beat = beats.get(key)
        lags.append(
            DistrictLag(key[0], key[1], count, last_record, last_beat, _ago(last_record, now), _ago(last_beat, now))
        )
    return lags


@dataclasses.dataclass(frozen=True)
class StationReporting:
    """A station as the national node sees it today: ``silent`` (no heartbeat within the limit), ``quiet`` (a zero
    report today) or ``reporting`` (FIRs registered today)."""

    state_code: str
    station_code: str
    district_code: str
    station_name: str
    status: str
    firs_today: int | None
    last_heartbeat_at: datetime | None


def station_reporting(
    session: Session, now: datetime | None = None, silent_after: timedelta = SILENT_AFTER
) -> list[StationReporting]:
    """Every station the national node has heard from, with its status (see :class:`StationReporting`)."""
    now = now or datetime.now(UTC)
    today = now.astimezone(IST).date()
    latest = (
        sa.select(
            NetworkHeartbeat.state_code,
            NetworkHeartbeat.station_code,
            sa.func.max(NetworkHeartbeat.received_at).label("last"),
        )
        .group_by(NetworkHeartbeat.state_code, NetworkHeartbeat.station_code)
        .subquery()
    )
    todays = {
        (row.state_code, row.station_code): row
        for row in session.scalars(sa.select(NetworkHeartbeat).where(NetworkHeartbeat.day == today))
    }
    names = {
        (row.state_code, row.station_code): row
        for row in session.scalars(
            sa.select(NetworkHeartbeat)
            .distinct(NetworkHeartbeat.state_code, NetworkHeartbeat.station_code)
            .order_by(NetworkHeartbeat.state_code, NetworkHeartbeat.station_code, NetworkHeartbeat.day.desc())
        )
    }
    found = []
    for state, station, last in session.execute(sa.select(latest.c.state_code, latest.c.station_code, latest.c.last)):
        today_row = todays.get((state, station))
        described = names[(state, station)]
        if last is None or now - last > silent_after:
            status = "silent"
        elif today_row is None or today_row.firs_registered == 0:
            status = "quiet"
        else:
            status = "reporting"
        found.append(
            StationReporting(
                state,
                station,
                described.district_code,
                described.station_name,
                status,
                today_row.firs_registered if today_row else None,
                last,
            )
        )
    return sorted(found, key=lambda s: (s.state_code, s.district_code, s.station_code))


def stations_not_reporting(
    session: Session, now: datetime | None = None, silent_after: timedelta = SILENT_AFTER
) -> list[StationReporting]:
    """The silent stations: no heartbeat within ``silent_after`` (a quiet station, with a zero report, is not)."""
    return [s for s in station_reporting(session, now, silent_after) if s.status == "silent"]


@dataclasses.dataclass(frozen=True)
class RejectedRecord:
    state_code: str
    record_id: str
    station_code: str | None
    version: int | None
    problems: list[dict[str, str]]  # [{path, reason}]
    received_at: datetime


def rejected_records(session: Session, state_code: str | None = None, limit: int = 100) -> list[RejectedRecord]:
    """At the national node: the newest rejections, with every reason."""
    query = sa.select(NationalRejection).order_by(NationalRejection.received_at.desc(), NationalRejection.id.desc())
    if state_code:
        query = query.where(NationalRejection.state_code == state_code)
    return [
        RejectedRecord(r.state_code, r.record_id, r.station_code, r.version, r.problems, r.received_at)
        for r in session.scalars(query.limit(limit))
    ]


# ---------------------------------------------------------------------------------------------- state node


@dataclasses.dataclass(frozen=True)
class StateDistrictLag:
    district_code: str  # ours: VAISHALI
    district_name: str
    waiting: int  # FIR changes queued or in a message not yet acknowledged
    oldest_waiting_seconds: float | None


def state_feed_lag_by_district(session: Session, now: datetime | None = None) -> list[StateDistrictLag]:
    """At a state node: per district, the changes not yet acknowledged by the national node and the oldest one's
    age (0 waiting: the national copy is current)."""
    now = now or datetime.now(UTC)
    queued = (
        sa.select(PoliceDistrict.code, PoliceDistrict.name_en, NetworkFeedQueue.queued_at.label("since"))
        .join(Fir, Fir.id == NetworkFeedQueue.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
    )
    sending = (
        sa.select(PoliceDistrict.code, PoliceDistrict.name_en, NetworkFeedMessage.created_at.label("since"))
        .select_from(NetworkFeedFir)
        .join(NetworkFeedMessage, NetworkFeedMessage.sequence == NetworkFeedFir.message_sequence)
        .join(PoliceStation, PoliceStation.id == NetworkFeedFir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(NetworkFeedFir.standing == FeedStanding.SENDING)
    )
    both = sa.union_all(queued, sending).subquery()
    rows = session.execute(
        sa.select(both.c.code, both.c.name_en, sa.func.count(), sa.func.min(both.c.since)).group_by(
            both.c.code, both.c.name_en
        )
    ).all()
    return sorted(
        (StateDistrictLag(code, name, int(count), _ago(oldest, now)) for code, name, count, oldest in rows),
        key=lambda lag: -(lag.oldest_waiting_seconds or 0),
    )


@dataclasses.dataclass(frozen=True)
class HeldRecord:
    """An FIR the quality gate holds back (or the national node rejected), with what the station must fix."""

    fir_id: int
    fir_number: str  # serial/year
    station_id: int
    standing: str  # held or rejected
    registered_on: date
    reasons: list[dict[str, Any]]  # held: {rule, path, reason_en, reason_hi}; rejected: {path, reason}
    since: datetime


def held_records(session: Session, station_id: int | None = None, limit: int = 200) -> list[HeldRecord]:
    """What the station (or every station) must fix before the national node gets it: held back by the quality
    gate, or rejected by the national node; newest first."""
    query = (
        sa.select(NetworkFeedFir)
        .where(NetworkFeedFir.standing.in_([FeedStanding.HELD, FeedStanding.REJECTED]))
        .order_by(NetworkFeedFir.changed_at.desc())
        .limit(limit)
    )
    if station_id is not None:
        query = query.where(NetworkFeedFir.station_id == station_id)
    return [
        HeldRecord(
            row.fir_id,
            f"{row.serial}/{row.year}",
            row.station_id,
            row.standing.value,
            row.registered_on,
            row.reasons or [],
            row.changed_at,
        )
        for row in session.scalars(query)
    ]


def state_rejected_records(session: Session, limit: int = 100) -> list[HeldRecord]:
    """At a state node: the FIRs the national node rejected, with its reasons."""
    return [record for record in held_records(session, limit=limit * 2) if record.standing == "rejected"][:limit]


@dataclasses.dataclass(frozen=True)
class FeedStatus:
    queued: int
    waiting_message: int | None  # sequence of the message not yet acknowledged
    waiting_since: datetime | None
    attempts: int
    last_error: str | None
    last_acknowledged: int | None
    held: int
    rejected: int


def feed_status(session: Session) -> FeedStatus:
    """At a state node: the feed as a whole."""
    queued = session.scalar(sa.select(sa.func.count()).select_from(NetworkFeedQueue)) or 0
    waiting = session.scalar(
        sa.select(NetworkFeedMessage)
        .where(NetworkFeedMessage.acknowledged_at.is_(None))
        .order_by(NetworkFeedMessage.sequence)
        .limit(1)
    )
    last = session.scalar(
        sa.select(sa.func.max(NetworkFeedMessage.sequence)).where(NetworkFeedMessage.acknowledged_at.is_not(None))
    )
    standings = dict(
        session.execute(sa.select(NetworkFeedFir.standing, sa.func.count()).group_by(NetworkFeedFir.standing)).all()
    )
    return FeedStatus(
        int(queued),
        waiting.sequence if waiting else None,
        waiting.created_at if waiting else None,
        waiting.attempts if waiting else 0,
        waiting.last_error if waiting else None,
        last,
        int(standings.get(FeedStanding.HELD, 0)),
        int(standings.get(FeedStanding.REJECTED, 0)),
    )
