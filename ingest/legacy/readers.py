"""Reading rows out of legacy files: CSV (any delimiter, UTF-8 with or without BOM, UTF-16, older Windows
encodings), Excel workbooks (every sheet or one) and JSON Lines.

Every row comes with the number an operator finds it by: the spreadsheet row (the header is row 1) for CSV
and Excel, the line number for JSON Lines.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from records.spreadsheet_cells import QUOTE, restore_cell

csv.field_size_limit(16 * 1024 * 1024)

FORMATS = ("csv", "excel", "jsonl")


class ReadError(ValueError):
    """The file cannot be read as asked; the message says what to change."""


class SourceRow(NamedTuple):
    """A row as read (a tuple: cheap to make by the hundred thousand, and to hand to another process)."""

    number: int  # increasing through the whole file: the progress mark; equals ``row`` but in later sheets
    sheet: str | None
    values: dict[str, Any]
    row: int = 0  # as the operator finds it: spreadsheet row (header = 1), or JSON Lines line

    @property
    def shown(self) -> int:
        return self.row or self.number


EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Files a data folder may hold records in (``.xls`` included so it is named, then refused with advice).
DATA_SUFFIXES = EXCEL_SUFFIXES | JSONL_SUFFIXES | {".csv", ".tsv", ".txt", ".json", ".xls"}


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return "excel"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".xls":
        raise ReadError(f"{path.name} is an old .xls workbook; open it in a spreadsheet and save it as .xlsx or CSV")
    return "csv"


def detect_encoding(head: bytes, declared: str | None = None) -> str:
    """The declared encoding, else by BOM (UTF-8, UTF-16), else UTF-8 if the bytes decode, else Windows-1252."""
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise ReadError(f"encoding {declared!r} is not known; use utf-8, utf-16 or cp1252") from None
        return "utf-8-sig" if declared.lower().replace("_", "-") in {"utf-8", "utf8"} else declared
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0] != 0:
        return "utf-16-le"  # UTF-16 without a BOM: every other byte zero for ASCII text
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


def detect_delimiter(sample: str, declared: str | None = None) -> str:
    if declared:
        return {"\\t": "\t", "tab": "\t"}.get(declared, declared)
    first = sample.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_header(path: Path, fmt: str | None = None, *, sheet: str | None = None, encoding: str | None = None,
                delimiter: str | None = None) -> list[str]:  # fmt: skip
    for row in read_rows(path, fmt, sheet=sheet, encoding=encoding, delimiter=delimiter, header_only=True):
        return list(row.values)
    return []


def read_rows(path: Path, fmt: str | None = None, *, sheet: str | None = None, encoding: str | None = None,
              delimiter: str | None = None, header_only: bool = False) -> Iterator[SourceRow]:  # fmt: skip
    """Rows as dicts keyed by the header's column names (with ``header_only``, one row of the names)."""
    fmt = fmt or guess_format(path)
    if fmt == "csv":
        yield from _csv_rows(path, encoding, delimiter, header_only)
    elif fmt == "excel":
        yield from _excel_rows(path, sheet, header_only)
    elif fmt == "jsonl":
        yield from _jsonl_rows(path, header_only)
    else:
        raise ReadError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")


def _header(names: list[Any], where: str) -> list[str]:
    header = [("" if name is None else str(name)).strip() for name in names]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise ReadError(f"{where}: column {name!r} appears twice in the header; rename one of them")
        seen.add(name)
    if not any(header):
        raise ReadError(f"{where}: the first row is empty; the first row must name the columns")
    return header


def _csv_rows(path: Path, encoding: str | None, delimiter: str | None, header_only: bool) -> Iterator[SourceRow]:
    with path.open("rb") as raw:
        head = raw.read(65536)
    chosen = detect_encoding(head, encoding)
    try:
        sample = head.decode(chosen, errors="ignore")
    except LookupError:
        raise ReadError(f"encoding {chosen!r} is not known") from None
    sep = detect_delimiter(sample.lstrip("\ufeff"), delimiter)
    with path.open("r", encoding=chosen, newline="", errors="strict") as handle:
        reader = csv.reader(handle, delimiter=sep)
        try:
            first = next(reader, None)
            if first is None:
                return
            header = _header([restore_cell(name) for name in first], path.name)
            if header_only:
                yield SourceRow(1, None, {name: name for name in header})
                return
            width = len(header)
            for number, cells in enumerate(reader, start=2):
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # blank line
                if QUOTE in "\x00".join(cells):  # a cell our own writers quoted (a rejects file imported again)
                    cells = [restore_cell(cell) for cell in cells]
                values = dict(zip(header, cells, strict=False))
                if len(cells) > width:
                    values["__extra__"] = cells[width:]
                yield SourceRow(number, None, values)
        except UnicodeDecodeError as error:
            raise ReadError(
                f"{path.name} is not {chosen} text ({error.reason} at byte {error.start}); give the right "
                "encoding in the profile (csv.encoding: cp1252, utf-16, ...)"
            ) from None
        except csv.Error as error:
            raise ReadError(f"{path.name}, line {reader.line_num}: {error}") from None


def _excel_rows(path: Path, sheet: str | None, header_only: bool) -> Iterator[SourceRow]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or wrong file
        raise ReadError(f"{path.name} cannot be opened as an Excel workbook ({error})") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ReadError(f"{path.name} has no sheet {sheet!r}; its sheets are {', '.join(workbook.sheetnames)}")
        names = [sheet] if sheet is not None else workbook.sheetnames
        offset = 0  # rows of later sheets are numbered after the earlier sheets' rows, for the progress mark
        for name in names:
            rows = workbook[name].iter_rows(values_only=True)
            first = next(rows, None)
            if first is None or not any(cell is not None for cell in first):
                continue  # an empty sheet
            header = _header(list(first), f"{path.name}, sheet {name!r}")
            if header_only:
                yield SourceRow(1, name, {h: h for h in header if h})
                return
            last = 1
            for number, cells in enumerate(rows, start=2):
                last = number
                if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                    continue
                values = {h: c for h, c in zip(header, cells, strict=False) if h}
                yield SourceRow(offset + number, name, values, number)
            offset += last
    finally:
        workbook.close()


def _jsonl_rows(path: Path, header_only: bool) -> Iterator[SourceRow]:
    with path.open("r", encoding=detect_encoding(path.open("rb").read(4096))) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as error:
                values = {"__error__": f"line {number} is not JSON ({error.msg} at column {error.colno})"}
            if not isinstance(values, dict):
                values = {"__error__": f"line {number} is not a JSON object"}
            if header_only:
                yield SourceRow(1, None, {key: key for key in values})
                return
            yield SourceRow(number, None, values)


def read_batches(path: Path, fmt: str, batch_rows: int, skip_to: int = 0, *, sheet: str | None = None,
                 encoding: str | None = None, delimiter: str | None = None) -> Iterator[list[SourceRow]]:  # fmt: skip
    """The file's rows after row ``skip_to`` (a progress mark), in batches of ``batch_rows``."""
    batch: list[SourceRow] = []
    for row in read_rows(path, fmt, sheet=sheet, encoding=encoding, delimiter=delimiter):
        if row.number <= skip_to:
            continue
        batch.append(row)
        if len(batch) >= batch_rows:
            yield batch
            batch = []
    if batch:
        yield batch


def count_rows(path: Path, fmt: str | None = None) -> int | None:
    """Data rows in a CSV or JSON Lines file (lines, fast; quoted line breaks make it an estimate)."""
    fmt = fmt or guess_format(path)
    if fmt == "excel":
        return None
    lines = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(0, lines - (1 if fmt == "csv" else 0))


def sample_rows(path: Path, fmt: str | None = None, limit: int = 5, **options: Any) -> list[SourceRow]:
    rows = []
    for row in read_rows(path, fmt, **options):
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows
