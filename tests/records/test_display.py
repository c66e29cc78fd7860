"""How values are shown: names for codes in both languages, IST with its label, Indian digit grouping."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from records.display import _BY_ENUM, LABELS, both, indian_grouping, ist, label, rupees
from records.models import FinalReportKind, FirStatus, PropertyKind


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (120000, "1,20,000"), (12345678, "1,23,45,678"), (-150000, "-1,50,000")],
)
def test_indian_grouping(value: int, shown: str) -> None:
    assert indian_grouping(value) == shown


def test_rupees_shows_paise_only_when_there_are_any() -> None:
    assert rupees(Decimal("120000.00")) == "Rs 1,20,000"
    assert rupees(Decimal("1250.5")) == "Rs 1,250.50"
    assert rupees(None) == "—"
    assert rupees(Decimal("120000"), "hi") == "रु. 1,20,000", "a Hindi page writes the rupee the Hindi way"


def test_times_are_shown_in_ist_and_say_so() -> None:
    assert ist(datetime(2026, 12, 7, 13, 25, tzinfo=UTC)) == "07-12-2026 18:55 IST"
    assert ist(datetime(2026, 12, 7, 20, 0, 5), seconds=True) == "08-12-2026 01:30:05 IST"  # naive is UTC


def test_every_code_of_every_labelled_kind_has_a_name_in_both_languages() -> None:
    for kind, key in _BY_ENUM.items():
        assert set(LABELS[key]) == set(kind), key
        for english, hindi in LABELS[key].values():
            assert english and hindi and "_" not in english
    assert label(FirStatus.FINAL_REPORT_UNDETECTED) == "Final report: true but undetected"
    assert label(FinalReportKind.CHARGE_SHEET, "hi") == "आरोप-पत्र"
    assert both(PropertyKind.CASH) == "नकद / Cash"
