"""Registering FIRs and recording what happens to them afterwards.

Every function here works inside the caller's transaction and never commits: the FIR (or later record),
its status history, its audit rows and its outbox rows commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from cases.complainant_sms import tell_complainant
from cases.errors import FieldProblem, FirConflict, FirInputError, FirNotFound
from cases.input import (
    IST,
    ArrestInput,
    CourtResultInput,
    FinalReportInput,
    FirInput,
    FirPatch,
    PartyAddInput,
    PartyInput,
    PropertyInput,
    SeizureInput,
    StatusChangeInput,
)
from cases.law import resolve_sections
from cases.states import CLOSED, FINAL_REPORT_STATUS, change_status, why_not
from cases.validation import CLOCK_SKEW, check_day, check_people, check_times, ist, offence_date
from people.names.scripts import detect_script
from records.access import Forbidden, Jurisdiction
from records.audit import Actor
from records.models import (
    Arrest,
    ArrestKind,
    CourtDisposal,
    FinalReport,
    FinalReportAccused,
    FinalReportKind,
    Fir,
    FirParty,
    FirProperty,
    FirSection,
    FirStatus,
    FirStatusChange,
    InformationType,
    PartyRole,
    Person,
    PersonAddress,
    PersonAlias,
    PersonMobile,
    PoliceStation,
    Seizure,
)
from records.numbering import allocate_fir_serial
from records.outbox import enqueue_reindex
from records.person_matching import enqueue_person_matching

PARTY_GROUPS: tuple[tuple[str, PartyRole], ...] = (
    ("complainant", PartyRole.COMPLAINANT),
    ("victims", PartyRole.VICTIM),
    ("accused", PartyRole.ACCUSED),
    ("suspects", PartyRole.SUSPECT),
    ("witnesses", PartyRole.WITNESS),
)
ACCUSED_ROLES = frozenset({PartyRole.ACCUSED, PartyRole.SUSPECT})


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


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


# ---------------------------------------------------------------------------------------------- registration


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
    now = _now(now)
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
    _require_attachable(session, access, _groups(data), people)
    if problems:
        raise FirInputError(problems)

    # People first: the station's number counter is locked from allocation until commit, so do the rest before.
    linked: list[tuple[PartyRole, int | None, PartyInput, Person]] = []
    for field, role in PARTY_GROUPS:
        parties = [data.complainant] if field == "complainant" else getattr(data, field)
        for number, party in enumerate(parties, start=1):
            person = _person_for(session, party, people, now)
            linked.append((role, number if role is PartyRole.ACCUSED else None, party, person))
    session.flush()  # one batch of INSERTs for all new people
    year = now.astimezone(IST).year
    fir = Fir(
        station_id=station_id,
        year=year,
        serial=allocate_fir_serial(session, station_id, year),
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
    fir.sections = [FirSection(section_id=s.section_id, position=n) for n, s in enumerate(sections)]
    fir.properties = _properties(data.properties)
    session.add(fir)
    session.flush()
    session.add(
        FirStatusChange(
            fir_id=fir.id,
            from_status=None,
            to_status=FirStatus.REGISTERED,
            changed_by_user_id=actor.user_id,
            changed_at=now,
        )
    )
    person_ids: list[int] = []
    for role, number, party, person in linked:
        _add_party(session, fir, person, party, role, number)
        person_ids.append(person.id)
    actor.audit(
        session,
        "create",
        "fir",
        fir.id,
        {
            "number": fir.number,
            "station_id": station_id,
            "sections": [f"{s.act_code} {s.number}" for s in sections],
            "person_ids": sorted(set(person_ids)),
            **({"zero_fir_origin_id": zero_fir_origin_id} if zero_fir_origin_id else {}),
        },
    )
    enqueue_reindex(session, "fir", [fir.id])
    enqueue_reindex(session, "person", person_ids)
    enqueue_person_matching(session, person_ids, fir.id)
    return fir


def _require_attachable(
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


def _person_for(session: Session, party: PartyInput, people: dict[int, Person], now: datetime) -> Person:
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
    person = Person(
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
    session.add(person)
    return person


def _add_party(
    session: Session, fir: Fir, person: Person, party: PartyInput, role: PartyRole, accused_number: int | None
) -> FirParty:
    row = FirParty(
        fir_id=fir.id,
        person_id=person.id,
        role=role,
        accused_number=accused_number,
        name_as_given=party.name,
        relative_name_as_given=party.relative_name,
        age_as_given=party.age,
        address_as_given=party.address,
        mobile_as_given=party.mobile,
    )
    session.add(row)
    return row


# ----------------------------------------------------------------------------------------------- reading


def load_fir(session: Session, fir_id: int, *, for_update: bool = False) -> Fir:
    """The FIR with its sections, property and history; ``for_update`` locks its row until commit."""
    query = (
        sa.select(Fir)
        .where(Fir.id == fir_id)
        .options(selectinload(Fir.sections), selectinload(Fir.properties), selectinload(Fir.status_history))
    )
    if for_update:
        query = query.with_for_update(of=Fir)
    fir = session.scalar(query)
    if fir is None:
        raise FirNotFound(f"no FIR has id {fir_id}")
    return fir


def fir_parties(session: Session, fir_id: int) -> list[FirParty]:
    """The FIR's parties with their person records, complainant first, accused in A1, A2 order."""
    order = sa.case(
        {PartyRole.COMPLAINANT: 0, PartyRole.VICTIM: 1, PartyRole.ACCUSED: 2, PartyRole.SUSPECT: 3},
        value=FirParty.role,
        else_=4,
    )
    return list(
        session.scalars(
            sa.select(FirParty)
            .where(FirParty.fir_id == fir_id)
            .options(
                selectinload(FirParty.person).selectinload(Person.aliases),
            )
            .order_by(order, FirParty.accused_number, FirParty.id)
        )
    )


def _party_person_ids(session: Session, fir_id: int, roles: frozenset[PartyRole] | None = None) -> set[int]:
    query = sa.select(FirParty.person_id).where(FirParty.fir_id == fir_id)
    if roles is not None:
        query = query.where(FirParty.role.in_(roles))
    return set(session.scalars(query))


# ----------------------------------------------------------------------------------------------- updates


def _touch(fir: Fir, now: datetime) -> None:
    """Mark the FIR changed: its version goes up, so any ETag a client holds goes stale."""
    fir.updated_at = now


def _refuse_if_closed(fir: Fir, what: str) -> None:
    if fir.status in CLOSED:
        extra = " (reopen it first)" if fir.status is FirStatus.FINAL_REPORT_UNDETECTED else ""
        raise FirConflict(f"FIR {fir.number} is {fir.status.value}, so {what} is no longer possible{extra}")


def update_fir(session: Session, fir: Fir, patch: FirPatch, *, actor: Actor, now: datetime | None = None) -> Fir:
    """Correct fields of a registered FIR (absent fields stay); sections are re-checked against the dates."""
    now = _now(now)
    _refuse_if_closed(fir, "correcting it")
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
        from cases.input import SectionCitation
        from records.models import Act, Section

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
    _touch(fir, now)
    session.flush()
    actor.audit(session, "update", "fir", fir.id, {"number": fir.number, "fields": sorted(changes)})
    if "io_name" in changes and fir.io_name:
        officer = f"{fir.io_rank} {fir.io_name}" if fir.io_rank else fir.io_name
        tell_complainant(session, fir, "io_assigned", f"io:{fir.io_name}", officer=officer)
    enqueue_reindex(session, "fir", [fir.id])
    return fir


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
    now = _now(now)
    _refuse_if_closed(fir, "adding a person")
    problems: list[FieldProblem] = []
    people = check_people(session, problems, [("person", [data])])
    _require_attachable(session, access, [("person", [data])], people)
    if problems:
        raise FirInputError([FieldProblem(("person_id",), problem.reason) for problem in problems])
    if data.person_id is not None and data.person_id in _party_person_ids(session, fir.id, frozenset({data.role})):
        raise FirConflict(f"person {data.person_id} is already a {data.role.value} in FIR {fir.number}", "person_id")
    number = None
    if data.role is PartyRole.ACCUSED:
        number = 1 + (
            session.scalar(sa.select(sa.func.max(FirParty.accused_number)).where(FirParty.fir_id == fir.id)) or 0
        )
    person = _person_for(session, data, people, now)
    session.flush()
    party = _add_party(session, fir, person, data, data.role, number)
    _touch(fir, now)
    session.flush()
    actor.audit(
        session, "add_party", "fir", fir.id, {"number": fir.number, "person_id": person.id, "role": data.role.value}
    )
    enqueue_reindex(session, "fir", [fir.id])
    enqueue_reindex(session, "person", [person.id])
    enqueue_person_matching(session, [person.id], fir.id)
    return party


def _begin_investigation(session: Session, fir: Fir, actor: Actor, why: str, now: datetime) -> None:
    if fir.status is FirStatus.REGISTERED:
        change_status(session, fir, FirStatus.UNDER_INVESTIGATION, user_id=actor.user_id, note=why, at=now)


def record_arrest(
    session: Session, fir: Fir, data: ArrestInput, *, actor: Actor, now: datetime | None = None
) -> Arrest:
    """An arrest or surrender of an accused or suspect; a registered FIR goes under investigation."""
    now = _now(now)
    _refuse_if_closed(fir, "recording an arrest")
    problems: list[FieldProblem] = []
    if data.person_id not in _party_person_ids(session, fir.id, ACCUSED_ROLES):
        problems.append(
            FieldProblem(
                ("person_id",),
                f"person {data.person_id} is not an accused or suspect in FIR {fir.number}; "
                "add them first (POST .../parties with role accused)",
            )
        )
    if data.at > now + CLOCK_SKEW:
        problems.append(FieldProblem(("at",), f"{ist(data.at)} is in the future (now it is {ist(now)})"))
    if fir.occurrence_from is not None and data.at < fir.occurrence_from:
        problems.append(FieldProblem(("at",), "the arrest cannot come before the offence began (occurrence_from)"))
    if problems:
        raise FirInputError(problems)
    arrest = Arrest(fir_id=fir.id, **data.model_dump())
    session.add(arrest)
    _begin_investigation(session, fir, actor, f"{data.kind.value} recorded", now)
    _touch(fir, now)
    session.flush()
    actor.audit(
        session,
        data.kind.value,
        "fir",
        fir.id,
        {"number": fir.number, "person_id": data.person_id, "arrest_id": arrest.id},
    )
    if data.kind is ArrestKind.ARREST:
        tell_complainant(session, fir, "arrest", f"arrest:{arrest.id}")
    enqueue_reindex(session, "fir", [fir.id])
    enqueue_reindex(session, "person", [data.person_id])
    return arrest


def record_seizure(
    session: Session, fir: Fir, data: SeizureInput, *, actor: Actor, now: datetime | None = None
) -> Seizure:
    """Property seized in the case; a registered FIR goes under investigation."""
    now = _now(now)
    _refuse_if_closed(fir, "recording a seizure")
    problems: list[FieldProblem] = []
    if data.seized_at > now + CLOCK_SKEW:
        problems.append(FieldProblem(("seized_at",), f"{ist(data.seized_at)} is in the future (now it is {ist(now)})"))
    if data.seized_from_person_id is not None and data.seized_from_person_id not in _party_person_ids(session, fir.id):
        # Only from someone the FIR names: naming any other record would tie it to this case (and its readers).
        problems.append(
            FieldProblem(
                ("seized_from_person_id",),
                f"person {data.seized_from_person_id} is not named in FIR {fir.number}; add them as a party first",
            )
        )
    if problems:
        raise FirInputError(problems)
    seizure = Seizure(fir_id=fir.id, **data.model_dump())
    session.add(seizure)
    _begin_investigation(session, fir, actor, "seizure recorded", now)
    _touch(fir, now)
    session.flush()
    actor.audit(session, "seizure", "fir", fir.id, {"number": fir.number, "seizure_id": seizure.id})
    enqueue_reindex(session, "fir", [fir.id])
    if data.seized_from_person_id is not None:
        enqueue_reindex(session, "person", [data.seized_from_person_id])
    return seizure


def record_final_report(
    session: Session, fir: Fir, data: FinalReportInput, *, actor: Actor, now: datetime | None = None
) -> FinalReport:
    """A charge sheet or final report; the FIR's status follows (a supplementary charge sheet keeps it)."""
    now = _now(now)
    today = now.astimezone(IST).date()
    problems: list[FieldProblem] = []
    check_day(
        problems,
        ("submitted_on",),
        data.submitted_on,
        not_before=fir.registered_at.astimezone(IST).date(),
        what="the FIR was registered",
        today=today,
    )
    accused = _party_person_ids(session, fir.id, ACCUSED_ROLES)
    for field in ("charged_person_ids", "not_charged_person_ids"):
        ids = getattr(data, field)
        if ids and data.kind is not FinalReportKind.CHARGE_SHEET:
            problems.append(FieldProblem((field,), "only a charge sheet names accused sent up or not sent up"))
            continue
        for index, person_id in enumerate(ids):
            if person_id not in accused:
                problems.append(
                    FieldProblem((field, index), f"person {person_id} is not an accused in FIR {fir.number}")
                )
    both = set(data.charged_person_ids) & set(data.not_charged_person_ids)
    if both:
        problems.append(FieldProblem(("not_charged_person_ids",), f"persons {sorted(both)} are also listed as charged"))
    if problems:
        raise FirInputError(problems)

    if data.is_supplementary:
        if data.kind is not FinalReportKind.CHARGE_SHEET:
            raise FirInputError([FieldProblem(("is_supplementary",), "only a charge sheet can be supplementary")])
        if fir.status not in {FirStatus.CHARGE_SHEETED, FirStatus.SENT_TO_COURT}:
            raise FirConflict(
                f"FIR {fir.number} is {fir.status.value}; a supplementary charge sheet follows a first charge sheet",
                "is_supplementary",
            )
    else:
        change_status(
            session,
            fir,
            FINAL_REPORT_STATUS[data.kind],
            user_id=actor.user_id,
            note=f"final report: {data.kind.value}",
            at=now,
        )
    report = FinalReport(
        fir_id=fir.id,
        kind=data.kind,
        report_number=data.report_number,
        submitted_on=data.submitted_on,
        court=data.court,
        is_supplementary=data.is_supplementary,
        summary=data.summary,
    )
    session.add(report)
    session.flush()
    for person_id in dict.fromkeys(data.charged_person_ids):
        session.add(FinalReportAccused(final_report_id=report.id, person_id=person_id, charged=True))
    for person_id in dict.fromkeys(data.not_charged_person_ids):
        session.add(FinalReportAccused(final_report_id=report.id, person_id=person_id, charged=False))
    _touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "final_report",
        "fir",
        fir.id,
        {"number": fir.number, "kind": data.kind.value, "final_report_id": report.id},
    )
    if data.kind is FinalReportKind.CHARGE_SHEET:
        tell_complainant(session, fir, "charge_sheet", f"report:{report.id}")
    else:
        tell_complainant(session, fir, "final_report", f"report:{report.id}", report_kind=data.kind.value)
    enqueue_reindex(session, "fir", [fir.id])
    enqueue_reindex(session, "person", [*data.charged_person_ids, *data.not_charged_person_ids])
    return report


def record_court_result(
    session: Session, fir: Fir, data: CourtResultInput, *, actor: Actor, now: datetime | None = None
) -> CourtDisposal:
    """The court's result; the case becomes disposed (it must have been sent to court)."""
    now = _now(now)
    problems: list[FieldProblem] = []
    check_day(
        problems,
        ("disposed_on",),
        data.disposed_on,
        not_before=fir.registered_at.astimezone(IST).date(),
        what="the FIR was registered",
        today=now.astimezone(IST).date(),
    )
    if data.person_id is not None and data.person_id not in _party_person_ids(session, fir.id, ACCUSED_ROLES):
        problems.append(FieldProblem(("person_id",), f"person {data.person_id} is not an accused in FIR {fir.number}"))
    if problems:
        raise FirInputError(problems)
    change_status(session, fir, FirStatus.DISPOSED, user_id=actor.user_id, note=f"court: {data.result.value}", at=now)
    disposal = CourtDisposal(fir_id=fir.id, **data.model_dump())
    session.add(disposal)
    _touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "court_result",
        "fir",
        fir.id,
        {"number": fir.number, "result": data.result.value, "court_disposal_id": disposal.id},
    )
    enqueue_reindex(session, "fir", [fir.id])
    if data.person_id is not None:
        enqueue_reindex(session, "person", [data.person_id])
    return disposal


MANUAL_CHANGES = {
    (FirStatus.REGISTERED, FirStatus.UNDER_INVESTIGATION),
    (FirStatus.CHARGE_SHEETED, FirStatus.SENT_TO_COURT),
    (FirStatus.FINAL_REPORT_UNDETECTED, FirStatus.UNDER_INVESTIGATION),
}


def set_status(
    session: Session, fir: Fir, data: StatusChangeInput, *, actor: Actor, now: datetime | None = None
) -> Fir:
    """A status change that carries no record of its own (begin investigation, send to court, reopen)."""
    from cases.states import NEEDS_RECORD

    now = _now(now)
    reason = why_not(fir, data.to)
    if reason:
        raise FirConflict(reason, "to")
    if (fir.status, data.to) not in MANUAL_CHANGES:
        raise FirConflict(f"FIR {fir.number} becomes {data.to.value} when you {NEEDS_RECORD[data.to]}", "to")
    before = fir.status
    change_status(session, fir, data.to, user_id=actor.user_id, note=data.note, at=now)
    _touch(fir, now)
    session.flush()
    actor.audit(session, "status", "fir", fir.id, {"number": fir.number, "from": before.value, "to": data.to.value})
    enqueue_reindex(session, "fir", [fir.id])
    return fir


def transfer_zero_fir(
    session: Session,
    fir: Fir,
    to_station: PoliceStation,
    *,
    actor: Actor,
    note: str | None = None,
    now: datetime | None = None,
) -> Fir:
    """Hand a zero FIR to the station with jurisdiction: that station gets a regular FIR of its own, numbered
    in its own series and pointing back to the zero FIR; the zero FIR becomes ``transferred``."""
    now = _now(now)
    reason = why_not(fir, FirStatus.TRANSFERRED)
    if reason:
        raise FirConflict(reason, "status")
    if to_station.id == fir.station_id:
        raise FirInputError([FieldProblem(("to_station",), "is the station that registered the zero FIR")])
    if not to_station.is_active:
        raise FirInputError([FieldProblem(("to_station",), f"station {to_station.code} is not active")])
    year = now.astimezone(IST).year
    new = Fir(
        station_id=to_station.id,
        year=year,
        serial=allocate_fir_serial(session, to_station.id, year),
        registered_at=now,
        information_type=InformationType.WRITTEN,
        status=FirStatus.REGISTERED,
        zero_fir_origin_id=fir.id,
        **{
            name: getattr(fir, name)
            for name in (
                "occurrence_from",
                "occurrence_to",
                "info_received_at",
                "gd_entry_number",
                "gd_entry_at",
                "place_address",
                "place_distance_km",
                "place_direction",
                "beat",
                "place_latitude",
                "place_longitude",
                "brief_facts",
                "property_value_total",
                "delay_reason",
            )
        },
    )
    new.sections = [FirSection(section_id=s.section_id, position=s.position) for s in fir.sections]
    new.properties = [
        FirProperty(
            **{
                column: getattr(item, column)
                for column in (
                    "kind",
                    "description",
                    "value",
                    "mobile_imei",
                    "vehicle_registration",
                    "vehicle_chassis",
                    "vehicle_engine",
                    "vehicle_make_model",
                )
            }
        )
        for item in fir.properties
    ]
    session.add(new)
    session.flush()
    session.add(
        FirStatusChange(
            fir_id=new.id,
            from_status=None,
            to_status=FirStatus.REGISTERED,
            changed_by_user_id=actor.user_id,
            changed_at=now,
            note=f"from zero FIR {fir.number} (id {fir.id})",
        )
    )
    person_ids = []
    for party in fir_parties(session, fir.id):
        session.add(
            FirParty(
                fir_id=new.id,
                person_id=party.person_id,
                role=party.role,
                accused_number=party.accused_number,
                name_as_given=party.name_as_given,
                relative_name_as_given=party.relative_name_as_given,
                age_as_given=party.age_as_given,
                address_as_given=party.address_as_given,
                mobile_as_given=party.mobile_as_given,
            )
        )
        person_ids.append(party.person_id)
    change_status(
        session,
        fir,
        FirStatus.TRANSFERRED,
        user_id=actor.user_id,
        note=note or f"transferred to {to_station.code}",
        at=now,
    )
    fir.transferred_to_station_id = to_station.id
    fir.transferred_to_fir_id = new.id
    fir.transferred_at = now
    _touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "transfer",
        "fir",
        fir.id,
        {"number": fir.number, "to_station_id": to_station.id, "new_fir_id": new.id, "note": note},
    )
    actor.audit(
        session,
        "create",
        "fir",
        new.id,
        {"number": new.number, "station_id": to_station.id, "zero_fir_origin_id": fir.id},
    )
    enqueue_reindex(session, "fir", [fir.id, new.id])
    enqueue_reindex(session, "person", person_ids)
    return new
