"""NCRB's *Crime in India* district table for a year, and our yearly counts beside NCRB's published totals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from dashboards.data.counts import grouped
from dashboards.data.filters import FIRST_MONTH, Filters, Source, month_start
from dashboards.data.reference import Reference
from dashboards.data.sql import frame
from records.access import Jurisdiction


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
    published = frame(
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
