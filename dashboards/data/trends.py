"""The overview, district, station and women/SC-ST pages' frames: counts by head, month, district or station,
against last year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
from sqlalchemy.engine import Engine

from cases.reading.sections import section_list_sql
from dashboards.data.counts import grouped, monthly
from dashboards.data.filters import FIRST_MONTH, Filters, Source, add_months, month_start
from dashboards.data.sql import column, frame, narrowing
from records.access import Jurisdiction


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
    frames["recent"] = frame(
        engine,
        "SELECT f.id, f.serial || '/' || f.year AS number, f.registered_at, f.status::text AS status, "
        f"{section_list_sql('f.id')} AS sections "
        f"FROM fir f WHERE f.station_id = :station AND {narrowing(access.stations(column('f', 'station_id')))} "
        "AND f.registered_at < (CAST(:to AS date)::timestamp AT TIME ZONE 'Asia/Kolkata') "
        "ORDER BY f.registered_at DESC LIMIT :limit",
        {"station": filters.station_id, "to": filters.last_day + timedelta(days=1), "limit": limit},
    )
    return frames


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
