"""The ways one queried name term matches a document, with their weights: the rule both engines translate.

A :class:`~indexes.engine.NameClause` term matches by exact key, by a key within one edit, by a recorded initial
standing for it, by phonetic key, by a spelling variant's phonetic key, by its first letter (a queried initial),
by fine keys and by loose key (see :class:`~indexes.engine.NameClause`). Each engine turns each way into its own
query (a term or a fuzzy term on the field, boosted) and matches the term when any way matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexes.engine import (
    NAME_FINE_BOOST,
    NAME_FIRST_LETTER_BOOST,
    NAME_FUZZY_BOOST,
    NAME_INITIAL_BOOST,
    NAME_KEY_BOOST,
    NAME_LOOSE_BOOST,
    NAME_PHONETIC_BOOST,
    NAME_VARIANT_BOOST,
    NameClause,
)
from people.names.indexed import NAME_FINE_MARK, NAME_FIRST_LETTER_MARK
from people.names.terms import NameTerm


@dataclass(frozen=True)
class NameFields:
    """The KEYWORD fields a name clause searches: ``name_*`` or, for a relative's name, ``relative_*``."""

    keys: str
    phonetic: str
    loose: str

    @classmethod
    def of(cls, clause: NameClause) -> NameFields:
        prefix = "relative" if clause.relative else "name"
        return cls(f"{prefix}_keys", f"{prefix}_phonetic", f"{prefix}_loose")


@dataclass(frozen=True)
class NameWay:
    """``value`` in ``field`` (with ``fuzzy``, any value within NAME_FUZZY_EDITS edits of it) scores ``boost``."""

    field: str
    value: str
    boost: float
    fuzzy: bool = False


def name_ways(clause: NameClause, term: NameTerm) -> list[NameWay]:
    """Every way ``term`` of ``clause`` may match, in a fixed order; raises ValueError when it has none."""
    fields = NameFields.of(clause)
    ways: list[NameWay] = []
    if term.key:
        ways.append(NameWay(fields.keys, term.key, NAME_KEY_BOOST))
        if clause.fuzzy(term):
            ways.append(NameWay(fields.keys, term.key, NAME_FUZZY_BOOST, fuzzy=True))
        if clause.by_recorded_initial(term):
            ways += [NameWay(fields.keys, letter, NAME_INITIAL_BOOST) for letter in clause.recorded_initials(term)]
    if term.phonetic:
        ways.append(NameWay(fields.phonetic, term.phonetic, NAME_PHONETIC_BOOST))
    ways += [NameWay(fields.phonetic, variant, NAME_VARIANT_BOOST) for variant in term.variants]
    if term.initial:
        ways.append(NameWay(fields.phonetic, NAME_FIRST_LETTER_MARK + term.key, NAME_FIRST_LETTER_BOOST))
    ways += [NameWay(fields.phonetic, NAME_FINE_MARK + fine, NAME_FINE_BOOST) for fine in term.fine_keys]
    if term.loose:
        ways.append(NameWay(fields.loose, term.loose, NAME_LOOSE_BOOST))
    if not ways:
        raise ValueError(f"name term {term!r} has neither a key nor a phonetic key")
    return ways
