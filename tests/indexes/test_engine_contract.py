"""The contract every search engine keeps (indexes/engine.py), run against each real engine.

``embedded`` (Tantivy in a temporary directory) always runs; ``elasticsearch`` runs when
``CCTNS_ELASTICSEARCH_URL`` names a server, each test with indexes of its own prefix, deleted afterwards.
Documents are written by hand with the fields of indexes/schema.py; name keys and phonetic keys are plain
strings here, so the suite does not depend on how people/names.py computes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from indexes.embedded import TantivyEngine
from indexes.engine import (
    AnyOf,
    Boost,
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
from people.names.terms import NameTerm
from tests.support import fresh_search_engine

PERSON, FIR = DocumentKind.PERSON, DocumentKind.FIR


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    with fresh_search_engine(request.param, tmp_path / "search") as built:
        yield built


# --- documents -------------------------------------------------------------------------------------------


def _checksum(document: Document) -> str:
    content = {key: value for key, value in document.items() if key != "checksum"}
    return hashlib.blake2b(json.dumps(content, sort_keys=True).encode(), digest_size=10).hexdigest()


def person(
    key: int,
    keys: tuple[str, ...] = ("ram", "kumar"),
    phonetic: tuple[str, ...] | None = None,
    *,
    relative_keys: tuple[str, ...] = (),
    relative_phonetic: tuple[str, ...] | None = None,
    names: tuple[str, ...] | None = None,
    district: int = 1,
    stations: tuple[int, ...] = (101,),
    crime_heads: tuple[str, ...] = ("theft",),
    roles: tuple[str, ...] = ("accused",),
    registered_on: tuple[str, ...] = ("2019-03-04",),
    age: int | None = 30,
    mobiles: tuple[str, ...] = (),
    addresses: tuple[str, ...] = ("Village Rampur, Hajipur",),
) -> Document:
    """A person document; phonetic keys default to the upper-cased keys (so they match only themselves)."""
    document: Document = {
        "id": f"person-{key}",
        "kind": "person",
        "names": list(names or (" ".join(word.title() for word in keys),)),
        "name_keys": list(keys),
        "name_phonetic": list(phonetic if phonetic is not None else [word.upper() for word in keys]),
        "relative_keys": list(relative_keys),
        "relative_phonetic": list(
            relative_phonetic if relative_phonetic is not None else [word.upper() for word in relative_keys]
        ),
        "mobiles": list(mobiles),
        "district_ids": [district],
        "station_ids": list(stations),
        "crime_heads": list(crime_heads),
        "sections": ["IPC 379"],
        "statuses": ["registered"],
        "roles": list(roles),
        "registered_on": list(registered_on),
        "summary": json.dumps({"person_id": key, "name": " ".join(keys)}),
        "person_id": key,
        "age": age,
        "addresses": list(addresses),
        "fir_ids": [key * 10],
    }
    document["checksum"] = _checksum(document)
    return document


def fir(key: int, facts: str, *, names: tuple[str, ...] = ("Ram Kumar",), year: int = 2019) -> Document:
    document: Document = {
        "id": f"fir-{key}",
        "kind": "fir",
        "names": list(names),
        "name_keys": [word.lower() for name in names for word in name.split()],
        "name_phonetic": [word.upper() for name in names for word in name.split()],
        "district_ids": [1],
        "station_ids": [101],
        "crime_heads": ["theft"],
        "sections": ["IPC 379"],
        "statuses": ["registered"],
        "roles": ["accused", "complainant"],
        "registered_on": [f"{year}-06-01"],
        "summary": json.dumps({"fir_id": key}),
        "fir_id": key,
        "fir_number": f"{key}/{year}",
        "fir_year": year,
        "station_keys": ["hajipur", "sadar"],
        "vehicles": [],
        "facts": facts,
        "person_ids": [key * 10],
    }
    document["checksum"] = _checksum(document)
    return document


def write(engine: SearchEngine, kind: DocumentKind, *documents: Document) -> None:
    engine.upsert(kind, list(documents))
    engine.commit()


def name(*keys: str, relative: bool = False, phonetic: tuple[str, ...] | None = None) -> NameClause:
    codes = phonetic or tuple(key.upper() for key in keys)
    return NameClause(tuple(NameTerm(key, code) for key, code in zip(keys, codes, strict=True)), relative=relative)


def find(engine: SearchEngine, kind: DocumentKind = PERSON, **request: Any) -> SearchResponse:
    request.setdefault("limit", 100)
    return engine.search(SearchRequest(kind=kind, **request))


def ids(response: SearchResponse) -> list[str]:
    return [hit.id for hit in response.hits]


def matched(response: SearchResponse) -> list[str]:
    """The ids found, sorted: for tests about what matches, not in which order."""
    return sorted(ids(response))


def _without_empty(document: Document) -> Document:
    return {key: value for key, value in document.items() if value not in (None, [], ())}


# --- writing ---------------------------------------------------------------------------------------------


def test_upsert_then_commit_makes_the_document_findable_with_its_stored_fields(engine: SearchEngine) -> None:
    document = person(1, ("ram", "kumar", "singh"), mobiles=("9876543210",))
    write(engine, PERSON, document)
    response = find(engine, must=(TermsClause("mobiles", ("9876543210",)),))
    assert response.total == 1 and ids(response) == ["person-1"]
    hit = response.hits[0]
    assert _without_empty(hit.document) == _without_empty(document)
    assert isinstance(hit.document["id"], str) and isinstance(hit.document["person_id"], int)
    assert hit.document["station_ids"] == [101] and hit.document["registered_on"] == ["2019-03-04"]
    assert json.loads(str(hit.document["summary"])) == {"person_id": 1, "name": "ram kumar singh"}


def test_upsert_again_replaces_the_document_instead_of_adding_one(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1, ("ram", "kumar")))
    write(engine, PERSON, person(1, ("shyam", "lal")))
    assert engine.count(PERSON) == 1
    assert find(engine, must=(name("ram"),)).total == 0
    assert ids(find(engine, must=(name("shyam"),))) == ["person-1"]
    # twice in one batch: the later one wins
    engine.upsert(PERSON, [person(2, ("sita",)), person(2, ("radha",))])
    engine.commit()
    assert engine.count(PERSON) == 2
    assert find(engine, must=(name("sita"),)).total == 0 and ids(find(engine, must=(name("radha"),))) == ["person-2"]


def test_delete_removes_by_id_and_ignores_ids_that_are_not_there(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1), person(2), person(3))
    engine.delete(PERSON, ["person-2", "person-404"])
    engine.commit()
    assert engine.count(PERSON) == 2
    assert ids(find(engine)) == ["person-1", "person-3"]


def test_commit_makes_writes_visible_and_kinds_are_separate(engine: SearchEngine) -> None:
    engine.upsert(PERSON, [person(1)])
    engine.upsert(FIR, [fir(1, "A motorcycle was stolen")])
    engine.commit()
    assert engine.count(PERSON) == 1 and engine.count(FIR) == 1
    assert ids(find(engine, FIR)) == ["fir-1"] and ids(find(engine, PERSON)) == ["person-1"]


def test_a_field_outside_the_schema_is_refused_with_its_name(engine: SearchEngine) -> None:
    document = person(1)
    document["shoe_size"] = 9
    with pytest.raises(ValueError, match="shoe_size"):
        engine.upsert(PERSON, [document])


# --- clauses ---------------------------------------------------------------------------------------------


def test_terms_clause_matches_any_of_the_values_on_keyword_and_integer_fields(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, mobiles=("9000000001",), stations=(101,)),
        person(2, mobiles=("9000000002", "9000000003"), stations=(102, 103)),
        person(3, mobiles=("9000000004",), stations=(104,)),
    )
    assert matched(find(engine, must=(TermsClause("mobiles", ("9000000003", "9000000001")),))) == [
        "person-1",
        "person-2",
    ]
    assert matched(find(engine, must=(TermsClause("station_ids", (103, 104)),))) == ["person-2", "person-3"]
    assert ids(find(engine, must=(TermsClause("crime_heads", ("Theft",)),))) == [], "keywords match exactly"
    assert find(engine, must=(TermsClause("mobiles", ("9000000009",)),)).total == 0


def test_range_clause_on_integers_and_dates_with_inclusive_and_open_bounds(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, age=18, registered_on=("2019-01-01",)),
        person(2, age=30, registered_on=("2020-06-15", "2024-07-01")),
        person(3, age=45, registered_on=("2024-06-30",)),
        person(4, age=None, registered_on=()),
    )
    assert ids(find(engine, filters=(RangeClause("age", gte=18, lte=30),))) == ["person-1", "person-2"]
    assert ids(find(engine, filters=(RangeClause("age", gte=31),))) == ["person-3"]
    assert ids(find(engine, filters=(RangeClause("age", lte=18),))) == ["person-1"]
    between = RangeClause("registered_on", gte=date(2019, 1, 1), lte=date(2020, 6, 15))
    assert ids(find(engine, filters=(between,))) == ["person-1", "person-2"]
    assert ids(find(engine, filters=(RangeClause("registered_on", gte=date(2024, 7, 1)),))) == ["person-2"]
    assert ids(find(engine, filters=(RangeClause("registered_on", lte=date(2018, 12, 31)),))) == []


def test_text_clause_needs_every_word_in_one_of_the_fields_in_any_case(engine: SearchEngine) -> None:
    write(
        engine,
        FIR,
        fir(1, "The complainant's MOTORCYCLE was stolen from the market.", names=("Ram Kumar",)),
        fir(2, "A motorcycle was found near the river.", names=("Shyam Lal",)),
        fir(3, "Cash was stolen.", names=("Mohan Motorcycle",)),
    )
    both = TextClause("motorcycle stolen", ("facts", "names"))
    assert matched(find(engine, FIR, must=(both,))) == ["fir-1", "fir-3"]
    assert ids(find(engine, FIR, must=(TextClause("Motorcycle, stolen!", ("facts",)),))) == ["fir-1"]
    assert ids(find(engine, FIR, must=(TextClause("motorcycle river", ("facts",)),))) == ["fir-2"]
    assert find(engine, FIR, must=(TextClause("motorcycle bicycle", ("facts", "names")),)).total == 0


def test_text_clause_finds_devanagari_words_whole(engine: SearchEngine) -> None:
    write(
        engine,
        FIR,
        fir(1, "कृष्ण यादव की मोटरसाइकिल चोरी हो गई", names=("कृष्ण यादव",)),
        fir(2, "कृषि भूमि पर विवाद", names=("राम",)),
    )
    assert ids(find(engine, FIR, must=(TextClause("कृष्ण", ("facts",)),))) == ["fir-1"]
    assert ids(find(engine, FIR, must=(TextClause("चोरी मोटरसाइकिल", ("facts",)),))) == ["fir-1"]
    assert ids(find(engine, FIR, must=(TextClause("कृषि", ("facts",)),))) == ["fir-2"]
    assert find(engine, FIR, must=(TextClause("कृष", ("facts",)),)).total == 0, "a part of a word is not a word"
    assert find(engine, FIR, must=(TextClause("ण", ("facts",)),)).total == 0


def test_text_clause_finds_words_whatever_their_accents_and_punctuation(engine: SearchEngine) -> None:
    # Both engines index and query by the one word rule of indexes/words.py (issue 24): folded to ASCII, split
    # at anything that is not a letter, mark or digit.
    write(
        engine,
        FIR,
        fir(1, "Complaint by José Müller of Straße 5 about a café's till.", names=("Zoë Nuñez",)),
        fir(2, "Complaint by Jose Muller about a cafe.", names=("Ram",)),
        fir(3, "No accents, nothing about it.", names=("Shyam",)),
    )
    assert matched(find(engine, FIR, must=(TextClause("jose muller", ("facts",)),))) == ["fir-1", "fir-2"]
    assert matched(find(engine, FIR, must=(TextClause("JOSÉ Müller", ("facts",)),))) == ["fir-1", "fir-2"]
    assert ids(find(engine, FIR, must=(TextClause("strasse", ("facts",)),))) == ["fir-1"]
    assert ids(find(engine, FIR, must=(TextClause("cafe s till", ("facts",)),))) == ["fir-1"]
    assert ids(find(engine, FIR, must=(TextClause("zoe nunez", ("names",)),))) == ["fir-1"]


def test_any_of_needs_at_least_one_clause(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("ram",), mobiles=("9000000001",)),
        person(2, ("shyam",)),
        person(3, ("mohan",)),
    )
    either = AnyOf((TermsClause("mobiles", ("9000000001",)), name("shyam")))
    assert matched(find(engine, must=(either,))) == ["person-1", "person-2"]
    assert matched(find(engine, filters=(either,))) == ["person-1", "person-2"]


# --- names -----------------------------------------------------------------------------------------------


def test_name_matches_by_key_by_phonetic_key_and_by_one_edit(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("mohammad", "islam"), ("MHMT", "ISLM")),
        person(2, ("kumar",), ("KMR",)),
        person(3, ("suresh",), ("SRS",)),
    )
    assert ids(find(engine, must=(name("islam", phonetic=("XXXX",)),))) == ["person-1"], "by key"
    assert ids(find(engine, must=(name("muhammed", phonetic=("MHMT",)),))) == ["person-1"], "by phonetic key"
    assert ids(find(engine, must=(name("kumr", phonetic=("XXXX",)),))) == ["person-2"], "one deletion"
    assert ids(find(engine, must=(name("kunar", phonetic=("XXXX",)),))) == ["person-2"], "one substitution"
    assert ids(find(engine, must=(name("sirash", phonetic=("XXXX",)),))) == [], "two edits do not match"


def test_spelling_variants_match_below_the_phonetic_key_and_a_fine_key_ranks_close_spellings_first(
    engine: SearchEngine,
) -> None:
    write(
        engine,
        PERSON,
        person(1, ("ichhlam",), ("ACLM", "ASLM", "=ACLM")),  # the phonetic key of a variant spelling, and a fine key
        person(2, ("islam",), ("ASLM", "=ISLM")),
        person(3, ("islaam",), ("ASLM", "=XXXX")),
        person(4, ("chand",), ("CND",)),
    )
    islam = NameClause((NameTerm("islam", "ASLM", fine="ISLM"),))
    assert ids(find(engine, must=(islam,))) == ["person-2", "person-3", "person-1"], "key, then fine key, then variant"
    ichhlam = NameClause((NameTerm("ichhlam", "ACLM", variants=("ASLM",)),))
    assert ids(find(engine, must=(ichhlam,)))[0] == "person-1"
    assert matched(find(engine, must=(ichhlam,))) == ["person-1", "person-2", "person-3"], "by the variant's key"
    with_fine = NameClause((NameTerm("ichhlam", "ACLM", variants=("ASLM",), variant_fine=("XXXX",)),))
    assert ids(find(engine, must=(with_fine,))) == ["person-1", "person-3", "person-2"], "a variant's fine key ranks"


def test_a_queried_initial_matches_the_first_letter_of_a_recorded_part_below_a_recorded_initial(
    engine: SearchEngine,
) -> None:
    write(
        engine,
        PERSON,
        person(1, ("sohan", "karim"), ("SN", "KRM", "^s", "^k")),
        person(2, ("s", "karim"), ("s", "KRM", "^k")),
        person(3, ("imran", "karim"), ("AMRN", "KRM", "^i", "^k")),
    )
    clause = NameClause((NameTerm("s", "s"), NameTerm("karim", "KRM")))
    assert ids(find(engine, must=(clause,))) == ["person-2", "person-1", "person-3"]


def test_every_name_term_must_match(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1, ("ram", "kumar", "singh")), person(2, ("ram", "prasad")), person(3, ("singh",)))
    assert ids(find(engine, must=(name("ram", "singh"),))) == ["person-1"]
    assert matched(find(engine, must=(name("ram"),))) == ["person-1", "person-2"]
    assert find(engine, must=(name("ram", "yadav"),)).total == 0


def test_initials_only_raise_the_score_and_a_record_initial_stands_for_a_part(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("r", "k", "sinha")),
        person(2, ("ravi", "sinha")),
        person(3, ("mohan", "sinha")),
        person(4, ("r", "yadav")),
    )
    response = find(engine, must=(name("r", "sinha"),))
    assert ids(response)[0] == "person-1" and set(ids(response)) == {"person-1", "person-2", "person-3"}
    assert ids(find(engine, must=(name("r", "k"),))) == ["person-1"], "a name of initials only needs them all"
    found = find(engine, must=(name("ravi", "sinha"),))
    assert ids(found)[:2] == ["person-2", "person-1"], "R. K. Sinha follows Ravi Sinha; Mohan Sinha does not match"
    assert "person-3" not in ids(found)


def test_a_long_name_matches_with_one_part_missing_below_full_matches(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("rabindra", "nath", "ghosh")),
        person(2, ("rabindranath", "ghosh")),
        person(3, ("rabindra", "ghosh")),
        person(4, ("ghosh",)),
    )
    response = find(engine, must=(name("rabindra", "nath", "ghosh"),))
    assert ids(response)[0] == "person-1"
    assert set(ids(response)) == {"person-1", "person-3"}, "two of three parts match; one of three does not"
    assert matched(find(engine, must=(name("rabindra", "ghosh"),))) == ["person-1", "person-3"], "two parts: both"


def test_exact_key_ranks_above_phonetic_and_one_edit_matches(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("kumar",), ("KMR",)),  # exact key
        person(2, ("kumaar",), ("KMR",)),  # phonetic key (and one edit)
        person(3, ("kumer",), ("KMRX",)),  # one edit only
        person(4, ("singh",), ("SNG",)),
    )
    response = find(engine, must=(name("kumar", phonetic=("KMR",)),))
    assert set(ids(response)) == {"person-1", "person-2", "person-3"}
    assert ids(response)[0] == "person-1"
    scores = {hit.id: hit.score for hit in response.hits}
    assert scores["person-1"] > scores["person-2"] and scores["person-1"] > scores["person-3"]


def test_relative_names_narrow_the_match(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("ram", "kumar"), relative_keys=("shyam", "lal")),
        person(2, ("ram", "kumar"), relative_keys=("mohan", "prasad")),
        person(3, ("shyam", "lal"), relative_keys=("ram", "kumar")),
    )
    both = find(engine, must=(name("ram", "kumar"), name("shyam", relative=True)))
    assert ids(both) == ["person-1"]
    assert matched(find(engine, must=(name("ram", "kumar"),))) == ["person-1", "person-2"]
    assert ids(find(engine, must=(name("kumar", relative=True),))) == ["person-3"]


# --- scoring, order, paging ------------------------------------------------------------------------------


def test_filters_restrict_without_changing_order_or_scores(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("ram", "kumar", "singh", "yadav"), district=1),
        person(2, ("ram", "kumar"), district=2),
        person(3, ("ram",), district=1),
        person(4, ("raam", "kumar"), ("RAM", "KUMAR"), district=1),
        person(5, ("shyam",), district=1),
    )
    must = (name("ram", "kumar", phonetic=("RAM", "KUMAR")),)
    plain = find(engine, must=must)
    everything = find(engine, must=must, filters=(RangeClause("age", gte=0, lte=200),))
    assert [(hit.id, hit.score) for hit in everything.hits] == [(hit.id, hit.score) for hit in plain.hits]
    district_one = find(engine, must=must, filters=(TermsClause("district_ids", (1,)),))
    expected = [(hit.id, hit.score) for hit in plain.hits if hit.document["district_ids"] == [1]]
    assert [(hit.id, hit.score) for hit in district_one.hits] == expected
    assert district_one.total == len(expected) == 2


def test_results_are_ordered_by_score_then_id_and_pages_concatenate(engine: SearchEngine) -> None:
    # 23 equal matches (ids sort as strings: person-10 before person-2) and 3 better ones
    documents = [person(key, ("ram", "kumar")) for key in range(1, 24)]
    documents += [person(key, ("ram", "kumar"), relative_keys=("ram",)) for key in range(24, 27)]
    documents += [person(key, ("ram", "kumar"), ("RAM", "KUMAR", "RAM")) for key in (30, 31, 32)]
    documents[0] = person(1, ("ram",))  # no match for "kumar"
    write(engine, PERSON, *documents)
    must = (name("ram", "kumar"),)
    full = find(engine, must=must, limit=100)
    assert full.total == len(full.hits) == len(documents) - 1
    pairs = [(hit.score, hit.id) for hit in full.hits]
    assert pairs == sorted(pairs, key=lambda pair: (-pair[0], pair[1])), "score descending, then id ascending"
    assert len({hit.score for hit in full.hits}) < len(full.hits), "the suite must exercise ties"
    for size in (1, 4, 7, 25):
        paged: list[str] = []
        for offset in range(0, full.total + size, size):
            page = find(engine, must=must, offset=offset, limit=size)
            assert page.total == full.total
            paged += ids(page)
        assert paged == ids(full), f"pages of {size}"


def test_searches_whose_matches_all_score_alike_page_in_id_order(engine: SearchEngine) -> None:
    write(engine, PERSON, *[person(key, ("ram",), district=1 + key % 2) for key in range(1, 16)])
    expected = sorted(f"person-{key}" for key in range(1, 16) if key % 2 == 1)
    for request in (
        {"filters": (TermsClause("district_ids", (2,)),)},
        {"must": (TermsClause("district_ids", (2,)),)},
        {"must": (TermsClause("district_ids", (2,)), RangeClause("age", gte=1))},
    ):
        full = find(engine, **request)
        assert ids(full) == expected and len({hit.score for hit in full.hits}) == 1
        paged = [hit for offset in range(0, 10, 3) for hit in ids(find(engine, **request, offset=offset, limit=3))]
        assert paged == expected
    assert ids(find(engine, offset=14, limit=5)) == [sorted(f"person-{key}" for key in range(1, 16))[-1]]


def test_a_page_past_the_end_is_empty_and_limit_zero_still_counts(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1), person(2))
    beyond = find(engine, must=(name("ram"),), offset=5, limit=10)
    assert beyond.total == 2 and beyond.hits == []
    counted = find(engine, must=(name("ram"),), limit=0, facets=("district_ids",))
    assert counted.total == 2 and counted.hits == [] and counted.facets == {"district_ids": {"1": 2}}


# --- facets and highlights -------------------------------------------------------------------------------


def test_facets_count_every_match_not_just_the_page(engine: SearchEngine) -> None:
    documents = (
        [person(key, district=5, crime_heads=("theft", "hurt")) for key in range(1, 7)]
        + [person(key, district=7, crime_heads=("theft",)) for key in range(7, 10)]
        + [person(key, district=9, crime_heads=("murder",)) for key in range(10, 11)]
        + [person(key, ("shyam",), district=11) for key in range(11, 15)]  # not matched
    )
    write(engine, PERSON, *documents)
    response = find(engine, must=(name("ram"),), limit=2, facets=("district_ids", "crime_heads"))
    assert response.total == 10 and len(response.hits) == 2
    assert response.facets["district_ids"] == {"5": 6, "7": 3, "9": 1}
    assert response.facets["crime_heads"] == {"theft": 9, "hurt": 6, "murder": 1}
    top = find(engine, must=(name("ram"),), facets=("district_ids",), facet_size=2)
    assert top.facets["district_ids"] == {"5": 6, "7": 3}
    filtered = find(engine, must=(name("ram"),), filters=(TermsClause("crime_heads", ("hurt",)),), facets=("roles",))
    assert filtered.facets == {"roles": {"accused": 6}}
    none = find(engine, must=(name("nobody"),), facets=("district_ids",))
    assert none.total == 0 and none.facets.get("district_ids", {}) == {}


def test_facet_values_tied_at_the_cut_are_chosen_by_number_then_given_by_count_and_text(engine: SearchEngine) -> None:
    """Ties at the facet_size cut keep the lowest numbers (district 2 and 9 before 1034, as Elasticsearch's terms
    aggregation chooses them), and the values kept are given by count, then key as text."""
    districts = (1034, 2, 9, 555, 555)
    write(engine, PERSON, *(person(key, district=district) for key, district in enumerate(districts, start=1)))
    top = find(engine, must=(name("ram"),), facets=("district_ids",), facet_size=3)
    assert list(top.facets["district_ids"].items()) == [("555", 2), ("2", 1), ("9", 1)]


def test_facets_and_clauses_on_fields_that_cannot_take_them_are_refused(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1))
    with pytest.raises(ValueError, match="name_keys"):
        find(engine, facets=("name_keys",))
    with pytest.raises(ValueError, match="shoe_size"):
        find(engine, must=(TermsClause("shoe_size", ("9",)),))
    with pytest.raises(ValueError, match="fir_year"):
        find(engine, filters=(RangeClause("fir_year", gte=2019),))  # a FIR field, not a person one


def test_highlights_mark_the_matched_words_of_text_fields(engine: SearchEngine) -> None:
    write(
        engine,
        FIR,
        fir(1, "The motorcycle of the complainant was stolen from the market near the bus stand."),
        fir(2, "Nothing about vehicles here, only a quarrel.", names=("Motorcycle Singh",)),
    )
    response = find(engine, FIR, must=(TextClause("motorcycle", ("facts", "names")),), highlight=("facts",))
    by_id = {hit.id: hit for hit in response.hits}
    assert set(by_id) == {"fir-1", "fir-2"}
    (snippet,) = by_id["fir-1"].highlights["facts"]
    assert "<b>motorcycle</b>" in snippet.lower()
    assert not by_id["fir-2"].highlights.get("facts"), "no snippet where the field did not match"


# --- counts, checksums, rebuild ------------------------------------------------------------------------


def test_count_and_checksums_follow_writes(engine: SearchEngine) -> None:
    assert engine.count(PERSON) == 0 and list(engine.iter_checksums(PERSON)) == []
    documents = [person(key) for key in range(1, 31)]
    write(engine, PERSON, *documents)
    assert engine.count(PERSON) == 30
    assert sorted(engine.iter_checksums(PERSON)) == sorted((str(d["id"]), str(d["checksum"])) for d in documents)
    changed = person(5, ("shyam",))
    engine.upsert(PERSON, [changed])
    engine.delete(PERSON, ["person-6"])
    engine.commit()
    checksums = dict(engine.iter_checksums(PERSON))
    assert len(checksums) == engine.count(PERSON) == 29
    assert checksums["person-5"] == changed["checksum"] != documents[4]["checksum"] and "person-6" not in checksums


def test_rebuild_is_built_beside_the_live_index_and_switched_in_one_step(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1, ("ram",)), person(2, ("ram",)))
    rebuilt = engine.begin_rebuild()
    rebuilt.ensure_ready()
    rebuilt.upsert(PERSON, [person(3, ("ram",))])
    rebuilt.upsert(FIR, [fir(3, "rebuilt")])
    rebuilt.commit()
    assert ids(find(engine, must=(name("ram"),))) == ["person-1", "person-2"], "searches see the old index"
    assert engine.count(PERSON) == 2 and engine.count(FIR) == 0
    engine.finish_rebuild(rebuilt)
    assert ids(find(engine, must=(name("ram"),))) == ["person-3"]
    assert engine.count(PERSON) == 1 and engine.count(FIR) == 1
    write(engine, PERSON, person(4, ("ram",)))  # the live engine now writes into the rebuilt index
    assert ids(find(engine, must=(name("ram"),))) == ["person-3", "person-4"]


def test_ensure_ready_can_be_repeated_without_losing_anything(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1))
    engine.ensure_ready()
    engine.ensure_ready()
    assert engine.count(PERSON) == 1 and ids(find(engine)) == ["person-1"]


# --- embedded only ---------------------------------------------------------------------------------------


def test_a_second_embedded_engine_on_the_same_directory_sees_the_first_ones_commits(tmp_path: Path) -> None:
    first, second = TantivyEngine(tmp_path / "search"), TantivyEngine(tmp_path / "search")
    first.ensure_ready()
    second.ensure_ready()
    try:
        assert second.count(PERSON) == 0
        write(first, PERSON, person(1))
        assert second.count(PERSON) == 1 and ids(find(second)) == ["person-1"]
        write(second, PERSON, person(2))
        assert ids(find(first)) == ["person-1", "person-2"]
        rebuilt = first.begin_rebuild()
        write(rebuilt, PERSON, person(3))
        assert ids(find(second)) == ["person-1", "person-2"]
        first.finish_rebuild(rebuilt)
        assert ids(find(second)) == ["person-3"], "the other engine follows the switch"
        write(second, PERSON, person(4))
        assert ids(find(first)) == ["person-3", "person-4"]
    finally:
        first.close()
        second.close()


def test_a_recorded_initial_stands_for_a_queried_part_only_in_the_broad_search(engine: SearchEngine) -> None:
    write(engine, PERSON, person(1, ("fakhar", "zaman")), person(2, ("f", "zaman")))
    clause = name("fakhar", "zaman")
    assert matched(find(engine, must=(clause,))) == ["person-1", "person-2"]
    assert ids(find(engine, must=(clause,)))[0] == "person-1", "the full name first"
    assert ids(find(engine, must=(dataclasses.replace(clause, strict=True),))) == ["person-1"]


def test_a_strict_name_clause_needs_every_part_and_no_edits(engine: SearchEngine) -> None:
    write(
        engine, PERSON, person(1, ("rabindra", "nath", "ghosh")), person(2, ("rabindra", "ghosh")), person(3, ("kumr",))
    )
    strict = dataclasses.replace(name("rabindra", "nath", "ghosh"), strict=True)
    assert ids(find(engine, must=(strict,))) == ["person-1"]
    assert ids(find(engine, must=(dataclasses.replace(name("kumar", phonetic=("X",)), strict=True),))) == []
    assert ids(find(engine, must=(name("kumar", phonetic=("X",)),))) == ["person-3"], "not strict: one edit"


def test_boosts_add_a_constant_and_reorder_without_selecting(engine: SearchEngine) -> None:
    write(
        engine,
        PERSON,
        person(1, ("ram", "kumar"), district=1),
        person(2, ("ram", "kumar"), district=7, registered_on=("2026-01-05",)),
        person(3, ("ram", "kumar"), district=7),
        person(4, ("shyam", "lal"), district=7),
    )
    plain = find(engine, must=(name("ram", "kumar"),))
    home = Boost((TermsClause("district_ids", (7,)),), 8.0)
    recent = Boost((TermsClause("district_ids", (7,)), RangeClause("registered_on", gte=date(2025, 1, 1))), 2.0)
    boosted = find(engine, must=(name("ram", "kumar"),), boosts=(home, recent))
    assert boosted.total == plain.total == 3, "a boost never selects: person-4 matches the boost, not the name"
    assert ids(boosted) == ["person-2", "person-3", "person-1"], "every clause of a boost must match for its score"
    base = {hit.id: hit.score for hit in plain.hits}
    scores = {hit.id: hit.score for hit in boosted.hits}
    assert scores["person-2"] == pytest.approx(base["person-2"] + 10.0, rel=1e-4)
    assert scores["person-1"] == pytest.approx(base["person-1"], rel=1e-4)
    everyone = find(engine, boosts=(home,))
    assert everyone.total == 4 and ids(everyone)[:3] == ["person-2", "person-3", "person-4"], "then id order"
    assert ids(find(engine, boosts=(home,), offset=3, limit=1)) == ["person-1"], "pages in the same order"


def test_strict_first_widens_when_too_few_match_as_written_whatever_the_page_size(engine: SearchEngine) -> None:
    from indexes.searchbox import ENOUGH_AS_WRITTEN, search_strictly_first

    few = ENOUGH_AS_WRITTEN - 1
    write(
        engine,
        PERSON,
        *(person(n, ("sunil", "kumar", "yadav")) for n in range(1, few + 1)),
        person(99, ("sunil", "yadav")),
    )
    request = SearchRequest(PERSON, must=(name("sunil", "kumar", "yadav"),), limit=3)
    found = {size: search_strictly_first(engine, dataclasses.replace(request, limit=size)) for size in (3, few, 20)}
    assert {response.total for response in found.values()} == {few + 1}, "the page size never changes what is found"
    assert all(response.spelling == "near" for response in found.values())
    assert "person-99" in ids(found[20]) and ids(found[20])[-1] == "person-99", "the part missing ranks last"
    second = search_strictly_first(engine, dataclasses.replace(request, offset=3))
    assert second.total == few + 1, "later pages come from the same set"
    write(engine, PERSON, person(few + 1, ("sunil", "kumar", "yadav")))
    enough = {size: search_strictly_first(engine, dataclasses.replace(request, limit=size)) for size in (3, 13, 20)}
    assert {response.total for response in enough.values()} == {ENOUGH_AS_WRITTEN}, "enough as written: strict"
    assert all(response.spelling == "as_written" for response in enough.values())


def test_strict_first_with_a_relative_keeps_any_strict_match(engine: SearchEngine) -> None:
    from indexes.searchbox import search_strictly_first

    write(
        engine,
        PERSON,
        person(1, ("ram", "kumar"), relative_keys=("shyam", "lal")),
        person(2, ("ram", "kumar"), relative_keys=("shyam", "lall")),  # the father within one edit
    )
    request = SearchRequest(PERSON, must=(name("ram", "kumar"), name("shyam", "lal", relative=True)), limit=10)
    assert matched(search_strictly_first(engine, request)) == ["person-1"], "a strict match with the father is enough"
    second = search_strictly_first(engine, dataclasses.replace(request, offset=1))
    assert second.total == 1 and ids(second) == [], "later pages come from the same strict set"
    nobody = SearchRequest(PERSON, must=(name("ram", "kumar"), name("shyam", "lali", relative=True)), limit=10)
    assert matched(search_strictly_first(engine, nobody)) == ["person-1", "person-2"], "no strict match: broaden"


def test_strict_first_in_a_district_keeps_any_strict_match_and_says_how_names_matched(engine: SearchEngine) -> None:
    from indexes.searchbox import Spelling, search_strictly_first

    write(
        engine,
        PERSON,
        person(1, ("sunil", "kumar", "yadav"), district=7),
        person(2, ("sunil", "yadav"), district=7),  # a part missing: a near spelling
        person(3, ("sunil", "kumar", "yadav"), district=8),
    )
    anywhere = SearchRequest(PERSON, must=(name("sunil", "kumar", "yadav"),), limit=10)
    broadened = search_strictly_first(engine, anywhere)
    assert matched(broadened) == ["person-1", "person-2", "person-3"] and broadened.spelling == "near"
    in_district = dataclasses.replace(anywhere, filters=(TermsClause("district_ids", (7,)),))
    as_written = search_strictly_first(engine, in_district)
    assert matched(as_written) == ["person-1"] and as_written.spelling == "as_written", "a district narrows"
    assert search_strictly_first(engine, dataclasses.replace(in_district, offset=1)).total == 1, "same set later"
    near = search_strictly_first(engine, in_district, Spelling.NEAR)
    assert matched(near) == ["person-1", "person-2"] and near.spelling == "near", "asked for near spellings"
    strict_only = search_strictly_first(engine, anywhere, Spelling.AS_WRITTEN)
    assert matched(strict_only) == ["person-1", "person-3"] and strict_only.spelling == "as_written"
    by_mobile = search_strictly_first(engine, SearchRequest(PERSON, must=(TermsClause("mobiles", ("9876543210",)),)))
    assert by_mobile.spelling is None, "no name, nothing to say about spelling"


@pytest.mark.parametrize(
    "typed",
    [
        "Hajipur Sadar 10/2019",
        "हाजीपुर सदर 10/2019",
        "हाजीपुर सदर १०/२०१९",
        "थाना हाजीपुर सदर १०/१९",
        "हाजीपुर सदर थाना कांड सं. १०/२०१९",
        "हाजीपुर सदर थाना कांड सं० १०/२०१९",
        "हाजीपुर सदर थाना प्राथमिकी संख्या-10/2019",
        "Hajipur Sadar PS Case No. १०/२०१९",
    ],
)
def test_an_fir_number_finds_its_case_with_the_station_named_in_either_script(engine: SearchEngine, typed: str) -> None:
    """The search box's words before an FIR number, looked up in station_keys (the words of the station's names in
    both scripts and its code, indexes.words.keyword_words): a Devanagari word is one key, never its letters."""
    from indexes.searchbox import Filters, fir_request, interpret
    from indexes.words import keyword_words

    def at(key: int, *names: str) -> Document:
        document = fir(key, "Purse snatched.", year=2019) | {"fir_number": "10/2019"}
        document["station_keys"] = keyword_words(*names)
        document["checksum"] = _checksum(document)
        return document

    write(
        engine,
        FIR,
        at(1, "Hajipur Sadar", "हाजीपुर सदर", "VAISHALI-HAJIPUR-SADAR"),
        at(2, "Hajipur Town", "हाजीपुर नगर", "VAISHALI-HAJIPUR-TOWN"),
        at(3, "Sadar", "सदर", "PATNA-SADAR"),
    )
    request = fir_request(interpret(typed), Filters())
    assert request is not None
    assert ids(engine.search(request)) == ["fir-1"], typed
