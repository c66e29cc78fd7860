"""What the criminal-tracking endpoints share: a person record in brief, links as shown, which of a
person's linked records the caller may see (the others are only counted, with what to do about them), and
that watch lists and alerts are for officers only."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

import sqlalchemy as sa
from fastapi import Path
from sqlalchemy.orm import Session, selectinload

from cases.reading.person import named_in
from people.linkage.linker import LinkError, cluster_of
from records.models import Person, PersonLink, User
from search_api.auth import Principal
from search_api.errors import ApiError, error_responses
from search_api.person_schemas import FirNaming, LinkOut, RecordBrief

PersonId = Annotated[int, Path(ge=1, le=2**62, description="A person record's id")]
LinkId = Annotated[int, Path(ge=1, le=2**62, description="A person link's id")]
ERRORS = error_responses(
    {
        401: "Not logged in",
        403: "Not allowed",
        404: "No such record",
        409: "The link is not in a state that allows this",
        422: "A parameter is wrong: the message names it",
    }
)


def readable_cluster(session: Session, principal: Principal, person_id: int) -> tuple[list[int], int]:
    """The person (who must be readable) and the records linked to them that the caller may read, this one
    first; and how many linked records are outside the caller's jurisdiction (shown only as that number)."""
    access = principal.access
    access.require_read_person(session, person_id)
    ids = cluster_of(session, person_id)
    readable = access.readable_people(session, ids)
    shown = [i for i in ids if i in readable]
    return shown, len(ids) - len(shown)


def outside_note(hidden: int) -> str | None:
    if not hidden:
        return None
    return (
        f"{hidden} linked record{'s' if hidden != 1 else ''} outside your jurisdiction; "
        "ask HQ or an investigator for them"
    )


def existing_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ApiError(404, f"no person has id {person_id}")
    return person


def link_error(error: LinkError) -> ApiError:
    return ApiError(error.status_code, str(error))


def briefs(session: Session, ids: list[int]) -> dict[int, RecordBrief]:
    people = session.scalars(
        sa.select(Person)
        .where(Person.id.in_(ids))
        .options(selectinload(Person.aliases), selectinload(Person.addresses), selectinload(Person.mobiles))
    ).all()
    firs: dict[int, list[str]] = defaultdict(list)
    parts: dict[int, list[FirNaming]] = defaultdict(list)
    for named in reversed(named_in(session, ids, sections=False)):  # oldest FIR first
        label = f"{named.station.name_en} PS {named.number} ({named.party.role.value})"
        firs[named.party.person_id].append(label)
        station, number, role = named.station, named.number, named.party.role.value
        parts[named.party.person_id].append(
            FirNaming(station=station.name_en, station_hi=station.name_hi, number=number, role=role)
        )
    return {
        p.id: RecordBrief(
            person_id=p.id,
            name=p.name,
            relative_name=p.relative_name,
            relation_kind=p.relation_kind.value if p.relation_kind else None,
            gender=p.gender.value,
            age_years=p.age_years,
            age_recorded_on=p.age_recorded_on.isoformat() if p.age_recorded_on else None,
            mobiles=[m.number for m in p.mobiles],
            addresses=[a.address for a in p.addresses],
            aliases=[a.alias for a in p.aliases],
            identifying_marks=p.identifying_marks,
            firs=firs.get(p.id, []),
            named_in=parts.get(p.id, []),
        )
        for p in people
    }


def links_out(session: Session, links: list[PersonLink]) -> list[LinkOut]:
    shown = briefs(session, list({i for link in links for i in (link.person_a_id, link.person_b_id)}))
    deciders = {
        u.id: u.username
        for u in session.scalars(
            sa.select(User).where(User.id.in_({link.decided_by_user_id for link in links} - {None}))
        )
    }
    return [
        LinkOut(
            id=link.id,
            status=link.status,
            score=link.score,
            reasons=list(link.reasons),
            found_at=link.found_at,
            decided_at=link.decided_at,
            decided_by=deciders.get(link.decided_by_user_id) if link.decided_by_user_id else None,
            note=link.note,
            a=shown[link.person_a_id],
            b=shown[link.person_b_id],
        )
        for link in links
    ]


def user_only(principal: Principal) -> int:
    principal.access.require_read()
    if principal.user_id is None:
        raise ApiError(403, "watch lists and notifications belong to officers; a station's API key has none")
    return principal.user_id
