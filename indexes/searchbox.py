"""The one search box: read what an investigator typed and turn it into engine requests.

Recognised, in this order, and taken out of the text:
- FIR numbers: ``123/2019``, ``123/19``, with the station's name before them (``Hajipur Sadar 123/2019``, in
  either script, with any digits: ``थाना हाजीपुर सदर कांड सं० १२३/२०१९``);
- Indian mobile numbers in any common form: ``9876543210``, ``+91 98765 43210``, ``098765-43210``, ``९८७६५ ४३२१०``,
  with a label before them taken too (``Mob. 98...``, ``मो० ९८...``, ``मोबाइल नं. ९८...``);
- vehicle registration numbers with or without spaces: ``BR 01 AB 1234``, ``br01ab1234``, ``BR-1-AB-1234``, and
  their letters spelled in Hindi: ``बीआर ०१ एबी १२३४``;
- a relative's name after ``s/o``, ``w/o``, ``पिता`` and the like.
What is left is a name and free text: people are matched by name, cases by the names in them or their facts.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from indexes.engine import (
    AnyOf,
    Boost,
    Clause,
    Document,
    NameClause,
    RangeClause,
    SearchEngine,
    SearchRequest,
    SearchResponse,
    TermsClause,
    TextClause,
)
from indexes.schema import DocumentKind
from indexes.vehicle_marks import VEHICLE_MARKS, registration
from indexes.words import keyword_words
from people.names.forms import whole_name, written_name
from people.names.scripts import ascii_digits, has_devanagari
from people.names.terms import NameTerm, name_terms
from people.relatives import split_relative

_FIR_NUMBER = re.compile(r"(?<![\w/])(\d{1,6})\s*/\s*(\d{4}|\d{2})(?![\w/])")
# What is written before a mobile number to say it is one ("Mob. 98...", "मो० ९८...", "मोबाइल नं. ९८...") goes with
# the number: left in the name, it would have to match as a name. "मो०" before a name is Mohammad and stays.
_MOBILE_LABEL = (
    r"(?<![\w\u0900-\u097f])"
    r"(?:mob(?:ile)?|mo|ph(?:one)?|cell|contact|मो|मोब|मोबाइल|मोबाईल|फोन|फ़ोन|दूरभाष|संपर्क)"
    r"(?:[\s.:\-0\u0966\u0970]*(?:no|number|नं|नंबर|नम्बर|सं|संख्या))?[\s.:\-0\u0966\u0970]*"
)
_MOBILE = re.compile(rf"(?:{_MOBILE_LABEL})?(?<![\w+])(?:\+?91[\s-]*|0)?([6-9](?:[\s-]*\d){{9}})(?!\w)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# "मो०" (Mohammad): a Devanagari zero right after a letter or vowel sign is the abbreviation mark, not a digit; it
# stays as typed (as the records write it) so the name still equals the recorded one.
_DEVANAGARI_ZERO = "\u0966"
_ABBREVIATION_ZERO = re.compile(f"(?<=[\u0900-\u0963]){_DEVANAGARI_ZERO}(?![\u0966-\u096f])")
# Words written around an FIR number that name no station: "Hajipur Sadar PS Case No. 10/2020", "थाना हाजीपुर
# सदर कांड सं० १०/२०२०", "हाजीपुर थाना प्राथमिकी संख्या 10/20". Compared after the abbreviation mark is taken off
# (सं०, नं0: see _bare_word).
_NOT_STATION_WORDS = frozenset(
    {"fir", "case", "no", "number", "num", "ps", "thana", "police", "station", "p", "s", "crime", "kand"}
    | {"थाना", "थाने", "पुलिस", "स्टेशन", "कांड", "काण्ड", "केस", "प्राथमिकी", "एफआईआर", "मामला"}
    | {"सं", "संख्या", "नं", "नंबर", "नम्बर", "क्र", "क्रमांक", "का", "की", "के"}
)
_ABBREVIATION_MARKS = "0\u0966"  # "सं०", "नं0": the zero Hindi writes after an abbreviation, either digit


def _bare_word(word: str) -> str:
    """A word without the abbreviation mark after it (``सं०`` -> ``सं``), when it is written in Devanagari."""
    bare = word.rstrip(_ABBREVIATION_MARKS)
    return bare if bare and has_devanagari(bare) else word


def station_words(text: str) -> list[str]:
    """The words of a station's name written before an FIR number, by the one word rule its documents hold
    (:func:`indexes.words.keyword_words`: Devanagari words whole, with their vowel signs), without the words
    that name no station (थाना, कांड सं०, PS, FIR No.)."""
    return [word for word in keyword_words(text) if _bare_word(word) not in _NOT_STATION_WORDS]


@dataclass
class Interpretation:
    """What the search box understood; returned to the client so it can show it."""

    fir_numbers: list[str] = field(default_factory=list)  # "123/2019"
    station_words: list[str] = field(default_factory=list)  # words before an FIR number
    mobiles: list[str] = field(default_factory=list)  # 10 digits
    vehicles: list[str] = field(default_factory=list)  # "BR01AB1234"
    name: str = ""  # the rest: a name and/or free text
    relative_name: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.fir_numbers or self.mobiles or self.vehicles or self.name or self.relative_name)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= date.today().year % 100 else 1900
    return year


def interpret(query: str, relative: str | None = None) -> Interpretation:
    """Split the box's text into numbers, identifiers, a name and a relative's name."""
    digits = _DEVANAGARI_ZERO.join(ascii_digits(part) for part in _ABBREVIATION_ZERO.split(query))
    text = f" {digits} "
    found = Interpretation()

    fir = _FIR_NUMBER.search(text)
    if fir:
        found.fir_numbers.append(f"{int(fir.group(1))}/{_full_year(fir.group(2))}")
        found.station_words = station_words(text[: fir.start()])
        text = text[fir.end() :]  # what came before the number named its station

    def take_mobile(match: re.Match[str]) -> str:
        found.mobiles.append(re.sub(r"\D", "", match.group(1)))
        return " "

    text = _MOBILE.sub(take_mobile, text)

    def take_vehicle(match: re.Match[str]) -> str:
        number = registration(match)
        if number is None:
            return match.group(0)
        found.vehicles.append(number)
        return " "

    for pattern in VEHICLE_MARKS:
        text = pattern.sub(take_vehicle, text)

    typed = _SPACES.sub(" ", text).strip()
    written = split_relative(typed)
    found.name = written.name if written.name else typed.strip(" ,;")  # "s/o Shyam" alone: searched as typed
    found.relative_name = (relative or written.relative_name or "").strip(" ,;")
    return found


@dataclass
class Filters:
    """The search page's filters; every one narrows both people and cases."""

    district_ids: tuple[int, ...] = ()
    station_ids: tuple[int, ...] = ()
    registered_from: date | None = None
    registered_to: date | None = None
    crime_heads: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # "IPC 302"
    statuses: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # people named in these roles only; cases naming someone in them

    def clauses(self) -> tuple[Clause, ...]:
        clauses: list[Clause] = [
            TermsClause(name, values)  # type: ignore[arg-type]
            for name, values in (
                ("district_ids", self.district_ids),
                ("station_ids", self.station_ids),
                ("crime_heads", self.crime_heads),
                ("sections", self.sections),
                ("statuses", self.statuses),
                ("roles", self.roles),
            )
            if values
        ]
        if self.registered_from or self.registered_to:
            clauses.append(RangeClause("registered_on", self.registered_from, self.registered_to))
        return tuple(clauses)


PERSON_FACETS = ("district_ids", "crime_heads", "roles")
FIR_FACETS = ("district_ids", "station_ids", "crime_heads", "statuses", "fir_year")


def _identifier_clauses(found: Interpretation, kind: DocumentKind) -> list[Clause]:
    clauses: list[Clause] = []
    if found.mobiles:
        clauses.append(TermsClause("mobiles", tuple(found.mobiles)))
    if found.vehicles and kind is DocumentKind.FIR:
        clauses.append(TermsClause("vehicles", tuple(found.vehicles)))
    return clauses


def _strict(clause: Clause) -> Clause:
    if isinstance(clause, NameClause):
        return dataclasses.replace(clause, strict=True)
    if isinstance(clause, AnyOf):
        return AnyOf(tuple(_strict(inner) for inner in clause.clauses))
    return clause


class Spelling(enum.StrEnum):
    """How names may differ from what was typed: ``as_written`` allows spelling variants and other scripts but no
    edits and no missing part; ``near`` also one edit per part and a long name missing a part; ``auto`` is
    ``as_written`` when that is enough (see :func:`_enough`), else ``near``."""

    AUTO = "auto"
    AS_WRITTEN = "as_written"
    NEAR = "near"


PLACE_FILTERS = frozenset({"district_ids", "station_ids"})
# Strict matches that are the answer on their own: a first page of the search page's default size. A constant,
# not the request's page size, so that what a search finds never depends on how many are shown per page.
ENOUGH_AS_WRITTEN = 20


def _enough(request: SearchRequest, strict_total: int) -> bool:
    """Whether the strict matches are the answer: ENOUGH_AS_WRITTEN of them, or, when a relative's name or a
    district or station narrows the search, any at all (those matches identify; broadening costs a search over
    every near spelling and is kept for when too few matched, or for when the investigator asks for near
    spellings). Never the page size: the same search finds the same people whatever is shown per page."""
    narrowed = any(isinstance(clause, NameClause) and clause.relative for clause in request.must) or any(
        isinstance(clause, TermsClause) and clause.field in PLACE_FILTERS for clause in request.filters
    )
    return strict_total >= ENOUGH_AS_WRITTEN or (narrowed and strict_total > 0)


def search_strictly_first(
    engine: SearchEngine, request: SearchRequest, spelling: Spelling = Spelling.AUTO
) -> SearchResponse:
    """Search with strict name clauses first; only when they are not enough (see :func:`_enough`), search as
    asked (names within one edit, long names missing a part). The choice depends on neither the page nor the
    page size, so every page of one search, at any size, comes from the same set. The response says which was used."""
    strict = dataclasses.replace(request, must=tuple(_strict(clause) for clause in request.must))
    if strict == request:
        return engine.search(request)
    if spelling is Spelling.AUTO:
        if request.offset == 0:
            response = engine.search(strict)
            if _enough(request, response.total):
                return dataclasses.replace(response, spelling=Spelling.AS_WRITTEN.value)
            return dataclasses.replace(engine.search(request), spelling=Spelling.NEAR.value)
        counted = engine.search(dataclasses.replace(strict, offset=0, limit=0, facets=(), highlight=()))
        spelling = Spelling.AS_WRITTEN if _enough(request, counted.total) else Spelling.NEAR
    chosen = strict if spelling is Spelling.AS_WRITTEN else request
    return dataclasses.replace(engine.search(chosen), spelling=spelling.value)


# People are ranked in tiers, each worth more than every tier below it together (Boosts): a name as recorded equal
# to the queried name, whole (typed exactly as recorded, in its script, above the same name in the other script
# and above an alias equal to it: the name a person is recorded under comes before a name they are also known by);
# then every part of the queried name among the person's, as written (either script,
# abbreviations expanded); then near spellings. Within a tier: an FIR in the searcher's own district, then the
# latest FIR (an FIR within each of RECENT_FIR_YEARS adds 1), then how closely the name matched (its relevance
# scaled below 1), then the id. Tantivy's and Elasticsearch's float scores keep these apart (scores stay under
# 128, where six significant digits still tell relevance apart in thousandths).
EXACT_NAME_SCORE = 64.0
AS_WRITTEN_SCORE = 32.0
SAME_WRITING_SCORE = 16.0
HOME_DISTRICT_SCORE = 8.0
RECENT_FIR_YEARS = (1, 2, 3, 5, 10, 20)
NAME_RELEVANCE_SCALE = 1 / 1024


def _written_keys(terms: tuple[NameTerm, ...]) -> tuple[str, ...]:
    """The keys a name as written must hold: every required part's (initials only count when all are)."""
    clause = NameClause(terms)
    return tuple(dict.fromkeys(term.key for term in terms if clause.required(term) and term.key))


def as_written_clauses(found: Interpretation) -> tuple[Clause, ...]:
    """Clauses a person (or case) matches when it holds every part of the queried name as written."""
    terms = name_terms(found.name) if found.name else ()
    return tuple(TermsClause("name_keys", (key,)) for key in _written_keys(terms))


def written_as_queried(found: Interpretation, document: Document) -> bool | None:
    """Whether the document holds every part of the queried name as written (labelled "as written" on the page;
    else a near spelling); None when no name was queried."""
    keys = [clause.values[0] for clause in as_written_clauses(found) if isinstance(clause, TermsClause)]
    if not keys:
        return None
    held = document.get("name_keys") or []
    return set(keys) <= set(held if isinstance(held, list) else [held])


def _ranking(found: Interpretation, home_district: int | None, today: date) -> tuple[Boost, ...]:
    boosts: list[Boost] = []
    if found.name and (whole := whole_name(found.name)):
        boosts.append(Boost((TermsClause("name_whole", (whole,)),), EXACT_NAME_SCORE))
        if written := written_name(found.name):
            boosts.append(Boost((TermsClause("name_whole", (written,)),), SAME_WRITING_SCORE))
    if parts := as_written_clauses(found):
        boosts.append(Boost(parts, AS_WRITTEN_SCORE))
    if home_district is not None:
        boosts.append(Boost((TermsClause("district_ids", (home_district,)),), HOME_DISTRICT_SCORE))
    for years in RECENT_FIR_YEARS:
        since = today - timedelta(days=365 * years + years // 4)
        boosts.append(Boost((RangeClause("registered_on", gte=since),), 1.0))
    return tuple(boosts)


def person_request(
    found: Interpretation,
    filters: Filters,
    offset: int = 0,
    limit: int = 20,
    *,
    home_district: int | None = None,
    today: date | None = None,
) -> SearchRequest | None:
    """People matching the box, ranked in tiers (see EXACT_NAME_SCORE), the searcher's ``home_district`` first
    among equals; None when the box holds nothing a person document can match."""
    must = _identifier_clauses(found, DocumentKind.PERSON)
    if found.name and (terms := name_terms(found.name)):
        must.append(NameClause(terms, boost=NAME_RELEVANCE_SCALE))
    if found.relative_name and (terms := name_terms(found.relative_name)):
        must.append(NameClause(terms, relative=True, boost=NAME_RELEVANCE_SCALE))
    if found.fir_numbers or found.vehicles or not must:
        return None  # an FIR number or a vehicle identifies a case, not a person
    return SearchRequest(
        DocumentKind.PERSON,
        must=tuple(must),
        filters=filters.clauses(),
        boosts=_ranking(found, home_district, today or date.today()),
        facets=PERSON_FACETS,
        highlight=("names",),
        offset=offset,
        limit=limit,
    )


def fir_request(found: Interpretation, filters: Filters, offset: int = 0, limit: int = 20) -> SearchRequest | None:
    """Cases matching the box; None when it is empty."""
    must = _identifier_clauses(found, DocumentKind.FIR)
    if found.fir_numbers:
        must.append(TermsClause("fir_number", tuple(found.fir_numbers)))
        must.extend(TermsClause("station_keys", (word,)) for word in found.station_words)
    if found.name:
        name_or_facts: list[Clause] = [TextClause(found.name, ("facts", "names"))]
        if terms := name_terms(found.name):
            name_or_facts.insert(0, NameClause(terms, boost=2.0))
        must.append(AnyOf(tuple(name_or_facts)))
    if found.relative_name and (terms := name_terms(found.relative_name)):
        must.append(NameClause(terms, relative=True))
    if not must and not filters.clauses():
        return None
    return SearchRequest(
        DocumentKind.FIR,
        must=tuple(must),
        filters=filters.clauses(),
        facets=FIR_FACETS,
        highlight=("facts", "names"),
        offset=offset,
        limit=limit,
    )
