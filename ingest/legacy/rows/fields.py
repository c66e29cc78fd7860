"""Reading one source row's fields by the profile, collecting every problem of the row rather than stopping at the
first, so the rejects file tells the operator everything to fix at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ingest.legacy.converters.cells import BLANK_WORDS, ConversionError, is_blank, text
from ingest.legacy.converters.dates import parse_datetime
from ingest.legacy.converters.words import Words
from ingest.legacy.profile import FieldSpec
from people.identifiers import NormalisationError


@dataclass(frozen=True)
class Problem:
    reason: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "field": self.field, "message": self.message}


class RowRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@functools.cache
def _text_of_length(max_length: int | None) -> Callable[[Any], str | None]:
    return functools.partial(text, max_length=max_length)


class FieldMemo:
    """One field's converted values by raw value: registers repeat a few stations, words, sections and dates
    millions of times. A field whose values hardly repeat (free text, timestamps) stops being remembered."""

    LIMIT = 100_000  # values kept per field
    TRIAL = 4096  # lookups before deciding whether remembering pays

    __slots__ = ("hits", "lookups", "on", "results")

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], tuple[bool, Any]] = {}
        self.lookups = self.hits = 0
        self.on = True

    def store(self, key: tuple[Any, ...], outcome: tuple[bool, Any]) -> None:
        self.lookups += 1
        if self.lookups == self.TRIAL and self.hits < self.TRIAL // 4:
            self.on = False
            self.results = {}
        elif len(self.results) < self.LIMIT:
            self.results[key] = outcome


class Fields:
    """Reads a row's fields by the profile's specs, recording each problem under the field's name.

    ``memos`` (field name -> ``FieldMemo``) is shared by every row of one kind: a field's converter is a pure
    function of the raw value (and ``context``), so a value met before gives its result, or its problem, again."""

    def __init__(
        self, values: dict[str, Any], default_formats: tuple[str, ...], memos: dict[str, FieldMemo] | None = None
    ) -> None:
        self.values = values
        self.formats = default_formats
        self.problems: list[Problem] = []
        self.memos = memos if memos is not None else {}

    def raw(self, spec: FieldSpec | None) -> Any:
        if spec is None:
            return None
        if spec.column is not None:
            value = self.values.get(spec.column)
            if spec.default is not None and is_blank(value):
                return spec.default
            return value
        return spec.value if spec.value is not None else spec.default

    def get(
        self,
        name: str,
        spec: FieldSpec | None,
        convert: Callable[[Any], Any],
        required: bool = False,
        context: Any = None,
    ) -> Any:
        if spec is not None and spec.column is not None and spec.default is None:
            value = self.values.get(spec.column)  # the common case, without a call
        else:
            value = self.raw(spec)
        if value is None or (
            (value in BLANK_WORDS or value.strip() in BLANK_WORDS) if value.__class__ is str else is_blank(value)
        ):
            if required:
                column = f" (column {spec.column!r})" if spec is not None and spec.column else ""
                self.problems.append(Problem("missing_field", name, f"{name} is empty{column} but required"))
            return None
        memo = self.memos.get(name)
        if memo is None:
            memo = self.memos[name] = FieldMemo()
        key: tuple[Any, ...] = ()
        if memo.on:
            key = (value.__class__, value, context)  # the type too: True == 1 == 1.0 but converts differently
            try:
                found = memo.results.get(key)
            except TypeError:  # a list or dict (JSON): not remembered
                found, memo = None, None
            if found is not None:
                memo.hits += 1  # type: ignore[union-attr]
                if found[0]:
                    return found[1]
                self.problems.append(Problem(found[1][0], name, found[1][1]))
                return None
        else:
            memo = None
        try:
            result = convert(value)
        except ConversionError as error:
            problem = (error.reason, f"{name}: {error.message}")
        except NormalisationError as error:
            problem = ("bad_value", f"{name}: {error}")
        else:
            if memo is not None:
                memo.store(key, (True, result))
            return result
        if memo is not None:
            memo.store(key, (False, problem))
        self.problems.append(Problem(problem[0], name, problem[1]))
        return None

    def text(self, name: str, spec: FieldSpec | None, max_length: int | None = None, required: bool = False) -> Any:
        return self.get(name, spec, _text_of_length(max_length), required)

    def when(self, name: str, spec: FieldSpec | None, required: bool = False) -> datetime | None:
        if spec is None:
            if required:
                self.problems.append(Problem("missing_field", name, f"{name} is not mapped but required"))
            return None
        formats = tuple(spec.formats) if spec.formats else self.formats
        time_value = self.values.get(spec.time_column) if spec.time_column else None
        return self.get(
            name,
            spec,
            lambda v: parse_datetime(v, formats, time_value, spec.swap_day_month),
            required,
            context=(time_value.__class__, time_value),
        )

    def choice(self, name: str, spec: FieldSpec | None, words: Words | None) -> str | None:
        if spec is None or words is None:
            return None
        return self.get(name, spec, words) or (spec.default if is_blank(self.raw(spec)) else None)
