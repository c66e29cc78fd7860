"""Running the dashboards' SQL: a statement into a frame, and ``records.access`` narrowings as SQL text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine


def frame(engine: Engine, sql: str, params: dict[str, Any]) -> pd.DataFrame:
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


def narrowing(clause: sa.ColumnElement[bool]) -> str:
    """A narrowing made by ``records.access`` (stations, people, import jobs) as SQL text for the statements
    here; its only values are ids and codes of our own tables, written in as literals."""
    return str(clause.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def column(alias: str, name: str) -> sa.ColumnClause[Any]:
    """Column ``name`` of the table called ``alias`` in a statement, for ``records.access`` to narrow."""
    return sa.table(alias, sa.column(name)).c[name]
