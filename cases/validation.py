"""Checks of an FIR that need the clock or the database, collected so one answer names every bad field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.errors import FieldProblem
from cases.input import IST, PartyInput
from records.models import Person

CLOCK_SKEW = timedelta(minutes=5)  # a station PC's clock may run a little fast


def ist(value: datetime) -> str:
    return f"{value.astimezone(IST):%Y-%m-%d %H:%M} IST"


def check_times(
    problems: list[FieldProblem],
    now: datetime,
    *,
    info_received_at: datetime,
    occurrence_from: datetime | None,
    occurrence_to: datetime | None,
    gd_entry_at: datetime | None,
) -> None:
    """The offence comes before the report, the report before now; nothing is in the future."""
    latest = now + CLOCK_SKEW
    for name, value in (
        ("info_received_at", info_received_at),
        ("occurrence_from", occurrence_from),
        ("occurrence_to", occurrence_to),
        ("gd_entry_at", gd_entry_at),
    ):
        if value is not None and value > latest:
            problems.append(FieldProblem((name,), f"{ist(value)} is in the future (now it is {ist(now)})"))
    if occurrence_from and occurrence_to and occurrence_to < occurrence_from:
        problems.append(
            FieldProblem(
                ("occurrence_to",),
                f"the offence cannot end ({ist(occurrence_to)}) before it began ({ist(occurrence_from)})",
            )
        )
    for name, value in (("occurrence_from", occurrence_from), ("occurrence_to", occurrence_to)):
        if value is not None and value > info_received_at:
            problems.append(
                FieldProblem(
                    (name,),
                    f"the occurrence ({ist(value)}) is after the report time: the information reached the "
                    f"station at {ist(info_received_at)} (info_received_at)",
                )
            )


def check_day(
    problems: list[FieldProblem], loc: tuple[str | int, ...], value: date, *, not_before: date, what: str, today: date
) -> None:
    """A date of a later record: not in the future and not before the FIR's registration."""
    if value > today:
        problems.append(FieldProblem(loc, f"{value.isoformat()} is in the future (today is {today.isoformat()})"))
    elif value < not_before:
        problems.append(FieldProblem(loc, f"{value.isoformat()} is before {what} ({not_before.isoformat()})"))


def offence_date(occurrence_from: datetime | None, occurrence_to: datetime | None, reported: datetime) -> date:
    """The day the offence was committed (its start), in Indian time; decides which penal code applies."""
    moment = occurrence_from or occurrence_to or reported
    return moment.astimezone(IST).date()


def check_people(
    session: Session, problems: list[FieldProblem], groups: Sequence[tuple[str, Sequence[PartyInput]]]
) -> dict[int, Person]:
    """Every ``person_id`` names an existing person, at most once per role. Returns those persons."""
    wanted = {party.person_id for _, parties in groups for party in parties if party.person_id is not None}
    found = (
        {person.id: person for person in session.scalars(sa.select(Person).where(Person.id.in_(wanted)))}
        if wanted
        else {}
    )
    for field, parties in groups:
        seen: set[int] = set()
        for index, party in enumerate(parties):
            if party.person_id is None:
                continue
            loc: tuple[str | int, ...] = (field, index, "person_id") if field != "complainant" else (field, "person_id")
            if party.person_id not in found:
                problems.append(
                    FieldProblem(loc, f"no person record has id {party.person_id}; omit person_id to create one")
                )
            elif party.person_id in seen:
                problems.append(FieldProblem(loc, f"person {party.person_id} is listed twice"))
            seen.add(party.person_id)
    return found
