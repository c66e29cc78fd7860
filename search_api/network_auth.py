"""Peer authentication for the routes under ``/api/v1/network/``: the calling peer, from the key it presents
(``X-CCTNS-Node-Key``, checked against the one peer registry by ``exchange.network.peers.authenticate_peer``); 401
saying why otherwise. Each dependency admits only its roles: :data:`PeerDep` the nodes (states, the national
node), :data:`CourtDep` a court, :data:`PrisonDep` a prison. So a court's key does not open the node routes and a
node's key does not post court events. Staff tokens and stations' API keys open none of these routes, and a peer's
key opens no other route.

A route writes its audit rows as the peer (``PeerCaller.actor``): "node 10 (Bihar)", "court BRVS01 (...)", and the
address it called from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from exchange.network.peers import (
    NODE_CODE_HEADER,
    NODE_KEY_HEADER,
    NODE_ROLES,
    Peer,
    PeerNotAuthenticated,
    authenticate_peer,
)
from records.audit import Actor
from records.models import PeerRole
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

node_key_scheme = APIKeyHeader(
    name=NODE_KEY_HEADER,
    auto_error=False,
    description="A peer's key (a node, a court, a prison), registered here with `cctns network peer add`",
)


@dataclass(frozen=True)
class PeerCaller:
    """The peer node calling, and how its call is written in this node's audit log."""

    peer: Peer
    client_address: str | None

    @property
    def actor(self) -> Actor:
        return self.peer.actor(self.client_address)


def peer_of_roles(roles: frozenset[PeerRole]) -> Callable[..., PeerCaller]:
    """The dependency admitting a peer of ``roles`` only."""

    def current_peer(
        request: Request, session: SessionDep, key: Annotated[str | None, Depends(node_key_scheme)]
    ) -> PeerCaller:
        try:
            peer = authenticate_peer(session, key, request.headers.get(NODE_CODE_HEADER), roles=roles)
        except PeerNotAuthenticated as error:
            raise ApiError(401, str(error), problems=[(("header", NODE_KEY_HEADER), str(error))]) from None
        session.commit()  # the peer's last_seen_at, if it moved
        return PeerCaller(peer, request.client.host if request.client else None)

    return current_peer


PeerDep = Annotated[PeerCaller, Depends(peer_of_roles(NODE_ROLES))]
CourtDep = Annotated[PeerCaller, Depends(peer_of_roles(frozenset({PeerRole.COURT})))]
PrisonDep = Annotated[PeerCaller, Depends(peer_of_roles(frozenset({PeerRole.PRISON})))]
