"""The parts that make the import fast keep its answers: remembered conversions give every row its own result
or problem, and the converting thread hands over every batch in order and its errors to the writer."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ingest.legacy.converters.dates import DEFAULT_DATE_FORMATS
from ingest.legacy.converters.numbers import integer
from ingest.legacy.pipeline import ahead
from ingest.legacy.profile import FieldSpec
from ingest.legacy.rows.fields import FieldMemo, Fields


def read(memos: dict[str, FieldMemo], value: object) -> tuple[object, list[str]]:
    row = Fields({"n": value}, DEFAULT_DATE_FORMATS, memos)
    result = row.get("n", FieldSpec(column="n"), integer)
    return result, [f"{p.reason}: {p.message}" for p in row.problems]


def test_a_remembered_value_gives_each_row_the_same_result_or_problem() -> None:
    memos: dict[str, FieldMemo] = {}
    first = [read(memos, value) for value in ("12", "x1", "12", "x1", "x1")]
    fresh = [read({}, value) for value in ("12", "x1", "12", "x1", "x1")]
    assert first == fresh
    assert first[1] == (None, ["bad_number: n: 'x1' is not a whole number"])
    assert memos["n"].hits == 3


def test_values_equal_in_python_but_of_other_types_are_remembered_apart() -> None:
    memos: dict[str, FieldMemo] = {}
    assert read(memos, 1) == (1, [])
    assert read(memos, True) == (None, ["bad_number: n: True is not a whole number"])  # True == 1 in Python
    assert read(memos, 1.0) == (1, [])


def test_a_field_whose_values_do_not_repeat_stops_being_remembered() -> None:
    memos: dict[str, FieldMemo] = {}
    for number in range(FieldMemo.TRIAL + 10):
        assert read(memos, str(number)) == (number, [])
    assert not memos["n"].on and not memos["n"].results
    assert read(memos, "7") == (7, [])


def test_batches_come_in_order_and_a_producer_error_reaches_the_consumer() -> None:
    with ahead(iter(range(50)), depth=2) as items:
        assert list(items) == list(range(50))

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("row 2 cannot be read")

    with pytest.raises(ValueError, match="row 2"), ahead(failing()) as items:
        assert next(items) == 1
        next(items)


def test_leaving_early_stops_the_producer() -> None:
    produced: list[int] = []

    def endless() -> Iterator[int]:
        number = 0
        while True:
            produced.append(number)
            yield number
            number += 1

    with ahead(endless(), depth=1) as items:
        assert next(items) == 0
    assert not any(t.name == "import-convert" and t.is_alive() for t in threading.enumerate())
    assert len(produced) <= 4  # at most the depth and the item in hand were made ahead
