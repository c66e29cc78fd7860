"""Counts of FIRs from the rollup tables (or straight from the FIR tables, ``source="fir"``), filtered and
grouped by any of their columns: district, station, month, day, crime head, law, status and the flags."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from dashboards.data.filters import Filters, Source, add_months
from dashboards.data.sql import frame
from records.rollups import classified_firs_sql


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


def base_rows(
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
    base = base_rows(
        filters, source, params, dated=dated, by_station="station_id" in by, by_district="district_id" in by
    )
    group = ", ".join(by)
    sql = f"SELECT {group + ', ' if by else ''}{measures} FROM {base} {('WHERE ' + where) if where else ''}"
    if by:
        sql += f" GROUP BY {group} ORDER BY {group}"
    return frame(engine, sql, params)


def monthly(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """A per-month frame with every month of ``start``..``end`` present (months without FIRs count 0)."""
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    counts = dict(zip(frame["month"], frame["firs"], strict=True)) if len(frame) else {}
    return pd.DataFrame({"month": months, "firs": [int(counts.get(m, 0)) for m in months]})
