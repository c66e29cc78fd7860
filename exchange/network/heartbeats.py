"""Heartbeats and zero reports: every station of a state, every few minutes, tells the national node how many FIRs
it registered today (and yesterday, so a day is closed after midnight) and its highest serial of the year.

A station that registered nothing sends 0: a **zero report**, so the national node can tell a *quiet* station (a
zero report) from a *silent* one (no heartbeat: its line or its state's node is down, or it stopped reporting).
The state sends them in one call per beat (``POST /api/v1/network/feed/heartbeats``); the national node keeps the
newest report per station and day (``network_heartbeat``). A heartbeat carries counts only, no record: it is kept
in its own table rather than the audit log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from exchange import codes
from records.display import IST
from records.models import Fir, NetworkHeartbeat, PoliceDistrict, PoliceStation, State

HEARTBEATS_PATH = "/api/v1/network/feed/heartbeats"


class HeartbeatRefused(ValueError):
    """A heartbeat the national node will not keep; the message says why."""


def ist_day(moment: datetime) -> date:
    return moment.astimezone(IST).date()


def station_counts(session: Session, state_code: str, day: date) -> list[dict[str, Any]]:
    """Every active station of the state with its FIRs registered on ``day`` (IST; 0 for none: a zero report) and
    its highest serial of that year so far."""
    start = datetime(day.year, day.month, day.day, tzinfo=IST)
    end = start + timedelta(days=1)
    registered = (
        sa.select(Fir.station_id, sa.func.count().label("firs"))
        .where(Fir.registered_at >= start, Fir.registered_at < end)
        .group_by(Fir.station_id)
        .subquery()
    )
    last_serial = (
        sa.select(Fir.station_id, sa.func.max(Fir.serial).label("serial"))
        .where(Fir.year == day.year, Fir.registered_at < end)
        .group_by(Fir.station_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(
            PoliceStation.code,
            PoliceStation.name_en,
            PoliceDistrict.code,
            sa.func.coalesce(registered.c.firs, 0),
            last_serial.c.serial,
        )
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .join(State, State.id == PoliceDistrict.state_id)
        .outerjoin(registered, registered.c.station_id == PoliceStation.id)
        .outerjoin(last_serial, last_serial.c.station_id == PoliceStation.id)
        .where(State.code == state_code, PoliceStation.is_active)
        .order_by(PoliceStation.code)
    ).all()
    return [
        {
            "station": codes.national_station(state_code, station),
            "district": codes.national_district(state_code, district),
            "name": name,
            "firs_registered": int(firs),
            **({"last_serial": int(serial)} if serial is not None else {}),
        }
        for station, name, district, firs, serial in rows
    ]


def heartbeat_message(session: Session, state_code: str, now: datetime | None = None) -> dict[str, Any]:
    """One beat: today's and yesterday's count for every station of the state."""
    now = now or datetime.now(UTC)
    today = ist_day(now)
    days = [today - timedelta(days=1), today]
    return {
        "sending_state": state_code,
        "reported_at": now.astimezone(IST).isoformat(timespec="seconds"),
        "days": [{"day": day.isoformat(), "stations": station_counts(session, state_code, day)} for day in days],
    }


def receive_heartbeats(session: Session, state_code: str, beat: dict[str, Any]) -> int:
    """Keep a state's beat at the national node (the newest report per station and day); how many station-days.
    Never commits."""
    if beat.get("sending_state") != state_code:
        raise HeartbeatRefused(
            f"peer {state_code} reports only its own stations, not state {beat.get('sending_state')}'s"
        )
    reported_at = datetime.fromisoformat(beat["reported_at"])
    rows = []
    for day_report in beat["days"]:
        day = date.fromisoformat(day_report["day"])
        for station in day_report["stations"]:
            if not str(station["station"]).startswith(f"{state_code}-"):
                raise HeartbeatRefused(f"station {station['station']!r} is not of state {state_code}")
            rows.append(
                {
                    "state_code": state_code,
                    "station_code": station["station"],
                    "day": day,
                    "district_code": station["district"],
                    "station_name": station["name"],
                    "firs_registered": int(station["firs_registered"]),
                    "last_serial": station.get("last_serial"),
                    "reported_at": reported_at,
                    "received_at": datetime.now(UTC),
                }
            )
    if not rows:
        return 0
    statement = insert(NetworkHeartbeat).values(rows)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[NetworkHeartbeat.state_code, NetworkHeartbeat.station_code, NetworkHeartbeat.day],
            set_={
                name: statement.excluded[name]
                for name in (
                    "district_code",
                    "station_name",
                    "firs_registered",
                    "last_serial",
                    "reported_at",
                    "received_at",
                )
            },
            where=NetworkHeartbeat.reported_at <= statement.excluded.reported_at,
        )
    )
    return len(rows)
