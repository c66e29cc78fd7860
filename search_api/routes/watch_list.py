"""Watch lists (issue 8): an officer's list of people to be told about when any of their linked records is
named in a new FIR anywhere (the alerts themselves: ``search_api.routes.notifications``)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request

from records.models import Person, User, WatchListEntry
from search_api.audit import audit
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.linked_records import ERRORS, PersonId, existing_person, user_only
from search_api.person_schemas import WatchIn, WatchOut

router = APIRouter(tags=["criminal tracking"])


def _watch_out(entry: WatchListEntry, name: str) -> WatchOut:
    return WatchOut(
        person_id=entry.person_id, name=name, note=entry.note, notify_sms=entry.notify_sms, created_at=entry.created_at
    )


OUTSIDE_NAME = "(no longer within your jurisdiction)"  # a watched record the caller may not read any more


@router.get("/watch-list", response_model=list[WatchOut], responses=ERRORS, summary="My watch list")
def my_watch_list(session: SessionDep, principal: PrincipalDep) -> list[WatchOut]:
    user_id = user_only(principal)
    rows = session.execute(
        sa.select(WatchListEntry, Person.name)
        .join(Person, Person.id == WatchListEntry.person_id)
        .where(WatchListEntry.user_id == user_id)
        .order_by(WatchListEntry.created_at.desc())
    ).all()
    readable = principal.access.readable_people(session, {entry.person_id for entry, _ in rows})
    return [_watch_out(entry, name if entry.person_id in readable else OUTSIDE_NAME) for entry, name in rows]


@router.post("/watch-list", response_model=WatchOut, status_code=201, responses=ERRORS, summary="Watch a person")
def watch(request: Request, session: SessionDep, principal: PrincipalDep, body: WatchIn) -> WatchOut:
    """Be told when this person (any of their linked records) is named in a new FIR anywhere."""
    user_id = user_only(principal)
    person = existing_person(session, body.person_id)
    principal.access.require_read_person(session, body.person_id)
    if body.notify_sms and not session.scalar(sa.select(User.mobile).where(User.id == user_id)):
        message = "your account has no mobile number for SMS; ask an administrator to add one, or leave it off"
        raise ApiError(422, f"notify_sms: {message}", problems=[(("body", "notify_sms"), message)])
    entry = session.scalar(
        sa.select(WatchListEntry).where(WatchListEntry.user_id == user_id, WatchListEntry.person_id == body.person_id)
    )
    if entry is None:
        entry = WatchListEntry(user_id=user_id, person_id=body.person_id)
        session.add(entry)
    entry.note, entry.notify_sms = body.note, body.notify_sms
    session.flush()
    session.refresh(entry)
    audit(session, request, principal, "watch", "person", body.person_id, {"notify_sms": body.notify_sms})
    session.commit()
    return _watch_out(entry, person.name)


@router.delete("/watch-list/{person_id}", status_code=204, responses=ERRORS, summary="Stop watching a person")
def unwatch(request: Request, session: SessionDep, principal: PrincipalDep, person_id: PersonId) -> None:
    user_id = user_only(principal)
    deleted = session.execute(
        sa.delete(WatchListEntry).where(WatchListEntry.user_id == user_id, WatchListEntry.person_id == person_id)
    ).rowcount
    if not deleted:
        raise ApiError(404, f"person {person_id} is not on your watch list")
    audit(session, request, principal, "unwatch", "person", person_id)
    session.commit()
