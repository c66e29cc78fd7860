"""The whole matrix: every role x jurisdiction x action, allowed and refused (403 saying why, 401 without login)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from httpx import Response

from records.models import AuditEntry
from tests.search_api.fir_api_support import CALLERS, PATNA_STATION, SADAR, TOWN, World, fir_body, ist_today

API = "/api/v1/firs"
# Who may read, and who may write, an FIR of Hajipur Sadar (Vaishali district).
READERS = {"hq", "investigator", "sp_vaishali", "officer_sadar", "api_key_sadar"}
WRITERS = {"officer_sadar", "api_key_sadar"}
ADMINS = {"admin"}

Action = Callable[[World, dict[str, str], dict[str, Any]], Response]

pytest_plugins = ["tests.search_api.fir_api_support"]


def _read(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.get(f"{API}/{fir['id']}", headers=headers)


def _print(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.get(f"{API}/{fir['id']}/print", headers=headers)


def _list_station(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.get(API, params={"station": SADAR}, headers=headers)


def _register(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.post(API, json=fir_body(station=SADAR), headers=headers)


def _patch(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.patch(f"{API}/{fir['id']}", json={"beat": "7"}, headers={**headers, "If-Match": "*"})


def _add_party(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.post(f"{API}/{fir['id']}/parties", json={"role": "witness", "name": "गवाह"}, headers=headers)


def _status(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.post(f"{API}/{fir['id']}/status", json={"to": "under_investigation"}, headers=headers)


def _arrest(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    body = {"person_id": fir["accused"][0]["person_id"], "at": "2025-01-01T10:00:00+05:30"}
    return world.client.post(f"{API}/{fir['id']}/arrests", json=body, headers=headers)


def _seizure(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    body = {"seized_at": fir["registered_at"], "kind": "cash", "description": "₹ 500"}
    return world.client.post(f"{API}/{fir['id']}/seizures", json=body, headers=headers)


def _final_report(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    body = {"kind": "false", "submitted_on": ist_today().isoformat()}
    return world.client.post(f"{API}/{fir['id']}/final-reports", json=body, headers=headers)


def _court(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    body = {"court": "CJM", "result": "acquitted", "disposed_on": ist_today().isoformat()}
    return world.client.post(f"{API}/{fir['id']}/court-results", json=body, headers=headers)


def _transfer(world: World, headers: dict[str, str], fir: dict[str, Any]) -> Response:
    return world.client.post(f"{API}/{fir['id']}/transfer", json={"to_station": TOWN}, headers=headers)


READS: dict[str, Action] = {"read": _read, "print": _print, "list_station": _list_station}
WRITES: dict[str, Action] = {
    "register": _register,
    "patch": _patch,
    "add_party": _add_party,
    "status": _status,
    "arrest": _arrest,
    "seizure": _seizure,
    "final_report": _final_report,
    "court_result": _court,
    "transfer": _transfer,
}


def _expected(caller: str, allowed: set[str]) -> set[int]:
    if caller == "nobody":
        return {401}
    return {403} if caller not in allowed else set()


@pytest.mark.parametrize("action", sorted({**READS, **WRITES}))
def test_fir_actions_by_role_and_jurisdiction(world: World, action: str) -> None:
    """A Hajipur Sadar FIR, acted on by every caller: allowed ones pass authorisation (2xx, or a 409/422 about
    the FIR itself), refused ones get 403 with a reason, anonymous ones 401."""
    fir = world.register(body=fir_body(information_type="zero_fir")).json()
    act = {**READS, **WRITES}[action]
    allowed = READERS if action in READS else WRITERS
    for caller in CALLERS:
        response = act(world, world.as_(caller), fir)
        refused = _expected(caller, allowed)
        if refused:
            assert response.status_code in refused, (action, caller, response.status_code, response.text)
            body = response.json()
            assert body["error"] in {"forbidden", "unauthorized"} and body["message"], body
        else:
            assert response.status_code < 400 or response.status_code in {409, 422}, (
                action,
                caller,
                response.status_code,
                response.text,
            )
            assert response.status_code not in {401, 403}


def test_district_sp_reads_own_district_only(world: World) -> None:
    sadar = world.register().json()
    patna = world.register(who="officer_patna").json()
    assert world.client.get(f"{API}/{sadar['id']}", headers=world.as_("sp_vaishali")).status_code == 200
    assert world.client.get(f"{API}/{patna['id']}", headers=world.as_("sp_patna")).status_code == 200
    refused = world.client.get(f"{API}/{patna['id']}", headers=world.as_("sp_vaishali"))
    assert refused.status_code == 403 and "own district" in refused.json()["message"]
    listed = world.client.get(API, params={"limit": 200}, headers=world.as_("sp_vaishali")).json()["items"]
    assert {item["district"] for item in listed} == {"VAISHALI"}
    other = world.client.get(API, params={"district": "PATNA"}, headers=world.as_("sp_vaishali"))
    assert other.status_code == 403


def test_station_officer_lists_and_reads_only_own_station(world: World) -> None:
    world.register()
    world.register(who="officer_town")
    listed = world.client.get(API, params={"limit": 200}, headers=world.as_("officer_town")).json()["items"]
    assert listed and {item["station"] for item in listed} == {TOWN}
    other = world.client.get(API, params={"station": SADAR}, headers=world.as_("officer_town"))
    assert other.status_code == 403 and "own station" in other.json()["message"]
    state = world.client.get(API, params={"limit": 200}, headers=world.as_("investigator")).json()["items"]
    assert {SADAR, TOWN} <= {item["station"] for item in state}


def test_registering_for_another_station_is_refused(world: World) -> None:
    response = world.client.post(API, json=fir_body(station=PATNA_STATION), headers=world.as_("officer_sadar"))
    assert response.status_code == 403 and "own station" in response.json()["message"]
    by_key = world.client.post(API, json=fir_body(station=TOWN), headers=world.as_("api_key_sadar"))
    assert by_key.status_code == 403 and "API key" in by_key.json()["message"]


def test_api_key_registrations_are_audited_against_the_client(world: World) -> None:
    fir = world.register(who="api_key_sadar").json()
    assert fir["station"] == SADAR
    entry = world.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir["id"]), AuditEntry.action == "create"
        )
    ).one()
    assert entry.api_client_id == world.api_client_id and entry.user_id is None


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/admin/users", None),
        ("POST", "/api/v1/admin/users", {"username": "x.y.z", "role": "hq", "password": "0123456789ab"}),
        ("POST", "/api/v1/admin/users/1/deactivate", None),
        ("GET", "/api/v1/admin/api-clients", None),
        ("POST", "/api/v1/admin/api-clients", {"name": "x", "station": SADAR}),
        ("POST", "/api/v1/admin/api-clients/1/revoke", None),
    ],
)
def test_only_administrators_manage_users_and_api_clients(world: World, method: str, path: str, body: Any) -> None:
    for caller in CALLERS:
        if caller in ADMINS:
            continue
        response = world.client.request(method, path, json=body, headers=world.as_(caller))
        assert response.status_code == (401 if caller == "nobody" else 403), (caller, response.text)
