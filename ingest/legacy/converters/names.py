"""Name cells that hold the father's or husband's name too; the relation markers are ``people.relatives``'s
one rule."""

from __future__ import annotations

from ingest.legacy.converters.cells import ConversionError, text
from people.relatives import NO_NAME_BEFORE_RELATIVE, NameWithRelative, split_relative


def split_name(value: object) -> NameWithRelative | None:
    """A name cell with the father's or husband's name after a relation marker (:mod:`people.relatives`):
    ``Ram Kumar s/o Shyam Lal`` -> name Ram Kumar, father Shyam Lal. A relative with no name before it is
    ``bad_name``."""
    raw = text(value)
    if raw is None:
        return None
    parsed = split_relative(raw)
    if not parsed.name and raw.strip(" ,;"):
        raise ConversionError("bad_name", f"{value!r} {NO_NAME_BEFORE_RELATIVE}")
    return parsed
