"""The peer registry: every party this node talks to over the network, one table (``network_peer``) and one key
check. A peer is a node (a state, or the national node) or, under ICJS, a court or a prison; each has a code,
where it answers, and the hash of the key it presents.

A peer proves itself with its key in the ``X-CCTNS-Node-Key`` header; this node keeps only its SHA-256 hash (a key
is a long random secret, so a fast hash is safe and keeps each call cheap, as for stations' API keys).
:func:`authenticate_peer` is the one check every node-to-node route makes (through ``search_api.network_auth``),
naming the roles the route admits: a court's key does not open the node routes, a state node's key does not post
court events. Adding and removing a peer is audited.

Codes by role: a state's two-digit Census 2011 code (Bihar 10), ``00`` the national node, a court's eCourts
establishment code (``BRVS01``), a prison's state code and its own (``10-BEUR_PATNA``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import NetworkPeer, PeerRole
from records.settings import NATIONAL_CODE

NODE_KEY_HEADER = "X-CCTNS-Node-Key"
NODE_CODE_HEADER = "X-CCTNS-Node"
MIN_KEY_LENGTH = 24
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
NODE_ROLES = frozenset({PeerRole.STATE, PeerRole.NATIONAL})
ICJS_ROLES = frozenset({PeerRole.COURT, PeerRole.PRISON})
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")
_CODES = {
    PeerRole.STATE: (re.compile(r"^[0-9]{2}$"), "a state's two-digit Census 2011 code (Bihar 10, Uttar Pradesh 09)"),
    PeerRole.NATIONAL: (re.compile(rf"^{NATIONAL_CODE}$"), f"the national node's code is {NATIONAL_CODE}"),
    PeerRole.COURT: (re.compile(r"^[A-Z]{2}[A-Z0-9]{2}[0-9]{2}$"), "the eCourts establishment code, like BRVS01"),
    PeerRole.PRISON: (re.compile(r"^[0-9]{2}-[A-Z0-9][A-Z0-9_]{0,15}$"), "state code-prison code, like 10-BEUR_PATNA"),
}


class PeerError(ValueError):
    """A peer that cannot be added or removed as asked; the message says why."""


class PeerNotAuthenticated(Exception):
    """A call that does not come from a registered peer the route admits; the message says why."""


@dataclass(frozen=True)
class Peer:
    """A registered peer, as callers and routes see it (``base_url`` is None only for a prison, which takes no
    calls)."""

    id: int
    code: str
    role: PeerRole
    name: str
    base_url: str | None

    @property
    def is_national(self) -> bool:
        return self.role is PeerRole.NATIONAL

    @property
    def is_node(self) -> bool:
        return self.role in NODE_ROLES

    def actor(self, client_address: str | None = None) -> Actor:
        """Who its call is in this node's audit log: ``node 10 (Bihar)``, ``court BRVS01 (...)``."""
        word = "node" if self.is_node else self.role.value
        return Actor(client_address=client_address, via=f"{word} {self.code} ({self.name})")


def hash_node_key(key: str) -> str:
    return "sha256$" + hashlib.sha256(key.encode()).hexdigest()


def new_node_key() -> str:
    """A fresh key (shown once, given to the node, court or prison that will present it)."""
    return "cctnsnode_" + secrets.token_urlsafe(32)


def _peer(row: NetworkPeer) -> Peer:
    return Peer(row.id, row.code, row.role, row.name, row.base_url)


def _checked_code(role: PeerRole, code: str) -> str:
    code = code.strip().upper() if role in ICJS_ROLES else code.strip()
    form, described = _CODES[role]
    if not form.match(code):
        raise PeerError(f"code: a {role.value}'s code is {described}, got {code!r}")
    if role is PeerRole.STATE and code == NATIONAL_CODE:
        raise PeerError(f"code: {NATIONAL_CODE} is the national node's code, not a state's")
    return code


def _checked_url(role: PeerRole, base_url: str | None) -> str | None:
    base_url = (base_url or "").strip().rstrip("/") or None
    if base_url is None:
        if role is PeerRole.PRISON:
            return None
        needs = "where it takes offers" if role is PeerRole.COURT else "where it answers"
        raise PeerError(f"url: a {role.value} needs its base URL ({needs}), http(s)://host:port")
    if not _URL.match(base_url):
        raise PeerError(f"url: the peer's base URL, http(s)://host:port, got {base_url!r}")
    return base_url


def add_peer(
    session: Session, *, code: str, role: PeerRole | str, name: str, base_url: str | None, key: str, actor: Actor
) -> Peer:
    """Register a peer (or replace the one with the same code: a new role, name, URL or key). Never commits."""
    try:
        role = PeerRole(role)
    except ValueError:
        raise PeerError(f"kind: one of {', '.join(r.value for r in PeerRole)}, got {role!r}") from None
    code = _checked_code(role, code)
    base_url = _checked_url(role, base_url)
    if len(key.strip()) < MIN_KEY_LENGTH:
        raise PeerError(f"key: the key the peer presents must be at least {MIN_KEY_LENGTH} characters")
    name = name.strip()
    if not name and role in ICJS_ROLES:
        raise PeerError(f"name: the {role.value}'s name, as the station will read it")
    name = name or ("national node" if role is PeerRole.NATIONAL else f"state {code}")
    key_hash = hash_node_key(key.strip())
    other = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.key_hash == key_hash, NetworkPeer.code != code))
    if other is not None:
        raise PeerError(f"key: peer {other.code} ({other.name}) already presents this key; every peer has its own")
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.code == code))
    action = "update" if row is not None else "create"
    if row is None:
        row = NetworkPeer(code=code, role=role, name=name, base_url=base_url, key_hash=key_hash)
        session.add(row)
    else:
        row.role, row.name, row.base_url, row.key_hash = role, name, base_url, key_hash
    session.flush()
    actor.audit(session, action, "network_peer", code, {"role": role.value, "name": name, "url": base_url})
    return _peer(row)


def remove_peer(session: Session, code: str, *, actor: Actor) -> None:
    """Forget a peer: its calls are refused from now on, and this node calls it no more. Never commits."""
    code = code.strip()
    row = session.scalar(sa.select(NetworkPeer).where(sa.func.upper(NetworkPeer.code) == code.upper()))
    if row is None:
        raise PeerError(f"code: no peer has code {code!r}")
    session.delete(row)
    session.flush()
    actor.audit(session, "delete", "network_peer", row.code, {"role": row.role.value, "name": row.name})


def list_peers(session: Session, roles: Iterable[PeerRole] | None = None) -> list[Peer]:
    """The registered peers by code; only those of ``roles`` when given."""
    query = sa.select(NetworkPeer).order_by(NetworkPeer.code)
    if roles is not None:
        query = query.where(NetworkPeer.role.in_(list(roles)))
    return [_peer(row) for row in session.scalars(query)]


def peer_by_code(session: Session, code: str, roles: Iterable[PeerRole] = NODE_ROLES) -> Peer | None:
    """The peer with ``code`` if its role is one of ``roles`` (the nodes unless said)."""
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.code == code, NetworkPeer.role.in_(list(roles))))
    return _peer(row) if row is not None else None


def national_peer(session: Session) -> Peer | None:
    """The national node, as registered at this state node (None: this node feeds no one)."""
    return peer_by_code(session, NATIONAL_CODE, (PeerRole.NATIONAL,))


def _role_words(roles: frozenset[PeerRole]) -> str:
    if roles == NODE_ROLES:
        return "node"
    return " or ".join(sorted(role.value for role in roles))


def authenticate_peer(
    session: Session, presented_key: str | None, claimed_code: str | None = None, *, roles: Iterable[PeerRole]
) -> Peer:
    """The registered peer presenting ``presented_key``, if its role is one of ``roles`` (the route's); raises
    :class:`PeerNotAuthenticated` saying why not.

    ``claimed_code`` (the ``X-CCTNS-Node`` header, optional) must then be that peer's code: a node that says it is
    another is refused. Marks the peer seen (at most once a minute)."""
    admitted = frozenset(roles)
    wanted = _role_words(admitted)
    if not presented_key:
        raise PeerNotAuthenticated(f"a {wanted}'s call must present its key in {NODE_KEY_HEADER}")
    key_hash = hash_node_key(presented_key.strip())
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.key_hash == key_hash))
    if row is None or not hmac.compare_digest(row.key_hash, key_hash):
        raise PeerNotAuthenticated(
            f"the key in {NODE_KEY_HEADER} is not one a registered peer presents (`cctns network peer add` there)"
        )
    if row.role not in admitted:
        raise PeerNotAuthenticated(f"{row.role.value} {row.code}'s key does not open a {wanted}'s routes")
    if claimed_code and claimed_code.strip() != row.code:
        raise PeerNotAuthenticated(f"{NODE_CODE_HEADER} says {claimed_code!r} but the key is peer {row.code}'s")
    now = datetime.now(UTC)
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        session.execute(sa.update(NetworkPeer).where(NetworkPeer.id == row.id).values(last_seen_at=now))
    return _peer(row)


def peer_actor(peer: Peer, client_address: str | None = None) -> Actor:
    """Who a peer's call is, in this node's audit log (see :meth:`Peer.actor`)."""
    return peer.actor(client_address)
