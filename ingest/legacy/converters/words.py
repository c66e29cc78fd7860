"""Words of enumerated fields (status, information type, direction, gender, role, ...) to our values, and
yes/no cells."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from ingest.legacy.converters.cells import ConversionError, is_blank
from ingest.legacy.converters.word_tables import BUILTIN_STATUS_WORDS


def boolean(value: object) -> bool | None:
    """A yes/no cell: ``yes``/``no``, ``y``/``n``, ``true``/``false``, ``1``/``0``, ``हाँ``/``नहीं``."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"true", "yes", "y", "1", "हाँ", "हां"}:
        return True
    if word in {"false", "no", "n", "0", "नहीं"}:
        return False
    raise ConversionError("bad_value", f"{value!r} is not yes or no")


def _word_key(word: str) -> str:
    return re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFC", word).strip().lower())


class Words:
    """Words of an enumerated field (status, information type, direction, gender, role) to our values: the
    profile's map first, then our own values, then ``builtin`` common words. Built once per field, with a
    memo of the words already seen (registers repeat a handful of words millions of times)."""

    def __init__(self, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None, what: str,
                 builtin: Mapping[str, str] | None = None, lenient: bool = False) -> None:  # fmt: skip
        self.table = {_word_key(v): v for v in allowed} | {_word_key(k): v for k, v in (builtin or {}).items()}
        self.table |= {_word_key(word): target for word, target in mapping.items() if not word.endswith("*")}
        # "Transfered :UI*" in a map: every word that begins so
        self.prefixes = [(_word_key(word[:-1]), target) for word, target in mapping.items() if word.endswith("*")]
        self.allowed, self.default, self.what = allowed, default, what
        self.lenient = lenient and not mapping  # no map given: an unknown word takes the default
        self.memo: dict[object, str | None] = {}

    def __call__(self, value: object) -> str | None:
        if is_blank(value):
            return self.default
        try:
            return self.memo[value]
        except (KeyError, TypeError):
            pass
        key = _word_key(str(value))
        if key in self.table:
            result = self.table[key]
        elif prefixed := next((v for k, v in self.prefixes if key.startswith(k)), None):
            result = prefixed
        elif self.lenient and self.default is not None:
            result = self.default
        else:
            hint = (
                "map it in the profile's status map"
                if self.what == "status"
                else "add it to this field's map in the profile"
            )
            raise ConversionError(
                f"unknown_{self.what}",
                f"{self.what.replace('_', ' ')} {value!r} is not known; {hint} to one of {', '.join(self.allowed)}",
            )
        if len(self.memo) < 10_000:
            self.memo[value] = result
        return result


def status_word(value: object, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None) -> str | None:
    """A status word to one of ``allowed`` via the profile's map, then our own values and common words."""
    return Words(mapping, allowed, default, "status", BUILTIN_STATUS_WORDS)(value)


def choice(
    value: object, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None, what: str
) -> str | None:
    """A word for an enumerated field via the profile's map; with no map, an unknown word takes the default."""
    return Words(mapping, allowed, default, what, lenient=True)(value)
