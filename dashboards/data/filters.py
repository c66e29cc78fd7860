"""What a page counts: the months, district, station, crime head and law chosen, narrowed to what the caller may
read; and the month arithmetic the pages share."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from dashboards.data.reference import Reference
from records.access import Forbidden, Jurisdiction

Source = Literal["rollup", "fir"]  # counts from the rollup tables, or straight from the FIR tables
LAWS = ("all", "penal", "IPC", "BNS", "SLL")  # penal: IPC and BNS counted together
FIRST_MONTH = date(2008, 1, 1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return add_months(first, 1) - timedelta(days=1)


@dataclass(frozen=True)
class Filters:
    start: date  # first day of the first month
    end: date  # first day of the last month
    district_id: int | None = None
    station_id: int | None = None
    crime_head_id: int | None = None
    law: str = "all"

    @classmethod
    def default(cls, today: date | None = None) -> Filters:
        today = today or date.today()
        last = month_start(today)
        return cls(start=add_months(last, -11), end=last)

    def within(self, access: Jurisdiction, reference: Reference) -> tuple[Filters, list[str]]:
        """The filters narrowed to what ``access`` may read, and why any station or district asked for was left
        out (``records.access``'s reasons). A URL or a callback body cannot widen them: a station or district the
        caller may not read is dropped, and an officer held to a station or district always gets it. Raises
        :class:`Forbidden` if the caller reads no cases, or is held to a station or district their account does
        not name (never the state instead)."""
        access.require_read()
        refused: list[str] = []
        district_id, station_id = self.district_id, self.station_id
        if station_id is not None:
            place = reference.place_of_station(station_id)
            why = access.read_refusal(place) if place else f"there is no police station {station_id}"
            if why:
                refused.append(why)
                district_id = station_id = None  # the district came with the station
            elif place is not None:
                district_id = place.district_id
        if station_id is None and district_id is not None:
            why = access.district_refusal(district_id, reference.district_code(district_id))
            if why:
                refused.append(why)
                district_id = None
        if access.station_only is not None:
            own = reference.place_of_station(access.station_only)
            if own is not None:
                district_id, station_id = own.district_id, own.station_id
        elif access.district_only is not None:
            district_id = access.district_only
        narrowed = replace(self, district_id=district_id, station_id=station_id)
        narrowed.require_readable(access, reference)
        return narrowed, refused

    def require_readable(self, access: Jurisdiction, reference: Reference) -> None:
        """Raise :class:`Forbidden` unless ``access`` may read every FIR these filters count."""
        if self.station_id is not None:
            place = reference.place_of_station(self.station_id)
            if place is None:
                raise Forbidden(f"there is no police station {self.station_id}")
            access.require_read(place)
        elif self.district_id is not None:
            access.require_read_district(self.district_id, reference.district_code(self.district_id))
        elif why := access.state_refusal():  # e.g. an account held to a station or district that names none
            raise Forbidden(why)

    def last_year(self) -> Filters:
        return replace(self, start=add_months(self.start, -12), end=add_months(self.end, -12))

    @property
    def last_day(self) -> date:
        return month_end(self.end)

    @property
    def unit(self) -> str:
        """What comparisons are made between: stations within a chosen district or station, else districts."""
        return "station_id" if self.district_id is not None or self.station_id is not None else "district_id"
