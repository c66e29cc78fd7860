"""Dates and times in legacy cells, in Indian Standard Time: the formats registers use, Excel serial numbers,
a separate time cell."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone

from ingest.legacy.converters.cells import ConversionError, is_blank
from people.names.scripts import ascii_digits

IST = timezone(timedelta(hours=5, minutes=30))
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year; serials from 61 on are right)
DEFAULT_DATE_FORMATS = ("iso", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "excel")


def excel_serial_date(serial: float) -> datetime:
    """An Excel serial number (days since 1899-12-30, the fraction is the time of day) as a naive datetime."""
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise ConversionError("bad_date", f"{serial!r} is not an Excel date serial number")
    return datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=serial)


def _as_naive(value: object, formats: Sequence[str]) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "excel" in formats:
            return excel_serial_date(float(value))
        raise ConversionError("bad_date", f"{value!r} is a number, not a date (add 'excel' to the formats)")
    raw = ascii_digits(str(value).strip())
    for fmt in formats:
        if fmt == "iso":
            try:
                parsed = datetime.fromisoformat(raw)
            except ValueError:
                continue
            return parsed
        if fmt == "excel":
            if re.fullmatch(r"\d+(\.\d+)?", raw):
                return excel_serial_date(float(raw))
            continue
        for candidate in (raw, raw.split(" ")[0]) if "%H" not in fmt else (raw,):
            try:
                return datetime.strptime(candidate, fmt)
            except ValueError:
                continue
    raise ConversionError("bad_date", f"{value!r} is not a date in any of the formats {', '.join(formats)}")


def parse_datetime(
    value: object,
    formats: Sequence[str] = DEFAULT_DATE_FORMATS,
    time_value: object = None,
    swap_day_month: bool = False,
) -> datetime | None:
    """A date (and time) in Indian Standard Time; ``time_value`` is a separate time cell (``14:30``, a fraction
    of a day, a ``time``). ``swap_day_month`` repairs dates a spreadsheet read as month/day (``5/1/2016`` typed
    for 5 January and stored as 1 May): it applies only to values that came as dates, not as text."""
    if is_blank(value):
        return None
    came_as_date = isinstance(value, date)
    parsed = _as_naive(value, formats)
    if swap_day_month and came_as_date and parsed.day <= 12:
        parsed = parsed.replace(month=parsed.day, day=parsed.month)
    if not is_blank(time_value):
        parsed = datetime.combine(parsed.date(), parse_time(time_value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=IST)
    if not date(1900, 1, 1) <= parsed.date() <= date(2100, 1, 1):
        raise ConversionError("bad_date", f"{value!r} gives the year {parsed.year}, which cannot be right")
    return parsed


def parse_time(value: object) -> time:
    """``14:30``, ``2:30 PM``, ``14.30``, a ``time``, or a fraction of a day (Excel)."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:
            seconds = round(float(value) * 86400)
            return time(seconds // 3600 % 24, seconds // 60 % 60)
        raise ConversionError("bad_time", f"{value!r} is not a time of day")
    raw = ascii_digits(str(value).strip()).upper().replace(".", ":")
    for fmt in ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p"):
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    raise ConversionError("bad_time", f"{value!r} is not a time of day (like 14:30 or 2:30 PM)")


def now_utc() -> datetime:
    return datetime.now(UTC)
