"""Idempotency-Key: however often a station's system retries, one FIR, and the same answer every time."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from records.models import Fir
from tests.search_api.fir_api_support import Committed, World, fir_body

API = "/api/v1/firs"

pytest_plugins = ["tests.search_api.fir_api_support"]


def test_same_key_sent_five_times_registers_one_fir_and_answers_the_same(world: World) -> None:
    key = str(uuid.uuid4())
    body = fir_body()
    headers = {**world.as_("api_key_sadar"), "Idempotency-Key": key}
    responses = [world.client.post(API, json=body, headers=headers) for _ in range(5)]
    assert {response.status_code for response in responses} == {201}
    first = responses[0].json()
    assert all(response.json() == first for response in responses)
    assert all(response.headers["Location"] == responses[0].headers["Location"] for response in responses)
    assert "Idempotent-Replayed" not in responses[0].headers
    assert all(response.headers["Idempotent-Replayed"] == "true" for response in responses[1:])
    count = world.session.scalar(sa.select(sa.func.count(Fir.id)).where(Fir.id == first["id"]))
    assert count == 1
    serials = world.session.scalars(
        sa.select(Fir.serial).where(
            Fir.station_id == world.station_ids["VAISHALI-HAJIPUR-SADAR"], Fir.serial > first["serial"]
        )
    ).all()
    assert serials == []


def test_a_key_reused_for_a_different_request_is_refused(world: World) -> None:
    key = str(uuid.uuid4())
    headers = {**world.as_("officer_sadar"), "Idempotency-Key": key}
    assert world.client.post(API, json=fir_body(), headers=headers).status_code == 201
    other = world.client.post(API, json=fir_body(brief_facts="दूसरी घटना"), headers=headers)
    assert other.status_code == 422
    detail = other.json()["detail"][0]
    assert detail["field"] == "Idempotency-Key" and "different request" in detail["msg"]


def test_keys_belong_to_their_sender_and_failed_requests_do_not_use_them_up(world: World) -> None:
    key = str(uuid.uuid4())
    bad = world.client.post(
        API, json=fir_body(sections=[]), headers={**world.as_("officer_sadar"), "Idempotency-Key": key}
    )
    assert bad.status_code == 422
    mine = world.client.post(API, json=fir_body(), headers={**world.as_("officer_sadar"), "Idempotency-Key": key})
    theirs = world.client.post(API, json=fir_body(), headers={**world.as_("officer_town"), "Idempotency-Key": key})
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


def test_idempotent_later_records_are_recorded_once(world: World) -> None:
    fir = world.register().json()
    headers = {**world.as_("officer_sadar"), "Idempotency-Key": str(uuid.uuid4())}
    body = {"seized_at": fir["registered_at"], "kind": "cash", "description": "₹ 2,000 नकद"}
    answers = [world.client.post(f"{API}/{fir['id']}/seizures", json=body, headers=headers) for _ in range(3)]
    assert {answer.status_code for answer in answers} == {201}
    assert len(world.client.get(f"{API}/{fir['id']}", headers=world.as_("hq")).json()["seizures"]) == 1


def test_bad_idempotency_key_is_named(world: World) -> None:
    response = world.client.post(
        API, json=fir_body(), headers={**world.as_("officer_sadar"), "Idempotency-Key": "x" * 300}
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "Idempotency-Key"


@pytest.mark.slow
def test_same_key_sent_concurrently_registers_exactly_one_fir(committed: Committed) -> None:
    key = str(uuid.uuid4())
    body = fir_body()
    headers = {**committed.key_headers, "Idempotency-Key": key}
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: committed.client.post(API, json=body, headers=headers), range(8)))
    assert {response.status_code for response in responses} == {201}, [r.text for r in responses]
    assert len({response.json()["id"] for response in responses}) == 1
    with committed.engine.connect() as connection:
        count = connection.execute(
            sa.select(sa.func.count(Fir.id)).where(Fir.station_id == committed.station_id)
        ).scalar()
    assert count == 1
