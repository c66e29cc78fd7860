"""What loading each shipped reference table shares: its rows numbered as a spreadsheet numbers them, cells
parsed with the row named in any error, and the compare-then-write upsert that counts what it changed."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models.base import Base
from records.reference import read_reference_table

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
Kind = TypeVar("Kind", bound=enum.Enum)
Parsed = TypeVar("Parsed")


class ReferenceDataError(ValueError):
    """The shipped reference CSVs contradict themselves (an unknown code, a missing section...)."""


@dataclass
class TableCount:
    """Rows of one table in the data, and how many of them this run inserted or updated."""

    total: int = 0
    inserted: int = 0
    updated: int = 0

    @property
    def changed(self) -> int:
        return self.inserted + self.updated


def numbered_rows(table: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of ``data/<table>.csv``, each with where it is (``"<table>.csv row N"``, the header being row 1)."""
    for number, row in enumerate(read_reference_table(table), start=2):
        yield f"{table}.csv row {number}", row


def cell(value: str | None) -> str:
    """A cell's text without the spaces around it (a missing cell is "")."""
    return (value or "").strip()


def optional(value: str | None) -> str | None:
    return cell(value) or None


def boolean(value: str | None, where: str) -> bool | None:
    text = cell(value).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ReferenceDataError(f"{where}: {value!r} is not true/false")


def _parsed(value: str | None, where: str, parse: Callable[[str], Parsed], what: str) -> Parsed | None:
    """``parse`` of the cell's text, None for an empty cell; a text ``parse`` refuses names the row."""
    text = cell(value)
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise ReferenceDataError(f"{where}: {value!r} is not {what}") from None


def whole(value: str | None, where: str) -> int | None:
    return _parsed(value, where, lambda text: int(text.replace(",", "")), "a whole number")


def iso_date(value: str | None, where: str) -> date | None:
    return _parsed(value, where, date.fromisoformat, "an ISO date (YYYY-MM-DD)")


def number(value: str | None, where: str) -> float | None:
    return _parsed(value, where, float, "a number")


def kind_cell(kind: type[Kind], value: str | None, where: str) -> Kind:
    """The ``kind`` column's member of enum ``kind``."""
    try:
        return kind(cell(value))
    except ValueError:
        raise ReferenceDataError(f"{where}: unknown kind {value!r}") from None


def sync(
    session: Session,
    model: type[Base],
    key_of: Callable[[Any], tuple[Any, ...]],
    rows: Iterable[Mapping[str, Any]],
    key_columns: tuple[str, ...],
    count: TableCount,
) -> dict[tuple[Any, ...], Any]:
    """Insert missing rows and update differing ones (matched on ``key_columns``); return all by key."""
    existing = {key_of(obj): obj for obj in session.scalars(sa.select(model))}
    for values in rows:
        key = tuple(values[column] for column in key_columns)
        count.total += 1
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            session.add(obj)
            existing[key] = obj
            count.inserted += 1
        elif assign(obj, values):
            count.updated += 1
    session.flush()
    return existing


def assign(obj: Any, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
