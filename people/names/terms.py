"""A queried name as the terms of a search engine's name clause (:class:`indexes.engine.NameClause`)."""

from __future__ import annotations

from dataclasses import dataclass

from people.names.forms import letter_run, name_forms
from people.names.phonetic import loose_key, phonetic_key


@dataclass(frozen=True)
class NameTerm:
    """One token of a queried name: its normalised Latin key, its phonetic key and its loose key; the phonetic
    keys of its spelling variants, its fine key and its spelling variants' fine keys."""

    key: str
    phonetic: str
    loose: str = ""
    variants: tuple[str, ...] = ()
    fine: str = ""
    variant_fine: tuple[str, ...] = ()  # fine keys of its spelling variants (ड़ read as d, a nasal left out)

    @property
    def initial(self) -> bool:
        """A single letter standing for a name: the "R" of "R. Kumar"."""
        return len(self.key) == 1

    @property
    def fine_keys(self) -> tuple[str, ...]:
        """Its fine key (when it has one) and its spelling variants' fine keys: each adds to a match's score."""
        return (self.fine, *self.variant_fine) if self.fine else self.variant_fine


def _joined_keys(keys: tuple[str, ...], position: int) -> tuple[str, ...]:
    """Phonetic keys of a queried part written together with the part before it and with the part after it:
    "Sulthan Basha" finds a record of "Sultanbasha", "de Mello" one of "डिमेलो" (each part matches the record's
    one part). Records index their own neighbouring parts joined; this is the same for the query's."""
    if len(keys[position]) < 2:
        return ()
    neighbours = (keys[position - 1] + keys[position] if position > 0 else "",)
    neighbours += (keys[position] + keys[position + 1] if position + 1 < len(keys) else "",)
    return tuple(phonetic_key(joined) for joined in neighbours if joined and len(joined) > len(keys[position]) + 1)


def name_terms(name: str) -> tuple[NameTerm, ...]:
    """What a query puts in a NameClause: one term per token of the name; its variants are its spelling
    variants' phonetic keys and those of the part written together with each neighbouring part."""
    forms = name_forms(name)
    letters = letter_run(forms.keys)
    terms = []
    for position, (key, phonetic, variants, fine, variant_fine) in enumerate(
        zip(forms.keys, forms.phonetic, forms.variants, forms.fine, forms.variant_fine, strict=True)
    ):
        joined = tuple(code for code in _joined_keys(forms.keys, position) if code != phonetic)
        joined += (phonetic_key(letters),) if letters else ()
        terms.append(
            NameTerm(key, phonetic, loose_key(phonetic), tuple(dict.fromkeys(variants + joined)), fine, variant_fine)
        )
    return tuple(terms)
