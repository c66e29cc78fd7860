"""A person's dossier (issue 8): everything the case records hold about one person across the linked records
the caller may read, with a timeline and flags. Every read is audited."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from cases.reading.person import NamedIn, PersonCases, person_cases
from people.linkage.flags import habitual
from people.linkage.linker import links_among
from records.display import IST
from records.display import label as shown
from records.models import ArrestKind, CourtResult, FinalReportKind, FirStatus, PartyRole, Person, PersonLink
from records.models.person_link import LINKING_STATUSES
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep, app_settings
from search_api.dependencies import SessionDep
from search_api.linked_records import (
    ERRORS,
    PersonId,
    briefs,
    existing_person,
    links_out,
    outside_note,
    readable_cluster,
)
from search_api.person_schemas import Dossier, DossierFir, Flags, TimelineEvent

router = APIRouter(tags=["criminal tracking"])


@router.get("/persons/{person_id}/dossier", response_model=Dossier, responses=ERRORS, summary="A person's dossier")
def dossier(request: Request, session: SessionDep, principal: PrincipalDep, person_id: PersonId) -> Dossier:
    """Everything about one person across the linked records the caller may read: FIRs in every station and
    district with role and status, arrests, charge sheets, court results, names and aliases, a timeline, and
    flags (habitual offender, wanted, proclaimed offender) from those records. Linked records outside the
    caller's jurisdiction are only counted (``outside_jurisdiction``)."""
    person = existing_person(session, person_id)
    ids, hidden = readable_cluster(session, principal, person_id)
    by_id = briefs(session, ids)
    records = [by_id[i] for i in ids if i in by_id]
    cases = person_cases(session, ids)
    oldest_first = sorted(cases.named_in, key=lambda n: (n.fir.registered_at, n.fir.id))
    firs = [_dossier_fir(named) for named in oldest_first]
    label = {f.fir_id: f"{f.station} PS {f.number}" for f in firs}
    arrests = [
        {"fir_id": a.fir_id, "fir": label.get(a.fir_id), "kind": a.kind.value, "at": a.at.isoformat(), "place": a.place}
        for a in cases.arrests
    ]
    reports = [
        {
            "fir_id": r.fir_id,
            "fir": label.get(r.fir_id),
            "kind": r.kind.value,
            "submitted_on": r.submitted_on.isoformat(),
            "charged": charged,
        }
        for r, charged in cases.final_reports
    ]
    courts = [
        {
            "fir_id": c.fir_id,
            "fir": label.get(c.fir_id),
            "court": c.court,
            "result": c.result.value,
            "disposed_on": c.disposed_on.isoformat(),
        }
        for c in cases.court_results
    ]
    result = Dossier(
        person_id=person.id,
        name=person.name,
        records=records,
        outside_jurisdiction=hidden,
        outside_note=outside_note(hidden),
        links=links_out(session, _links_shown(session, principal, ids)),
        names=list(dict.fromkeys([r.name for r in records] + [a for r in records for a in r.aliases])),
        mobiles=sorted({m for r in records for m in r.mobiles}),
        addresses=list(dict.fromkeys(a for r in records for a in r.addresses)),
        photographs=[],
        firs=firs,
        arrests=arrests,
        final_reports=reports,
        court_results=courts,
        timeline=_timeline(firs, cases, label),
        flags=_flags(request, session, ids, firs),
    )
    detail = {"linked_records": ids[:100], "outside_jurisdiction": hidden}
    audit(session, request, principal, "read_dossier", "person", person_id, detail)
    session.commit()
    return result


def _dossier_fir(named: NamedIn) -> DossierFir:
    fir, party = named.fir, named.party
    return DossierFir(
        fir_id=fir.id,
        number=named.number,
        station=named.station.name_en,
        district=named.district.name_en,
        station_hi=named.station.name_hi,
        district_hi=named.district.name_hi,
        registered_at=fir.registered_at,
        status=fir.status.value,
        role=party.role.value,
        accused_number=party.accused_number,
        name_as_given=party.name_as_given,
        sections=named.sections,
        person_id=party.person_id,
    )


def _timeline(firs: list[DossierFir], cases: PersonCases, label: dict[int, str]) -> list[TimelineEvent]:
    """Every event of the person's cases, oldest first, as one line each (IST days)."""
    events: list[tuple[date, str, int, str]] = [
        (
            f.registered_at.astimezone(IST).date(),
            "fir",
            f.fir_id,
            f"named as {shown(PartyRole(f.role)).lower()} in {label[f.fir_id]} ({', '.join(f.sections)}); "
            f"now {shown(FirStatus(f.status)).lower()}",
        )
        for f in firs
    ]
    events += [(a.at.astimezone(IST).date(), "arrest", a.fir_id, shown(ArrestKind(a.kind))) for a in cases.arrests]
    events += [
        (r.submitted_on, "final_report", r.fir_id, shown(FinalReportKind(r.kind))) for r, _ in cases.final_reports
    ]
    events += [
        (c.disposed_on, "court", c.fir_id, f"{shown(CourtResult(c.result))} by {c.court}") for c in cases.court_results
    ]
    timeline = [
        TimelineEvent(
            at=at.isoformat(),
            kind=kind,
            fir_id=fir_id,
            text=text if kind == "fir" else f"{text} in {label.get(fir_id)}",
        )
        for at, kind, fir_id, text in events
    ]
    timeline.sort(key=lambda event: event.at)
    return timeline


def _flags(request: Request, session: Session, ids: list[int], firs: list[DossierFir]) -> Flags:
    settings = app_settings(request)
    people = session.scalars(sa.select(Person).where(Person.id.in_(ids))).all()
    accused_dates = {f.fir_id: f.registered_at.date() for f in firs if f.role in ("accused", "suspect")}
    rule = f"{settings.habitual_offender_firs} FIRs as accused within {settings.habitual_offender_years} years"
    return Flags(
        habitual_offender=habitual(
            accused_dates.values(), settings.habitual_offender_firs, settings.habitual_offender_years
        ),
        habitual_rule=rule,
        habitual_firs=settings.habitual_offender_firs,
        habitual_years=settings.habitual_offender_years,
        wanted=any(p.is_wanted for p in people),
        proclaimed_offender=any(p.is_proclaimed_offender for p in people),
        firs_as_accused=len(accused_dates),
    )


def _links_shown(session: Session, principal: Principal, ids: list[int]) -> list[PersonLink]:
    """Links among the records and proposals waiting for review, both ends readable, at most 200."""
    links = [link for link in links_among(session, ids) if link.status in (*LINKING_STATUSES, "review")]
    ends = principal.access.readable_people(
        session, {i for link in links for i in (link.person_a_id, link.person_b_id)}
    )
    return [link for link in links if link.person_a_id in ends and link.person_b_id in ends][:200]
