"""Person links (issue 8): the review queue of proposed links between person records, officers' decisions on
them, linking two records by hand, and the records that may be the same person.

Who: investigators and HQ across the state, a district SP for people named in FIRs of their district, a
station officer for people named in FIRs of their station; administrators do not read case records. Every
decision is audited.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, aliased

from people.linkage.decisions import decide, merge, propose
from people.linkage.linker import MAX_CANDIDATES, LinkError, Thresholds, candidates
from records.access import Forbidden
from records.models import Fir, FirParty, PersonLink, PoliceDistrict, PoliceStation
from search_api.auth import PrincipalDep, app_settings
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.linked_records import ERRORS, LinkId, PersonId, briefs, existing_person, link_error, links_out
from search_api.person_schemas import CandidateOut, DecisionIn, LinkOut, LinkPage, MergeIn, ProposalOut

router = APIRouter(tags=["criminal tracking"])


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
        links=links_out(session, list(links)),
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


@router.post("/person-links/{link_id}/decision", response_model=LinkOut, responses=ERRORS, summary="Decide a link")
def decide_link(
    request: Request, session: SessionDep, principal: PrincipalDep, link_id: LinkId, body: DecisionIn
) -> LinkOut:
    """Confirm, reject, unmerge or relink; the person records themselves are never changed, so unmerging gives
    both back exactly as they were. Audited (action = the decision, entity person_link)."""
    link = session.get(PersonLink, link_id)
    if link is None:
        raise ApiError(404, f"no person link has id {link_id}")
    principal.access.require_read_people(session, [link.person_a_id, link.person_b_id])
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
        raise link_error(error) from None
    out = links_out(session, [decided])[0]
    session.commit()
    return out


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
        existing_person(session, person_id)
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
            raise link_error(error) from None
        records = briefs(session, sorted(readable))
        hidden = len(set(pair) - readable)
        out = ProposalOut(
            link_id=link.id,
            status=link.status,
            records=[records[i] for i in sorted(readable)],
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
        raise link_error(error) from None
    linked = links_out(session, [link])[0]
    session.commit()
    return linked


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
    existing_person(session, person_id)
    principal.access.require_read_people(session, [person_id])
    thresholds = Thresholds.from_settings(app_settings(request))
    scored = [pair for pair in candidates(session, person_id, MAX_CANDIDATES) if pair.score >= 0]
    others = {pair.b if pair.a == person_id else pair.a: pair for pair in scored}
    readable = principal.access.readable_people(session, set(others))
    shown = [(other, pair) for other, pair in others.items() if other in readable][:limit]
    records = briefs(session, [other for other, _ in shown])
    out = []
    for other, pair in shown:
        status = thresholds.status(pair.score)
        out.append(
            CandidateOut(
                person_id=other,
                score=pair.score,
                reasons=list(pair.reasons),
                would_be=status.value if status else None,
                record=records[other],
            )
        )
    return out
