"""Normalising what stations type: mobile numbers, vehicle numbers, section numbers, scripts, free text."""

from __future__ import annotations

import re
import unicodedata

from records.models import Script

_DIGIT_TABLE = str.maketrans("०१२३४५६७८९", "0123456789")  # Devanagari digits are common in Hindi forms
_MOBILE_SEPARATORS = re.compile(r"[\s\-().]")
_INDIAN_MOBILE = re.compile(r"^[6-9][0-9]{9}$")
_VEHICLE_SEPARATORS = re.compile(r"[\s\-./]")
# Characters no record needs and some abuse: C0 controls but tab, newline and carriage return; DEL and the C1
# controls; the bidirectional embeddings, overrides and isolates (U+202E shows a name backwards) and marks; zero
# width space, word joiner, invisible operators, BOM; line and paragraph separators. ZWJ and ZWNJ (U+200C/D)
# stay: Devanagari and Urdu spelling uses them.
UNWANTED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


class NormalisationError(ValueError):
    """A value cannot be normalised; the message says why in words a station officer reads."""


def ascii_digits(text: str) -> str:
    """Devanagari digits to ASCII digits; everything else unchanged."""
    return text.translate(_DIGIT_TABLE)


def normalise_mobile(raw: str) -> str:
    """An Indian mobile number as its 10 digits: accepts +91, 91, 0 prefixes, spaces, dashes, Devanagari digits."""
    text = _MOBILE_SEPARATORS.sub("", ascii_digits(raw.strip()))
    if not text:
        raise NormalisationError("is empty: give 10 digits starting with 6, 7, 8 or 9, or leave the mobile out")
    if text.startswith("+"):
        if not text.startswith("+91"):
            raise NormalisationError(
                f"{raw!r} is not an Indian mobile number: only +91 numbers are accepted; "
                "give 10 digits starting with 6, 7, 8 or 9"
            )
        text = text[3:]
    elif len(text) == 12 and text.startswith("91"):
        text = text[2:]
    elif len(text) == 11 and text.startswith("0"):
        text = text[1:]
    if not text.isdigit() or not text.isascii():
        raise NormalisationError(
            f"{raw!r} is not a mobile number: it must contain digits only (spaces, dashes and +91 are allowed)"
        )
    if not _INDIAN_MOBILE.match(text):
        raise NormalisationError(
            f"{raw!r} is not an Indian mobile number: give 10 digits starting with 6, 7, 8 or 9 "
            "(optionally with +91 or a leading 0)"
        )
    return text


def normalise_vehicle_registration(raw: str) -> str:
    """``BR 01 AB-1234`` -> ``BR01AB1234`` (upper case, no separators)."""
    text = _VEHICLE_SEPARATORS.sub("", ascii_digits(raw.strip())).upper()
    if not text or not text.isalnum() or not text.isascii() or len(text) > 16:
        raise NormalisationError(f"{raw!r} is not a vehicle registration number (letters and digits, e.g. BR01AB1234)")
    return text


def normalise_imei(raw: str) -> str:
    """A phone's IMEI as its digits (spaces dropped): 15 digits, 14 to 16 accepted."""
    digits = "".join(raw.split())
    if not (digits.isascii() and digits.isdigit() and 14 <= len(digits) <= 16):
        raise NormalisationError(f"{raw!r} is not an IMEI: 15 digits (14-16 accepted)")
    return digits


def normalise_section_number(raw: str) -> str:
    """``304 b`` -> ``304B``, ``103 (1)`` -> ``103(1)``: upper case without spaces, as the reference table cites."""
    return re.sub(r"\s+", "", ascii_digits(raw)).upper()


def detect_script(text: str) -> Script:
    """Which script a name is written in: Devanagari, Latin, a mix, or another script."""
    if text.isascii():
        return Script.LATIN  # ASCII letters are Latin; no letters at all counts as Latin too (below)
    devanagari = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("DEVANAGARI"):
            devanagari += 1
        elif name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    if devanagari and not latin and not other:
        return Script.DEVANAGARI
    if latin and not devanagari and not other:
        return Script.LATIN
    if devanagari and latin:
        return Script.MIXED
    return Script.OTHER if other else Script.LATIN


def clean_text(text: str) -> str:
    """Every text field's cleaning (API, portal forms, imports): Unicode NFC, ``UNWANTED_CHARACTERS`` (control and
    bidirectional-override characters) removed, tabs and newlines kept, outer whitespace trimmed."""
    if not text.isascii():  # ASCII is NFC already
        text = unicodedata.normalize("NFC", text)
    return UNWANTED_CHARACTERS.sub("", text).strip()
