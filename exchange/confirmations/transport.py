"""Confirmation messages over the network: straight to the other state's node, through the peer registry and the
one peer HTTP client (``exchange.network``); a state's decisions on cross-state candidates to its national node
(both store and forward, ``exchange.confirmations.delivery``); and the live read of the national node's
candidates.

Why straight to the owning state and not through the national node: a confirmation is a conversation between
two stations of two states. The owner must answer under its own rules, and it is the only one who can; the
national node would only add a hop that can be cut, and a copy of a question it has no part in. States that
search each other already call each other directly (the detail of a hit comes from the owning state), so each
state's node has the other states as peers; the national node names the owning state in every hit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.confirmations.delivery import DeliveryFailed, DeliveryRefused
from exchange.network.client import PeerClient, PeerRefused, PeerUnreachable
from exchange.network.peers import national_peer, peer_by_code
from records.settings import Settings

CANDIDATES_PATH = "/api/v1/network/candidates"
DECISIONS_PATH = "/api/v1/network/candidates/decisions"
PATHS = {
    "request": "/api/v1/network/confirmations/requests",
    "answer": "/api/v1/network/confirmations/answers",
    "decision": DECISIONS_PATH,  # to the national node
}
FINAL_STATUSES = frozenset({404, 409, 422})  # the other node read the message and will never take it


class PeerCourier:
    """The :class:`exchange.confirmations.delivery.Courier` of a running node."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine, self.settings = engine, settings

    def deliver(self, state: str, kind: str, message: dict[str, Any]) -> dict[str, Any] | None:
        with Session(self.engine) as session:
            peer = peer_by_code(session, state)
        if peer is None:
            raise DeliveryFailed(f"no node of state {state} is registered here (`cctns network peer add`)")
        try:
            with PeerClient.for_peer(peer, self.settings) as client:
                return dict(client.post_json(PATHS[kind], message) or {})
        except PeerUnreachable as down:
            raise DeliveryFailed(down.reason) from None
        except PeerRefused as refused:
            if refused.status in FINAL_STATUSES:
                raise DeliveryRefused(refused.reason) from None
            raise DeliveryFailed(refused.reason) from None  # a key not registered yet: the operator may fix it


class NoNationalNode(LookupError):
    """This node has no national node registered."""


def _national_client(session: Session, settings: Settings) -> PeerClient:
    peer = national_peer(session)
    if peer is None:
        raise NoNationalNode("this node has no national node registered (`cctns network peer add 00 ...`)")
    return PeerClient.for_peer(peer, settings)


def national_candidates(session: Session, settings: Settings) -> list[dict[str, Any]]:
    """The candidates the national node proposes for this state (raises ``PeerUnreachable``/``PeerRefused``)."""
    with _national_client(session, settings) as client:
        answer = client.get_json(CANDIDATES_PATH)
    return list(answer["candidates"])
