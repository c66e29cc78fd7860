"""The parts that make the import fast keep its answers: remembered conversions give every row its own result
or problem, and the converting thread hands over every batch in order and its errors to the writer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from ingest.legacy.converters.cells import ConversionError, text
from ingest.legacy.converters.dates import DEFAULT_DATE_FORMATS, parse_datetime
from ingest.legacy.converters.numbers import integer
from ingest.legacy.load.upkeep import ANALYZE_FROM_ROWS, StatisticsSchedule
from ingest.legacy.pipeline import ahead
from ingest.legacy.profile import FieldSpec
from ingest.legacy.report import FileCounts
from ingest.legacy.rows import compiled
from ingest.legacy.rows.fields import Problem


def read(reader: compiled.Reader, value: object) -> tuple[object, list[str]]:
    problems: list[Problem] = []
    result = reader({"n": value}, problems)
    return result, [f"{p.reason}: {p.message}" for p in problems]


def integers() -> compiled.Reader:
    return compiled.field("n", FieldSpec(column="n"), integer)


def test_a_remembered_value_gives_each_row_the_same_result_or_problem() -> None:
    reader = integers()
    first = [read(reader, value) for value in ("12", "x1", "12", "x1", "x1")]
    fresh = [read(integers(), value) for value in ("12", "x1", "12", "x1", "x1")]
    assert first == fresh
    assert first[1] == (None, ["bad_number: n: 'x1' is not a whole number"])
    assert reader.memo.hits == 3  # type: ignore[attr-defined]


def test_values_equal_in_python_but_of_other_types_are_remembered_apart() -> None:
    reader = integers()
    assert read(reader, 1) == (1, [])
    assert read(reader, True) == (None, ["bad_number: n: True is not a whole number"])  # True == 1 in Python
    assert read(reader, 1.0) == (1, [])


def test_a_field_whose_values_do_not_repeat_stops_being_remembered() -> None:
    reader = integers()
    for number in range(compiled.MEMO_TRIAL + 10):
        assert read(reader, str(number)) == (number, [])
    assert not reader.memo.on and not reader.memo.done  # type: ignore[attr-defined]
    assert read(reader, "7") == (7, [])


TRICKY_DATES = [
    "2016-01-05", "2016-01-05T14:30:00", "2016-01-05 14:30", "2016-01-05T14:30:00+00:00", " 2016-01-05 ",
    "२०१६-०१-०५", "05/01/2016", "5.1.16", "1899-12-31", "2100-01-02", "2100-01-01", "42370", "nonsense",
    "2016-02-30", 42370, 42370.5, date(2016, 1, 5), datetime(2016, 5, 1, 9, 0),
]  # fmt: skip


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("formats", [("iso", "%d/%m/%Y", "%d.%m.%y", "excel"), ("iso",), DEFAULT_DATE_FORMATS])
def test_a_date_reader_converts_as_parse_datetime_does(formats: tuple[str, ...], swap: bool) -> None:
    reader = compiled.when("n", FieldSpec(column="n", formats=list(formats), swap_day_month=swap), ())
    for value in TRICKY_DATES:
        try:
            expected: tuple[object, list[str]] = (parse_datetime(value, formats, None, swap), [])
        except ConversionError as error:
            expected = (None, [f"{error.reason}: n: {error.message}"])
        assert read(reader, value) == expected, value
        assert read(reader, value) == expected, value  # remembered


def test_a_text_reader_cleans_as_text_does() -> None:
    reader = compiled.text("n", FieldSpec(column="n"), max_length=12)
    for value in ("  plain  ", "tab\there", "bidi\u202eevil", "e\u0301", 12.0, 12.5, "x" * 13, "\u200b"):
        try:
            expected: tuple[object, list[str]] = (text(value, 12), [])
        except ConversionError as error:
            expected = (None, [f"{error.reason}: n: {error.message}"])
        assert read(reader, value) == expected, value


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


def test_statistics_are_refreshed_mid_run_only_for_the_merge() -> None:
    """A first-time load (every row COPYed the bulk way) leaves the statistics to the job's end; a job whose rows take
    the merge refreshes them each time the rows inserted double."""
    schedule = StatisticsSchedule()
    bulk = FileCounts(read=10 * ANALYZE_FROM_ROWS, accepted=10 * ANALYZE_FROM_ROWS, inserted=10 * ANALYZE_FROM_ROWS,
                      bulk=10 * ANALYZE_FROM_ROWS - 5)  # fmt: skip
    assert not schedule.due(bulk)  # five rows merged: planned well enough on older statistics
    merged = FileCounts(read=ANALYZE_FROM_ROWS, accepted=ANALYZE_FROM_ROWS, inserted=ANALYZE_FROM_ROWS)
    assert schedule.due(merged)
    schedule.done(merged)
    more = FileCounts(read=ANALYZE_FROM_ROWS + 5_000, accepted=ANALYZE_FROM_ROWS + 5_000,
                      inserted=ANALYZE_FROM_ROWS + 5_000)  # fmt: skip
    assert not schedule.due(more)  # not doubled yet
    doubled = FileCounts(read=2 * ANALYZE_FROM_ROWS, accepted=2 * ANALYZE_FROM_ROWS, inserted=2 * ANALYZE_FROM_ROWS)
    assert schedule.due(doubled)
