"""Numbers in legacy cells: whole numbers (ages, counts), amounts and distances, FIR numbers."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.legacy.converters.cells import ConversionError, is_blank
from people.names.scripts import ascii_digits

_WHOLE_NUMBER = re.compile(r"[+-]?\d+(\.0+)?")


def integer(value: object) -> int | None:
    """Whole numbers: ``12``, ``12.0``, ``"0012"``, Devanagari digits."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ConversionError("bad_number", f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ConversionError("bad_number", f"{value!r} is not a whole number")
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return int(value)  # the common case: plain ASCII digits
    raw = ascii_digits(str(value).strip()).replace(",", "")
    if _WHOLE_NUMBER.fullmatch(raw):
        return int(raw.split(".")[0])
    raise ConversionError("bad_number", f"{value!r} is not a whole number")


def decimal(value: object) -> Decimal | None:
    """Amounts and distances: ``12,500``, ``2.5 km``, ``Rs. 4000``."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = ascii_digits(str(value)).replace(",", "")
    match = re.search(r"[-+]?\d+(\.\d+)?", raw)
    if not match:
        raise ConversionError("bad_number", f"{value!r} is not a number")
    try:
        return Decimal(match.group())
    except InvalidOperation:
        raise ConversionError("bad_number", f"{value!r} is not a number") from None


def fir_number(value: object) -> tuple[int, int | None]:
    """``0059/2017`` -> (59, 2017); ``59`` -> (59, None); ``59/17`` -> (59, 2017)."""
    if is_blank(value):
        raise ConversionError("missing_field", "the FIR number is empty")
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = integer(value)
        year = None
    else:
        raw = ascii_digits(str(value).strip())
        match = re.fullmatch(r"(?:FIR\s*(?:NO\.?)?\s*)?0*(\d{1,7})\s*(?:[/-]\s*(\d{2}|\d{4}))?", raw, re.IGNORECASE)
        if not match:
            raise ConversionError("bad_fir_number", f"{value!r} is not an FIR number (like 59 or 0059/2017)")
        serial = int(match.group(1))
        year = int(match.group(2)) if match.group(2) else None
        if year is not None and year < 100:
            year += 2000 if year < 70 else 1900
    if serial is None or serial <= 0:
        raise ConversionError("bad_fir_number", f"{value!r}: FIR numbers start at 1")
    return serial, year
