"""Offers to a court over HTTP: ``POST <court's base URL>/icjs/v1/offers`` with this node's key, as the
specification says (docs/exchange/v1/README.md, "Courts and prisons"). Every failure, a court that cannot be reached
or one that answers with an error, is a :class:`exchange.icjs.offers.DeliveryFailed` naming why: the offer stays
queued and is tried again (a refusal is shown on the case page with the court's reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy.orm import Session

from exchange.icjs.offers import DeliveryFailed
from exchange.network.peers import NODE_KEY_HEADER, peer_by_code
from records.models import PeerRole

OFFERS_PATH = "/icjs/v1/offers"


def court_sender(
    session_factory: Callable[[], Session], node_key: str, *, timeout: float = 10.0
) -> Callable[[str, dict[str, Any]], None]:
    """A ``send(court_code, document)`` for :func:`exchange.icjs.offers.deliver_due` that posts to the registered
    court."""

    def send(court_code: str, document: dict[str, Any]) -> None:
        with session_factory() as session:
            court = peer_by_code(session, court_code, (PeerRole.COURT,))
        if court is None or not court.base_url:
            raise DeliveryFailed(f"court {court_code} is not registered here (cctns network peer add --kind court)")
        try:
            response = httpx.post(
                court.base_url + OFFERS_PATH, json=document, headers={NODE_KEY_HEADER: node_key}, timeout=timeout
            )
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"court {court_code} did not answer: {type(error).__name__}: {error}") from None
        if response.status_code >= 300:
            raise DeliveryFailed(f"court {court_code} answered {response.status_code}: {response.text[:300]}")

    return send
