"""Logging in, tokens that expire, API keys stored as hashes, bound to a station and revocable; the admin API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import sqlalchemy as sa

from records.models import ApiClient, AuditEntry, User
from search_api.auth import TOKEN_ALGORITHM, create_access_token
from tests.search_api.fir_api_support import PASSWORD, SADAR, World, fir_body

TOKEN = "/api/v1/auth/token"

pytest_plugins = ["tests.search_api.fir_api_support"]


def test_password_login_gives_a_bearer_token_that_works(world: World) -> None:
    user = world.users["officer_sadar"]
    response = world.client.post(TOKEN, data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600 and body["role"] == "station_officer"
    me = world.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["station"] == SADAR and me.json()["district"] == "VAISHALI"
    actions = world.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.user_id == user.id, AuditEntry.entity_type == "user")
    ).all()
    assert "login" in actions


def test_wrong_password_and_unknown_user_get_the_same_401(world: World) -> None:
    user = world.users["hq"]
    wrong = world.client.post(TOKEN, data={"username": user.username, "password": "not the password"})
    unknown = world.client.post(TOKEN, data={"username": "no.such.user", "password": "whatever123"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["message"] == unknown.json()["message"]
    assert wrong.headers["WWW-Authenticate"] == "Bearer"
    failed = world.session.scalar(
        sa.select(sa.func.count()).where(AuditEntry.action == "login_failed", AuditEntry.user_id == user.id)
    )
    assert failed == 1


def test_expired_forged_and_missing_tokens_are_401(world: World) -> None:
    user = world.users["hq"]
    expired, _ = create_access_token(world.client.app.state.settings, user, now=datetime.now(UTC) - timedelta(hours=2))
    response = world.client.get("/api/v1/firs", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and "expired" in response.json()["message"]
    forged = jwt.encode(
        {"sub": str(user.id), "aud": "cctns-api", "exp": datetime.now(UTC) + timedelta(hours=1)},
        "not-the-secret-key-of-this-server-at-all",
        algorithm=TOKEN_ALGORITHM,
    )
    response = world.client.get("/api/v1/firs", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401 and "not valid" in response.json()["message"]
    response = world.client.get("/api/v1/firs")
    assert response.status_code == 401 and response.json()["detail"][0]["field"] == "Authorization"


def test_deactivated_users_tokens_stop_working(world: World) -> None:
    headers = world.as_("investigator")
    assert world.client.get("/api/v1/firs", headers=headers).status_code == 200
    user_id = world.users["investigator"].id
    response = world.client.post(f"/api/v1/admin/users/{user_id}/deactivate", headers=world.as_("admin"))
    assert response.status_code == 200 and response.json()["is_active"] is False
    refused = world.client.get("/api/v1/firs", headers=headers)
    assert refused.status_code == 401 and "disabled" in refused.json()["message"]


def test_admin_creates_and_lists_users(world: World) -> None:
    admin = world.as_("admin")
    body = {
        "username": "sho.sadar.new",
        "full_name": "इंस्पेक्टर राम",
        "role": "station_officer",
        "password": "a long password",
        "station": SADAR,
    }
    created = world.client.post("/api/v1/admin/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["station"] == SADAR and user["district"] == "VAISHALI" and "password" not in str(user)
    stored = world.session.get(User, user["id"])
    assert stored is not None and stored.password_hash.startswith("$argon2")
    listed = world.client.get("/api/v1/admin/users", params={"role": "station_officer"}, headers=admin).json()
    assert "sho.sadar.new" in {u["username"] for u in listed}
    duplicate = world.client.post("/api/v1/admin/users", json=body, headers=admin)
    assert duplicate.status_code == 422 and duplicate.json()["detail"][0]["field"] == "username"
    no_station = world.client.post(
        "/api/v1/admin/users", json={**body, "username": "sho.x", "station": None}, headers=admin
    )
    assert no_station.status_code == 422 and "station" in no_station.json()["message"]
    login = world.client.post(TOKEN, data={"username": "sho.sadar.new", "password": "a long password"})
    assert login.status_code == 200


def test_api_key_is_shown_once_stored_as_hash_bound_to_station_and_revocable(world: World) -> None:
    admin = world.as_("admin")
    created = world.client.post(
        "/api/v1/admin/api-clients", json={"name": "नगर थाना सिस्टम", "station": "VAISHALI-HAJIPUR-TOWN"}, headers=admin
    )
    assert created.status_code == 201, created.text
    client = created.json()
    key = client["api_key"]
    stored = world.session.get(ApiClient, client["id"])
    assert stored is not None and key not in stored.key_hash and stored.key_hash.startswith("sha256$")
    listed = world.client.get("/api/v1/admin/api-clients", headers=admin).json()
    assert all("api_key" not in item for item in listed) and client["id"] in {item["id"] for item in listed}
    headers = {"X-API-Key": key}
    fir = world.client.post("/api/v1/firs", json=fir_body(), headers=headers)
    assert fir.status_code == 201 and fir.json()["station"] == "VAISHALI-HAJIPUR-TOWN"
    revoked = world.client.post(f"/api/v1/admin/api-clients/{client['id']}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    refused = world.client.post("/api/v1/firs", json=fir_body(), headers=headers)
    assert refused.status_code == 401 and "revoked" in refused.json()["message"]
    tampered = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    assert world.client.get("/api/v1/firs", headers={"X-API-Key": tampered}).status_code == 401
    assert world.client.get("/api/v1/firs", headers={"X-API-Key": "junk"}).status_code == 401


def test_admin_errors_are_clear(world: World) -> None:
    admin = world.as_("admin")
    missing = world.client.post("/api/v1/admin/api-clients/999999/revoke", headers=admin)
    assert missing.status_code == 404
    bad_station = world.client.post("/api/v1/admin/api-clients", json={"name": "x", "station": "NOPE"}, headers=admin)
    assert bad_station.status_code == 422 and bad_station.json()["detail"][0]["field"] == "station"
    self_disable = world.client.post(f"/api/v1/admin/users/{world.users['admin'].id}/deactivate", headers=admin)
    assert self_disable.status_code == 409
    reads_firs = world.client.get("/api/v1/firs", headers=admin)
    assert reads_firs.status_code == 403 and "administrators" in reads_firs.json()["message"]
