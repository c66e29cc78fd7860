"""The read-only reference endpoints and /health, served by the real app on the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from cctns.asgi import create_app
from records.database import Database


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(Database(engine))) as test_client:
        yield test_client


def test_health_reports_database_and_schema(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["schema_revision"] == body["schema_head"]


def test_districts_are_the_44_police_districts_of_bihar(client: TestClient) -> None:
    districts = client.get("/api/v1/districts").json()
    assert len(districts) == 44
    assert {d["kind"] for d in districts} == {"territorial", "railway"}
    railway = client.get("/api/v1/districts", params={"kind": "railway"}).json()
    assert len(railway) == 4
    vaishali = next(d for d in districts if d["name_en"] == "Vaishali")
    assert vaishali["station_count"] >= 16 and vaishali["name_hi"] == "वैशाली"


def test_stations_filter_by_district_and_name_in_either_script(client: TestClient) -> None:
    vaishali = client.get("/api/v1/stations", params={"district": "vaishali", "limit": 100}).json()
    names = {s["name_en"] for s in vaishali["items"]}
    assert {"Hajipur Town", "Hajipur Sadar", "Mahua", "Patedhi Belsar"} <= names
    assert vaishali["total"] == len(vaishali["items"])
    hajipur = client.get("/api/v1/stations", params={"district": "VAISHALI", "q": "hajipur"}).json()
    assert {s["name_en"] for s in hajipur["items"]} == {"Hajipur Town", "Hajipur Sadar"}
    in_hindi = client.get("/api/v1/stations", params={"q": "महुआ"}).json()
    assert "Mahua" in {s["name_en"] for s in in_hindi["items"]}


def test_sections_carry_crime_head_and_the_ipc_bns_correspondence(client: TestClient) -> None:
    murder = client.get("/api/v1/sections", params={"act": "IPC", "number": "302"}).json()["items"]
    assert len(murder) == 1
    assert murder[0]["crime_head"]["code"] == "MURDER"
    assert "BNS 103(1)" in murder[0]["corresponds_to"]
    assert murder[0]["act_in_force_until"] == "2024-06-30"
    bns_murder = client.get("/api/v1/sections", params={"act": "bns", "number": "103(1)"}).json()["items"]
    assert "IPC 302" in bns_murder[0]["corresponds_to"]
    thefts = client.get("/api/v1/sections", params={"crime_head": "THEFT"}).json()["items"]
    assert {"IPC", "BNS"} <= {s["act"] for s in thefts}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/stations", {"district": "ATLANTIS"}, "district"),
        ("/api/v1/sections", {"act": "XYZ"}, "act"),
        ("/api/v1/sections", {"crime_head": "NOPE"}, "crime_head"),
        ("/api/v1/stations", {"limit": 0}, "limit"),
    ],
)
def test_unknown_filters_get_422_naming_the_field(
    client: TestClient, path: str, params: dict[str, object], field: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_the_sections_picker_search_gives_the_bns_section_an_ipc_section_became(client: TestClient) -> None:
    found = client.get("/api/v1/sections/search", params={"q": "IPC 379", "on": "2025-01-10"}).json()
    assert found[0]["label"] == "IPC 379" and found[0]["corresponds_to"] == ["BNS 303(2)"]
    assert found[0]["in_force"] is False, "the IPC was no longer in force on 10 January 2025"
    by_title = client.get("/api/v1/sections/search", params={"q": "चोरी", "on": "2025-01-10", "limit": 3}).json()
    assert len(by_title) == 3 and by_title[0]["label"] == "BNS 303(2)" and by_title[0]["title_hi"] == "चोरी"
    refused = client.get("/api/v1/sections/search", params={"q": "", "limit": 500})
    assert refused.status_code == 422
    assert {tuple(problem["loc"]) for problem in refused.json()["detail"]} >= {("query", "q"), ("query", "limit")}
