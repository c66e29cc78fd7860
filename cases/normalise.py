"""Normalising what stations type: section numbers and free text (identifiers such as mobiles are
:mod:`people.identifiers`, scripts :mod:`people.names.scripts`)."""

from __future__ import annotations

import re
import unicodedata

from people.names.scripts import ascii_digits

# Characters no record needs and some abuse: C0 controls but tab, newline and carriage return; DEL and the C1
# controls; the bidirectional embeddings, overrides and isolates (U+202E shows a name backwards) and marks; zero
# width space, word joiner, invisible operators, BOM; line and paragraph separators. ZWJ and ZWNJ (U+200C/D)
# stay: Devanagari and Urdu spelling uses them.
UNWANTED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def normalise_section_number(raw: str) -> str:
    """``304 b`` -> ``304B``, ``103 (1)`` -> ``103(1)``: upper case without spaces, as the reference table cites."""
    return re.sub(r"\s+", "", ascii_digits(raw)).upper()


def clean_text(text: str) -> str:
    """Every text field's cleaning (API, portal forms, imports): Unicode NFC, ``UNWANTED_CHARACTERS`` (control and
    bidirectional-override characters) removed, tabs and newlines kept, outer whitespace trimmed."""
    if not text.isascii():  # ASCII is NFC already
        text = unicodedata.normalize("NFC", text)
    return UNWANTED_CHARACTERS.sub("", text).strip()
