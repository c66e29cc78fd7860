"""A cell of a legacy record as text, or blank; and ``ConversionError``, which every converter raises with a
reason code (counted in the import summary) and a message that says what was found and what was expected."""

from __future__ import annotations

from cases.normalise import clean_text


class ConversionError(ValueError):
    """A value cannot be converted: ``reason`` is the code counted in the summary, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


BLANK_WORDS = frozenset({"", "NULL", "null", "-", "N/A", "NA"})  # cells that mean "nothing here"


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value in BLANK_WORDS or value.strip() in BLANK_WORDS
    return False


def text(value: object, max_length: int | None = None) -> str | None:
    """A cell as clean text (``clean_text``: NFC, no control or bidi-override characters, trimmed), None when
    blank (or nothing is left); floats that are whole numbers lose their ``.0``."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = clean_text(str(value))
    if max_length is not None and len(result) > max_length:
        raise ConversionError("too_long", f"{len(result)} characters, at most {max_length} fit")
    return result or None  # nothing left once cleaned: blank
