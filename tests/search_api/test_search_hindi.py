"""The search box as investigators type in Hindi, end to end: FIRs registered through the API, indexed into each
real engine (Elasticsearch when CCTNS_ELASTICSEARCH_URL names a server), searched through /api/v1/search. An FIR
number with its station named in Devanagari and Devanagari digits, with "थाना" and "कांड सं०" around it; a mobile
in Devanagari digits, with "मो०" before it; the father after पिता, पुत्र or s/o; a vehicle whose letters the facts
spell in Hindi (बीआर ३१ एबी ४५२१)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from indexes.engine import SearchEngine
from indexes.schema import DocumentKind
from indexes.sync import write_documents
from tests.search_api.fir_api_support import World, fir_body
from tests.support import fresh_search_engine

pytest_plugins = ["tests.search_api.fir_api_support"]
DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


@pytest.fixture(params=["embedded", "elasticsearch"])
def search_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    with fresh_search_engine(request.param, tmp_path / "search") as engine:
        yield engine


@pytest.fixture
def indexed(world: World, api_connection: Connection, search_engine: SearchEngine) -> dict[str, Any]:
    """One FIR at Hajipur Sadar (हाजीपुर सदर) naming राम कुमार, son of श्याम लाल, and one at Hajipur Town
    (हाजीपुर नगर): both stations are "हाजीपुर", so a number names one case only with the whole station name."""
    world.client.app.state.search = search_engine  # type: ignore[attr-defined]
    accused = {"name": "राम कुमार", "relative_name": "श्याम लाल", "relation_kind": "father", "gender": "male"}
    sadar = world.register(
        "officer_sadar",
        fir_body(
            accused=[{**accused, "age": 30, "mobile": "9123456789"}],
            properties=[],
            brief_facts="अभियुक्त मोटरसाइकिल बीआर ३१ एबी ४५२१ से भागा।",
        ),
    )
    town = world.register("officer_town", fir_body())
    outbox = api_connection.execute(sa.text("SELECT entity_type, entity_id FROM outbox")).all()
    write_documents(
        api_connection,
        search_engine,
        {kind: [row.entity_id for row in outbox if row.entity_type == kind.value] for kind in DocumentKind},
    )
    search_engine.commit()
    return {"sadar": sadar.json(), "town": town.json()}


def _search(world: World, query: str) -> Any:
    response = world.client.get("/api/v1/search", params={"q": query}, headers=world.as_("investigator"))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    "typed",
    [
        "Hajipur Sadar {number}",
        "हाजीपुर सदर {number}",
        "हाजीपुर सदर {devanagari}",
        "थाना हाजीपुर सदर {devanagari}",
        "हाजीपुर सदर थाना कांड सं. {devanagari}",
        "हाजीपुर सदर थाना कांड सं० {devanagari}",
        "Hajipur Sadar PS FIR No. {devanagari}",
    ],
)
def test_an_fir_number_with_its_station_in_hindi_finds_that_case_only(
    world: World, indexed: dict[str, Any], typed: str
) -> None:
    sadar, town = indexed["sadar"], indexed["town"]
    assert sadar["number"] == town["number"], "the first FIR of the year at each station"
    query = typed.format(number=sadar["number"], devanagari=sadar["number"].translate(DEVANAGARI_DIGITS))
    result = _search(world, query)
    assert [hit["fir_id"] for hit in result["cases"]["hits"]] == [sadar["id"]], (query, result["understood"])
    hajipur = _search(world, f"हाजीपुर थाना कांड सं० {sadar['number'].translate(DEVANAGARI_DIGITS)}")
    assert {hit["fir_id"] for hit in hajipur["cases"]["hits"]} == {sadar["id"], town["id"]}, "both are हाजीपुर"
    town_only = _search(world, f"हाजीपुर नगर {sadar['number']}")
    assert [hit["fir_id"] for hit in town_only["cases"]["hits"]] == [town["id"]]


@pytest.mark.parametrize(
    "typed",
    [
        "९१२३४ ५६७८९",
        "+९१ ९१२३४-५६७८९",
        "मो० ९१२३४ ५६७८९",
        "राम कुमार मोबाइल नं. ९१२३४५६७८९",
        "राम कुमार पिता श्याम लाल",
        "राम कुमार पुत्र श्याम लाल",
        "राम कुमार s/o श्याम लाल",
        "Ram Kumar S/O Shyam Lal",
        "राम कुमार, पिता- स्व० श्याम लाल",
        "राम कुमार पिताः श्याम लाल",
    ],
)
def test_a_mobile_in_devanagari_digits_or_a_name_with_the_father_finds_the_person(
    world: World, indexed: dict[str, Any], typed: str
) -> None:
    result = _search(world, typed)
    accused = {party["person_id"] for party in indexed["sadar"]["accused"]}
    assert {hit["person_id"] for hit in result["people"]["hits"]} == accused, result["understood"]
    assert indexed["sadar"]["id"] in {hit["fir_id"] for hit in result["cases"]["hits"]}


@pytest.mark.parametrize("typed", ["BR31AB4521", "BR 31 AB 4521", "बीआर ३१ एबी ४५२१", "बी.आर. 31 ए.बी. 4521"])
def test_a_vehicle_written_in_hindi_in_the_facts_is_found_however_it_is_typed(
    world: World, indexed: dict[str, Any], typed: str
) -> None:
    result = _search(world, typed)
    assert result["understood"]["vehicles"] == ["BR31AB4521"]
    assert [hit["fir_id"] for hit in result["cases"]["hits"]] == [indexed["sadar"]["id"]]
