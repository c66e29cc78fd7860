"""Node-to-node routes of the feed (issue 25): a peer's hello, and (at the national node) the feed's messages and
heartbeats from the states; the HQ's reconciliation report. Node routes take a peer's node key
(``search_api.network_auth``), never a staff token or a station's API key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from search_api.auth import app_settings
from search_api.network_auth import PeerDep

router = APIRouter(prefix="/network", tags=["network"])


class HelloOut(BaseModel):
    node: str  # this node's code: a state's two digits, 00 the national node
    role: str
    peer: str  # the calling peer's code, as registered here
    peer_name: str


@router.get("/hello", response_model=HelloOut, summary="A peer checks that this node knows it")
def hello(request: Request, caller: PeerDep) -> HelloOut:
    """Which node this is, and which registered peer is calling: a peer's first check of the link and its key."""
    settings = app_settings(request)
    return HelloOut(
        node=settings.network_node_code, role=settings.network_role, peer=caller.peer.code, peer_name=caller.peer.name
    )
