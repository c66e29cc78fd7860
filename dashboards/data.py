"""The dashboards' one data-access module: every figure's numbers come from here.

Pages ask for counts through :class:`Filters` (months, district, station, crime head, law), narrowed by
:meth:`Filters.within` to what the logged-in officer may read (``records.access.Jurisdiction``, the one home of
the jurisdiction rule); lists of records (a station's FIRs, import jobs) are narrowed in their SQL by
the same :class:`Jurisdiction`. Numbers come from the rollup tables (``fir_rollup_month`` for state and
district views, ``fir_rollup_day`` where a station or a day boundary matters); ``source="fir"`` computes the very
same frames straight from the FIR tables, which the benchmark and tests compare against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

from records.access import Forbidden, Jurisdiction, Place
from records.rollups import PENDING_STATUSES, classified_firs_sql

Source = Literal["rollup", "fir"]
LAWS = ("all", "penal", "IPC", "BNS", "SLL")  # penal: IPC and BNS counted together
FIRST_MONTH = date(2008, 1, 1)
CHARGE_SHEETED = ("charge_sheeted", "sent_to_court", "disposed")
FINAL_REPORTS = ("final_report_undetected", "final_report_false", "final_report_mistake_of_fact")


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


# ---------------------------------------------------------------------------------------------- the base


def _where(
    filters: Filters, params: dict[str, Any], dated: str | None, *, month_table: bool, tag: str = ""
) -> list[str]:
    """WHERE clauses for ``filters``; their parameters go into ``params`` named with ``tag`` appended, so that
    several bases can share one statement."""
    clauses = []

    def bind(name: str, value: Any) -> str:
        params[name + tag] = value
        return f":{name}{tag}"

    if dated:
        start, end = bind("start", filters.start), bind("end", filters.end if month_table else filters.last_day)
        clauses.append(f"{dated} BETWEEN {start} AND {end}")
    if filters.district_id is not None:
        clauses.append(f"district_id = {bind('district_id', filters.district_id)}")
    if filters.station_id is not None:
        clauses.append(f"station_id = {bind('station_id', filters.station_id)}")
    if filters.crime_head_id is not None:
        clauses.append(f"crime_head_id = {bind('crime_head_id', filters.crime_head_id)}")
    if filters.law == "penal":
        clauses.append("law IN ('IPC', 'BNS')")
    elif filters.law in {"IPC", "BNS", "SLL"}:
        clauses.append(f"law = {bind('law', filters.law)}")
    return clauses


def _base(
    filters: Filters,
    source: Source,
    params: dict[str, Any],
    *,
    dated: bool = True,
    by_station: bool = False,
    by_district: bool = True,
    tag: str = "",
) -> str:
    """A subquery of count rows (district_id, [station_id], month, day?, crime_head_id, law, status, flags, counts)."""
    if source == "fir":
        fir_where = []
        if dated:
            params["fir_from" + tag], params["fir_to" + tag] = filters.start, filters.last_day + timedelta(days=1)
            fir_where.append(
                f"registered_at >= (CAST(:fir_from{tag} AS date)::timestamp AT TIME ZONE 'Asia/Kolkata') "
                f"AND registered_at < (CAST(:fir_to{tag} AS date)::timestamp AT TIME ZONE 'Asia/Kolkata')"
            )
        if filters.station_id is not None:
            params["fir_station" + tag] = filters.station_id
            fir_where.append(f"station_id = :fir_station{tag}")
        elif filters.district_id is not None:
            params["fir_district" + tag] = filters.district_id
            fir_where.append(f"station_id IN (SELECT id FROM police_station WHERE district_id = :fir_district{tag})")
        firs = "SELECT id, station_id, registered_at, status FROM fir" + (
            " WHERE " + " AND ".join(fir_where) if fir_where else ""
        )
        inner = (
            "SELECT station_id, district_id, day, date_trunc('month', day)::date AS month, crime_head_id, law, "
            "status, against_women, against_sc_st, 1 AS firs, accused, arrested "
            f"FROM ({classified_firs_sql(firs)}) c"
        )
        clauses = _where(filters, params, None, month_table=False, tag=tag)
    elif by_station or filters.station_id is not None:
        inner = (
            "SELECT station_id, district_id, day, date_trunc('month', day)::date AS month, crime_head_id, law, status, "
            "against_women, against_sc_st, firs, accused, arrested FROM fir_rollup_day"
        )
        clauses = _where(filters, params, "day" if dated else None, month_table=False, tag=tag)
    elif filters.district_id is None and not by_district:
        inner = (
            "SELECT NULL::int AS station_id, NULL::int AS district_id, month AS day, month, crime_head_id, law, "
            "status, against_women, against_sc_st, firs, accused, arrested FROM fir_rollup_state_month"
        )
        clauses = _where(filters, params, "month" if dated else None, month_table=True, tag=tag)
    else:
        inner = (
            "SELECT NULL::int AS station_id, district_id, month AS day, month, crime_head_id, law, status, "
            "against_women, against_sc_st, firs, accused, arrested FROM fir_rollup_month"
        )
        clauses = _where(filters, params, "month" if dated else None, month_table=True, tag=tag)
    return f"(SELECT * FROM ({inner}) b{' WHERE ' + ' AND '.join(clauses) if clauses else ''}) base"


def _frame(engine: Engine, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    with engine.connect() as connection:
        result = connection.execute(sa.text(sql), params)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for column in frame.columns:  # sums come back as Decimal; counts are whole numbers
        if (
            frame[column].dtype == object
            and len(frame)
            and isinstance(frame[column].dropna().iloc[0] if frame[column].notna().any() else None, Decimal)
        ):
            frame[column] = frame[column].astype("float64").round().astype("Int64")
    return frame


def _narrowing(clause: sa.ColumnElement[bool]) -> str:
    """A narrowing made by ``records.access`` (stations, people, import jobs) as SQL text for the statements
    here; its only values are ids and codes of our own tables, written in as literals."""
    return str(clause.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def _column(alias: str, name: str) -> sa.ColumnClause[Any]:
    """Column ``name`` of the table called ``alias`` in a statement, for ``records.access`` to narrow."""
    return sa.table(alias, sa.column(name)).c[name]


def grouped(
    engine: Engine,
    filters: Filters,
    by: list[str],
    *,
    source: Source = "rollup",
    where: str = "",
    dated: bool = True,
    measures: str = "sum(firs) AS firs",
) -> pd.DataFrame:
    """Counts grouped by the columns ``by`` (any of the base's columns)."""
    params: dict[str, Any] = {}
    base = _base(filters, source, params, dated=dated, by_station="station_id" in by, by_district="district_id" in by)
    group = ", ".join(by)
    sql = f"SELECT {group + ', ' if by else ''}{measures} FROM {base} {('WHERE ' + where) if where else ''}"
    if by:
        sql += f" GROUP BY {group} ORDER BY {group}"
    return _frame(engine, sql, params)


def monthly(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """A per-month frame with every month of ``start``..``end`` present (months without FIRs count 0)."""
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    counts = dict(zip(frame["month"], frame["firs"], strict=True)) if len(frame) else {}
    return pd.DataFrame({"month": months, "firs": [int(counts.get(m, 0)) for m in months]})


# ------------------------------------------------------------------------------------------ reference


@dataclass(frozen=True)
class Reference:
    districts: pd.DataFrame  # id, code, name_en, name_hi, kind, census_code, population_2011
    stations: pd.DataFrame  # id, district_id, code, name_en, name_hi
    heads: pd.DataFrame  # id, code, name_en, name_hi, sort_order, against_women, against_sc_st, ncrb

    def place_of_station(self, station_id: int) -> Place | None:
        """The station and its district (what ``records.access`` judges), or None for an unknown station."""
        rows = self.stations[self.stations["id"] == station_id]
        if not len(rows):
            return None
        return Place(int(station_id), int(rows["district_id"].iloc[0]), str(rows["code"].iloc[0]))

    def district_code(self, district_id: int) -> str:
        rows = self.districts[self.districts["id"] == district_id]
        return str(rows["code"].iloc[0]) if len(rows) else str(district_id)


def load_reference(engine: Engine) -> Reference:
    from records.reference import read_reference_table

    districts = _frame(
        engine,
        "SELECT d.id, d.code, d.name_en, d.name_hi, d.kind::text AS kind, d.census_code, d.population_2011, "
        "coalesce((SELECT a.name FROM district_name_alias a WHERE a.district_id = d.id AND a.source = 'ncrb' "
        "ORDER BY a.id LIMIT 1), upper(d.name_en)) AS ncrb_name FROM police_district d ORDER BY d.name_en",
        {},
    )
    stations = _frame(engine, "SELECT id, district_id, code, name_en, name_hi FROM police_station ORDER BY name_en", {})
    heads = _frame(
        engine,
        "SELECT id, code, name_en, name_hi, sort_order, against_women, against_sc_st FROM crime_head "
        "ORDER BY sort_order",
        {},
    )
    ncrb = {row["code"]: bool(row["ncrb_column"]) for row in read_reference_table("crime_heads")}
    heads["ncrb"] = heads["code"].map(ncrb).fillna(False)
    unclassified = pd.DataFrame(
        [
            {
                "id": 0,
                "code": "UNCLASSIFIED",
                "name_en": "No crime head",
                "name_hi": "अवर्गीकृत",
                "sort_order": 9999,
                "against_women": False,
                "against_sc_st": False,
                "ncrb": False,
            }
        ]
    )
    return Reference(districts, stations, pd.concat([heads, unclassified], ignore_index=True))


# ------------------------------------------------------------------------------------------------ pages


def overview(engine: Engine, filters: Filters, source: Source = "rollup") -> dict[str, pd.DataFrame]:
    """State overview: this period and last year's by crime head, monthly trend since 2008, districts, and the units
    compared for "rising fastest" (districts, or the stations of the district chosen)."""
    # The trend ends with the last whole month: a month under way would look like a collapse.
    trend_filters = replace(filters, start=FIRST_MONTH, end=add_months(month_start(date.today()), -1))
    now = grouped(engine, filters, ["crime_head_id"], source=source)
    before = grouped(engine, filters.last_year(), ["crime_head_id"], source=source)
    by_head = now.merge(before, on="crime_head_id", how="outer", suffixes=("", "_last_year")).fillna(0)
    districts = _against_last_year(engine, filters, "district_id", source)
    return {
        "by_head": by_head,
        "trend": monthly(grouped(engine, trend_filters, ["month"], source=source), FIRST_MONTH, trend_filters.end),
        "districts": districts,
        # What "rising fastest" compares: districts state-wide, the stations of a district (a district SP's own).
        "units": districts
        if filters.unit == "district_id"
        else _against_last_year(engine, filters, "station_id", source),
    }


def _against_last_year(engine: Engine, filters: Filters, unit: str, source: Source) -> pd.DataFrame:
    """FIRs by ``unit`` in the period (``firs``) and in the same months a year before (``firs_last_year``)."""
    now = grouped(engine, filters, [unit], source=source)
    before = grouped(engine, filters.last_year(), [unit], source=source)
    return now.merge(before, on=unit, how="outer", suffixes=("", "_last_year")).fillna(0)


def district_view(engine: Engine, filters: Filters, source: Source = "rollup") -> dict[str, pd.DataFrame]:
    """A district (or the state when none is chosen): stations compared, crime-head mix, month x head."""
    return {
        "stations": grouped(engine, filters, ["station_id"], source=source)
        if filters.district_id is not None or filters.station_id is not None
        else grouped(engine, filters, ["district_id"], source=source),
        "heads": grouped(engine, filters, ["crime_head_id"], source=source),
        "heat": grouped(engine, filters, ["month", "crime_head_id"], source=source),
    }


def station_view(
    engine: Engine, filters: Filters, access: Jurisdiction, source: Source = "rollup", limit: int = 25
) -> dict[str, pd.DataFrame]:
    """One station: crime-head mix, month x head, and its most recent FIRs (straight from ``fir``: a few rows,
    only of stations ``access`` may read)."""
    frames = {
        "heads": grouped(engine, filters, ["crime_head_id"], source=source),
        "heat": grouped(engine, filters, ["month", "crime_head_id"], source=source),
    }
    frames["recent"] = _frame(
        engine,
        "SELECT f.id, f.serial || '/' || f.year AS number, f.registered_at, f.status::text AS status, "
        "(SELECT string_agg(a.short_name || ' ' || s.number, ', ' ORDER BY fs.position) FROM fir_section fs "
        " JOIN section s ON s.id = fs.section_id JOIN act a ON a.id = s.act_id WHERE fs.fir_id = f.id) AS sections "
        f"FROM fir f WHERE f.station_id = :station AND {_narrowing(access.stations(_column('f', 'station_id')))} "
        "AND f.registered_at < (CAST(:to AS date)::timestamp AT TIME ZONE 'Asia/Kolkata') "
        "ORDER BY f.registered_at DESC LIMIT :limit",
        {"station": filters.station_id, "to": filters.last_day + timedelta(days=1), "limit": limit},
    )
    return frames


PENDING_AGES = ("60", "90", "1y", "3y", "5y")  # "under investigation beyond": 60 and 90 days, 1, 3 and 5 years


def pending_cutoffs(today: date) -> dict[str, date]:
    """For each age of :data:`PENDING_AGES`, the day an FIR must have been registered before to be that old."""

    def years_before(years: int) -> date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    return {
        "60": today - timedelta(days=60),
        "90": today - timedelta(days=90),
        "1y": years_before(1),
        "3y": years_before(3),
        "5y": years_before(5),
    }


def pendency(
    engine: Engine, filters: Filters, source: Source = "rollup", today: date | None = None
) -> dict[str, pd.DataFrame]:
    """Pending beyond 60 and 90 days, 1, 3 and 5 years (as of today, whenever registered: ``pending_60`` ...
    ``pending_5y``), charge-sheet rate, final reports by type, arrests against accused named; by district, or by
    station within a district."""
    today = today or date.today()
    unit = filters.unit
    statuses = ", ".join(f"'{status}'" for status in PENDING_STATUSES)
    cutoffs = pending_cutoffs(today)
    # One statement: the whole months before each cutoff's month from the month table (one pass, a FILTER per
    # age), and the days of each cutoff's month before the cutoff from the day table (one month each).
    params: dict[str, Any] = {}
    for age, cutoff in cutoffs.items():
        params[f"cut_{age}"], params[f"month_{age}"] = cutoff, month_start(cutoff)
    whole = _base(
        replace(filters, start=FIRST_MONTH, end=add_months(month_start(cutoffs["60"]), -1)),
        source,
        params,
        by_station=unit == "station_id",
    )
    parts = [
        f"SELECT {unit}, "
        + ", ".join(f"sum(firs) FILTER (WHERE month < :month_{age}) AS p_{age}" for age in PENDING_AGES)
        + f" FROM {whole} WHERE status IN ({statuses}) GROUP BY {unit}"
    ]
    for age, cutoff in cutoffs.items():
        days = _base(
            replace(filters, start=month_start(cutoff), end=month_start(cutoff)),
            source,
            params,
            by_station=True,
            tag=f"_{age}",
        )
        columns = ", ".join(f"sum(firs) AS p_{other}" if other == age else f"0 AS p_{other}" for other in PENDING_AGES)
        parts.append(
            f"SELECT {unit}, {columns} FROM {days} WHERE status IN ({statuses}) AND day < :cut_{age} GROUP BY {unit}"
        )
    sums = ", ".join(f"sum(p_{age}) AS p_{age}" for age in PENDING_AGES)
    counts = _frame(
        engine,
        f"SELECT {unit}, {sums} FROM ({' UNION ALL '.join(parts)}) counted GROUP BY {unit} ORDER BY {unit}",
        params,
    )
    pending = {
        age: counts.loc[counts[f"p_{age}"].fillna(0) > 0, [unit, f"p_{age}"]]
        .rename(columns={f"p_{age}": "firs"})
        .astype({"firs": "int64"})
        for age in PENDING_AGES
    }
    disposal = grouped(
        engine,
        filters,
        [unit, "status"],
        source=source,
        measures="sum(firs) AS firs, sum(accused) AS accused, sum(arrested) AS arrested",
    )
    return {
        **{f"pending_{age}": pending[age] for age in PENDING_AGES},
        "disposal": disposal,
        "unit": pd.DataFrame({"unit": [unit]}),
    }


def women_sc_st(engine: Engine, filters: Filters, source: Source = "rollup") -> dict[str, pd.DataFrame]:
    """Crimes against women and against Scheduled Castes and Tribes: monthly, by head, by district or station."""
    unit = filters.unit
    frames = {}
    for flag in ("against_women", "against_sc_st"):
        frames[f"{flag}_trend"] = monthly(
            grouped(engine, filters, ["month"], source=source, where=flag), filters.start, filters.end
        )
        frames[f"{flag}_heads"] = grouped(engine, filters, ["crime_head_id"], source=source, where=flag)
        frames[f"{flag}_units"] = grouped(engine, filters, [unit], source=source, where=flag)
    return frames


def ncrb_table(
    engine: Engine, year: int, reference: Reference, access: Jurisdiction | None = None, source: Source = "rollup"
) -> pd.DataFrame:
    """District x crime head for one year in the layout of NCRB's *Crime in India* district tables: IPC/BNS heads
    in NCRB order as columns, ``Total IPC/BNS crimes`` last, one row per police district and a state total.
    Narrowed to what ``access`` may read (None: the whole state, for the operator's ``cctns ncrb table``);
    raises :class:`Forbidden` for a caller who reads no cases."""
    filters = Filters(start=date(year, 1, 1), end=date(year, 12, 1), law="penal")
    if access is not None:
        filters, _refused = filters.within(access, reference)
    counts = grouped(engine, filters, ["district_id", "crime_head_id"], source=source)
    heads = reference.heads[reference.heads["ncrb"]].sort_values("sort_order")
    districts = reference.districts
    if filters.district_id is not None:
        districts = districts[districts["id"] == filters.district_id]
    table = (
        counts.pivot_table(index="district_id", columns="crime_head_id", values="firs", aggfunc="sum", fill_value=0)
        if len(counts)
        else pd.DataFrame()
    )
    table = table.reindex(index=districts["id"], columns=heads["id"], fill_value=0).fillna(0).astype(int)
    table["TOTAL"] = (
        counts.groupby("district_id")["firs"].sum().reindex(table.index, fill_value=0).astype(int) if len(counts) else 0
    )
    table.columns = [*heads["name_en"].str.upper(), "TOTAL IPC/BNS CRIMES"]
    table.insert(0, "YEAR", year)
    table.insert(0, "DISTRICT", districts["ncrb_name"].to_numpy())
    table.insert(0, "STATE/UT", "BIHAR")
    total = table.drop(columns=["STATE/UT", "DISTRICT", "YEAR"]).sum()
    total_row = {"STATE/UT": "BIHAR", "DISTRICT": "TOTAL", "YEAR": year, **total.to_dict()}
    return pd.concat([table, pd.DataFrame([total_row])], ignore_index=True)


def ncrb_reference_series(engine: Engine, filters: Filters, source: Source = "rollup") -> pd.DataFrame:
    """Yearly IPC/BNS FIR counts beside NCRB's published totals for the same district(s) (where loaded)."""
    params: dict[str, Any] = {}
    where = ""
    if filters.district_id is not None:
        params["district_id"] = filters.district_id
        where = "WHERE district_id = :district_id"
    published = _frame(
        engine,
        f"SELECT year, sum(count) AS ncrb FROM ncrb_reference_count {where} "
        f"{'AND' if where else 'WHERE'} crime_head_code = 'TOTAL' GROUP BY year ORDER BY year",
        params,
    )
    yearly = replace(filters, start=FIRST_MONTH, end=month_start(date.today()), law="penal", crime_head_id=None)
    firs = grouped(engine, yearly, ["month"], source=source)
    if len(firs):
        firs["year"] = pd.to_datetime(firs["month"]).dt.year
        firs = firs.groupby("year", as_index=False)["firs"].sum()
    else:
        firs = pd.DataFrame({"year": pd.Series(dtype="int64"), "firs": pd.Series(dtype="int64")})
    if not len(published):
        published = pd.DataFrame({"year": pd.Series(dtype="int64"), "ncrb": pd.Series(dtype="float64")})
    firs["year"] = firs["year"].astype("int64")
    published["year"] = published["year"].astype("int64")
    return firs.merge(published, on="year", how="outer").sort_values("year").reset_index(drop=True)


# ------------------------------------------------------------------------------------------ operations


def operations(engine: Engine, access: Jurisdiction) -> dict[str, Any]:
    """Search index lag (outbox), rollup backlog, SMS by status (the system's health, no case data), and the latest
    imports ``access`` may follow (``Jurisdiction.import_jobs``: HQ all, a district SP their district's)."""
    with engine.connect() as connection:
        outbox = connection.execute(
            sa.text(
                "SELECT count(*) AS waiting, EXTRACT(EPOCH FROM now() - min(created_at)) AS oldest_seconds, "
                "count(*) FILTER (WHERE attempts > 0) AS failing FROM outbox"
            )
        ).one()
        rollups = connection.execute(
            sa.text(
                "SELECT count(*) AS waiting, EXTRACT(EPOCH FROM now() - min(marked_at)) AS oldest_seconds "
                "FROM rollup_dirty"
            )
        ).one()
    result: dict[str, Any] = {"outbox": dict(outbox._mapping), "rollups": dict(rollups._mapping)}
    seen = _narrowing(access.import_jobs(_column("j", "district_id")))
    result["imports"] = _frame(engine, _RECENT_IMPORTS_SQL.format(seen=seen), {})
    sms_by_status = "SELECT status::text AS status, count(*) AS messages FROM sms_message GROUP BY 1"
    result["sms"] = _frame(engine, sms_by_status, {})
    return result


# The latest imports (``cctns import``, POST /api/v1/imports): rows read, accepted and rejected over their files.
_RECENT_IMPORTS_SQL = """
SELECT j.id, j.status, j.file_name, j.profile_name, j.total_rows,
       coalesce(sum((c.value->>'read')::bigint), 0) AS rows_read,
       coalesce(sum((c.value->>'accepted')::bigint), 0) AS rows_accepted,
       coalesce(sum((c.value->>'rejected')::bigint), 0) AS rows_rejected,
       j.created_at, j.finished_at
FROM import_job j LEFT JOIN LATERAL jsonb_each(j.counts) AS c ON true
WHERE {seen}
GROUP BY j.id ORDER BY j.id DESC LIMIT 20
"""


# ------------------------------------------------------------------------------------------------ map


@dataclass(frozen=True)
class Boundaries:
    geojson: dict[str, Any] | None
    problem: str | None  # why there is no map: a key of the dashboards' labels (``boundaries_<problem>``)
    detail: dict[str, str] = field(default_factory=dict)  # the file and error the message names


@lru_cache(maxsize=4)
def _read_geojson(path: str, modified: float) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_boundaries(path: Path | None) -> Boundaries:
    """District polygons from the GeoJSON at ``path`` (CCTNS_GEO_BOUNDARIES_PATH), or why there are none."""
    if path is None:
        return Boundaries(None, "not_configured")
    if not path.is_file():
        return Boundaries(None, "missing", {"path": str(path)})
    try:
        data = _read_geojson(str(path), path.stat().st_mtime)
    except (OSError, ValueError) as error:
        return Boundaries(None, "unreadable", {"path": str(path), "error": str(error)})
    if not isinstance(data, dict) or not data.get("features"):
        return Boundaries(None, "no_features", {"path": str(path)})
    return Boundaries(data, None)


def census_code_of(feature: dict[str, Any]) -> str | None:
    """The Census 2011 district code a boundary feature carries (files name the property differently)."""
    properties = feature.get("properties") or {}
    for key in ("censuscode", "census_code", "CENSUSCODE", "dt_code", "DT_CEN_CD", "district_code", "censuscode2011"):
        if properties.get(key) not in (None, ""):
            return str(properties[key]).lstrip("0") or "0"
    return None
