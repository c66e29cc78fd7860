"""The one search box end to end: FIRs registered through the API, indexed by the relay's code into each real
engine (embedded; Elasticsearch when CCTNS_ELASTICSEARCH_URL names a server, indexes of a prefix of its own
dropped afterwards), searched through /api/v1/search as each role; a person's record from PostgreSQL. Every
search test runs on both engines with the same expectations: the API answers the same on either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from indexes.embedded import TantivyEngine
from indexes.engine import SearchEngine
from indexes.schema import DocumentKind
from indexes.sync import write_documents
from records.models import AuditEntry, PersonLink
from tests.portal.staff_support import log_in
from tests.search_api.fir_api_support import SADAR, TOWN, World, fir_body
from tests.support import fresh_search_engine

pytest_plugins = ["tests.search_api.fir_api_support"]
SEARCH = "/api/v1/search"


def _accused(name: str, relative: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "relative_name": relative, "relation_kind": "father", "gender": "male", "age": 34, **extra}


@pytest.fixture(params=["embedded", "elasticsearch"])
def search_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    with fresh_search_engine(request.param, tmp_path / "search") as engine:
        yield engine


@pytest.fixture
def indexed(world: World, api_connection: Connection, search_engine: SearchEngine) -> Iterator[dict[str, Any]]:
    """Four FIRs in two stations, indexed: one man written in Devanagari and in Latin, two different Ram Kumars."""
    engine = search_engine
    world.client.app.state.search = engine  # type: ignore[attr-defined]
    bodies = {
        "islam_hindi": (
            "officer_sadar",
            fir_body(
                accused=[_accused("मोहम्मद इस्लाम", "रफ़ीक़", mobile="+91 91234 56789")],
                brief_facts="बाज़ार में पर्स छीन लिया गया। Purse snatched near the vegetable market.",
            ),
        ),
        "islam_latin": (
            "officer_town",
            fir_body(
                accused=[_accused("Mohd. Islam", "Rafiq")], brief_facts="Goats stolen from the courtyard at night."
            ),
        ),
        "ram_shyam": ("officer_sadar", fir_body(accused=[_accused("Ram Kumar", "Shyam Lal")], properties=[])),
        "ram_mohan": (
            "officer_town",
            fir_body(
                accused=[_accused("Ram Kumar", "Mohan Prasad")],
                properties=[],
                brief_facts="The accused fled on a motorcycle, br-31-ab 4521, towards the market.",
            ),
        ),
    }
    firs = {key: world.register(who, body).json() for key, (who, body) in bodies.items()}
    outbox = api_connection.execute(sa.text("SELECT entity_type, entity_id FROM outbox")).all()
    write_documents(
        api_connection,
        engine,
        {kind: [row.entity_id for row in outbox if row.entity_type == kind.value] for kind in DocumentKind},
    )
    engine.commit()
    yield firs


def _search(world: World, who: str = "investigator", **params: Any) -> Any:
    response = world.client.get(SEARCH, params=params, headers=world.as_(who))
    assert response.status_code == 200, response.text
    return response.json()


def _accused_ids(fir: dict[str, Any]) -> set[int]:
    return {party["person_id"] for party in fir["accused"]}


@pytest.mark.parametrize("query", ["Md Islam", "Mohd. Islam", "मोहम्मद इस्लाम", "mohammad islam", "Muhammad Islam"])
def test_one_man_found_in_either_script_and_any_spelling(world: World, indexed: dict[str, Any], query: str) -> None:
    people = _search(world, q=query)["people"]
    found = {hit["person_id"] for hit in people["hits"]}
    assert _accused_ids(indexed["islam_hindi"]) | _accused_ids(indexed["islam_latin"]) <= found


def _index_new_records(world: World, api_connection: Connection) -> None:
    outbox = api_connection.execute(sa.text("SELECT entity_type, entity_id FROM outbox")).all()
    engine = world.client.app.state.search  # type: ignore[attr-defined]
    write_documents(
        api_connection,
        engine,
        {kind: [row.entity_id for row in outbox if row.entity_type == kind.value] for kind in DocumentKind},
    )
    engine.commit()


@pytest.mark.parametrize("query", ["Md Islam", "मोहम्मद इस्लाम"])
def test_a_near_spelling_is_labelled_so_and_comes_after_the_names_as_written(
    world: World, indexed: dict[str, Any], api_connection: Connection, query: str
) -> None:
    world.register("officer_sadar", fir_body(accused=[_accused("Mohd Aslam", "Karim")], properties=[]))
    _index_new_records(world, api_connection)
    people = _search(world, q=query)["people"]
    islam = _accused_ids(indexed["islam_hindi"]) | _accused_ids(indexed["islam_latin"])
    labels = [(hit["person_id"] in islam, hit["spelling"]) for hit in people["hits"]]
    assert labels == [(True, "as_written"), (True, "as_written"), (False, "near")], "Aslam is not Islam as written"
    assert people["as_written"] == 2 and people["total"] == 3
    nobody = _search(world, q="Md Islam Ansari")["people"]
    assert nobody["as_written"] == 0 and all(hit["spelling"] == "near" for hit in nobody["hits"])
    assert _search(world, q="9123456789")["people"]["as_written"] is None, "no name searched: nothing to say"


def test_linked_records_make_one_card_with_every_case(world: World, indexed: dict[str, Any]) -> None:
    first, second = sorted(_accused_ids(indexed["islam_hindi"]) | _accused_ids(indexed["islam_latin"]))
    world.session.add(PersonLink(person_a_id=first, person_b_id=second, status="auto", score=9.0, reasons=["test"]))
    world.session.flush()
    (card,) = _search(world, q="Md Islam")["people"]["hits"]
    assert {card["person_id"], *card["linked_records"]} == {first, second}
    assert {case["fir_id"] for case in card["firs"]} == {indexed["islam_hindi"]["id"], indexed["islam_latin"]["id"]}
    assert card["fir_count"] == 2
    (own,) = _search(world, "officer_sadar", q="Md Islam")["people"]["hits"]
    assert own["linked_records"] == [] and own["fir_count"] == 1, "a record outside the station stays out"


def test_pages_are_pages_of_people_a_linked_person_on_one_only(
    world: World, indexed: dict[str, Any], api_connection: Connection
) -> None:
    world.register("officer_sadar", fir_body(accused=[_accused("Mohd Aslam", "Karim")], properties=[]))
    _index_new_records(world, api_connection)
    first, second = sorted(_accused_ids(indexed["islam_hindi"]) | _accused_ids(indexed["islam_latin"]))
    world.session.add(PersonLink(person_a_id=first, person_b_id=second, status="auto", score=9.0, reasons=["test"]))
    world.session.flush()
    pages = [_search(world, q="Md Islam", size=1, page=number)["people"] for number in (1, 2, 3)]
    cards = [[hit["person_id"] for hit in page["hits"]] for page in pages]
    assert len(cards[0]) == len(cards[1]) == 1 and cards[2] == [], "two people: the linked pair, then Aslam"
    assert cards[0][0] in {first, second} and cards[1][0] not in {first, second}
    assert pages[0]["hits"][0]["fir_count"] == 2 and {p["spelling"] for p in pages} == {"near"}
    whole = _search(world, q="Md Islam", size=20)["people"]["hits"]
    assert [hit["person_id"] for hit in whole] == [cards[0][0], cards[1][0]], "the same people at any page size"


def test_father_name_narrows_the_match(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="Ram Kumar s/o Shyam Lal")
    found = {hit["person_id"] for hit in result["people"]["hits"]}
    assert _accused_ids(indexed["ram_shyam"]) <= found
    assert not _accused_ids(indexed["ram_mohan"]) & found
    assert result["understood"]["relative_name"] == "Shyam Lal"
    separate = _search(world, q="राम कुमार", relative="Mohan Prasad")
    assert {hit["person_id"] for hit in separate["people"]["hits"]} == _accused_ids(indexed["ram_mohan"])


def test_fir_number_with_station_name_finds_that_case(world: World, indexed: dict[str, Any]) -> None:
    fir = indexed["islam_hindi"]
    result = _search(world, q=f"Hajipur Sadar {fir['number']}")
    assert [hit["fir_id"] for hit in result["cases"]["hits"]] == [fir["id"]]
    assert result["people"]["total"] == 0
    other_station = _search(world, q=f"Hajipur Town {fir['number']}")["cases"]["hits"]
    assert fir["id"] not in {hit["fir_id"] for hit in other_station}


def test_mobile_in_another_form_finds_person_and_case(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="091234-56789")
    assert result["understood"]["mobiles"] == ["9123456789"]
    assert {hit["person_id"] for hit in result["people"]["hits"]} == _accused_ids(indexed["islam_hindi"])
    assert indexed["islam_hindi"]["id"] in {hit["fir_id"] for hit in result["cases"]["hits"]}


def test_vehicle_number_without_spaces_finds_the_case(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="BR31AB1234")  # registered as "br 31 ab-1234"
    fir_ids = {hit["fir_id"] for hit in result["cases"]["hits"]}
    assert {indexed["islam_hindi"]["id"], indexed["islam_latin"]["id"]} <= fir_ids


def test_vehicle_number_written_only_in_the_facts_finds_the_case(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="BR31AB4521")  # no property row: the number is in the facts, written another way
    assert [hit["fir_id"] for hit in result["cases"]["hits"]] == [indexed["ram_mohan"]["id"]]


def test_words_of_the_facts_find_the_case_with_a_highlight(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="goats courtyard")
    (hit,) = result["cases"]["hits"]
    assert hit["fir_id"] == indexed["islam_latin"]["id"]
    assert "<b>" in hit["highlights"]["facts"][0]


def test_filters_and_facets(world: World, indexed: dict[str, Any]) -> None:
    result = _search(world, q="Ram Kumar")
    assert result["people"]["total"] >= 2
    stations = {value["value"]: value for value in result["cases"]["facets"]["station"]}
    assert {SADAR, TOWN} <= set(stations) and stations[SADAR]["label"] == "Hajipur Sadar"
    only_town = _search(world, q="Ram Kumar", station=TOWN)
    assert {hit["fir_id"] for hit in only_town["cases"]["hits"]} == {indexed["ram_mohan"]["id"]}
    assert _search(world, q="Ram Kumar", district="PATNA")["people"]["total"] == 0
    accused = _search(world, q="Ram Kumar", role="accused")["people"]["hits"]
    assert accused and all(any(case["role"] == "accused" for case in hit["firs"]) for hit in accused)


def test_the_answer_says_how_names_matched_and_near_spellings_can_be_asked_for(
    world: World, indexed: dict[str, Any]
) -> None:
    anywhere = _search(world, q="Ram Kumar")
    assert anywhere["people"]["spelling"] == "near", "two people as written fill no page: near spellings too"
    in_town = _search(world, q="Ram Kumar", station=TOWN)
    assert in_town["people"]["spelling"] == "as_written", "a station narrows: its matches as written are enough"
    assert {hit["person_id"] for hit in in_town["people"]["hits"]} == _accused_ids(indexed["ram_mohan"])
    asked = _search(world, q="Ram Kumar", station=TOWN, spelling="near")
    assert asked["people"]["spelling"] == asked["cases"]["spelling"] == "near"
    assert _search(world, q="091234-56789")["people"]["spelling"] is None, "a mobile number has no spelling"


def test_pages_are_stable_and_concatenate(world: World, indexed: dict[str, Any]) -> None:
    whole = [hit["fir_id"] for hit in _search(world, size=4, district="VAISHALI")["cases"]["hits"]]
    assert len(whole) == 4
    paged = [
        hit["fir_id"]
        for page in (1, 2)
        for hit in _search(world, size=2, page=page, district="VAISHALI")["cases"]["hits"]
    ]
    assert paged == whole


def test_jurisdiction_narrows_searches(world: World, indexed: dict[str, Any]) -> None:
    town = _search(world, "officer_town", q="Ram Kumar")
    assert {hit["fir_id"] for hit in town["cases"]["hits"]} == {indexed["ram_mohan"]["id"]}
    assert _search(world, "sp_patna", q="Ram Kumar")["cases"]["total"] == 0
    assert _search(world, "sp_vaishali", q="Ram Kumar")["cases"]["total"] >= 2
    refused = world.client.get(SEARCH, params={"q": "Ram", "district": "VAISHALI"}, headers=world.as_("sp_patna"))
    assert refused.status_code == 403
    assert world.client.get(SEARCH, params={"q": "Ram"}, headers=world.as_("admin")).status_code == 403
    assert world.client.get(SEARCH, params={"q": "Ram"}).status_code == 401


def test_every_search_is_audited(world: World, indexed: dict[str, Any]) -> None:
    _search(world, q="Md Islam")
    entry = world.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "search").order_by(AuditEntry.id.desc()).limit(1)
    )
    assert entry is not None and entry.user_id == world.users["investigator"].id
    assert entry.detail["q"] == "Md Islam" and entry.detail["people"] >= 2 and entry.detail["spelling"] == "auto"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "Ram", "district": "ATLANTIS"}, "district"),
        ({"q": "Ram", "section": "302"}, "act"),
        ({"q": "Ram", "page": 1000, "size": 100}, "page"),
        ({"q": "Ram", "spelling": "roughly"}, "spelling"),
        ({"q": "Ram", "registered_from": "2024-02-01", "registered_to": "2024-01-01"}, "registered_from"),
    ],
)
def test_bad_searches_say_which_parameter_and_why(
    world: World, indexed: dict[str, Any], params: dict[str, Any], field: str
) -> None:
    response = world.client.get(SEARCH, params=params, headers=world.as_("investigator"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_person_record_from_postgresql_with_every_case(world: World, indexed: dict[str, Any]) -> None:
    (person_id,) = _accused_ids(indexed["islam_hindi"])
    response = world.client.get(f"/api/v1/persons/{person_id}", headers=world.as_("investigator"))
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["name"] == "मोहम्मद इस्लाम" and record["relative_name"] == "रफ़ीक़"
    assert [case["fir_id"] for case in record["firs"]] == [indexed["islam_hindi"]["id"]]
    assert record["firs"][0]["role"] == "accused" and record["mobiles"] == ["9123456789"]
    assert world.client.get(f"/api/v1/persons/{person_id}", headers=world.as_("sp_patna")).status_code == 403
    assert world.client.get(f"/api/v1/persons/{person_id}", headers=world.as_("sp_vaishali")).status_code == 200
    assert world.client.get("/api/v1/persons/999999999", headers=world.as_("investigator")).status_code == 404
    audited = world.session.scalar(
        sa.select(sa.func.count(AuditEntry.id)).where(
            AuditEntry.action == "read", AuditEntry.entity_type == "person", AuditEntry.entity_id == str(person_id)
        )
    )
    assert audited == 2


def test_the_search_page_is_served(world: World) -> None:
    log_in(world, "investigator")
    page = world.client.get("/staff/search")
    assert page.status_code == 200 and '"/search?"' in page.text and '<script src="/staff/staff.js">' in page.text
    shared = world.client.get("/staff/staff.js")  # the API helper every staff page loads
    assert shared.status_code == 200 and "/api/v1" in shared.text and "javascript" in shared.headers["content-type"]
    for path in ("/staff/search", "/staff/complaints", "/staff/matches", "/staff/persons/1"):
        assert '<link rel="stylesheet" href="/staff/staff.css">' in world.client.get(path).text, path
    styles = world.client.get("/staff/staff.css")  # the look every staff page shares
    assert styles.status_code == 200 and "header {" in styles.text and "text/css" in styles.headers["content-type"]


def test_an_index_that_cannot_answer_gets_503_saying_why(world: World, tmp_path: Path) -> None:
    broken = TantivyEngine(tmp_path / "search")
    broken.ensure_ready()
    broken.close()
    world.client.app.state.search = broken  # type: ignore[attr-defined]
    response = world.client.get(SEARCH, params={"q": "Ram"}, headers=world.as_("investigator"))
    assert response.status_code == 503
    assert "closed" in response.json()["message"] and "retry" in response.json()["message"]
