"""The daily reconciliation, on both sides: per station, the FIRs a state registered and sent against what the
national node holds, the gaps in FIR numbering at the national node, and the records rejected, with their reasons.

* The national node's view of one state and day (:func:`national_view`): per station, the records it holds that
  were registered that day (their serials), what the station's heartbeat said it registered, the serials of the
  year missing below the highest one it knows (a gap: an FIR it never received), and the rejections it made that
  day. A state asks for its own view (``GET /api/v1/network/feed/reconciliation?day=``).
* The state's report (:func:`state_report`): per station, FIRs registered that day, how many were accepted, held
  back by the quality gate, rejected, still on their way, and, compared with the national view, the FIRs of the
  day the national node does not hold.

Reports are stored (``network_reconciliation``, one per side, state and day; made again, replaced), made daily for
the day before by the feed's loop, and on demand by ``cctns network reconcile --date`` and HQ's API route.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from exchange import codes
from records.display import IST
from records.models import (
    FeedStanding,
    Fir,
    NationalRecord,
    NationalRejection,
    NetworkFeedFir,
    NetworkHeartbeat,
    NetworkReconciliation,
    PeerRole,
    PoliceDistrict,
    PoliceStation,
    State,
)

RECONCILIATION_PATH = "/api/v1/network/feed/reconciliation"
MAX_LISTED = 200  # serials and records listed per station (the counts are whole)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=IST)
    return start, start + timedelta(days=1)


def _gaps(serials: set[int], highest: int) -> list[int]:
    return [serial for serial in range(1, highest + 1) if serial not in serials][:MAX_LISTED]


def national_view(session: Session, state_code: str, day: date) -> dict[str, Any]:
    """The national node's reconciliation of one state and day (see the module's docstring)."""
    start, end = _day_bounds(day)
    stations: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"held_nationally": 0, "serials": [], "reported_registered": None, "last_serial_reported": None}
    )
    for station, district, serial in session.execute(
        sa.select(NationalRecord.station_code, NationalRecord.district_code, NationalRecord.serial).where(
            NationalRecord.state_code == state_code,
            NationalRecord.registered_on == day,
            NationalRecord.deleted.is_(False),
        )
    ):
        entry = stations[station]
        entry["district"] = district
        entry["held_nationally"] += 1
        entry["serials"].append(serial)
    for beat in session.scalars(
        sa.select(NetworkHeartbeat).where(NetworkHeartbeat.state_code == state_code, NetworkHeartbeat.day == day)
    ):
        entry = stations[beat.station_code]
        entry.update(
            district=beat.district_code,
            name=beat.station_name,
            reported_registered=beat.firs_registered,
            last_serial_reported=beat.last_serial,
            last_heartbeat_at=beat.received_at.isoformat(timespec="seconds"),
        )
    # Gaps: the year's serials up to the highest the node knows of (held, or reported by a heartbeat).
    held_serials: dict[str, set[int]] = defaultdict(set)
    for station, serial in session.execute(
        sa.select(NationalRecord.station_code, NationalRecord.serial).where(
            NationalRecord.state_code == state_code,
            NationalRecord.year == day.year,
            NationalRecord.registered_on <= day,
            NationalRecord.deleted.is_(False),
        )
    ):
        held_serials[station].add(serial)
    for station in set(held_serials) | set(stations):
        entry = stations[station]
        highest = max([*held_serials[station], entry.get("last_serial_reported") or 0], default=0)
        entry["gaps"] = _gaps(held_serials[station], highest)
        entry["serials"] = sorted(entry["serials"])[:MAX_LISTED]
    rejections = session.execute(
        sa.select(NationalRejection.station_code, NationalRejection.record_id, NationalRejection.problems).where(
            NationalRejection.state_code == state_code,
            NationalRejection.received_at >= start,
            NationalRejection.received_at < end,
        )
    ).all()
    for station, record_id, problems in rejections:
        stations[station or "?"].setdefault("rejected", []).append({"fir_key": record_id, "problems": problems})
    return {
        "side": "national",
        "state": state_code,
        "day": day.isoformat(),
        "made_at": datetime.now(UTC).astimezone(IST).isoformat(timespec="seconds"),
        "stations": dict(sorted(stations.items())),
        "totals": {
            "held_nationally": sum(s["held_nationally"] for s in stations.values()),
            "reported_registered": sum(s["reported_registered"] or 0 for s in stations.values()),
            "gaps": sum(len(s.get("gaps", [])) for s in stations.values()),
            "rejected": len(rejections),
            "silent_stations": sum(1 for s in stations.values() if s["reported_registered"] is None),
        },
    }


def state_report(
    session: Session, state_code: str, day: date, national: dict[str, Any] | None, national_error: str | None = None
) -> dict[str, Any]:
    """The state's reconciliation of ``day`` against the national node's view (None when it could not be had:
    ``national_error`` says why, and the report holds the state's side only)."""
    start, end = _day_bounds(day)
    firs = session.execute(
        sa.select(
            Fir.id,
            Fir.serial,
            PoliceStation.code,
            PoliceStation.name_en,
            PoliceDistrict.code,
            NetworkFeedFir.standing,
            NetworkFeedFir.reasons,
        )
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .join(State, State.id == PoliceDistrict.state_id)
        .outerjoin(NetworkFeedFir, NetworkFeedFir.fir_id == Fir.id)
        .where(State.code == state_code, Fir.registered_at >= start, Fir.registered_at < end)
        .order_by(PoliceStation.code, Fir.serial)
    ).all()
    stations: dict[str, dict[str, Any]] = {}
    national_stations = (national or {}).get("stations", {})
    for fir_id, serial, station, name, district, standing, reasons in firs:
        key = codes.national_station(state_code, station)
        entry = stations.setdefault(
            key,
            {
                "name": name,
                "district": codes.national_district(state_code, district),
                "registered": 0,
                "accepted": 0,
                "held": [],
                "rejected": [],
                "on_the_way": 0,
                "serials": [],
            },
        )
        entry["registered"] += 1
        entry["serials"].append(serial)
        if standing is FeedStanding.ACCEPTED:
            entry["accepted"] += 1
        elif standing is FeedStanding.HELD:
            entry["held"].append({"fir_id": fir_id, "serial": serial, "reasons": reasons})
        elif standing is FeedStanding.REJECTED:
            entry["rejected"].append({"fir_id": fir_id, "serial": serial, "reasons": reasons})
        else:
            entry["on_the_way"] += 1
    for key in set(stations) | set(national_stations):
        entry = stations.setdefault(
            key, {"registered": 0, "accepted": 0, "held": [], "rejected": [], "on_the_way": 0, "serials": []}
        )
        there = national_stations.get(key)
        if national is None:
            continue
        held_there = set((there or {}).get("serials", []))
        entry["held_nationally"] = (there or {}).get("held_nationally", 0)
        entry["not_at_national"] = [s for s in entry["serials"] if s not in held_there][:MAX_LISTED]
        entry["national_gaps"] = (there or {}).get("gaps", [])
        entry.setdefault("name", (there or {}).get("name"))
    for entry in stations.values():
        entry["serials"] = entry["serials"][:MAX_LISTED]
    report: dict[str, Any] = {
        "side": "state",
        "state": state_code,
        "day": day.isoformat(),
        "made_at": datetime.now(UTC).astimezone(IST).isoformat(timespec="seconds"),
        "stations": dict(sorted(stations.items())),
        "totals": {
            "registered": sum(s["registered"] for s in stations.values()),
            "accepted": sum(s["accepted"] for s in stations.values()),
            "held": sum(len(s["held"]) for s in stations.values()),
            "rejected": sum(len(s["rejected"]) for s in stations.values()),
            "on_the_way": sum(s["on_the_way"] for s in stations.values()),
        },
    }
    if national is not None:
        report["totals"]["held_nationally"] = national["totals"]["held_nationally"]
        report["totals"]["not_at_national"] = sum(len(s.get("not_at_national", [])) for s in stations.values())
        report["totals"]["national_gaps"] = national["totals"]["gaps"]
    else:
        report["national_unavailable"] = national_error or "not asked"
    return report


def store_report(session: Session, side: PeerRole, state_code: str, day: date, report: dict[str, Any]) -> None:
    """Keep ``report`` (replacing the one made earlier for the same side, state and day). Never commits."""
    statement = insert(NetworkReconciliation).values(
        side=side, state_code=state_code, day=day, report=report, made_at=datetime.now(UTC)
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[NetworkReconciliation.side, NetworkReconciliation.state_code, NetworkReconciliation.day],
            set_={"report": statement.excluded.report, "made_at": statement.excluded.made_at},
        )
    )


def stored_report(session: Session, side: PeerRole, state_code: str, day: date) -> dict[str, Any] | None:
    return session.scalar(
        sa.select(NetworkReconciliation.report).where(
            NetworkReconciliation.side == side,
            NetworkReconciliation.state_code == state_code,
            NetworkReconciliation.day == day,
        )
    )
