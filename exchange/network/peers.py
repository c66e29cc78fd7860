"""The peer registry: which nodes this node talks to, where they answer, and the hash of the key each presents.

A node proves itself to a peer with its own key (``CCTNS_NETWORK_NODE_KEY``) in the ``X-CCTNS-Node-Key`` header;
the peer keeps only its SHA-256 hash (a node key is a long random secret, so a fast hash is safe and keeps each call
cheap, as for stations' API keys). :func:`authenticate_peer` is what a route calls (through
``search_api.network_auth``) to learn which peer is calling. Adding and removing a peer is audited.
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
from records.models import NetworkPeer, PeerRole
from records.settings import NATIONAL_CODE

NODE_KEY_HEADER = "X-CCTNS-Node-Key"
NODE_CODE_HEADER = "X-CCTNS-Node"
MIN_KEY_LENGTH = 24
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
_URL = re.compile(r"^https?://[^\s/]+(/[^\s]*)?$")


class PeerError(ValueError):
    """A peer that cannot be added or removed as asked; the message says why."""


class PeerNotAuthenticated(Exception):
    """A call that does not come from a registered peer (no key, or a key no peer has); the message says which."""


@dataclass(frozen=True)
class Peer:
    """A registered peer, as callers and routes see it."""

    id: int
    code: str
    role: PeerRole
    name: str
    base_url: str

    @property
    def is_national(self) -> bool:
        return self.role is PeerRole.NATIONAL


def hash_node_key(key: str) -> str:
    return "sha256$" + hashlib.sha256(key.encode()).hexdigest()


def new_node_key() -> str:
    """A fresh node key (shown once, given to the node that will present it)."""
    return "cctnsnode_" + secrets.token_urlsafe(32)


def _peer(row: NetworkPeer) -> Peer:
    return Peer(row.id, row.code, row.role, row.name, row.base_url)


def add_peer(
    session: Session, *, code: str, role: PeerRole | str, name: str, base_url: str, key: str, actor: Actor
) -> Peer:
    """Register a peer (or replace the one with the same code: a new URL or key). Never commits."""
    role = PeerRole(role)
    code = code.strip()
    if role is PeerRole.NATIONAL and code != NATIONAL_CODE:
        raise PeerError(f"code: the national node's code is {NATIONAL_CODE}, got {code!r}")
    if role is PeerRole.STATE and (not re.fullmatch(r"[0-9]{2}", code) or code == NATIONAL_CODE):
        raise PeerError(f"code: a state's two-digit Census 2011 code (Bihar 10, Uttar Pradesh 09), got {code!r}")
    base_url = base_url.strip().rstrip("/")
    if not _URL.match(base_url):
        raise PeerError(f"url: the peer's base URL, http(s)://host:port, got {base_url!r}")
    if len(key.strip()) < MIN_KEY_LENGTH:
        raise PeerError(f"key: the key the peer presents must be at least {MIN_KEY_LENGTH} characters")
    name = name.strip() or ("national node" if role is PeerRole.NATIONAL else f"state {code}")
    key_hash = hash_node_key(key.strip())
    other = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.key_hash == key_hash, NetworkPeer.code != code))
    if other is not None:
        raise PeerError(f"key: peer {other.code} ({other.name}) already presents this key; every node has its own")
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
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.code == code.strip()))
    if row is None:
        raise PeerError(f"code: no peer has code {code!r}")
    session.delete(row)
    session.flush()
    actor.audit(session, "delete", "network_peer", row.code, {"name": row.name})


def list_peers(session: Session) -> list[Peer]:
    return [_peer(row) for row in session.scalars(sa.select(NetworkPeer).order_by(NetworkPeer.code))]


def peer_by_code(session: Session, code: str) -> Peer | None:
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.code == code))
    return _peer(row) if row is not None else None


def national_peer(session: Session) -> Peer | None:
    """The national node, as registered at this state node (None: this node feeds no one)."""
    return peer_by_code(session, NATIONAL_CODE)


def authenticate_peer(session: Session, presented_key: str | None, claimed_code: str | None = None) -> Peer:
    """The registered peer presenting ``presented_key`` (raises :class:`PeerNotAuthenticated` saying why not).

    ``claimed_code`` (the ``X-CCTNS-Node`` header, optional) must then be that peer's code: a node that says it is
    another is refused. Marks the peer seen (at most once a minute)."""
    if not presented_key:
        raise PeerNotAuthenticated(f"a node-to-node call must present its node key in {NODE_KEY_HEADER}")
    key_hash = hash_node_key(presented_key.strip())
    row = session.scalar(sa.select(NetworkPeer).where(NetworkPeer.key_hash == key_hash))
    if row is None or not hmac.compare_digest(row.key_hash, key_hash):
        raise PeerNotAuthenticated(
            f"the key in {NODE_KEY_HEADER} is not one a registered peer presents (`cctns network peer add` there)"
        )
    if claimed_code and claimed_code.strip() != row.code:
        raise PeerNotAuthenticated(f"{NODE_CODE_HEADER} says {claimed_code!r} but the key is peer {row.code}'s")
    now = datetime.now(UTC)
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        session.execute(sa.update(NetworkPeer).where(NetworkPeer.id == row.id).values(last_seen_at=now))
    return _peer(row)


def peer_actor(peer: Peer, client_address: str | None = None) -> Actor:
    """Who a peer's call is, in this node's audit log: the peer node, by its code and name."""
    return Actor(client_address=client_address, via=f"node {peer.code} ({peer.name})")
