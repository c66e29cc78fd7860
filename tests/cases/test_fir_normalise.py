"""Normalising what stations type: section numbers and free text."""

from __future__ import annotations

import pytest

from cases.normalise import clean_text, normalise_section_number


def test_section_numbers() -> None:
    assert normalise_section_number("304 b") == "304B"
    assert normalise_section_number(" 103 (1) ") == "103(1)"


def test_text_cleaning() -> None:
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
