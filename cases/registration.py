"""Registering an FIR with its parties, sections and property, and correcting its registered particulars.

Every write in ``cases`` works inside the caller's transaction and never commits: the FIR (or later record), its
status history and its audit rows commit together or not at all. The outbox rows for the search index and the
person-matching queue are written by the database's triggers in the same transaction (migration 0011).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from cases.changes import now_unless_given, refuse_if_closed, touch
from cases.complainant_sms import tell_complainant
from cases.errors import FieldProblem, FirInputError
from cases.input import IST, FirInput, FirPatch, PartyInput, PropertyInput, SectionCitation
from cases.law import resolve_sections
from cases.parties import PARTY_GROUPS, new_person, party_row, person_for, require_attachable
from cases.reading.fir import FirView
from cases.registration_rows import write_new_fir, write_new_people
from cases.states import first_history_row
from cases.validation import check_people, check_times, offence_date
from records.access import Jurisdiction
from records.audit import Actor
from records.models import (
    Act,
    Fir,
    FirParty,
    FirProperty,
    FirSection,
    FirStatus,
    PartyRole,
    Person,
    PoliceStation,
    Section,
)


def _groups(data: FirInput) -> list[tuple[str, Sequence[PartyInput]]]:
    return [
        ("complainant", [data.complainant]),
        ("victims", data.victims),
        ("accused", data.accused),
        ("suspects", data.suspects),
        ("witnesses", data.witnesses),
    ]


def _properties(items: Sequence[PropertyInput]) -> list[FirProperty]:
    return [FirProperty(**item.model_dump()) for item in items]


def _total(items: Sequence[PropertyInput], given: Decimal | None) -> Decimal | None:
    if given is not None:
        return given
    values = [item.value for item in items if item.value is not None]
    return sum(values, Decimal("0")) if values else None


def register_fir(
    session: Session,
    data: FirInput,
    *,
    station_id: int,
    actor: Actor,
    access: Jurisdiction,
    now: datetime | None = None,
    zero_fir_origin_id: int | None = None,
) -> Fir:
    """Validate and register one FIR with its parties, sections and property; raises FirInputError, or
    Forbidden when a ``person_id`` names someone ``access`` may not read."""
    view = register_fir_view(
        session,
        data,
        station_id=station_id,
        actor=actor,
        access=access,
        now=now,
        zero_fir_origin_id=zero_fir_origin_id,
    )
    return view.fir


def register_fir_view(
    session: Session,
    data: FirInput,
    *,
    station_id: int,
    actor: Actor,
    access: Jurisdiction,
    now: datetime | None = None,
    zero_fir_origin_id: int | None = None,
) -> FirView:
    """:func:`register_fir`, answered with the new FIR whole as ``cases.reading.fir.fir_view`` would read it, but
    built from what was written: no query but the station and its district, taken from the session when it holds
    them (``search_api.auth`` loads an API key's station with the key)."""
    now = now_unless_given(now)
    problems: list[FieldProblem] = []
    reported = data.info_received_at or now
    check_times(
        problems,
        now,
        info_received_at=reported,
        occurrence_from=data.occurrence_from,
        occurrence_to=data.occurrence_to,
        gd_entry_at=data.gd_entry_at,
    )
    day = offence_date(data.occurrence_from, data.occurrence_to, reported)
    sections, section_problems = resolve_sections(session, data.sections, day)
    problems.extend(section_problems)
    people = check_people(session, problems, _groups(data))
    require_attachable(session, access, _groups(data), people)
    if problems:
        raise FirInputError(problems)

    # The people and their parties, built by the same constructors as every write; stored set-based below.
    new_people: list[Person] = []
    parties: list[FirParty] = []
    person_ids: list[int] = []
    for field, role in PARTY_GROUPS:
        given = [data.complainant] if field == "complainant" else getattr(data, field)
        for number, party in enumerate(given, start=1):
            if party.person_id is not None:
                person = person_for(session, party, people, now)  # a known person: what their record lacks
            else:
                person = new_person(party, now)
                new_people.append(person)
            row = party_row(None, person.id, party, role, number if role is PartyRole.ACCUSED else None)
            set_committed_value(row, "person", person)
            parties.append(row)
    session.flush()  # what a known person's record gained (none when nobody was named by id)
    year = now.astimezone(IST).year
    # People first and then the FIR: the station's number counter is locked by the first statement until commit.
    write_new_people(session, new_people, station_id, year)
    for row in parties:
        row.person_id = row.person.id
        person_ids.append(row.person_id)
    fir = Fir(
        station_id=station_id,
        year=year,
        registered_at=now,
        occurrence_from=data.occurrence_from,
        occurrence_to=data.occurrence_to,
        info_received_at=reported,
        gd_entry_number=data.gd_entry_number,
        gd_entry_at=data.gd_entry_at,
        information_type=data.information_type,
        place_address=data.place_address,
        place_distance_km=data.place_distance_km,
        place_direction=data.place_direction,
        beat=data.beat,
        place_latitude=data.place_latitude,
        place_longitude=data.place_longitude,
        brief_facts=data.brief_facts,
        property_value_total=_total(data.properties, data.property_value_total),
        delay_reason=data.delay_reason,
        io_name=data.io_name,
        io_rank=data.io_rank,
        status=FirStatus.REGISTERED,
        zero_fir_origin_id=zero_fir_origin_id,
    )
    # The audit row is shaped by the one audit rule and written by the FIR's statement (no flush of its own).
    audit = actor.audit(
        session,
        "create",
        "fir",
        None,
        {
            "station_id": station_id,
            "sections": [f"{s.act_code} {s.number}" for s in sections],
            "person_ids": sorted(set(person_ids)),
            **({"zero_fir_origin_id": zero_fir_origin_id} if zero_fir_origin_id else {}),
        },
    )
    session.expunge(audit)
    citations = write_new_fir(
        session,
        fir,
        sections=[FirSection(section_id=s.section_id, position=n) for n, s in enumerate(sections)],
        properties=_properties(data.properties),
        parties=parties,
        history=first_history_row(None, user_id=actor.user_id, at=now),
        audit=audit,
    )
    station = session.get_one(PoliceStation, station_id)
    return FirView(
        fir=fir,
        station=station,
        district=station.district,
        sections=citations,
        parties=list(fir.parties),
        transferred_to_station=None,  # a new FIR has no later records: each of them moves it on
        arrests=[],
        seizures=[],
        final_reports=[],
        court_results=[],
    )


def update_fir(session: Session, fir: Fir, patch: FirPatch, *, actor: Actor, now: datetime | None = None) -> Fir:
    """Correct fields of a registered FIR (absent fields stay); sections are re-checked against the dates."""
    now = now_unless_given(now)
    refuse_if_closed(fir, "correcting it")
    changes = patch.model_fields_set
    problems: list[FieldProblem] = []
    for name in ("sections", "brief_facts", "info_received_at"):
        if name in changes and getattr(patch, name) is None:
            problems.append(FieldProblem((name,), "is required and cannot be removed"))

    def merged(name: str) -> Any:
        return getattr(patch, name) if name in changes else getattr(fir, name)

    reported = merged("info_received_at") or fir.info_received_at or fir.registered_at
    check_times(
        problems,
        now,
        info_received_at=reported,
        occurrence_from=merged("occurrence_from"),
        occurrence_to=merged("occurrence_to"),
        gd_entry_at=merged("gd_entry_at"),
    )
    day = offence_date(merged("occurrence_from"), merged("occurrence_to"), reported)
    resolved = None
    if patch.sections is not None:
        resolved, section_problems = resolve_sections(session, patch.sections, day)
        problems.extend(section_problems)
    elif changes & {"occurrence_from", "occurrence_to", "info_received_at"}:
        # The offence date moved: the sections already cited must still be in force on it.
        current = [
            SectionCitation(act=code, section=number)
            for code, number in session.execute(
                sa.select(Act.code, Section.number)
                .join(Section, Section.act_id == Act.id)
                .join(FirSection, FirSection.section_id == Section.id)
                .where(FirSection.fir_id == fir.id)
                .order_by(FirSection.position)
            )
        ]
        _, section_problems = resolve_sections(session, current, day)
        problems.extend(section_problems)
    if problems:
        raise FirInputError(problems)

    simple = changes - {"sections", "properties", "property_value_total"}
    for name in simple:
        setattr(fir, name, getattr(patch, name))
    if resolved is not None:
        fir.sections = [FirSection(section_id=s.section_id, position=n) for n, s in enumerate(resolved)]
    if patch.properties is not None:
        fir.properties = _properties(patch.properties)
        if "property_value_total" not in changes:
            fir.property_value_total = _total(patch.properties, None)
    if "property_value_total" in changes:
        fir.property_value_total = patch.property_value_total
    touch(fir, now)
    session.flush()
    actor.audit(session, "update", "fir", fir.id, {"number": fir.number, "fields": sorted(changes)})
    if "io_name" in changes and fir.io_name:
        officer = f"{fir.io_rank} {fir.io_name}" if fir.io_rank else fir.io_name
        tell_complainant(session, fir, "io_assigned", f"io:{fir.io_name}", officer=officer)
    return fir
