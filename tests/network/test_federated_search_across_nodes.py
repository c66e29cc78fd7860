"""Federated search across three real nodes (issue 25, "Done when"): a person recorded in Bihar in Devanagari is
found from Uttar Pradesh in Latin with a purpose code, and refused without one; opening the hit fetches the detail
from Bihar under Bihar's rules; a protected-victim case is invisible outside Bihar; a pointer record only says
"contact the station"; every step is in the audit logs of every node it passed, under one query id.

Records reach the national copy through the state's feed (``tests.network.search_support``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import AuditEntry, NetworkSearchPending, NetworkSearchRecord
from tests.network.nodes import Network, Node, wait_until
from tests.network.search_support import BIHAR_IO, PURPOSE, bihar_cases


def _search(network: Network, body: dict[str, Any]) -> httpx.Response:
    up = network.up
    return httpx.post(f"{up.base_url}/api/v1/network/search", json=body, headers=up.headers("station"), timeout=30)


def _fetch(network: Network, fir_key: str, purpose: dict[str, str] = PURPOSE) -> httpx.Response:
    up = network.up
    return httpx.post(
        f"{up.base_url}/api/v1/network/records/fetch",
        json={**purpose, "fir_key": fir_key},
        headers=up.headers("station"),
        timeout=30,
    )


def _audit(node: Node, query_id: str) -> list[AuditEntry]:
    with Session(node.engine) as session:
        return list(
            session.scalars(
                sa.select(AuditEntry)
                .where(AuditEntry.entity_type == "network_query", AuditEntry.entity_id == query_id)
                .order_by(AuditEntry.id)
            )
        )


def _network_audits(node: Node) -> int:
    with Session(node.engine) as session:
        count = sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.entity_type == "network_query")
        return session.scalar(count) or 0


@pytest.fixture(scope="module")
def bihar_records(network: Network) -> dict[str, str]:
    return bihar_cases(network)


def test_the_national_node_indexes_what_arrives_without_waiting_for_a_search(
    network: Network, bihar_records: dict[str, str]
) -> None:
    def indexed() -> bool:
        with Session(network.national.engine) as session:
            keys = set(session.scalars(sa.select(NetworkSearchRecord.fir_key)))
            return set(bihar_records.values()) <= keys and not session.scalar(
                sa.select(sa.func.count()).select_from(NetworkSearchPending)
            )

    wait_until(indexed, timeout=30, what="Bihar's records in the national search index (its background loop)")


def test_a_person_recorded_in_bihar_in_devanagari_is_found_from_up_in_latin(
    network: Network, bihar_records: dict[str, str]
) -> None:
    answer = _search(network, {**PURPOSE, "name": "Rakesh Kumar s/o Shivnath Singh", "age_from": 30, "age_to": 40})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    [hit] = [hit for hit in body["hits"] if hit.get("fir_key") == bihar_records["visible"]]
    assert (hit["state_name"], hit["state_name_hi"]) == ("Bihar", "बिहार")
    assert (hit["station_name"], hit["district_name"]) == ("Hajipur Sadar", "Vaishali")
    assert hit["investigating_officer"] == {"name": BIHAR_IO, "rank": "SI"}
    assert hit["matched"][0]["name"] == "राकेश कुमार" and hit["matched"][0]["relative_name"] == "शिवनाथ सिंह"
    assert hit["version"] >= 1 and hit["received_at"]  # how fresh

    # Opening it asks Bihar, which answers the record under its rules now.
    opened = _fetch(network, hit["fir_key"])
    assert opened.status_code == 200, opened.text
    detail = opened.json()
    assert detail["level"] == "visible" and detail["state_name"] == "Bihar"
    record = detail["record"]
    assert record["brief_facts"] and record["investigating_officer"]["name"] == BIHAR_IO
    assert any(p.get("name", {}).get("text") == "राकेश कुमार" for p in record["parties"])

    # Every step in every node's audit log, under one query id: who, from where, why, what was asked and returned.
    search_id, fetch_id = body["query_id"], detail["query_id"]
    [asked] = _audit(network.up, search_id)
    [answered] = _audit(network.national, search_id)
    assert asked.action == "cross-state search" and answered.action == "cross-state search answered"
    for row in (asked, answered):
        assert row.detail["purpose"] == "investigation"
        assert row.detail["reason"] == PURPOSE["reason"] and row.detail["case_reference"] == PURPOSE["case_reference"]
        assert row.detail["asked"]["name"] == "Rakesh Kumar" and row.detail["asked"]["relative"] == "Shivnath Singh"
        assert bihar_records["visible"] in row.detail["returned"]["records"]
        assert row.detail["asked_by"]["state"] == "09" and row.detail["asked_by"]["station"] == "LUCKNOW-HAZRATGANJ"
    assert asked.user_id is not None and "node 09" in answered.detail["via"]
    opened_rows = [
        row.action for node in (network.up, network.national, network.bihar) for row in _audit(node, fetch_id)
    ]
    assert opened_rows == ["cross-state record opened", "cross-state record relayed", "cross-state record given"]
    [given] = _audit(network.bihar, fetch_id)
    assert given.detail["asked_by"]["officer"] and given.detail["case_reference"] == PURPOSE["case_reference"]
    assert given.detail["returned"] == {
        "fir_key": bihar_records["visible"],
        "given": True,
        "level": "visible",
        "version": given.detail["returned"]["version"],
        "withheld_people": 0,
    }
    assert "brief_facts" not in str(given.detail)  # the log names what was given, not its details


@pytest.mark.parametrize(
    ("missing", "field"), [("purpose", "purpose"), ("reason", "reason"), ("case_reference", "case_reference")]
)
def test_a_search_without_purpose_reason_or_case_reference_is_refused_naming_it(
    network: Network, bihar_records: dict[str, str], missing: str, field: str
) -> None:
    before = _network_audits(network.national)
    body = {key: value for key, value in PURPOSE.items() if key != missing} | {"name": "Rakesh Kumar"}
    answer = _search(network, body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["field"] == field and field.split("_")[0] in answer.json()["message"]
    assert _network_audits(network.national) == before  # nothing left the state
    refused = _fetch(network, bihar_records["visible"], {k: v for k, v in PURPOSE.items() if k != missing})
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == field


def test_a_protected_victims_case_is_invisible_outside_bihar(network: Network, bihar_records: dict[str, str]) -> None:
    answer = _search(network, {**PURPOSE, "name": "Suresh Paswan"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["hits"] == []
    by_number = _search(network, {**PURPOSE, "kind": "fir", "fir_number": bihar_records["protected"]})
    assert by_number.json()["hits"] == []
    opened = _fetch(network, bihar_records["protected"])  # asked by key all the same: Bihar says it is not shared
    assert opened.status_code == 404 and "not shared outside the state" in opened.json()["message"]
    [withheld] = _audit(network.bihar, _last_query(network.up))
    assert withheld.action == "cross-state record withheld" and withheld.detail["returned"]["given"] is False


def _last_query(node: Node) -> str:
    with Session(node.engine) as session:
        return session.scalar(
            sa.select(AuditEntry.entity_id)
            .where(AuditEntry.entity_type == "network_query")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )


def test_a_pointer_record_says_contact_the_station(network: Network, bihar_records: dict[str, str]) -> None:
    answer = _search(network, {**PURPOSE, "name": "Mahesh Yadav", "relative": "Rambali Yadav"})
    assert answer.status_code == 200, answer.text
    [hit] = answer.json()["hits"]
    assert hit["contact_the_station"] is True
    assert (hit["state_name"], hit["station_name"], hit["station_name_hi"]) == ("Bihar", "Hajipur Sadar", "हाजीपुर सदर")
    assert "fir_key" not in hit and "matched" not in hit and "investigating_officer" not in hit
    opened = _fetch(network, bihar_records["pointer"])
    assert opened.status_code == 200 and opened.json()["record"] is None
    assert opened.json()["contact_the_station"] is True


def test_a_cut_national_link_is_said_plainly_and_audited(network: Network, bihar_records: dict[str, str]) -> None:
    with network.link_cut("09", "00"):
        answer = _search(network, {**PURPOSE, "name": "Rakesh Kumar"})
    assert answer.status_code == 503 and "national node cannot be reached" in answer.json()["message"]
    row = _audit(network.up, _last_query(network.up))[0]
    assert row.detail["returned"]["count"] == 0 and row.detail["returned"]["failed"]
