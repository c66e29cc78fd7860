"""The case diary over HTTP: read and add entries, a correction as a new entry, retries with an Idempotency-Key,
no way to edit or delete, and the refusals of the one access rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from records.models import AuditEntry
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support"]


def _now(minus_minutes: int = 0) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minus_minutes)).isoformat()


def test_entries_in_order_with_their_corrections(world: World) -> None:
    fir = world.register().json()
    path = f"/api/v1/firs/{fir['id']}/diary"
    officer = world.as_("officer_sadar")
    first = world.client.post(path, json={"entry_at": _now(30), "text": "घटनास्थल का निरीक्षण किया।"}, headers=officer)
    assert first.status_code == 201, first.text
    assert first.json()["entry_number"] == 1
    assert first.json()["written_by"] == world.users["officer_sadar"].full_name
    second = world.client.post(
        path,
        json={"entry_at": _now(), "text": "Correction: the visit was at 10:00.", "corrects_entry_number": 1},
        headers=officer,
    )
    assert second.status_code == 201 and second.json()["entry_number"] == 2
    diary = world.client.get(path, headers=world.as_("sp_vaishali"))
    assert diary.status_code == 200
    body = diary.json()
    assert body["fir_number"] == fir["number"]
    assert [(e["entry_number"], e["corrected_by"], e["corrects_entry_number"]) for e in body["entries"]] == [
        (1, [2], None),
        (2, [], 1),
    ]
    reads = world.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "read_diary", AuditEntry.entity_id == str(fir["id"]))
    )
    assert reads == 1


def test_a_retry_with_the_same_key_adds_nothing(world: World) -> None:
    fir = world.register().json()
    path = f"/api/v1/firs/{fir['id']}/diary"
    headers = {**world.as_("officer_sadar"), "Idempotency-Key": "diary-retry-1"}
    body = {"entry_at": _now(), "text": "Arrest memo prepared."}
    first = world.client.post(path, json=body, headers=headers)
    again = world.client.post(path, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first.json()
    assert len(world.client.get(path, headers=world.as_("officer_sadar")).json()["entries"]) == 1


def test_no_edit_or_delete_and_clear_refusals(world: World) -> None:
    fir = world.register().json()
    path = f"/api/v1/firs/{fir['id']}/diary"
    for method in ("PUT", "PATCH", "DELETE"):
        assert world.client.request(method, path, headers=world.as_("officer_sadar")).status_code == 405
    outside = world.client.post(path, json={"entry_at": _now(), "text": "x"}, headers=world.as_("officer_town"))
    assert outside.status_code == 403 and "own station" in outside.json()["message"]
    key = world.client.post(path, json={"entry_at": _now(), "text": "x"}, headers=world.as_("api_key_sadar"))
    assert key.status_code == 403 and "officer in person" in key.json()["message"]
    assert world.client.get(path, headers=world.as_("officer_patna")).status_code == 403
    future = world.client.post(
        path,
        json={"entry_at": (datetime.now(UTC) + timedelta(days=2)).isoformat(), "text": "x"},
        headers=world.as_("officer_sadar"),
    )
    assert future.status_code == 422 and "in the future" in future.text
    empty = world.client.post(path, json={"entry_at": _now(), "text": "  "}, headers=world.as_("officer_sadar"))
    assert empty.status_code == 422
    wrong = world.client.post(
        path, json={"entry_at": _now(), "text": "x", "corrects_entry_number": 3}, headers=world.as_("officer_sadar")
    )
    assert wrong.status_code == 422 and "has no entry 3" in wrong.text
    assert world.client.get("/api/v1/firs/999999999/diary", headers=world.as_("hq")).status_code == 404
