"""The people an FIR names: attaching an existing person (the caller must be allowed to read them) or recording a
new one, the party row with the particulars as the FIR gives them, and adding a person to a registered FIR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.changes import now_unless_given, refuse_if_closed, touch
from cases.errors import FieldProblem, FirConflict, FirInputError
from cases.input import IST, PartyAddInput, PartyInput
from cases.loading import party_person_ids
from cases.validation import check_people
from people.names.scripts import detect_script
from records.access import Forbidden, Jurisdiction
from records.audit import Actor
from records.models import Fir, FirParty, PartyRole, Person, PersonAddress, PersonAlias, PersonMobile

PARTY_GROUPS: tuple[tuple[str, PartyRole], ...] = (
    ("complainant", PartyRole.COMPLAINANT),
    ("victims", PartyRole.VICTIM),
    ("accused", PartyRole.ACCUSED),
    ("suspects", PartyRole.SUSPECT),
    ("witnesses", PartyRole.WITNESS),
)
ACCUSED_ROLES = frozenset({PartyRole.ACCUSED, PartyRole.SUSPECT})


def require_attachable(
    session: Session,
    access: Jurisdiction,
    groups: Sequence[tuple[str, Sequence[PartyInput]]],
    found: dict[int, Person],
) -> None:
    """Naming an existing person in an FIR attaches them to it (and so lets the FIR's readers read them): the
    caller must already be allowed to read that person (``records.access``); raises Forbidden naming the field."""
    unreadable = set(found) - access.readable_people(session, set(found))
    for field, parties in groups:
        for index, party in enumerate(parties):
            if party.person_id in unreadable:
                where = {"person": "person_id", "complainant": "complainant.person_id"}.get(
                    field, f"{field}[{index}].person_id"
                )
                raise Forbidden(
                    f"{where}: attaching an existing person to an FIR needs a caller who may read that person; "
                    f"{access.person_refusal(session, party.person_id)}"
                )


def person_for(session: Session, party: PartyInput, people: dict[int, Person], now: datetime) -> Person:
    """The linked person (filling in what their record lacks) or a new person record."""
    if party.person_id is not None:
        person = people[party.person_id]
        if person.gender.value == "unknown" and party.gender.value != "unknown":
            person.gender = party.gender
        person.relative_name = person.relative_name or party.relative_name
        person.relation_kind = person.relation_kind or party.relation_kind
        person.date_of_birth = person.date_of_birth or party.date_of_birth
        person.identifying_marks = person.identifying_marks or party.identifying_marks
        if party.age is not None:
            person.age_years, person.age_recorded_on = party.age, now.astimezone(IST).date()
        known_aliases = {alias.alias for alias in person.aliases} | {person.name}
        for alias in dict.fromkeys([party.name, *party.aliases]):
            if alias not in known_aliases:
                person.aliases.append(PersonAlias(alias=alias, script=detect_script(alias)))
        if party.mobile and party.mobile not in {mobile.number for mobile in person.mobiles}:
            person.mobiles.append(PersonMobile(number=party.mobile))
        if party.address and party.address not in {address.address for address in person.addresses}:
            person.addresses.append(PersonAddress(address=party.address))
        return person
    person = new_person(party, now)
    session.add(person)
    return person


def new_person(party: PartyInput, now: datetime) -> Person:
    """A new person record from what an FIR gave for them (not added to any session)."""
    return Person(
        name=party.name,
        name_script=detect_script(party.name),
        relative_name=party.relative_name,
        relation_kind=party.relation_kind,
        gender=party.gender,
        date_of_birth=party.date_of_birth,
        age_years=party.age,
        age_recorded_on=now.astimezone(IST).date() if party.age is not None else None,
        identifying_marks=party.identifying_marks,
        aliases=[PersonAlias(alias=alias, script=detect_script(alias)) for alias in dict.fromkeys(party.aliases)],
        addresses=[PersonAddress(address=party.address)] if party.address else [],
        mobiles=[PersonMobile(number=party.mobile)] if party.mobile else [],
    )


def add_party_row(
    session: Session, fir: Fir, person: Person, party: PartyInput, role: PartyRole, accused_number: int | None
) -> FirParty:
    row = party_row(fir.id, person.id, party, role, accused_number)
    session.add(row)
    # A registration in this session left the FIR's parties loaded (cases.registration_rows): read them anew.
    session.expire(fir, ["parties"])
    return row


def party_row(
    fir_id: int | None, person_id: int | None, party: PartyInput, role: PartyRole, accused_number: int | None
) -> FirParty:
    """The FIR's row for one party, with the particulars as the FIR gave them (not added to any session)."""
    return FirParty(
        fir_id=fir_id,
        person_id=person_id,
        role=role,
        accused_number=accused_number,
        name_as_given=party.name,
        relative_name_as_given=party.relative_name,
        age_as_given=party.age,
        address_as_given=party.address,
        mobile_as_given=party.mobile,
    )


def add_party(
    session: Session,
    fir: Fir,
    data: PartyAddInput,
    *,
    actor: Actor,
    access: Jurisdiction,
    now: datetime | None = None,
) -> FirParty:
    """Add a person to a registered FIR: an accused named during investigation, a witness, a victim. An existing
    person (``person_id``) must be one ``access`` may read, else Forbidden."""
    now = now_unless_given(now)
    refuse_if_closed(fir, "adding a person")
    problems: list[FieldProblem] = []
    people = check_people(session, problems, [("person", [data])])
    require_attachable(session, access, [("person", [data])], people)
    if problems:
        raise FirInputError([FieldProblem(("person_id",), problem.reason) for problem in problems])
    if data.person_id is not None and data.person_id in party_person_ids(session, fir.id, frozenset({data.role})):
        raise FirConflict(f"person {data.person_id} is already a {data.role.value} in FIR {fir.number}", "person_id")
    number = None
    if data.role is PartyRole.ACCUSED:
        number = 1 + (
            session.scalar(sa.select(sa.func.max(FirParty.accused_number)).where(FirParty.fir_id == fir.id)) or 0
        )
    person = person_for(session, data, people, now)
    session.flush()
    party = add_party_row(session, fir, person, data, data.role, number)
    touch(fir, now)
    session.flush()
    actor.audit(
        session, "add_party", "fir", fir.id, {"number": fir.number, "person_id": person.id, "role": data.role.value}
    )
    return party
