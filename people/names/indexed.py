"""The name fields of a search document: names as written with their Latin form, each name whole, keys, phonetic
keys (with spelling variants, fine keys and first letters, each marked) and loose keys."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection, Iterable

from people.names import CACHED_NAMES
from people.names.forms import letter_run, name_forms, whole_name, written_name
from people.names.phonetic import fine_key, loose_key, phonetic_key

# Marks that keep these values apart from phonetic keys in the same *_phonetic field: "=" before a fine key,
# "^" before the first letter of a name part (a queried initial "S" finds "Sohan", below a recorded "S.").
NAME_FINE_MARK = "="
NAME_FIRST_LETTER_MARK = "^"


# Name parts that records write joined to the part before ("Sathishkumar", "Radheshyam") as often as apart.
JOINED_NAME_PARTS = (
    "kumar", "kumari", "nath", "devi", "das", "prasad", "chandra", "chand", "lal", "raj", "rani",
    "shyam", "swamy", "swami", "samy", "sami", "murthy", "moorthy", "murti", "selvan", "selvi", "kannan",
    "uddin", "uddeen", "ullah", "rahman", "babu", "bhai", "ben",
)  # fmt: skip
_JOINED_PART = re.compile(f"^([a-z]{{4,}}?)({'|'.join(JOINED_NAME_PARTS)})$")


def _split_parts(key: str) -> tuple[str, ...]:
    """A token ending in a common name part, as two parts: "sathishkumar" -> ("sathish", "kumar")."""
    match = _JOINED_PART.match(key)
    return match.groups() if match else ()


@functools.lru_cache(maxsize=CACHED_NAMES)
def _indexed_forms(name: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """What one name adds to a document: how it is shown (as written, and its Latin form when different), and
    its keys, phonetic keys and loose keys (each without repeats or blanks), with each two neighbouring parts
    joined too: a record of "Rabindra Nath" is found by "Ravindranath", one of "Deo Prasad" by "Deoprasad"; a
    part ending in a common name part split: "Sathishkumar" is found by "सतीश कुमार". The phonetic field also
    holds the spelling variants' phonetic keys, the fine keys (marked "=") and each part's first letter ("^")."""
    forms = name_forms(name)
    shown = (forms.as_written,) if forms.as_written else ()
    if forms.latin and forms.latin != forms.as_written.lower():
        shown += (forms.latin,)
    keys = forms.keys + tuple(
        first + second for first, second in itertools.pairwise(forms.keys) if len(first) > 1 and len(second) > 1
    )
    keys += tuple(part for key in forms.keys for part in _split_parts(key))
    keys += tuple(reading for readings in forms.readings for reading in readings)
    keys += (letters,) if (letters := letter_run(forms.keys)) else ()
    phonetic = tuple(phonetic_key(key) for key in keys)
    loose = tuple(loose_key(code) for code in phonetic)
    phonetic += tuple(variant for variants in forms.variants for variant in variants)
    phonetic += tuple(NAME_FINE_MARK + fine for fine in forms.fine if fine)
    phonetic += tuple(NAME_FINE_MARK + fine for fines in forms.variant_fine for fine in fines)
    phonetic += tuple(NAME_FINE_MARK + fine_key(reading) for readings in forms.readings for reading in readings)
    phonetic += tuple(NAME_FIRST_LETTER_MARK + key[0] for key in forms.keys if len(key) > 1)
    return shown, tuple(tuple(dict.fromkeys(v for v in values if v)) for values in (keys, phonetic, loose))


@functools.lru_cache(maxsize=CACHED_NAMES)
def _name_contribution(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Everything one name adds to a document's name fields, computed once per distinct name (names repeat across
    millions of records): how it is shown, its ``name_whole`` values (none for a name of nothing but an
    honorific), and its keys, phonetic keys and loose keys."""
    shown, forms = _indexed_forms(name)
    whole = (whole, written_name(name)) if (whole := whole_name(name)) else ()
    return shown, whole, forms


def index_name_fields(
    names: Iterable[str], relatives: Iterable[str], aliases: Collection[str] = ()
) -> dict[str, list[str]]:
    """The name fields of a search document: names as written with their Latin form, each name whole, keys and
    phonetic keys. Each field keeps its values in first-seen order, once each. A name also in ``aliases`` (and
    so not a name the person is recorded under) gets its whole in ``name_whole`` but not its form as written: a
    query equal to it ranks with the recorded name in the other script, below the recorded name typed as
    recorded (``indexes.searchbox``)."""
    shown: list[str] = []
    wholes: list[str] = []
    fields: dict[str, list[str]] = {"names": shown, "name_whole": wholes}
    for prefix, values in (("name", names), ("relative", relatives)):
        keys: list[str] = []
        phonetic: list[str] = []
        loose: list[str] = []
        several = False  # a second name with keys: the merged lists may repeat values
        for value in values:
            if not value:
                continue
            written, whole, (its_keys, its_phonetic, its_loose) = _name_contribution(value)
            if prefix == "name":
                shown += written
                wholes += whole[:1] if value in aliases else whole
            if keys:
                several = True
            keys += its_keys
            phonetic += its_phonetic
            loose += its_loose
        if several:
            keys, phonetic, loose = list(dict.fromkeys(keys)), list(dict.fromkeys(phonetic)), list(dict.fromkeys(loose))
        fields[f"{prefix}_keys"], fields[f"{prefix}_phonetic"], fields[f"{prefix}_loose"] = keys, phonetic, loose
    fields["names"] = list(dict.fromkeys(shown))
    fields["name_whole"] = [whole for whole in dict.fromkeys(wholes) if whole]
    return fields
