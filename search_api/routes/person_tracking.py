"""Criminal tracking (issue 8): the review queue of proposed person links and officers' decisions on them, a
person's dossier across every linked record, their associates, watch lists and in-app notifications.

Who: investigators and HQ across the state, a district SP for people named in FIRs of their district, a
station officer for people named in FIRs of their station; administrators do not read case records. Every
decision is audited; every dossier read is audited.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, aliased, selectinload

from cases.input import Short
from people.associates import associates
from people.linkage.flags import habitual
from people.linkage.linker import (
    MAX_CANDIDATES,
    LinkError,
    Thresholds,
    candidates,
    cluster_of,
    decide,
    links_among,
    merge,
    propose,
)
from records.access import Forbidden
from records.display import IST
from records.display import label as shown
from records.models import (
    Act,
    Arrest,
    ArrestKind,
    CourtDisposal,
    CourtResult,
    FinalReport,
    FinalReportAccused,
    FinalReportKind,
    Fir,
    FirParty,
    FirSection,
    FirStatus,
    Notification,
    PartyRole,
    Person,
    PersonLink,
    PoliceDistrict,
    PoliceStation,
    Section,
    User,
    WatchListEntry,
)
from records.models.person_link import LINKING_STATUSES
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep, app_settings
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

router = APIRouter(tags=["criminal tracking"])
PersonId = Annotated[int, Path(ge=1, le=2**62, description="A person record's id")]
LinkId = Annotated[int, Path(ge=1, le=2**62, description="A person link's id")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not allowed"},
    404: {"description": "No such record"},
    409: {"description": "The link is not in a state that allows this"},
    422: {"description": "A parameter is wrong: the message names it"},
}


# ------------------------------------------------------------------------------------------ jurisdiction


def _require_person_access(session: Session, principal: Principal, person_ids: list[int]) -> None:
    """Every record in ``person_ids`` must be one the caller may read (``records.access``)."""
    principal.access.require_read_people(session, person_ids)


def _readable_cluster(session: Session, principal: Principal, person_id: int) -> tuple[list[int], int]:
    """The person (who must be readable) and the records linked to them that the caller may read, this one
    first; and how many linked records are outside the caller's jurisdiction (shown only as that number)."""
    access = principal.access
    access.require_read_person(session, person_id)
    ids = cluster_of(session, person_id)
    readable = access.readable_people(session, ids)
    shown = [i for i in ids if i in readable]
    return shown, len(ids) - len(shown)


def _outside_note(hidden: int) -> str | None:
    if not hidden:
        return None
    return (
        f"{hidden} linked record{'s' if hidden != 1 else ''} outside your jurisdiction; "
        "ask HQ or an investigator for them"
    )


def _existing_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ApiError(404, f"no person has id {person_id}")
    return person


def _link_error(error: LinkError) -> ApiError:
    return ApiError(error.status_code, str(error))


# -------------------------------------------------------------------------------------------- links


class RecordBrief(BaseModel):
    person_id: int
    name: str
    relative_name: str | None
    relation_kind: str | None
    gender: str
    age_years: int | None
    age_recorded_on: str | None
    mobiles: list[str]
    addresses: list[str]
    aliases: list[str]
    identifying_marks: str | None
    firs: list[str] = Field(description="FIRs naming this record: Station PS serial/year (role)")


class LinkOut(BaseModel):
    id: int
    status: str
    score: float
    reasons: list[str]
    found_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    note: str | None
    a: RecordBrief
    b: RecordBrief


class LinkPage(BaseModel):
    total: int
    page: int
    size: int
    links: list[LinkOut] = Field(description="Grouped: the links of one record come together, best group first")
    auto_score: float = Field(description="Pairs scoring at least this are linked without a reviewer")
    review_score: float = Field(description="Pairs scoring at least this (and below auto_score) wait for review")
    score_meaning: str = Field(description="What the score is, in one sentence, for the reviewer")


def _briefs(session: Session, ids: list[int]) -> dict[int, RecordBrief]:
    people = session.scalars(
        sa.select(Person)
        .where(Person.id.in_(ids))
        .options(selectinload(Person.aliases), selectinload(Person.addresses), selectinload(Person.mobiles))
    ).all()
    firs: dict[int, list[str]] = defaultdict(list)
    for person_id, role, serial, year, station in session.execute(
        sa.select(FirParty.person_id, FirParty.role, Fir.serial, Fir.year, PoliceStation.name_en)
        .join(Fir, Fir.id == FirParty.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(FirParty.person_id.in_(ids))
        .order_by(Fir.registered_at)
    ):
        firs[person_id].append(f"{station} PS {serial}/{year} ({role.value})")
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
        )
        for p in people
    }


def _links_out(session: Session, links: list[PersonLink]) -> list[LinkOut]:
    briefs = _briefs(session, list({i for link in links for i in (link.person_a_id, link.person_b_id)}))
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
            a=briefs[link.person_a_id],
            b=briefs[link.person_b_id],
        )
        for link in links
    ]


@router.get("/person-links", response_model=LinkPage, responses=ERRORS, summary="Proposed and decided person links")
def list_links(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    status: Annotated[
        Literal["review", "auto", "confirmed", "rejected", "unlinked"], Query(description="review: the queue")
    ] = "review",
    person_id: Annotated[int | None, Query(ge=1, le=2**62, description="Only links of this record")] = None,
    district: Annotated[
        str | None, Query(max_length=24, description="Only pairs with a record named in an FIR of this district")
    ] = None,
    station: Annotated[
        str | None, Query(max_length=24, description="Only pairs with a record named in an FIR of this station")
    ] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> LinkPage:
    """The review queue (status=review) or links of another status, within the caller's jurisdiction: a link
    shows when the caller may read both records (``records.access``). ``district`` or ``station`` (codes)
    narrow it to pairs with a record named in an FIR there. Links come grouped by their first record, the group
    with the best score first, so one record's candidates are read together."""
    principal.access.require_read()
    query = sa.select(PersonLink).where(PersonLink.status == status)
    if person_id is not None:
        query = query.where(sa.or_(PersonLink.person_a_id == person_id, PersonLink.person_b_id == person_id))
    place = _place_filter(session, district, station)
    if place is not None:
        query = query.where(sa.or_(place(PersonLink.person_a_id), place(PersonLink.person_b_id)))
    access = principal.access
    query = query.where(access.people(PersonLink.person_a_id), access.people(PersonLink.person_b_id))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    best_of_group = sa.func.max(PersonLink.score).over(partition_by=PersonLink.person_a_id)
    ranked = query.add_columns(best_of_group.label("best")).subquery()
    chosen = aliased(PersonLink, ranked)
    links = session.scalars(
        sa.select(chosen)
        .order_by(ranked.c.best.desc(), ranked.c.person_a_id, ranked.c.score.desc(), ranked.c.id)
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    thresholds = Thresholds.from_settings(app_settings(request))
    return LinkPage(
        total=total,
        page=page,
        size=size,
        links=_links_out(session, list(links)),
        auto_score=thresholds.auto,
        review_score=thresholds.review,
        score_meaning=(
            "The score adds points for what the two records share (a mobile number, the father's name, the "
            "name's spelling, age, station) and takes points off for what contradicts (another father, ages "
            f"far apart); from {thresholds.auto:g} the records are linked automatically, from "
            f"{thresholds.review:g} they wait here for a reviewer, below that they are not proposed."
        ),
    )


def _place_filter(session: Session, district: str | None, station: str | None) -> Any:
    """A function giving SQL "this person is named in an FIR of the chosen station or district", or None;
    an unknown code is a 422 naming the parameter. A narrowing the caller asks for, not a permission."""
    if station:
        row = session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == station.strip().upper()))
        if row is None:
            raise ApiError(422, f"no police station has code {station!r}", problems=[(("query", "station"), "unknown")])
        where = Fir.station_id == row
    elif district:
        row = session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == district.strip().upper()))
        if row is None:
            raise ApiError(
                422, f"no police district has code {district!r}", problems=[(("query", "district"), "unknown")]
            )
        where = Fir.station_id.in_(sa.select(PoliceStation.id).where(PoliceStation.district_id == row))
    else:
        return None

    def named_there(person_id: Any) -> sa.ColumnElement[bool]:
        return sa.exists(sa.select(1).select_from(FirParty).join(Fir).where(FirParty.person_id == person_id, where))

    return named_there


class DecisionIn(BaseModel):
    decision: Literal["confirm", "reject", "unmerge", "relink"] = Field(
        description="confirm or reject a proposal; unmerge a linked pair; relink an unmerged pair"
    )
    note: Short(500) | None = None


@router.post("/person-links/{link_id}/decision", response_model=LinkOut, responses=ERRORS, summary="Decide a link")
def decide_link(
    request: Request, session: SessionDep, principal: PrincipalDep, link_id: LinkId, body: DecisionIn
) -> LinkOut:
    """Confirm, reject, unmerge or relink; the person records themselves are never changed, so unmerging gives
    both back exactly as they were. Audited (action = the decision, entity person_link)."""
    link = session.get(PersonLink, link_id)
    if link is None:
        raise ApiError(404, f"no person link has id {link_id}")
    _require_person_access(session, principal, [link.person_a_id, link.person_b_id])
    try:
        decided = decide(
            session,
            link_id,
            body.decision,
            user_id=principal.user_id,
            api_client_id=principal.api_client_id,
            address=request.client.host if request.client else None,
            note=body.note,
        )
    except LinkError as error:
        raise _link_error(error) from None
    out = _links_out(session, [decided])[0]
    session.commit()
    return out


class MergeIn(BaseModel):
    person_a_id: int = Field(ge=1, le=2**62)
    person_b_id: int = Field(ge=1, le=2**62)
    note: Short(500) | None = None
    propose: bool = Field(
        default=False,
        description="Only propose the pair for review (answered 202): for a caller who may read one of the two "
        "records; a reviewer who may read both decides it",
    )


class ProposalOut(BaseModel):
    link_id: int
    status: str = Field(description="review: waiting for a reviewer who may read both records")
    records: list[RecordBrief] = Field(description="The records of the pair you may read; never the other's")
    outside_jurisdiction: int = Field(description="Records of the pair outside your jurisdiction (not shown)")
    message: str


PROPOSE_HINT = (
    'send "propose": true to put the pair in the review queue for a reviewer who may read both records '
    "(HQ, an investigator, or the SP of both districts)"
)


@router.post(
    "/person-links",
    response_model=LinkOut,
    status_code=201,
    responses={**ERRORS, 202: {"model": ProposalOut, "description": "Proposed for review (propose: true)"}},
    summary="Link two records, or propose the pair for review",
)
def merge_records(
    request: Request, session: SessionDep, principal: PrincipalDep, body: MergeIn
) -> LinkOut | JSONResponse:
    """An officer who may read both records links them as one person (the pair is scored and the reasons
    kept), answered 201. With ``propose`` the pair goes to the review queue instead (202), for a caller who may
    read at least one of the two; the answer shows only the records the caller may read. Both are audited."""
    access = principal.access
    access.require_read()
    for person_id in (body.person_a_id, body.person_b_id):
        _existing_person(session, person_id)
    pair = [body.person_a_id, body.person_b_id]
    readable = access.readable_people(session, pair)
    address = request.client.host if request.client else None
    who = {"user_id": principal.user_id, "api_client_id": principal.api_client_id, "address": address}
    if body.propose:
        if not readable:
            raise Forbidden(
                "proposing a link needs a caller who may read at least one of the two records; "
                f"{access.person_refusal(session, body.person_a_id)}"
            )
        try:
            link = propose(session, *pair, proposed_by=principal.name, note=body.note, **who)
        except LinkError as error:
            raise _link_error(error) from None
        briefs = _briefs(session, sorted(readable))
        hidden = len(set(pair) - readable)
        out = ProposalOut(
            link_id=link.id,
            status=link.status,
            records=[briefs[i] for i in sorted(readable)],
            outside_jurisdiction=hidden,
            message=f"link {link.id} waits for a reviewer who may read both records"
            + (f"; {hidden} of them is outside your jurisdiction" if hidden else ""),
        )
        session.commit()
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    for person_id in pair:
        if person_id not in readable:
            raise Forbidden(
                f"linking two records needs a caller who may read both; {access.person_refusal(session, person_id)}; "
                f"{PROPOSE_HINT}"
            )
    try:
        link = merge(session, *pair, note=body.note, **who)
    except LinkError as error:
        raise _link_error(error) from None
    linked = _links_out(session, [link])[0]
    session.commit()
    return linked


class CandidateOut(BaseModel):
    person_id: int
    score: float
    reasons: list[str]
    would_be: str | None = Field(description="auto, review, or none at the current thresholds")
    record: RecordBrief


@router.get(
    "/persons/{person_id}/candidates", response_model=list[CandidateOut], responses=ERRORS, summary="Who may this be?"
)
def person_candidates(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    person_id: PersonId,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[CandidateOut]:
    """Records that may be the same person (sharing a mobile number or a name with the same station or
    father's name), scored now with the reasons; nothing is linked by this call. Only records the caller may
    read are candidates, and only those scoring at least zero (below zero the evidence is against)."""
    _existing_person(session, person_id)
    _require_person_access(session, principal, [person_id])
    thresholds = Thresholds.from_settings(app_settings(request))
    scored = [pair for pair in candidates(session, person_id, MAX_CANDIDATES) if pair.score >= 0]
    others = {pair.b if pair.a == person_id else pair.a: pair for pair in scored}
    readable = principal.access.readable_people(session, set(others))
    shown = [(other, pair) for other, pair in others.items() if other in readable][:limit]
    briefs = _briefs(session, [other for other, _ in shown])
    out = []
    for other, pair in shown:
        status = thresholds.status(pair.score)
        out.append(
            CandidateOut(
                person_id=other,
                score=pair.score,
                reasons=list(pair.reasons),
                would_be=status.value if status else None,
                record=briefs[other],
            )
        )
    return out


# ------------------------------------------------------------------------------------------- dossier


class DossierFir(BaseModel):
    fir_id: int
    number: str
    station: str
    district: str
    registered_at: datetime
    status: str
    role: str
    accused_number: int | None
    name_as_given: str
    sections: list[str]
    person_id: int = Field(description="The record this FIR names")


class TimelineEvent(BaseModel):
    at: str
    kind: str
    text: str
    fir_id: int | None


class Flags(BaseModel):
    habitual_offender: bool
    habitual_rule: str
    wanted: bool
    proclaimed_offender: bool
    firs_as_accused: int


class Dossier(BaseModel):
    person_id: int
    name: str
    records: list[RecordBrief] = Field(description="Every record linked to this one that you may read (this one first)")
    outside_jurisdiction: int = Field(description="Linked records outside your jurisdiction, not shown")
    outside_note: str | None = Field(description="What to do about the records not shown")
    links: list[LinkOut] = Field(description="Links among them and proposals waiting for review")
    names: list[str] = Field(description="Names and aliases as the records wrote them")
    mobiles: list[str]
    addresses: list[str]
    photographs: list[str] = Field(description="Photographs recorded (none: the records hold no photographs yet)")
    firs: list[DossierFir]
    arrests: list[dict[str, Any]]
    final_reports: list[dict[str, Any]]
    court_results: list[dict[str, Any]]
    timeline: list[TimelineEvent]
    flags: Flags


@router.get("/persons/{person_id}/dossier", response_model=Dossier, responses=ERRORS, summary="A person's dossier")
def dossier(request: Request, session: SessionDep, principal: PrincipalDep, person_id: PersonId) -> Dossier:
    """Everything about one person across the linked records the caller may read: FIRs in every station and
    district with role and status, arrests, charge sheets, court results, names and aliases, a timeline, and
    flags (habitual offender, wanted, proclaimed offender) from those records. Linked records outside the
    caller's jurisdiction are only counted (``outside_jurisdiction``)."""
    person = _existing_person(session, person_id)
    ids, hidden = _readable_cluster(session, principal, person_id)
    settings = app_settings(request)
    briefs = _briefs(session, ids)
    records = [briefs[i] for i in ids if i in briefs]
    people = session.scalars(sa.select(Person).where(Person.id.in_(ids))).all()
    rows = session.execute(
        sa.select(FirParty, Fir, PoliceStation.name_en, PoliceDistrict.name_en.label("district"))
        .join(Fir, Fir.id == FirParty.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(FirParty.person_id.in_(ids))
        .order_by(Fir.registered_at, Fir.id)
    ).all()
    fir_ids = list({fir.id for _, fir, _, _ in rows})
    sections: dict[int, list[str]] = defaultdict(list)
    for fir_id, act, number in session.execute(
        sa.select(FirSection.fir_id, Act.code, Section.number)
        .join(Section, Section.id == FirSection.section_id)
        .join(Act, Act.id == Section.act_id)
        .where(FirSection.fir_id.in_(fir_ids))
        .order_by(FirSection.fir_id, FirSection.position)
    ):
        sections[fir_id].append(f"{act} {number}")
    firs = [
        DossierFir(
            fir_id=fir.id,
            number=f"{fir.serial}/{fir.year}",
            station=station,
            district=district,
            registered_at=fir.registered_at,
            status=fir.status.value,
            role=party.role.value,
            accused_number=party.accused_number,
            name_as_given=party.name_as_given,
            sections=sections.get(fir.id, []),
            person_id=party.person_id,
        )
        for party, fir, station, district in rows
    ]
    label = {f.fir_id: f"{f.station} PS {f.number}" for f in firs}
    arrests = [
        {"fir_id": a.fir_id, "fir": label.get(a.fir_id), "kind": a.kind.value, "at": a.at.isoformat(), "place": a.place}
        for a in session.scalars(sa.select(Arrest).where(Arrest.person_id.in_(ids)).order_by(Arrest.at))
    ]
    reports = [
        {
            "fir_id": r.fir_id,
            "fir": label.get(r.fir_id),
            "kind": r.kind.value,
            "submitted_on": r.submitted_on.isoformat(),
            "charged": charged,
        }
        for r, charged in session.execute(
            sa.select(FinalReport, FinalReportAccused.charged)
            .join(FinalReportAccused, FinalReportAccused.final_report_id == FinalReport.id)
            .where(FinalReportAccused.person_id.in_(ids))
            .order_by(FinalReport.submitted_on)
        )
    ]
    courts = [
        {
            "fir_id": c.fir_id,
            "fir": label.get(c.fir_id),
            "court": c.court,
            "result": c.result.value,
            "disposed_on": c.disposed_on.isoformat(),
        }
        for c in session.scalars(
            sa.select(CourtDisposal).where(CourtDisposal.person_id.in_(ids)).order_by(CourtDisposal.disposed_on)
        )
    ]
    timeline = [
        TimelineEvent(
            at=f.registered_at.astimezone(IST).date().isoformat(),
            kind="fir",
            fir_id=f.fir_id,
            text=f"named as {shown(PartyRole(f.role)).lower()} in {label[f.fir_id]} ({', '.join(f.sections)}); "
            f"now {shown(FirStatus(f.status)).lower()}",
        )
        for f in firs
    ]
    timeline += [
        TimelineEvent(
            at=datetime.fromisoformat(a["at"]).astimezone(IST).date().isoformat(),
            kind="arrest",
            fir_id=a["fir_id"],
            text=f"{shown(ArrestKind(a['kind']))} in {a['fir']}",
        )
        for a in arrests
    ]
    timeline += [
        TimelineEvent(
            at=r["submitted_on"],
            kind="final_report",
            fir_id=r["fir_id"],
            text=f"{shown(FinalReportKind(r['kind']))} in {r['fir']}",
        )
        for r in reports
    ]
    timeline += [
        TimelineEvent(
            at=c["disposed_on"],
            kind="court",
            fir_id=c["fir_id"],
            text=f"{shown(CourtResult(c['result']))} by {c['court']} in {c['fir']}",
        )
        for c in courts
    ]
    timeline.sort(key=lambda event: event.at)
    accused_dates = {f.fir_id: f.registered_at.date() for f in firs if f.role in ("accused", "suspect")}
    rule = f"{settings.habitual_offender_firs} FIRs as accused within {settings.habitual_offender_years} years"
    flags = Flags(
        habitual_offender=habitual(
            accused_dates.values(), settings.habitual_offender_firs, settings.habitual_offender_years
        ),
        habitual_rule=rule,
        wanted=any(p.is_wanted for p in people),
        proclaimed_offender=any(p.is_proclaimed_offender for p in people),
        firs_as_accused=len(accused_dates),
    )
    links = [link for link in links_among(session, ids) if link.status in (*LINKING_STATUSES, "review")]
    ends = principal.access.readable_people(
        session, {i for link in links for i in (link.person_a_id, link.person_b_id)}
    )
    links = [link for link in links if link.person_a_id in ends and link.person_b_id in ends]
    result = Dossier(
        person_id=person.id,
        name=person.name,
        records=records,
        outside_jurisdiction=hidden,
        outside_note=_outside_note(hidden),
        links=_links_out(session, links[:200]),
        names=list(dict.fromkeys([r.name for r in records] + [a for r in records for a in r.aliases])),
        mobiles=sorted({m for r in records for m in r.mobiles}),
        addresses=list(dict.fromkeys(a for r in records for a in r.addresses)),
        photographs=[],
        firs=firs,
        arrests=arrests,
        final_reports=reports,
        court_results=courts,
        timeline=timeline,
        flags=flags,
    )
    detail = {"linked_records": ids[:100], "outside_jurisdiction": hidden}
    audit(session, request, principal, "read_dossier", "person", person_id, detail)
    session.commit()
    return result


# ----------------------------------------------------------------------------------------- associates


class AssociateNode(BaseModel):
    id: int = Field(description="The person (smallest id of their linked records)")
    name: str
    depth: int
    record_ids: list[int]
    fir_count: int


class AssociateEdge(BaseModel):
    source: int
    target: int
    firs: list[str] = Field(description="FIRs naming both as accused")
    fir_ids: list[int]


class AssociatesOut(BaseModel):
    root: int
    depth: int
    truncated: bool
    outside_jurisdiction: int = Field(description="Records met on the way that are outside your jurisdiction")
    outside_note: str | None
    nodes: list[AssociateNode]
    edges: list[AssociateEdge]


@router.get(
    "/persons/{person_id}/associates", response_model=AssociatesOut, responses=ERRORS, summary="Co-accused network"
)
def person_associates(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    person_id: PersonId,
    depth: Annotated[int, Query(ge=1, le=3, description="1: co-accused; 2: their co-accused too; up to 3")] = 1,
    max_nodes: Annotated[int, Query(ge=2, le=500)] = 150,
) -> AssociatesOut:
    """People accused together with this person (across their linked records), to ``depth`` steps, each edge
    labelled with the shared FIRs. Only records the caller may read are shown or followed; the others are
    counted in ``outside_jurisdiction``."""
    _existing_person(session, person_id)
    access = principal.access
    access.require_read_person(session, person_id)
    network = associates(session, person_id, depth, max_nodes, lambda ids: access.readable_people(session, ids))
    detail = {"depth": depth, "outside_jurisdiction": network.hidden}
    audit(session, request, principal, "read_associates", "person", person_id, detail)
    session.commit()
    return AssociatesOut(
        root=network.root,
        depth=network.depth,
        truncated=network.truncated,
        outside_jurisdiction=network.hidden,
        outside_note=_outside_note(network.hidden),
        nodes=[
            AssociateNode(
                id=n.id, name=n.name, depth=n.depth, record_ids=sorted(n.record_ids), fir_count=len(n.fir_ids)
            )
            for n in network.nodes.values()
        ],
        edges=[
            AssociateEdge(source=e.source, target=e.target, firs=list(e.firs.values()), fir_ids=list(e.firs))
            for e in network.edges.values()
        ],
    )


# ------------------------------------------------------------------------------------ watch list, alerts


class WatchIn(BaseModel):
    person_id: int = Field(ge=1, le=2**62)
    note: Short(300) | None = None
    notify_sms: bool = Field(default=False, description="Also send an SMS to the officer's mobile number")


class WatchOut(BaseModel):
    person_id: int
    name: str
    note: str | None
    notify_sms: bool
    created_at: datetime


def _watch_out(entry: WatchListEntry, name: str) -> WatchOut:
    return WatchOut(
        person_id=entry.person_id, name=name, note=entry.note, notify_sms=entry.notify_sms, created_at=entry.created_at
    )


def _user_only(principal: Principal) -> int:
    principal.access.require_read()
    if principal.user_id is None:
        raise ApiError(403, "watch lists and notifications belong to officers; a station's API key has none")
    return principal.user_id


OUTSIDE_NAME = "(no longer within your jurisdiction)"  # a watched record the caller may not read any more


@router.get("/watch-list", response_model=list[WatchOut], responses=ERRORS, summary="My watch list")
def my_watch_list(session: SessionDep, principal: PrincipalDep) -> list[WatchOut]:
    user_id = _user_only(principal)
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
    user_id = _user_only(principal)
    person = _existing_person(session, body.person_id)
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
    user_id = _user_only(principal)
    deleted = session.execute(
        sa.delete(WatchListEntry).where(WatchListEntry.user_id == user_id, WatchListEntry.person_id == person_id)
    ).rowcount
    if not deleted:
        raise ApiError(404, f"person {person_id} is not on your watch list")
    audit(session, request, principal, "unwatch", "person", person_id)
    session.commit()


class NotificationOut(BaseModel):
    id: int
    kind: str
    message: str
    person_id: int | None
    fir_id: int | None
    for_station: bool
    created_at: datetime
    read_at: datetime | None


def _mine(principal: Principal) -> sa.ColumnElement[bool]:
    mine = [Notification.user_id == principal.user_id] if principal.user_id else []
    access = principal.access
    if access.station_only is not None or access.district_only is not None:
        mine.append(sa.and_(Notification.station_id.is_not(None), access.stations(Notification.station_id)))
    return sa.or_(*mine) if mine else sa.false()


@router.get("/notifications", response_model=list[NotificationOut], responses=ERRORS, summary="My alerts")
def notifications(
    session: SessionDep,
    principal: PrincipalDep,
    unread: Annotated[bool, Query(description="Only alerts not yet marked read")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[NotificationOut]:
    """Alerts for the caller: their own (watch list) and their station's or district's (known offenders)."""
    _user_only(principal)
    query = sa.select(Notification).where(_mine(principal))
    if unread:
        query = query.where(Notification.read_at.is_(None))
    rows = session.scalars(query.order_by(Notification.id.desc()).limit(limit)).all()
    return [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            message=n.message,
            person_id=n.person_id,
            fir_id=n.fir_id,
            for_station=n.station_id is not None,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in rows
    ]


@router.post("/notifications/{notification_id}/read", status_code=204, responses=ERRORS, summary="Mark an alert read")
def mark_read(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    notification_id: Annotated[int, Path(ge=1, le=2**62)],
) -> None:
    _user_only(principal)
    found = session.scalar(sa.select(Notification).where(Notification.id == notification_id, _mine(principal)))
    if found is None:
        raise ApiError(404, f"no alert {notification_id} of yours")
    if found.read_at is None:
        found.read_at = datetime.now(UTC)
        audit(session, request, principal, "mark_read", "notification", found.id, {"kind": found.kind})
    session.commit()
