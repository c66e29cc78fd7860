"""A profile's fields compiled into readers, once per import: each reader takes a row's values and the row's list
of problems and gives the field's converted value (or None, with its problem noted).

What a generic per-field path would decide for every field of every row is decided here once:
where the value comes from (a column, a column with a default, a constant), the converter with its options
(length, date formats), the problem of a required field that is empty. Registers repeat a few stations, words,
sections and dates millions of times, so each reader remembers its conversions by raw value (results and
problems alike: a converter is a pure function of the value), and stops remembering when its values hardly
repeat (free text, timestamps).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from cases.normalise import clean_text
from ingest.legacy.converters.cells import BLANK_WORDS, ConversionError, is_blank
from ingest.legacy.converters.dates import IST, parse_datetime
from ingest.legacy.converters.words import Words
from ingest.legacy.profile import FieldSpec
from ingest.legacy.rows.fields import Problem
from people.identifiers import NormalisationError

Values = dict[str, Any]
Reader = Callable[[Values, list[Problem]], Any]
RawReader = Callable[[Values], Any]

_MISSING = object()
MEMO_LIMIT = 100_000  # values kept per field
MEMO_TRIAL = 4096  # conversions before deciding whether remembering pays


def raw_reader(spec: FieldSpec | None) -> RawReader:
    """The field's value as the row gives it: its column (or the default when that is blank), or a constant."""
    if spec is None:
        return lambda values: None
    if spec.column is not None:
        column, default = spec.column, spec.default
        if default is None:
            return lambda values: values.get(column)

        def with_default(values: Values) -> Any:
            value = values.get(column)
            return default if is_blank(value) else value

        return with_default
    constant = spec.value if spec.value is not None else spec.default
    return lambda values: constant


def _blank(value: Any) -> bool:
    if value.__class__ is str:
        return value in BLANK_WORDS or value.strip() in BLANK_WORDS
    return is_blank(value)


class _Memo:
    """One field's conversions by raw value: results in ``done``, problems in ``failed``."""

    __slots__ = ("done", "failed", "hits", "on", "stored")

    def __init__(self) -> None:
        self.done: dict[Any, Any] = {}
        self.failed: dict[Any, Problem] = {}
        self.hits = self.stored = 0
        self.on = True

    def store(self, key: Any, result: Any, problem: Problem | None) -> None:
        self.stored += 1
        if self.stored == MEMO_TRIAL and self.hits < MEMO_TRIAL // 4:
            self.on = False
            self.done, self.failed = {}, {}
        elif len(self.done) + len(self.failed) < MEMO_LIMIT:
            if problem is None:
                self.done[key] = result
            else:
                self.failed[key] = problem


def _key(value: Any) -> Any:
    """A value's memo key: a string as itself (most cells), others with their type (True == 1 == 1.0 but they
    convert differently); raises TypeError for a list or dict (JSON), which are not remembered."""
    if value.__class__ is str:
        return value
    key = (value.__class__, value)
    hash(key)
    return key


def field(name: str, spec: FieldSpec | None, convert: Callable[[Any], Any], required: bool = False) -> Reader:
    """A reader of one field: blank -> None (a problem if ``required``), else ``convert(value)``; a
    ``ConversionError`` or ``NormalisationError`` is noted as the row's problem under ``name``."""
    raw = raw_reader(spec)
    column = f" (column {spec.column!r})" if spec is not None and spec.column else ""
    missing = Problem("missing_field", name, f"{name} is empty{column} but required") if required else None
    memo = _Memo()

    def convert_new(value: Any, key: Any, problems: list[Problem]) -> Any:
        """Convert a value not met before (``key`` is its memo key, or ``_MISSING``: not remembered)."""
        try:
            result = convert(value)
        except ConversionError as error:
            problem = Problem(error.reason, name, f"{name}: {error.message}")
        except NormalisationError as error:
            problem = Problem("bad_value", name, f"{name}: {error}")
        else:
            if key is not _MISSING and memo.on:
                memo.store(key, result, None)
            return result
        if key is not _MISSING and memo.on:
            memo.store(key, None, problem)
        problems.append(problem)
        return None

    def read_value(value: Any, problems: list[Problem]) -> Any:
        if value is None or _blank(value):
            if missing is not None:
                problems.append(missing)
            return None
        key: Any = _MISSING
        if memo.on:
            try:
                key = _key(value)
            except TypeError:
                return convert_new(value, _MISSING, problems)  # a list or dict (JSON): not remembered
            found = memo.done.get(key, _MISSING)
            if found is not _MISSING:
                memo.hits += 1
                return found
            problem = memo.failed.get(key)
            if problem is not None:
                memo.hits += 1
                problems.append(problem)
                return None
        return convert_new(value, key, problems)

    def read_raw(values: Values, problems: list[Problem]) -> Any:
        return read_value(raw(values), problems)

    def read_column(values: Values, problems: list[Problem]) -> Any:
        """The common case inline: a column's string value met before (never blank: blanks are not kept)."""
        value = values.get(column)
        if value.__class__ is str and memo.on:
            found = memo.done.get(value, _MISSING)
            if found is not _MISSING:
                memo.hits += 1
                return found
        return read_value(value, problems)

    column = spec.column if spec is not None else None
    read = read_column if spec is not None and column is not None and spec.default is None else read_raw
    read.memo = memo  # type: ignore[attr-defined]  # (tests look at it)
    return read


def clean_cell_text(value: Any, max_length: int | None = None) -> str | None:
    """``converters.cells.text`` of a cell known not to be blank (the reader checked), with ASCII printable
    text (most cells) cleaned without the regular expression: it has none of the characters that removes."""
    if value.__class__ is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    result = value.strip() if value.isascii() and value.isprintable() else clean_text(value)
    if max_length is not None and len(result) > max_length:
        raise ConversionError("too_long", f"{len(result)} characters, at most {max_length} fit")
    return result or None


def text(name: str, spec: FieldSpec | None, max_length: int | None = None, required: bool = False) -> Reader:
    """A reader of a text field (``converters.cells.text``: clean, at most ``max_length`` characters)."""
    return field(name, spec, functools.partial(clean_cell_text, max_length=max_length), required)


def when(name: str, spec: FieldSpec | None, default_formats: tuple[str, ...], required: bool = False) -> Reader:
    """A reader of a date (and time) field: its own formats or the profile's, with its time column if any."""
    if spec is None:
        unmapped = Problem("missing_field", name, f"{name} is not mapped but required") if required else None

        def not_mapped(values: Values, problems: list[Problem]) -> datetime | None:
            if unmapped is not None:
                problems.append(unmapped)
            return None

        return not_mapped
    formats = tuple(spec.formats) if spec.formats else default_formats
    swap = spec.swap_day_month
    if spec.time_column is None:
        if formats[0] == "iso":
            return field(name, spec, functools.partial(_iso_first, formats=formats, swap=swap), required)
        return field(name, spec, lambda value: parse_datetime(value, formats, None, swap), required)
    time_column = spec.time_column
    by_time: dict[Any, Reader] = {}  # the time cell's value is the conversion's context: one reader for each

    def with_time(values: Values, problems: list[Problem]) -> datetime | None:
        time_value = values.get(time_column)
        try:
            key = _key(time_value) if time_value is not None else None
        except TypeError:
            key = _MISSING
        reader = by_time.get(key) if key is not _MISSING else None
        if reader is None:
            reader = field(name, spec, lambda value: parse_datetime(value, formats, time_value, swap), required)
            if key is not _MISSING and len(by_time) < 2000:
                by_time[key] = reader
        return reader(values, problems)

    return with_time


_EARLIEST, _LATEST = date(1900, 1, 1), date(2100, 1, 1)  # as parse_datetime checks


def _iso_first(value: Any, formats: tuple[str, ...], swap: bool) -> datetime | None:
    """``parse_datetime`` of a cell with ISO the first format: an ASCII string that is ISO (exports write
    timestamps so) parsed at once, anything else as ``parse_datetime`` does."""
    if value.__class__ is str and value.isascii():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None or (parsed.tzinfo is not IST and parsed.tzinfo == IST):
                # one time zone object for all (the same instant): a batch handed to another process then
                # carries it once, not once per timestamp
                parsed = parsed.replace(tzinfo=IST)
            if _EARLIEST <= parsed.date() <= _LATEST:
                return parsed
    return parse_datetime(value, formats, None, swap)  # (and its error)


def choice(name: str, spec: FieldSpec | None, words: Words | None) -> Reader:
    """A reader of an enumerated field by its word table; a blank cell takes the field's default."""
    if spec is None or words is None:
        return lambda values, problems: None
    read, raw, default = field(name, spec, words), raw_reader(spec), spec.default

    def read_choice(values: Values, problems: list[Problem]) -> str | None:
        return read(values, problems) or (default if is_blank(raw(values)) else None)

    return read_choice
