"""A name's forms as a whole: its tokens with their keys, and the whole-name values a query equal to a
recorded name matches."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from people.names import CACHED_NAMES
from people.names.phonetic import fine_key, phonetic_key
from people.names.tokens import tokens_with_sources
from people.names.variants import other_readings, variant_fine_keys, variant_keys


@dataclass(frozen=True)
class NameForms:
    as_written: str
    latin: str
    keys: tuple[str, ...]
    phonetic: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...] = ()  # per token: phonetic keys of its spelling variants
    fine: tuple[str, ...] = ()  # per token: its fine key
    variant_fine: tuple[tuple[str, ...], ...] = ()  # per token: fine keys of its spelling variants
    readings: tuple[tuple[str, ...], ...] = ()  # per token: other common Latin spellings of its Devanagari


@functools.lru_cache(maxsize=CACHED_NAMES)
def name_forms(name: str) -> NameForms:
    tokens = tokens_with_sources(name)
    keys = tuple(token for token, _ in tokens)
    return NameForms(
        as_written=name.strip(),
        latin=" ".join(keys),
        keys=keys,
        phonetic=tuple(phonetic_key(key) for key in keys),
        variants=tuple(variant_keys(token, source) for token, source in tokens),
        fine=tuple(fine_key(key) for key in keys),
        variant_fine=tuple(variant_fine_keys(token, source) for token, source in tokens),
        readings=tuple(other_readings(source) for _, source in tokens),
    )


def letter_run(keys: tuple[str, ...]) -> str:
    """The letters of a name that is nothing but two to four initials ("सी एस आई आर", "C.S.I.R."), written as one
    word: records write such names both ways (CSIR)."""
    if 2 <= len(keys) <= 4 and all(len(key) == 1 for key in keys):
        return "".join(keys)
    return ""


WRITTEN_MARK = "~"  # before a name_whole value that is the name as written, not its keys


def whole_name(name: str) -> str:
    """A name's keys joined by spaces, the same for every way of writing it ("Md Islam", "मोहम्मद इस्लाम": "mohammad
    islam"): the ``name_whole`` a query equal to a recorded name matches."""
    return name_forms(name).latin


def written_name(name: str) -> str:
    """A name as written, in its own script, only case, punctuation and spacing ignored ("Mohd. Islam" is
    "~mohd islam"), marked WRITTEN_MARK: the ``name_whole`` a query typed exactly as recorded matches."""
    kept = "".join(" " if unicodedata.category(char)[0] in "PSZC" else char for char in name.casefold())
    words = kept.split()
    return WRITTEN_MARK + " ".join(words) if words else ""
