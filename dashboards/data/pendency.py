"""The pendency page's frames: FIRs pending beyond each age, charge-sheet rate, final reports by type, arrests
against accused named."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from dashboards.data.counts import base_rows, grouped
from dashboards.data.filters import FIRST_MONTH, Filters, Source, add_months, month_start
from dashboards.data.sql import frame
from records.rollups import PENDING_STATUSES

CHARGE_SHEETED = ("charge_sheeted", "sent_to_court", "disposed")
FINAL_REPORTS = ("final_report_undetected", "final_report_false", "final_report_mistake_of_fact")


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
    whole = base_rows(
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
        days = base_rows(
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
    counts = frame(
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
