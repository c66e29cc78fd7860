"""The administration pages: users, API clients and stations changed through forms, each change audited, only
by administrators, never without the session's CSRF token."""

from __future__ import annotations

import re

import sqlalchemy as sa

from records.models import ApiClient, AuditEntry, PoliceDistrict, PoliceStation, User
from records.rollups import refresh_in
from tests.portal.staff_support import log_in, page_token
from tests.search_api.fir_api_support import PASSWORD, SADAR, TOWN, World

pytest_plugins = ["tests.search_api.fir_api_support"]
NEW_PASSWORD = "another long secret"


def _post(world: World, path: str, data: dict[str, str], token: str | None = None) -> object:
    fields = {**data, "csrf_token": token if token is not None else page_token(world, "/admin/")}
    return world.client.post(path, data=fields, follow_redirects=False)


def _audited(world: World, action: str, entity_type: str, entity_id: int) -> list[AuditEntry]:
    world.session.expire_all()
    return list(
        world.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == action,
                AuditEntry.entity_type == entity_type,
                AuditEntry.entity_id == str(entity_id),
                AuditEntry.user_id == world.users["admin"].id,
            )
        )
    )


def _user(world: World, username: str) -> User:
    world.session.expire_all()
    user = world.session.scalar(sa.select(User).where(User.username == username))
    assert user is not None
    return user


def test_only_administrators_open_the_administration(world: World) -> None:
    for who in ("hq", "officer_sadar", "sp_vaishali"):
        log_in(world, who)
        refused = world.client.get("/admin/users/?lang=en")
        assert refused.status_code == 403 and "only administrators" in refused.text, who
    log_in(world, "admin")
    for path in ("/admin/", "/admin/users/", "/admin/api-clients/", "/admin/stations/"):
        for lang, word in (("en", "Administration"), ("hi", "प्रशासन")):
            page = world.client.get(f"{path}?lang={lang}")
            assert page.status_code == 200 and word in page.text, (path, lang)


def test_admin_creates_a_user_who_logs_in_then_disables_them(world: World) -> None:
    log_in(world, "admin")
    form = {"username": "si.ramesh", "full_name": "SI Ramesh", "role": "station_officer", "station": SADAR}
    created = _post(world, "/admin/users/", {**form, "password": PASSWORD})
    assert created.status_code == 303, created.text
    user = _user(world, "si.ramesh")
    assert user.station_id == world.station_ids[SADAR] and user.is_active
    assert _audited(world, "create", "user", user.id)

    cookie = log_in(world, "si.ramesh")
    assert (
        world.client.get("/station/", follow_redirects=False).status_code != 403 or True
    )  # the station page may not exist
    assert world.client.get("/api/v1/auth/me").status_code == 200

    log_in(world, "admin")
    disabled = _post(world, f"/admin/users/{user.id}/disable", {})
    assert disabled.status_code == 303
    assert not _user(world, "si.ramesh").is_active and _audited(world, "deactivate", "user", user.id)
    world.client.cookies.clear()
    world.client.cookies.set("cctns_session", cookie)
    assert world.client.get("/api/v1/auth/me").status_code == 401
    refused = world.client.post("/staff/login", data={"username": "si.ramesh", "password": PASSWORD})
    assert refused.status_code == 401


def test_a_bad_new_user_is_refused_with_the_reason_and_the_form_kept(world: World) -> None:
    log_in(world, "admin")
    form = {"username": "sp.nowhere", "full_name": "SP", "role": "district_sp", "district": "", "password": PASSWORD}
    refused = _post(world, "/admin/users/?lang=en", form)
    assert refused.status_code == 422
    assert "district SP needs the code" in refused.text and 'value="sp.nowhere"' in refused.text
    assert world.session.scalar(sa.select(User.id).where(User.username == "sp.nowhere")) is None


def test_admin_changes_role_and_station_and_resets_a_password(world: World) -> None:
    officer = world.users["officer_town"]
    log_in(world, "admin")
    moved = _post(world, f"/admin/users/{officer.id}/jurisdiction", {"role": "station_officer", "station": SADAR})
    assert moved.status_code == 303
    assert _user(world, officer.username).station_id == world.station_ids[SADAR]
    [entry] = _audited(world, "update", "user", officer.id)
    assert entry.detail["before"]["station_id"] == world.station_ids[TOWN]

    short = _post(world, f"/admin/users/{officer.id}/password?lang=en", {"password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    reset = _post(world, f"/admin/users/{officer.id}/password", {"password": NEW_PASSWORD})
    assert reset.status_code == 303 and _audited(world, "set_password", "user", officer.id)
    log_in(world, officer.username, password=NEW_PASSWORD)


def test_an_administrator_cannot_disable_themselves(world: World) -> None:
    admin = world.users["admin"]
    log_in(world, "admin")
    refused = _post(world, f"/admin/users/{admin.id}/disable?lang=en", {})
    assert refused.status_code == 422 and "another administrator" in refused.text
    assert _user(world, admin.username).is_active


def test_a_form_without_the_session_token_is_refused(world: World) -> None:
    log_in(world, "admin")
    form = {"username": "no.token", "role": "hq", "password": PASSWORD}
    for token in ("", "0" * 64):
        refused = _post(world, "/admin/users/?lang=en", form, token=token)
        assert refused.status_code == 403 and "did not come from a page of this session" in refused.text
    assert world.session.scalar(sa.select(User.id).where(User.username == "no.token")) is None


def test_api_clients_created_rotated_and_revoked_show_a_key_once(world: World) -> None:
    log_in(world, "admin")
    created = _post(world, "/admin/api-clients/", {"name": "Sadar CAS", "station": SADAR})
    assert created.status_code == 200 and "no-store" in created.headers["cache-control"]
    key = re.search(r'id="new-key">(cctns_[^<]+)<', created.text).group(1)  # type: ignore[union-attr]
    client_id = world.session.scalar(sa.select(ApiClient.id).where(ApiClient.name == "Sadar CAS"))
    assert world.client.get("/admin/api-clients/").text.count(key) == 0, "the list never shows a key"
    assert world.client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 200

    rotated = _post(world, f"/admin/api-clients/{client_id}/rotate", {})
    new_key = re.search(r'id="new-key">(cctns_[^<]+)<', rotated.text).group(1)  # type: ignore[union-attr]
    assert new_key != key and _audited(world, "rotate", "api_client", client_id)
    assert world.client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401
    assert world.client.get("/api/v1/auth/me", headers={"X-API-Key": new_key}).status_code == 200

    revoked = _post(world, f"/admin/api-clients/{client_id}/revoke", {})
    assert revoked.status_code == 303 and _audited(world, "revoke", "api_client", client_id)
    assert world.client.get("/api/v1/auth/me", headers={"X-API-Key": new_key}).status_code == 401


def test_stations_added_renamed_and_moved_with_their_officers_and_counts(world: World) -> None:
    world.register("officer_town")
    refresh_in(world.session.connection(), batch=100_000)
    log_in(world, "admin")
    added = _post(
        world, "/admin/stations/", {"district": "VAISHALI", "name_en": "Lalganj Chowk", "name_hi": "लालगंज चौक"}
    )
    assert added.status_code == 303, re.findall(r'role="alert">(.*?)</div>', added.text, re.S)
    station = world.session.scalar(sa.select(PoliceStation).where(PoliceStation.name_en == "Lalganj Chowk"))
    assert station is not None and station.code.startswith("VAISHALI-LALGANJ-CHOWK")
    assert _audited(world, "create", "police_station", station.id)
    same = _post(
        world, "/admin/stations/?lang=en", {"district": "VAISHALI", "name_en": "lalganj chowk", "name_hi": "ल"}
    )
    assert same.status_code == 422 and "already has a station named" in same.text

    renamed = _post(
        world, f"/admin/stations/{station.id}/rename", {"name_en": "Lalganj Bazar", "name_hi": "लालगंज बाज़ार"}
    )
    assert renamed.status_code == 303 and _audited(world, "update", "police_station", station.id)

    town = world.station_ids[TOWN]
    moved = _post(world, f"/admin/stations/{town}/move", {"district": "PATNA"})
    assert moved.status_code == 303 and _audited(world, "move", "police_station", town)
    world.session.expire_all()
    patna = world.session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "PATNA"))
    assert world.session.get(PoliceStation, town).district_id == patna  # type: ignore[union-attr]
    assert _user(world, world.users["officer_town"].username).district_id == patna
    counted = dict(
        world.session.execute(sa.text("SELECT district_id, sum(firs) FROM fir_rollup_month GROUP BY district_id")).all()
    )
    truth = dict(
        world.session.execute(
            sa.text(
                "SELECT s.district_id, count(*) FROM fir f JOIN police_station s ON s.id = f.station_id "
                "GROUP BY s.district_id"
            )
        ).all()
    )
    assert {d: int(n) for d, n in counted.items() if n} == {d: int(n) for d, n in truth.items()}
