"""A name with the relative's name after a relation marker: one reading for the search box, the legacy import
and an FIR party typed as one name."""

from __future__ import annotations

import pytest

from cases.input import PartyInput
from indexes.searchbox import interpret
from ingest.legacy.converters.names import split_name
from people.names.terms import name_terms
from people.relatives import NameWithRelative, split_relative


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ram Kumar s/o Shyam Lal", ("Ram Kumar", "Shyam Lal", "father")),
        ("Ram Kumar S/O- Shyam Lal", ("Ram Kumar", "Shyam Lal", "father")),
        ("Ram  Kumar   s.o. Shyam", ("Ram Kumar", "Shyam", "father")),
        ("Rita Kumari d/o Mohan Prasad", ("Rita Kumari", "Mohan Prasad", "father")),
        ("Sita Devi W/O Ram Prasad", ("Sita Devi", "Ram Prasad", "husband")),
        ("Md. Islam son of Md. Yunus", ("Md. Islam", "Md. Yunus", "father")),
        ("Rekha h/o Ramesh", ("Rekha", "Ramesh", "guardian")),
        ("Raju c/o Mohan", ("Raju", "Mohan", "guardian")),
        ("Ram (s/o Shyam)", ("Ram", "Shyam", "father")),
        ("राम कुमार पिता श्याम लाल", ("राम कुमार", "श्याम लाल", "father")),
        ("राम कुमार, पिता- श्याम लाल", ("राम कुमार", "श्याम लाल", "father")),
        ("राम पिता का नाम श्याम", ("राम", "श्याम", "father")),
        ("गीता पुत्री मोहन", ("गीता", "मोहन", "father")),
        ("रहीम वल्द करीम", ("रहीम", "करीम", "father")),
        ("राम कुमार पिताः श्याम लाल", ("राम कुमार", "श्याम लाल", "father")),  # the visarga typed for a colon
        ("मोहन पुत्रः श्याम", ("मोहन", "श्याम", "father")),
        ("राम पिताम्बर", ("राम पिताम्बर", None, None)),  # a name that starts with पिता is no marker
        ("सीता देवी पति राम प्रसाद", ("सीता देवी", "राम प्रसाद", "husband")),
        ("सीता जौजे राम", ("सीता", "राम", "husband")),
        ("Ram Kumar", ("Ram Kumar", None, None)),
        ("Mohan Soni", ("Mohan Soni", None, None)),  # "so" inside a word is no marker
        ("Sosan s/o", ("Sosan", None, None)),
        ("s/o Shyam Lal", ("", "Shyam Lal", "father")),
    ],
)
def test_relative_is_split_off_in_either_script(text: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_relative(text) == NameWithRelative(*expected)


def test_both_scripts_of_one_person_give_the_same_query_keys() -> None:
    latin = split_relative("Ram Kumar s/o Shyam Lal")
    hindi = split_relative("राम कुमार पिता श्याम लाल")
    assert [term.phonetic for term in name_terms(latin.name)] == [term.phonetic for term in name_terms(hindi.name)]
    assert [term.phonetic for term in name_terms(latin.relative_name or "")] == [
        term.phonetic for term in name_terms(hindi.relative_name or "")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ram Kumar s/o Shyam Lal",
        "Sita Devi w/o Ram Prasad",
        "Md. Islam son of Md. Yunus",
        "Rekha h/o Ramesh",
        "राम कुमार पुत्र श्याम लाल",
        "राम कुमार, पिता- श्याम लाल",
        "गीता आत्मजा मोहन",
        "सीता देवी धर्मपत्नी राम प्रसाद",
        "रहीम वल्द करीम",
        "Ram Kumar पु० Shyam Lal",
    ],
)
def test_the_search_box_the_import_and_an_fir_party_split_alike(text: str) -> None:
    """One rule: what a search for "X s/o Y" looks for is what an import of the cell "X s/o Y" stores, and what
    an FIR party typed so becomes."""
    searched = interpret(text)
    imported = split_name(text)
    party = PartyInput(name=text)
    assert imported is not None and imported.relative_name
    assert (searched.name, searched.relative_name) == (imported.name, imported.relative_name)
    assert (party.name, party.relative_name) == (imported.name, imported.relative_name)
    assert party.relation_kind == imported.relation_kind
