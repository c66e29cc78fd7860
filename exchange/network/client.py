"""The one HTTP client for calls from this node to a peer: it presents this node's key, keeps to a timeout, and
turns every failure into one of two exceptions that say why.

* :class:`PeerUnreachable`: the call did not get an answer (connection refused or reset, a timeout, DNS, a 502/503/
  504 from a proxy in between, or a 5xx from the peer). The link may come back: the caller keeps its work and tries
  again later (the feed backs off).
* :class:`PeerRefused`: the peer answered and said no (4xx): the key is not registered there, the request is wrong.
  Trying again unchanged will not help; ``status`` and ``reason`` say what the peer said.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from exchange.network.peers import NODE_CODE_HEADER, NODE_KEY_HEADER, Peer
from records.settings import Settings

UNREACHABLE_STATUSES = frozenset({502, 503, 504})


class PeerCallFailed(Exception):
    """A call to a peer that did not succeed; ``peer`` is its code, ``reason`` one sentence."""

    def __init__(self, peer: str, reason: str) -> None:
        super().__init__(f"peer {peer}: {reason}")
        self.peer, self.reason = peer, reason


class PeerUnreachable(PeerCallFailed):
    """No answer from the peer (the link is down, it timed out, or it failed on its side): try again later."""


class PeerRefused(PeerCallFailed):
    """The peer answered and refused the call (a 4xx); ``status`` is its HTTP status, ``body`` its answer."""

    def __init__(self, peer: str, reason: str, status: int, body: Any = None) -> None:
        super().__init__(peer, reason)
        self.status, self.body = status, body


def _reason_of(response: httpx.Response) -> tuple[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase, None
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"]), body
    return str(body)[:300], body


class PeerClient:
    """Calls to one peer: ``client.post_json("/api/v1/network/feed/messages", message)``. Use as a context manager
    (or call :meth:`close`); one client keeps its connections open between calls."""

    def __init__(
        self,
        peer_code: str,
        base_url: str,
        *,
        own_code: str,
        node_key: str,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.peer_code = peer_code
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={NODE_KEY_HEADER: node_key, NODE_CODE_HEADER: own_code, "Accept": "application/json"},
            transport=transport,
        )

    @classmethod
    def for_peer(cls, peer: Peer, settings: Settings, **kwargs: Any) -> PeerClient:
        """A client for a registered peer, presenting this node's key from the settings."""
        if settings.network_node_key is None:
            raise PeerRefused(peer.code, "this node has no CCTNS_NETWORK_NODE_KEY to present", 0)
        if not peer.base_url:
            raise PeerRefused(peer.code, f"{peer.role.value} {peer.code} takes no calls (no URL registered)", 0)
        return cls(
            peer.code,
            peer.base_url,
            own_code=settings.network_node_code,
            node_key=settings.network_node_key.get_secret_value(),
            timeout=settings.network_timeout_seconds,
            **kwargs,
        )

    def __enter__(self) -> PeerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """The peer's JSON answer to one call (None for an empty answer); PeerUnreachable or PeerRefused otherwise."""
        try:
            response = self._http.request(method, path, json=json, params=params, headers=headers)
        except httpx.TimeoutException as error:
            raise PeerUnreachable(self.peer_code, f"no answer within the timeout ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise PeerUnreachable(self.peer_code, f"cannot reach {self._http.base_url}: {error}") from error
        if response.status_code >= 500 or response.status_code in UNREACHABLE_STATUSES:
            reason, _ = _reason_of(response)
            raise PeerUnreachable(self.peer_code, f"{method} {path} answered {response.status_code}: {reason}")
        if response.status_code >= 400:
            reason, body = _reason_of(response)
            raise PeerRefused(
                self.peer_code,
                f"{method} {path} refused ({response.status_code}): {reason}",
                response.status_code,
                body,
            )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as error:
            raise PeerRefused(
                self.peer_code, f"{method} {path} answered something that is not JSON", response.status_code
            ) from error

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post_json(self, path: str, body: Any) -> Any:
        return self.request("POST", path, json=body)
