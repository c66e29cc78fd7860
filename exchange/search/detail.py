"""What an owning state answers when another state opens a hit: the second step of a federated search.

The owning state decides, under its own rules, at the moment it is asked (not from what the national node
holds, which may be older): a record that is ``invisible`` outside the state (the station's choice, or a protected
case, ``exchange.sharing.level_outside``) or unknown is answered the same way, :class:`NotShared`, so the answer
does not tell whether it exists; a ``pointer`` record answers only its station ("contact the station"); a
``visible`` record answers the exchange record (``exchange.records``), in which protected victims and children are
markers and nothing the state keeps for itself (remarks, the case diary) appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.records import build_fir_record
from exchange.sharing import SharingLevel, level_outside
from records.models import Fir, PoliceDistrict, PoliceStation

_FIR_KEY = re.compile(r"^([0-9]{2})-([A-Z0-9][A-Z0-9_-]{0,23})/([0-9]{4})/([1-9][0-9]{0,8})$")


class NotShared(LookupError):
    """No record of this key is shared outside the state (none exists, or its owner keeps it in; HTTP 404)."""


@dataclass(frozen=True)
class SharedDetail:
    """The owning state's answer: ``record`` is the exchange record's ``fir`` object, None for a pointer."""

    fir_key: str
    level: SharingLevel
    station_name: str
    station_name_hi: str
    district_name: str
    district_name_hi: str
    record: dict[str, Any] | None
    version: int


def _fir_of_key(session: Session, state_code: str, fir_key: str) -> Fir:
    parts = _FIR_KEY.match(fir_key)
    if parts is None or parts[1] != state_code:
        raise NotShared(f"FIR {fir_key} is not shared outside the state")
    fir = session.scalar(
        sa.select(Fir)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(PoliceStation.code == parts[2], Fir.year == int(parts[3]), Fir.serial == int(parts[4]))
    )
    if fir is None:
        raise NotShared(f"FIR {fir_key} is not shared outside the state")
    return fir


def shared_detail(session: Session, state_code: str, fir_key: str) -> SharedDetail:
    """What this state (``state_code``) lets another state see of FIR ``fir_key``, or :class:`NotShared`."""
    fir = _fir_of_key(session, state_code, fir_key)
    level = level_outside(session, fir.id)
    if level is SharingLevel.INVISIBLE:
        raise NotShared(f"FIR {fir_key} is not shared outside the state")
    station = session.get(PoliceStation, fir.station_id)
    assert station is not None  # a foreign key
    district = session.get(PoliceDistrict, station.district_id)
    assert district is not None
    record = build_fir_record(session, fir.id).body if level is SharingLevel.VISIBLE else None
    return SharedDetail(
        fir_key=fir_key,
        level=level,
        station_name=station.name_en,
        station_name_hi=station.name_hi,
        district_name=district.name_en,
        district_name_hi=district.name_hi,
        record=record,
        version=fir.version,
    )
