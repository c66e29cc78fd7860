"""The one search-engine interface, and the small query language both engines translate.

A query is a tree of clauses (:class:`NameClause`, :class:`TextClause`, :class:`TermsClause`,
:class:`RangeClause`, :class:`AnyOf`). ``must`` clauses score and must all match; ``filters`` must match
and do not score; ``boosts`` add a constant to the matches they match and select nothing. Results are ordered
by score, ties by document id, so the same query on the same index pages the same way every time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from indexes.schema import DocumentKind
from people.names.terms import NameTerm

Document = dict[str, object]

# Name clause weights, the same in every engine: exact key, phonetic key, key within one edit, and a record's
# initial standing for the queried part ("Faruk Hembrom" finds "F. Hembrom").
NAME_KEY_BOOST = 3.0
NAME_PHONETIC_BOOST = 2.0
NAME_FUZZY_BOOST = 1.0
NAME_INITIAL_BOOST = 0.5
# A queried initial meeting the first letter of a recorded part ("H Ali" and "Hamid Ali"): enough to rank the
# record above those with no part starting so, whatever their length ("Ali, MK"), below a recorded "H.".
NAME_FIRST_LETTER_BOOST = 2.0
# Latin letters a recorded initial is written with for a part beginning with a letter: "Clive" is "C." though
# क्लाइव reads klaiv, "Wes" is "W." though वेस reads ves, and "ई" (the letter E) stands for Imran.
RECORDED_INITIALS = {
    "k": "kc", "c": "ck", "q": "qk", "s": "sc", "v": "vw", "w": "wv",
    "j": "jgz", "g": "gj", "z": "zj", "i": "ie", "e": "ei",
}  # fmt: skip
NAME_LOOSE_BOOST = 1.0
# A phonetic key of a spelling variant (rules in people.names.variants: the Assamese छ for s, Tamil zh, a dropped nasal,
# English spelling), and the vowel-aware "fine" key that ranks close spellings above consonant-skeleton collisions.
NAME_VARIANT_BOOST = 1.5
NAME_FINE_BOOST = 1.0
NAME_FUZZY_EDITS = 1
NAME_FUZZY_FROM_LENGTH = 3  # one edit turns a shorter key into too many others ("r" into every initial)
# From this many required terms on, a name matches with one of them missing (scored below a full match):
# records split, join and drop parts of long names ("Rabindra Nath Ghosh", "Ravindranath Ghosh").
NAME_TOLERANCE_FROM = 3


@dataclass(frozen=True)
class NameClause:
    """Every term must match a token of the document's names (or of its relatives' names), except initials.

    A term matches by exact key (scores most), by phonetic key, by a spelling variant's phonetic key, by a key
    one edit away, by loose key, or by an initial (a queried initial also by a name part's first letter); a
    matching fine key (its own or a spelling variant's) adds to the score.
    Initials only raise the score (records write them, drop them or spell them out), unless the queried
    name is nothing but initials. A name of NAME_TOLERANCE_FROM or more required terms matches with one missing.
    ``strict`` leaves out the two broad ways, one edit and one missing part: on millions of records they
    match tens of thousands of people for a common name (see ``indexes.searchbox.search_strictly_first``).
    """

    terms: tuple[NameTerm, ...]
    relative: bool = False  # match the name_* fields (False) or the relative_* fields (True)
    boost: float = 1.0
    strict: bool = False

    def fuzzy(self, term: NameTerm) -> bool:
        """Whether keys one edit away match this term."""
        return len(term.key) >= NAME_FUZZY_FROM_LENGTH and not self.strict

    def by_recorded_initial(self, term: NameTerm) -> bool:
        """Whether a recorded initial matches this (full) term: "Faruk Hembrom" finds "F. Hembrom" only in the broad
        search, or every recorded "F." would fill the strict one."""
        return not term.initial and not self.strict

    @staticmethod
    def recorded_initials(term: NameTerm) -> tuple[str, ...]:
        """The recorded initials that may stand for this (full) term (see RECORDED_INITIALS)."""
        first = term.key[0]
        return tuple(RECORDED_INITIALS.get(first, first))

    def required(self, term: NameTerm) -> bool:
        return not term.initial or all(other.initial for other in self.terms)

    def required_matches(self) -> int:
        """How many of the required terms a document must match."""
        required = sum(self.required(term) for term in self.terms)
        return required - 1 if required >= NAME_TOLERANCE_FROM and not self.strict else required


@dataclass(frozen=True)
class TextClause:
    """Free text: every word must appear in at least one of ``fields`` (TEXT fields)."""

    text: str
    fields: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class TermsClause:
    """The field holds at least one of ``values`` exactly (KEYWORD or INTEGER fields)."""

    field: str
    values: tuple[str | int, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class RangeClause:
    """An INTEGER or DATE field lies within [gte, lte]; either bound may be open."""

    field: str
    gte: int | date | None = None
    lte: int | date | None = None


@dataclass(frozen=True)
class AnyOf:
    """At least one of these clauses matches; the best scores."""

    clauses: tuple[Clause, ...]


Clause = NameClause | TextClause | TermsClause | RangeClause | AnyOf


@dataclass(frozen=True)
class Boost:
    """Adds ``score``, a constant whatever the relevance, to each match that also matches every one of ``clauses``;
    a boost never selects nor drops a match. Puts matches in tiers: a name exactly as recorded above one written
    with more parts, above near spellings (see ``indexes.searchbox``)."""

    clauses: tuple[Clause, ...]
    score: float


@dataclass(frozen=True)
class SearchRequest:
    kind: DocumentKind
    must: tuple[Clause, ...] = ()
    filters: tuple[Clause, ...] = ()
    boosts: tuple[Boost, ...] = ()  # added to the score of the matches they match; select nothing
    facets: tuple[str, ...] = ()  # fields with facet=True; counts of the top values over all matches
    facet_size: int = 20
    highlight: tuple[str, ...] = ()  # TEXT fields to return highlighted snippets of
    offset: int = 0
    limit: int = 20


@dataclass
class Hit:
    id: str
    score: float
    document: Document  # every stored field (all but TEXT fields' analysis); lists for multi-valued ones
    highlights: dict[str, list[str]] = field(default_factory=dict)  # field -> HTML snippets, <b> marks


@dataclass
class SearchResponse:
    total: int  # all matches, not just this page
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> value (as str) -> count
    # How names were matched, set by ``indexes.searchbox.search_strictly_first``: "as_written" (no edits, no
    # part missing) or "near"; None when the request had no name to widen.
    spelling: str | None = None


class SearchEngine(Protocol):
    """What every engine does. Writes become visible to searches after :meth:`commit`."""

    name: str

    def ensure_ready(self) -> None:
        """Create the indexes (and templates, aliases) if they do not exist yet; harmless to repeat."""

    def upsert(self, kind: DocumentKind, documents: Sequence[Document]) -> None:
        """Insert or replace documents by their ``id``."""

    def delete(self, kind: DocumentKind, ids: Sequence[str]) -> None:
        """Remove documents by id; ids that are not there are ignored."""

    def commit(self) -> None:
        """Make every write so far durable and visible to searches."""

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def warm_up(self) -> None:
        """Start readying the index for a service's first searches, and return at once."""

    def count(self, kind: DocumentKind) -> int: ...

    def iter_checksums(self, kind: DocumentKind) -> Iterator[tuple[str, str]]:
        """Every document's (id, checksum), in any order: what ``cctns index verify`` compares."""

    def begin_rebuild(self) -> SearchEngine:
        """An engine writing into a fresh, empty index beside the live one; searches still see the old."""

    def finish_rebuild(self, rebuilt: SearchEngine) -> None:
        """Switch searches to the rebuilt index in one step and drop the old one."""

    def close(self) -> None: ...
