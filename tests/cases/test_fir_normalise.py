"""Normalising what stations type: mobiles, vehicle numbers, section numbers, scripts."""

from __future__ import annotations

import pytest

from cases.normalise import (
    NormalisationError,
    clean_text,
    detect_script,
    normalise_mobile,
    normalise_section_number,
    normalise_vehicle_registration,
)
from records.models import Script


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


def test_vehicle_and_section_numbers() -> None:
    assert normalise_vehicle_registration("br 01 ab-1234") == "BR01AB1234"
    assert normalise_vehicle_registration("BR.31.P.७७") == "BR31P77"
    with pytest.raises(NormalisationError):
        normalise_vehicle_registration("बिहार 01")
    assert normalise_section_number("304 b") == "304B"
    assert normalise_section_number(" 103 (1) ") == "103(1)"


def test_scripts_and_text_cleaning() -> None:
    assert detect_script("राम कुमार") is Script.DEVANAGARI
    assert detect_script("Ram Kumar") is Script.LATIN
    assert detect_script("राम Kumar") is Script.MIXED
    assert detect_script("محمد") is Script.OTHER
    assert clean_text("  चोरी\x00 हुई\n ") == "चोरी हुई"
    assert clean_text("क\u093f") == "कि"  # already NFC; combining sign kept


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u202eRam Kumar\u202c", "Ram Kumar"),  # right-to-left override: the name would show backwards
        ("Ram\u2066 Kumar\u2069", "Ram Kumar"),  # isolates
        ("Sita\u200f\u200e Devi", "Sita Devi"),  # direction marks
        ("Mohan\u0085\u009b Lal\x1b", "Mohan Lal"),  # C1 and C0 controls
        ("\ufeffGeeta\u200b Rani\u2028", "Geeta Rani"),  # BOM, zero width space, line separator
        ("क्\u200dष और क्\u200cष", "क्\u200dष और क्\u200cष"),  # ZWJ and ZWNJ spell Devanagari: kept
        ("line one\nline two\tend", "line one\nline two\tend"),
    ],
)
def test_clean_text_removes_control_and_bidi_override_characters(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected
