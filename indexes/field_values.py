"""Field values as both engines take them: dates to aware UTC datetimes and back to text, integers, keywords.

Each function names the field in its error, so a bad value in a document or a query says where it is.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from datetime import time as day_time


@functools.lru_cache(maxsize=65536)
def _parse_iso(value: str) -> date | datetime:
    return datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)


def to_utc_datetime(value: object, field: str) -> datetime:
    """A DATE field's value as an aware UTC datetime: dates are midnight UTC, naive datetimes are taken as UTC."""
    if isinstance(value, str):
        try:
            value = _parse_iso(value)
        except ValueError:
            raise ValueError(f"field {field!r}: {value!r} is not an ISO date (YYYY-MM-DD) or datetime") from None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, day_time(), tzinfo=UTC)
    raise ValueError(f"field {field!r}: {value!r} is not a date, datetime or ISO string")


def date_text(value: object, field: str) -> str:
    """A DATE value as text: ``2019-03-04`` for midnight UTC, else ISO in UTC."""
    moment = to_utc_datetime(value, field)
    if moment.time() == day_time():
        return moment.date().isoformat()
    return moment.isoformat()


def integer_value(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"field {field!r}: {value!r} is not an integer")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"field {field!r}: {value!r} is not an integer") from None


def keyword_value(value: object, field: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {field!r}: {value!r} is not a string")
