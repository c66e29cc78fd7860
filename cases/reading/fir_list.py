"""FIRs listed newest first, filtered, a page at a time (cursor pagination on registered_at, id)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import IST
from cases.reading.sections import Citation, citations, firs_citing
from records.models import Fir, FirStatus, PoliceDistrict, PoliceStation


@dataclasses.dataclass(frozen=True)
class FirFilter:
    """What to list; ids are of rows the caller has looked up. ``section_number`` is normalised and needs
    ``act_id``; the registration days are IST days."""

    station_id: int | None = None
    district_id: int | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    status: FirStatus | None = None
    act_id: int | None = None
    section_number: str | None = None
    crime_head_id: int | None = None


@dataclasses.dataclass(frozen=True)
class ListedFir:
    fir: Fir
    station_code: str
    district_code: str
    sections: list[Citation]

    @property
    def crime_heads(self) -> list[str]:
        return sorted({c.crime_head for c in self.sections if c.crime_head})


def fir_page(
    session: Session,
    readable: sa.ColumnElement[bool],
    chosen: FirFilter,
    *,
    after: tuple[datetime, int] | None,
    limit: int,
) -> tuple[list[ListedFir], bool]:
    """Up to ``limit`` FIRs newest first, after the (registered_at, id) ``after``, that match ``chosen`` and
    ``readable`` (the caller's jurisdiction, as SQL on ``Fir.station_id``); and whether more follow."""
    query = (
        sa.select(Fir, PoliceStation.code, PoliceDistrict.code)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(readable)
    )
    if chosen.station_id is not None:
        query = query.where(Fir.station_id == chosen.station_id)
    if chosen.district_id is not None:
        query = query.where(PoliceStation.district_id == chosen.district_id)
    if chosen.registered_from is not None:
        query = query.where(Fir.registered_at >= datetime.combine(chosen.registered_from, time(), IST))
    if chosen.registered_to is not None:
        next_day = chosen.registered_to + timedelta(days=1)
        query = query.where(Fir.registered_at < datetime.combine(next_day, time(), IST))
    if chosen.status is not None:
        query = query.where(Fir.status == chosen.status)
    if chosen.act_id is not None:
        query = query.where(Fir.id.in_(firs_citing(act_id=chosen.act_id, section_number=chosen.section_number)))
    if chosen.crime_head_id is not None:
        query = query.where(Fir.id.in_(firs_citing(crime_head_id=chosen.crime_head_id)))
    if after is not None:
        query = query.where(sa.tuple_(Fir.registered_at, Fir.id) < sa.tuple_(*after))
    rows = session.execute(query.order_by(Fir.registered_at.desc(), Fir.id.desc()).limit(limit + 1)).all()
    cited = citations(session, [fir.id for fir, _, _ in rows[:limit]])
    listed = [ListedFir(fir, station, district, cited.get(fir.id, [])) for fir, station, district in rows[:limit]]
    return listed, len(rows) > limit
