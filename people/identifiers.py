"""Identifiers of people and their property as stations type them: mobile numbers, vehicle registration marks,
IMEIs. Each is cleaned to the one form we store and search (``9876543210``, ``BR01AB1234``, the IMEI's digits).

The strict forms raise :class:`NormalisationError` with a message a station officer reads (forms, the API,
imports); :func:`mobile_digits` is the lenient reading of a mobile written anywhere (an old record's odd value
is no mobile, not an error).
"""

from __future__ import annotations

import re

from people.names.scripts import ascii_digits

_MOBILE_SEPARATORS = re.compile(r"[\s\-().]")
_INDIAN_MOBILE = re.compile(r"^[6-9][0-9]{9}$")
_NOT_DIGIT = re.compile(r"\D")
_VEHICLE_SEPARATORS = re.compile(r"[\s\-./]")


class NormalisationError(ValueError):
    """A value cannot be normalised; the message says why in words a station officer reads."""


def _without_trunk_prefix(digits: str) -> str:
    """A mobile's ten digits when written with the country code 91 or the trunk prefix 0 before them."""
    if len(digits) == 12 and digits.startswith("91"):
        return digits[2:]
    if len(digits) == 11 and digits.startswith("0"):
        return digits[1:]
    return digits


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
    else:
        text = _without_trunk_prefix(text)
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


def mobile_digits(raw: str | None) -> str | None:
    """The 10 digits of a mobile as given, or None when it is not one (the index holds only clean numbers)."""
    if not raw:
        return None
    digits = _without_trunk_prefix(_NOT_DIGIT.sub("", ascii_digits(raw)))
    return digits if len(digits) == 10 else None


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
