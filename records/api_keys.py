"""API keys of station systems: issued bound to one station, shown once, stored only as a SHA-256 hash, revocable.

A key looks like ``cctns_<prefix>_<secret>``: the prefix finds the ``api_client`` row, the whole key is checked
against its stored hash (a key is 256 random bits, so a fast hash is safe and keeps each request cheap;
passwords, which people choose, use argon2). Issuing and revoking are audited here, whichever door asks.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import ApiClient, PoliceStation
from records.users import UserInputError

API_KEY_PREFIX_LENGTH = 10


def hash_api_key(key: str) -> str:
    return "sha256$" + hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
    return prefix, f"cctns_{prefix}_{secrets.token_urlsafe(32)}"


def issue_api_key(session: Session, *, name: str, station_code: str, actor: Actor) -> tuple[ApiClient, str]:
    """A new API client bound to one station; returns it and its key (shown once). Never commits."""
    station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == station_code.strip().upper()))
    if station is None:
        raise UserInputError(f"station: no police station has code {station_code!r}")
    prefix, key = _new_key()
    client = ApiClient(name=name, station_id=station.id, key_prefix=prefix, key_hash=hash_api_key(key))
    session.add(client)
    session.flush()
    actor.audit(session, "create", "api_client", client.id, {"name": name, "station": station.code})
    return client, key


def revoke_api_key(session: Session, client: ApiClient, *, actor: Actor) -> None:
    """Revoke a key: requests with it are refused from now on. Revoking twice changes nothing. Never commits."""
    if client.revoked_at is not None:
        return
    client.revoked_at = datetime.now(UTC)
    session.flush()
    actor.audit(session, "revoke", "api_client", client.id, {"name": client.name})


def rotate_api_key(session: Session, client: ApiClient, *, actor: Actor) -> str:
    """A new key for ``client`` (same station and name); the old key is refused from now on. Returns the new key
    (shown once). A revoked client is not brought back (UserInputError). Never commits."""
    if client.revoked_at is not None:
        raise UserInputError(f"api_client: {client.name!r} was revoked; create a new API client instead")
    old_prefix = client.key_prefix
    client.key_prefix, key = _new_key()
    client.key_hash = hash_api_key(key)
    session.flush()
    actor.audit(session, "rotate", "api_client", client.id, {"name": client.name, "old_key_prefix": old_prefix})
    return key
