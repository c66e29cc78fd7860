"""Identifiers of people and property as stations type them: mobiles (strict and lenient), vehicle numbers, IMEIs."""

from __future__ import annotations

import pytest

from people.identifiers import (
    NormalisationError,
    mobile_digits,
    normalise_imei,
    normalise_mobile,
    normalise_vehicle_registration,
)


@pytest.mark.parametrize(
    "raw",
    ["9876543210", "+91 98765 43210", "+91-98765-43210", "919876543210", "09876543210", "(98765) 43210", "९८७६५४३२१०"],
)
def test_indian_mobiles_in_many_spellings_become_ten_digits(raw: str) -> None:
    assert normalise_mobile(raw) == "9876543210"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("12345", "10 digits starting with 6, 7, 8 or 9"),
        ("5876543210", "starting with 6, 7, 8 or 9"),
        ("+44 7911 123456", r"only \+91"),
        ("98765abc10", "digits only"),
        ("", "10 digits"),
        ("98765432101", "10 digits"),
    ],
)
def test_malformed_mobiles_are_refused_saying_why(raw: str, reason: str) -> None:
    with pytest.raises(NormalisationError, match=reason):
        normalise_mobile(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9876543210", "9876543210"),
        ("+91 98765 43210", "9876543210"),
        ("09876543210", "9876543210"),
        ("९८७६५४३२१०", "9876543210"),
        ("12345", None),
        ("", None),
        (None, None),
    ],
)
def test_a_mobile_written_anywhere_is_read_leniently(raw: str | None, expected: str | None) -> None:
    """The index reads the mobiles of old records too: one that is not ten digits is left out, not an error."""
    assert mobile_digits(raw) == expected


def test_vehicle_numbers() -> None:
    assert normalise_vehicle_registration("br 01 ab-1234") == "BR01AB1234"
    assert normalise_vehicle_registration("BR.31.P.७७") == "BR31P77"
    with pytest.raises(NormalisationError):
        normalise_vehicle_registration("बिहार 01")


def test_imeis() -> None:
    assert normalise_imei("35 209900 176148 1") == "352099001761481"
    with pytest.raises(NormalisationError, match="IMEI"):
        normalise_imei("12345")
