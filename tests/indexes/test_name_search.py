"""Names written in one script found by their spelling in the other, through a real embedded index: the keys of
people/names.py as both engines index and query them, and the search box's strict-first search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexes.embedded import TantivyEngine
from indexes.engine import NameClause, SearchRequest
from indexes.schema import DocumentKind
from indexes.searchbox import search_strictly_first
from people.names.indexed import index_name_fields
from people.names.terms import name_terms

PERSON = DocumentKind.PERSON

RECORDS = [
    "सुल्तानबाशा के",
    "सुल्तान अहमद",
    "बाशा के",
    "क्यू डिमेलो",
    "क्यू डी मोहन",
    "डी सोरेन",
    "एस महमूद",
    "मोहम्मद सोरेन",
    "जोड़ी",
    "जुदाई",
    "जूडी",
    "जोडी राम",
    "गोसाईं",
    "गोसाई राम",
    "Gaikwad",
    "सी बारला",
    "Toppo, W",
    "Hamid Ali",
    "सीएसआईआर",
    "सी एस राव",
    "Ali, MK",
    "Ali, MK",
    "तरेश पि",
    "तरेश",
    "तरेश कु",
    "Loresh P",
    "Loresh",
    "Loresh Kumar",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TantivyEngine]:
    built = TantivyEngine(Path(tmp_path_factory.mktemp("names")) / "search")
    built.ensure_ready()
    built.upsert(
        PERSON,
        [
            {"id": f"person-{number}", "kind": "person", "checksum": "-", **index_name_fields([name], [])}
            for number, name in enumerate(RECORDS)
        ],
    )
    built.commit()
    yield built
    built.close()


def _found(engine: TantivyEngine, query: str, strict: bool = False) -> list[str]:
    """The records the search box finds (strict first), or those the strict search alone finds."""
    request = SearchRequest(PERSON, must=(NameClause(name_terms(query), strict=strict),), limit=10)
    return [RECORDS[int(hit.id.split("-")[1])] for hit in search_strictly_first(engine, request).hits]


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("Sulthan Basha K", "सुल्तानबाशा के"),  # the queried parts written as one in the record
        ("de Mello, Q", "क्यू डिमेलो"),
        ("Soren, MD", "डी सोरेन"),  # initials after the surname, not Mohammad
        ("Jodi", "जोड़ी"),  # ड़ read as d: above जुदाई and जूडी, which share its consonants
        ("CSIR", "सीएसआईआर"),  # a name of letters, written as one word
    ],
)
def test_a_latin_spelling_finds_the_devanagari_record_first(engine: TantivyEngine, query: str, record: str) -> None:
    assert _found(engine, query)[:1] == [record]


def test_nasalisation_that_latin_leaves_out_still_matches(engine: TantivyEngine) -> None:
    found = _found(engine, "Gosai", strict=True)  # not one edit away: by key
    assert found[:1] == ["गोसाई राम"], "the name written without the nasal first"
    assert "गोसाईं" in found


def test_joined_parts_still_need_every_queried_part(engine: TantivyEngine) -> None:
    assert "सुल्तान अहमद" not in _found(engine, "Sulthan Basha")
    assert _found(engine, "Sulthan Ahmad")[:1] == ["सुल्तान अहमद"]


def test_the_devanagari_record_is_found_by_its_other_reading_from_the_latin(engine: TantivyEngine) -> None:
    found = _found(engine, "Gaikwad")
    assert found[:1] == ["Gaikwad"]
    assert _found(engine, "गायकवाड़")[:1] == ["Gaikwad"]


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("क्लाइव बारला", "सी बारला"),  # क्लाइव reads klaiv; Clive's initial is C
        ("वेस टोप्पो", "Toppo, W"),  # the initial W for वेस (ves)
    ],
)
def test_a_recorded_initial_stands_for_a_part_that_sounds_like_its_letter(
    engine: TantivyEngine, query: str, record: str
) -> None:
    assert _found(engine, query)[:1] == [record]


def test_a_queried_initial_ranks_the_name_starting_with_it_above_shorter_names(engine: TantivyEngine) -> None:
    assert _found(engine, "एच अली")[:1] == ["Hamid Ali"], "above the two records of Ali, MK"


def test_an_initial_written_as_its_syllable_counts_as_the_initial(engine: TantivyEngine) -> None:
    """ "पि" beside a name is the initial P, written as the syllable the letter begins, in either direction."""
    assert _found(engine, "Taresh P", strict=True)[:1] == ["तरेश पि"], "above तरेश and तरेश कु"
    found = _found(engine, "लोरेश पि", strict=True)
    assert found[:1] == ["Loresh P"], "the recorded initial meets it in the strict search"
    assert "Loresh Kumar" in found, "an initial still matches a name starting with it"
