"""One card per person on the search page: the records of one linked person (auto-linked or confirmed, see
``people.linkage.linker``) are one card, with every case of every record of theirs the caller may read.

Links are read from PostgreSQL at search time, so a link made or undone shows at once, without re-indexing.
Pages are pages of cards: the hits are taken in rank order from the first, records of a person already carded
fold into that card, and more hits are fetched until the page's cards are complete; so a person is on one page
only (the page of their best ranked record), whatever the page size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sqlalchemy.orm import Session

from cases.reading.person import named_in
from indexes.engine import Hit, SearchRequest, SearchResponse
from people.linkage.linker import cluster_members
from records.access import Jurisdiction
from records.display import IST
from search_api.search_schemas import CaseRef

GROWTH = 2  # each further fetch of hits is this many times larger


@dataclasses.dataclass
class Card:
    """The best ranked record of a person among the hits, and their other records the caller may read."""

    hit: Hit
    linked: list[int]


def people_cards(
    session: Session,
    access: Jurisdiction,
    search: Callable[[SearchRequest], SearchResponse],
    request: SearchRequest,
    most: int,
) -> tuple[SearchResponse, list[Card]]:
    """The cards at [request.offset, request.offset + request.limit), and the response of the last fetch (its
    total and facets are those of every match). ``search`` runs one request in the mode already chosen;
    at most ``most`` hits are read."""
    wanted = request.offset + request.limit
    fetch = min(most, max(wanted, 1))
    while True:
        response = search(dataclasses.replace(request, offset=0, limit=fetch))
        cards = _cards(session, access, response.hits)
        if len(cards) >= wanted or len(response.hits) >= response.total or fetch >= most:
            return response, cards[request.offset : wanted]
        fetch = min(most, fetch * GROWTH)


def _cards(session: Session, access: Jurisdiction, hits: list[Hit]) -> list[Card]:
    ids = [int(str(hit.document["person_id"])) for hit in hits]
    members = cluster_members(session, ids)
    readable = access.readable_people(session, {member for group in members.values() for member in group})
    cards: list[Card] = []
    carded: set[int] = set()
    for person_id, hit in zip(ids, hits, strict=True):
        if person_id in carded:
            continue
        group = members.get(person_id, {person_id})
        carded |= group
        cards.append(Card(hit, sorted(member for member in group - {person_id} if member in readable)))
    return cards


def cases_of(session: Session, person_ids: list[int]) -> list[CaseRef]:
    """Every case naming any of these records, newest first, once each (with the first role found)."""
    cases: dict[int, CaseRef] = {}
    for named in named_in(session, person_ids, sections=False):
        cases.setdefault(
            named.fir.id,
            CaseRef(
                fir_id=named.fir.id,
                number=named.number,
                station=named.station.name_en,
                district=named.district.name_en,
                role=named.party.role.value,
                status=named.fir.status.value,
                registered_on=named.fir.registered_at.astimezone(IST).date().isoformat(),
            ),
        )
    return list(cases.values())
