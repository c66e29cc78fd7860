"""The courts and prisons this node talks to, registered like nodes: a code, a kind, where a court takes offers, and
the hash of the key each presents in ``X-CCTNS-Node-Key`` (the node-to-node header; a court or prison key opens
only the ICJS routes). Adding and removing one is audited.

Kept beside the node registry (``network_peer``, whose codes are two-digit state codes) because a court's code is
its eCourts establishment code (``BRVS01``) and a prison's its state's code and its own (``10-BEUR_PATNA``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import IcjsPeer

KEY_HEADER = "X-CCTNS-Node-Key"
MIN_KEY_LENGTH = 24
KINDS = ("court", "prison")
CODES = {
    "court": re.compile(r"^[A-Z]{2}[A-Z0-9]{2}[0-9]{2}$"),
    "prison": re.compile(r"^[0-9]{2}-[A-Z0-9][A-Z0-9_]{0,15}$"),
}
CODE_FORMS = {
    "court": "the eCourts establishment code, like BRVS01",
    "prison": "state code-prison code, like 10-BEUR_PATNA",
}
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class IcjsPeerError(ValueError):
    """A court or prison that cannot be registered as asked; the message says why."""


class IcjsNotAuthenticated(Exception):
    """A call that does not come from a registered court or prison; the message says why."""


@dataclass(frozen=True)
class IcjsPartner:
    """A registered court or prison, as routes and the sender see it."""

    code: str
    kind: str
    name: str
    base_url: str | None

    def actor(self, client_address: str | None = None) -> Actor:
        """Who its call is in this node's audit log."""
        return Actor(client_address=client_address, via=f"{self.kind} {self.code} ({self.name})")


def hash_key(key: str) -> str:
    return "sha256$" + hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "cctnsicjs_" + secrets.token_urlsafe(32)


def _partner(row: IcjsPeer) -> IcjsPartner:
    return IcjsPartner(row.code, row.kind, row.name, row.base_url)


def add_partner(
    session: Session, *, code: str, kind: str, name: str, key: str, base_url: str | None, actor: Actor
) -> IcjsPartner:
    """Register a court or prison (or replace the one with this code). Never commits."""
    code, name = code.strip().upper(), name.strip()
    if kind not in KINDS:
        raise IcjsPeerError(f"kind: one of {', '.join(KINDS)}, got {kind!r}")
    if not CODES[kind].match(code):
        raise IcjsPeerError(f"code: a {kind}'s code is {CODE_FORMS[kind]}, got {code!r}")
    if not name:
        raise IcjsPeerError("name: the court's or prison's name, as the station will read it")
    if base_url is not None:
        base_url = base_url.strip().rstrip("/")
        if not _URL.match(base_url):
            raise IcjsPeerError(f"url: http(s)://host:port, got {base_url!r}")
    if kind == "court" and not base_url:
        raise IcjsPeerError("url: a court needs the address where it takes offers")
    if len(key.strip()) < MIN_KEY_LENGTH:
        raise IcjsPeerError(f"key: the key it presents must be at least {MIN_KEY_LENGTH} characters")
    key_hash = hash_key(key.strip())
    other = session.scalar(sa.select(IcjsPeer).where(IcjsPeer.key_hash == key_hash, IcjsPeer.code != code))
    if other is not None:
        raise IcjsPeerError(f"key: {other.kind} {other.code} already presents this key; each has its own")
    row = session.scalar(sa.select(IcjsPeer).where(IcjsPeer.code == code))
    action = "update" if row is not None else "create"
    if row is None:
        row = IcjsPeer(code=code, kind=kind, name=name, base_url=base_url, key_hash=key_hash)
        session.add(row)
    else:
        row.kind, row.name, row.base_url, row.key_hash = kind, name, base_url, key_hash
    session.flush()
    actor.audit(session, action, "icjs_peer", code, {"kind": kind, "name": name, "url": base_url})
    return _partner(row)


def remove_partner(session: Session, code: str, *, actor: Actor) -> None:
    row = session.scalar(sa.select(IcjsPeer).where(IcjsPeer.code == code.strip().upper()))
    if row is None:
        raise IcjsPeerError(f"code: no court or prison has code {code!r}")
    session.delete(row)
    session.flush()
    actor.audit(session, "delete", "icjs_peer", row.code, {"kind": row.kind, "name": row.name})


def partners(session: Session, kind: str | None = None) -> list[IcjsPartner]:
    query = sa.select(IcjsPeer).order_by(IcjsPeer.kind, IcjsPeer.code)
    if kind is not None:
        query = query.where(IcjsPeer.kind == kind)
    return [_partner(row) for row in session.scalars(query)]


def partner(session: Session, code: str) -> IcjsPartner | None:
    row = session.scalar(sa.select(IcjsPeer).where(IcjsPeer.code == code))
    return _partner(row) if row is not None else None


def authenticate_partner(session: Session, presented_key: str | None, kind: str) -> IcjsPartner:
    """The registered ``kind`` (court or prison) presenting ``presented_key``; IcjsNotAuthenticated saying why not."""
    if not presented_key:
        raise IcjsNotAuthenticated(f"a {kind}'s call must present its key in {KEY_HEADER}")
    key_hash = hash_key(presented_key.strip())
    row = session.scalar(sa.select(IcjsPeer).where(IcjsPeer.key_hash == key_hash))
    if row is None or not hmac.compare_digest(row.key_hash, key_hash):
        raise IcjsNotAuthenticated(f"the key in {KEY_HEADER} is not one a registered court or prison presents")
    if row.kind != kind:
        raise IcjsNotAuthenticated(f"{row.kind} {row.code} sends {row.kind} events, not {kind} events")
    now = datetime.now(UTC)
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        session.execute(sa.update(IcjsPeer).where(IcjsPeer.id == row.id).values(last_seen_at=now))
    return _partner(row)
