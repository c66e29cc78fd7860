"""Guessing passwords is throttled at both login doors (429 with Retry-After), repeated failures lock the account
until an administrator unlocks it or the lock times out, and logging out revokes the token or cookie."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from records.models import AuditEntry, RateLimitHit, User
from search_api.logins import LOCK_AFTER, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS
from search_api.session_login import COOKIE, principal_from_cookie
from tests.search_api.fir_api_support import PASSWORD, World

TOKEN = "/api/v1/auth/token"
STAFF = "/staff/login"

pytest_plugins = ["tests.search_api.fir_api_support"]


def _token_login(world: World, username: str, password: str) -> object:
    return world.client.post(TOKEN, data={"username": username, "password": password})


def _audited(world: World, user: User, action: str) -> int:
    query = sa.select(sa.func.count()).where(AuditEntry.action == action, AuditEntry.entity_id == str(user.id))
    return int(world.session.scalar(query) or 0)


def _age_login_counts(world: World) -> None:
    """As if the throttle's window had passed (the counts are rows with a time)."""
    world.session.execute(
        sa.update(RateLimitHit)
        .where(RateLimitHit.bucket.like("login:%"))
        .values(at=RateLimitHit.at - LOGIN_PER_ACCOUNT.window - timedelta(seconds=1))
    )
    world.session.commit()


def test_wrong_passwords_at_the_api_get_429_with_retry_after(world: World) -> None:
    user = world.users["investigator"]
    for _ in range(LOGIN_PER_ACCOUNT.count):
        assert _token_login(world, user.username, "not the password").status_code == 401
    throttled = _token_login(world, user.username, "not the password")
    assert throttled.status_code == 429, throttled.text
    wait = int(throttled.headers["Retry-After"])
    assert 0 < wait <= LOGIN_PER_ACCOUNT.window.total_seconds() + 1
    assert re.search(r"too many failed logins for this account; try again in \d+ minutes", throttled.json()["message"])
    # While throttled even the right password waits: guessing must not go on.
    assert _token_login(world, user.username.upper(), PASSWORD).status_code == 429
    assert _audited(world, user, "login_failed") == LOGIN_PER_ACCOUNT.count
    assert _audited(world, user, "login_throttled") == 2
    _age_login_counts(world)
    assert _token_login(world, user.username, PASSWORD).status_code == 200


def test_unknown_names_are_throttled_like_real_ones(world: World) -> None:
    for _ in range(LOGIN_PER_ACCOUNT.count):
        assert _token_login(world, "no.such.officer", "guess-guess").status_code == 401
    assert _token_login(world, "no.such.officer", "guess-guess").status_code == 429


def test_the_staff_login_page_shares_the_throttle(world: World) -> None:
    user = world.users["hq"]
    for _ in range(LOGIN_PER_ACCOUNT.count - 1):
        page = world.client.post(STAFF, data={"username": user.username, "password": "wrong one"})
        assert page.status_code == 401
    # One more at the other door uses up the same account's allowance.
    assert _token_login(world, user.username, "wrong one").status_code == 401
    page = world.client.post(STAFF, data={"username": user.username, "password": PASSWORD})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
    assert "Too many failed logins for this account" in page.text
    assert COOKIE not in page.headers.get("set-cookie", "")


def test_one_address_trying_many_accounts_is_throttled(world: World) -> None:
    for number in range(LOGIN_PER_ADDRESS.count):
        assert _token_login(world, f"sprayed.{number}", "password1").status_code == 401
    refused = _token_login(world, "sprayed.last", "password1")
    assert refused.status_code == 429 and "from this address" in refused.json()["message"]
    assert int(refused.headers["Retry-After"]) > 0


def test_a_successful_login_takes_back_its_counts(world: World) -> None:
    user = world.users["officer_sadar"]
    for _ in range(LOGIN_PER_ACCOUNT.count - 1):
        assert _token_login(world, user.username, "nope nope").status_code == 401
    assert _token_login(world, user.username, PASSWORD).status_code == 200
    world.session.refresh(user)
    assert user.failed_logins == 0
    for _ in range(LOGIN_PER_ACCOUNT.count - 1):  # a fresh allowance after the success
        assert _token_login(world, user.username, "nope nope").status_code == 401
    assert _token_login(world, user.username, PASSWORD).status_code == 200


def test_repeated_failures_lock_the_account_until_an_administrator_unlocks_it(world: World) -> None:
    user = world.users["sp_vaishali"]
    for attempt in range(1, LOCK_AFTER + 1):
        assert _token_login(world, user.username, "wrong password").status_code == 401
        if attempt % LOGIN_PER_ACCOUNT.count == 0:
            _age_login_counts(world)  # a patient guesser waits out the throttle
    _age_login_counts(world)
    locked = _token_login(world, user.username, PASSWORD)
    assert locked.status_code == 429, locked.text
    assert "locked" in locked.json()["message"] and "administrator" in locked.json()["message"]
    assert 3000 < int(locked.headers["Retry-After"]) <= 3601
    page = world.client.post(STAFF, data={"username": user.username, "password": PASSWORD})
    assert page.status_code == 429 and "locked" in page.text
    assert _audited(world, user, "lock") == 1 and _audited(world, user, "login_locked") == 2

    admin = world.as_("admin")
    listed = world.client.get("/api/v1/admin/users", params={"role": "district_sp"}, headers=admin).json()
    assert next(u for u in listed if u["id"] == user.id)["locked_until"] is not None
    assert world.client.post(f"/api/v1/admin/users/{user.id}/unlock", headers=world.as_("hq")).status_code == 403
    unlocked = world.client.post(f"/api/v1/admin/users/{user.id}/unlock", headers=admin)
    assert unlocked.status_code == 200 and unlocked.json()["locked_until"] is None
    entry = world.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "unlock", AuditEntry.entity_id == str(user.id))
    )
    assert entry is not None and entry.user_id == world.users["admin"].id
    assert entry.detail["before"]["locked_until"] and entry.detail["after"]["locked_until"] is None
    assert _token_login(world, user.username, PASSWORD).status_code == 200
    missing = world.client.post("/api/v1/admin/users/999999/unlock", headers=admin)
    assert missing.status_code == 404


def test_a_lock_times_out(world: World) -> None:
    user = world.users["officer_town"]
    user.locked_until = datetime.now(UTC) + timedelta(minutes=5)
    world.session.commit()
    assert _token_login(world, user.username, PASSWORD).status_code == 429
    user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    world.session.commit()
    assert _token_login(world, user.username, PASSWORD).status_code == 200


def test_a_logged_out_bearer_token_is_refused(world: World) -> None:
    user = world.users["investigator"]
    token = _token_login(world, user.username, PASSWORD).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert world.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert world.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    refused = world.client.get("/api/v1/auth/me", headers=headers)
    assert refused.status_code == 401 and "logged out" in refused.json()["message"]
    assert world.client.post("/api/v1/auth/logout", headers=headers).status_code == 401
    assert world.client.post("/api/v1/auth/logout").status_code == 401
    assert _audited(world, user, "logout") == 1
    other = _token_login(world, user.username, PASSWORD).json()["access_token"]  # other sessions go on
    assert world.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_a_copied_session_cookie_stops_working_after_logout(world: World) -> None:
    user = world.users["hq"]
    login = world.client.post(STAFF, data={"username": user.username, "password": PASSWORD}, follow_redirects=False)
    assert login.status_code == 303
    cookie = world.client.cookies[COOKIE]
    settings = world.client.app.state.settings
    assert principal_from_cookie(world.session, settings, cookie) is not None
    # A logout POSTed without the page's token (another site's form) changes nothing.
    forged = world.client.post("/staff/logout", data={"csrf_token": "x"}, follow_redirects=False)
    assert forged.status_code == 403
    assert principal_from_cookie(world.session, settings, cookie) is not None
    page = world.client.get("/staff/logout")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert token is not None
    out = world.client.post("/staff/logout", data={"csrf_token": token.group(1)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/staff/login"
    assert principal_from_cookie(world.session, settings, cookie) is None
    copied = world.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {cookie}"})
    assert copied.status_code == 401 and "logged out" in copied.json()["message"]
