"""Node-to-node authentication for the routes under ``/api/v1/network/``: the calling peer, from the node key it
presents (``X-CCTNS-Node-Key``, checked against the peer registry by ``exchange.network.peers``); 401 saying why
otherwise. Staff tokens and stations' API keys do not open these routes, and a node key opens no other route.

A route writes its audit rows as the peer (``PeerCaller.actor``): "node 10 (Bihar)" and the address it called from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from exchange.network.peers import (
    NODE_CODE_HEADER,
    NODE_KEY_HEADER,
    Peer,
    PeerNotAuthenticated,
    authenticate_peer,
    peer_actor,
)
from records.audit import Actor
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

node_key_scheme = APIKeyHeader(
    name=NODE_KEY_HEADER,
    auto_error=False,
    description="Another node's key, registered here with `cctns network peer add` (node-to-node routes only)",
)


@dataclass(frozen=True)
class PeerCaller:
    """The peer node calling, and how its call is written in this node's audit log."""

    peer: Peer
    client_address: str | None

    @property
    def actor(self) -> Actor:
        return peer_actor(self.peer, self.client_address)


def current_peer(
    request: Request, session: SessionDep, key: Annotated[str | None, Depends(node_key_scheme)]
) -> PeerCaller:
    try:
        peer = authenticate_peer(session, key, request.headers.get(NODE_CODE_HEADER))
    except PeerNotAuthenticated as error:
        raise ApiError(401, str(error), problems=[(("header", NODE_KEY_HEADER), str(error))]) from None
    session.commit()  # the peer's last_seen_at, if it moved
    return PeerCaller(peer, request.client.host if request.client else None)


PeerDep = Annotated[PeerCaller, Depends(current_peer)]
