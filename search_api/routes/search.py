"""The one search box across every station, and a person's whole record.

Searches go to the search engine; opening a person reads PostgreSQL (DESIGN.md, data flow 4). A district SP's
and a station officer's searches are narrowed to their jurisdiction. Every search and every person read is
audited.
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session, selectinload

from cases.input import Day
from cases.reading.person import person_cases
from indexes.engine import SearchEngine, SearchRequest, SearchResponse
from indexes.searchbox import (
    Filters,
    Spelling,
    as_written_clauses,
    fir_request,
    interpret,
    person_request,
    search_strictly_first,
    written_as_queried,
)
from records.access import Forbidden, Jurisdiction
from records.models import Act, CrimeHead, FirStatus, PartyRole, Person, PoliceDistrict, PoliceStation, Section
from search_api.audit import audit
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError, error_responses
from search_api.lookups import lookup_code
from search_api.people_cards import Card, cases_of, people_cards
from search_api.place_names import hindi_place_names
from search_api.search_schemas import (
    AddressOut,
    Appearance,
    ArrestRef,
    CaseHit,
    CaseResults,
    ChargeRef,
    CourtRef,
    FacetValue,
    PeopleResults,
    PersonHit,
    PersonRecord,
    SearchResults,
    Understood,
)

router = APIRouter(tags=["search"])
MAX_RESULTS_DEPTH = 10_000  # deep paging past this is refused: narrow the search instead
ERRORS = error_responses(
    {
        401: "Not logged in",
        403: "Not allowed",
        422: "A parameter is wrong: the message names it",
        503: "The search index is not available",
    }
)


def _search_engine(request: Request) -> SearchEngine:
    engine: SearchEngine | None = getattr(request.app.state, "search", None)
    if engine is None:
        raise ApiError(503, "search is not available on this server: start it with `cctns serve` or `cctns demo`")
    return engine


def _filters(
    session: Session,
    principal: Any,
    district: str | None,
    station: str | None,
    registered_from: date | None,
    registered_to: date | None,
    crime_head: list[str],
    act: str | None,
    section: list[str],
    status: list[FirStatus],
    role: list[PartyRole],
) -> Filters:
    district_ids: tuple[int, ...] = ()
    station_ids: tuple[int, ...] = ()
    if district:
        district_ids = (lookup_code(session, PoliceDistrict, district, "district").id,)
    if station:
        station_ids = (lookup_code(session, PoliceStation, station, "station").id,)
    # Jurisdiction: an SP searches their district, a station officer their station.
    access = principal.access
    if access.district_only is not None:
        if district_ids and district_ids != (access.district_only,):
            raise Forbidden("a district SP searches only their own district")
        district_ids = (access.district_only,)
    elif access.station_only is not None:
        if station_ids and station_ids != (access.station_only,):
            raise Forbidden(f"{access.who} searches only their own station")
        station_ids = (access.station_only,)
    if section and not act:
        message = "give act too: section numbers repeat across acts (e.g. act=IPC&section=302)"
        raise ApiError(422, message, problems=[(("query", "act"), message)])
    act_code = lookup_code(session, Act, act, "act").code if act else None
    for code in crime_head:
        lookup_code(session, CrimeHead, code, "crime_head")
    if registered_from and registered_to and registered_from > registered_to:
        message = f"{registered_from} is after registered_to {registered_to}"
        raise ApiError(422, f"registered_from: {message}", problems=[(("query", "registered_from"), message)])
    sections = tuple(f"{act_code} {number.replace(' ', '').upper()}" for number in section)
    if act_code and not section:
        sections = tuple(
            f"{act_code} {number}"
            for number in session.scalars(
                sa.select(Section.number).join(Act, Act.id == Section.act_id).where(Act.code == act_code)
            )
        )
    return Filters(
        district_ids=district_ids,
        station_ids=station_ids,
        registered_from=registered_from,
        registered_to=registered_to,
        crime_heads=tuple(code.strip().upper() for code in crime_head),
        sections=sections,
        statuses=tuple(value.value for value in status),
        roles=tuple(value.value for value in role),
    )


FACET_PARAMETERS = {
    "district_ids": "district",
    "station_ids": "station",
    "crime_heads": "crime_head",
    "statuses": "status",
    "roles": "role",
    "fir_year": "year",
}


def _facet_labels(session: Session, facets: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Facets keyed by the query parameter that filters on them, each value as that parameter takes it
    (district and station codes, not ids) with a label a person reads, in English and, for names kept in both
    languages (districts, stations, crime heads), in Hindi."""
    named: dict[str, dict[str, tuple[str, str, str]]] = {}  # field -> index value -> (parameter value, en, hi)
    lookups = {
        "district_ids": (PoliceDistrict.id, PoliceDistrict.code, PoliceDistrict.name_en, PoliceDistrict.name_hi),
        "station_ids": (PoliceStation.id, PoliceStation.code, PoliceStation.name_en, PoliceStation.name_hi),
        "crime_heads": (CrimeHead.code, CrimeHead.code, CrimeHead.name_en, CrimeHead.name_hi),
    }
    for field, values in facets.items():
        if field in lookups and values:
            key, code, name_en, name_hi = lookups[field]
            wanted = [int(v) for v in values] if field.endswith("_ids") else list(values)
            rows = session.execute(sa.select(key, code, name_en, name_hi).where(key.in_(wanted)))
            named[field] = {str(k): (c, en, hi) for k, c, en, hi in rows}
    return {
        FACET_PARAMETERS.get(field, field): [
            FacetValue(
                value=named.get(field, {}).get(value, (value, "", ""))[0],
                label=named.get(field, {}).get(value, ("", value.replace("_", " "), ""))[1],
                label_hi=named.get(field, {}).get(value, ("", "", ""))[2],
                count=count,
            )
            for value, count in values.items()
        ]
        for field, values in facets.items()
    }


def _count_as_written(engine: SearchEngine, request: SearchRequest | None, understood: Any) -> int | None:
    """How many people hold the queried name as written (the first tier of the ranking); None with no name."""
    written = as_written_clauses(understood)
    if request is None or not written:
        return None
    counting = dataclasses.replace(
        request, filters=request.filters + written, boosts=(), offset=0, limit=0, facets=(), highlight=()
    )
    return engine.search(counting).total


def _label(written: bool | None) -> str | None:
    return None if written is None else Spelling.AS_WRITTEN.value if written else Spelling.NEAR.value


def _people(
    session: Session, access: Jurisdiction, engine: SearchEngine, request: SearchRequest | None, spelling: Spelling
) -> tuple[SearchResponse, list[Card]]:
    """The page of people cards (a linked person's records on one card), names matched as the first fetch chose."""
    if request is None:
        return SearchResponse(total=0, hits=[], facets={}), []
    chosen: list[Spelling] = []

    def search(page: SearchRequest) -> SearchResponse:
        response = search_strictly_first(engine, page, chosen[0] if chosen else spelling)
        if not chosen and response.spelling:
            chosen.append(Spelling(response.spelling))  # later fetches of this search match names the same way
        return response

    response, cards = people_cards(session, access, search, request, MAX_RESULTS_DEPTH)
    return dataclasses.replace(response, spelling=chosen[0].value if chosen else response.spelling), cards


def _person_hit(session: Session, understood: Any, card: Card) -> PersonHit:
    hit = card.hit
    person = PersonHit(
        **_person_summary(hit.document),
        score=hit.score,
        highlights=hit.highlights,
        spelling=_label(written_as_queried(understood, hit.document)),
    )
    if card.linked:
        cases = cases_of(session, [person.person_id, *card.linked])
        person = person.model_copy(update={"linked_records": card.linked, "firs": cases, "fir_count": len(cases)})
    return person


def _run(engine: SearchEngine, request: SearchRequest | None, spelling: Spelling) -> SearchResponse:
    if request is None:
        return SearchResponse(total=0, hits=[], facets={})
    return search_strictly_first(engine, request, spelling)


@router.get("/search", response_model=SearchResults, responses=ERRORS, summary="Search people and cases")
def search(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    q: Annotated[
        str,
        Query(
            max_length=300,
            description="Anything: a name in any script (with s/o ... for the father), an FIR number "
            "(123/2019, Hajipur Sadar 123/2019), a mobile or vehicle number, words of the facts",
        ),
    ] = "",
    relative: Annotated[str | None, Query(max_length=200, description="Father's or husband's name")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District code")] = None,
    station: Annotated[str | None, Query(max_length=24, description="Station code")] = None,
    registered_from: Annotated[Day | None, Query(description="FIRs registered on or after (IST)")] = None,
    registered_to: Annotated[Day | None, Query(description="FIRs registered on or before (IST)")] = None,
    crime_head: Annotated[list[str], Query(max_length=40, description="NCRB crime head codes")] = [],  # noqa: B006
    act: Annotated[str | None, Query(max_length=24, description="Act code, e.g. IPC, BNS")] = None,
    section: Annotated[list[str], Query(max_length=24, description="Section numbers (needs act)")] = [],  # noqa: B006
    status: Annotated[list[FirStatus], Query(description="Case status")] = [],  # noqa: B006
    role: Annotated[list[PartyRole], Query(description="People named in this role, e.g. accused")] = [],  # noqa: B006
    spelling: Annotated[
        Spelling,
        Query(
            description="Names as written (spelling variants and either script, no edits), near (also one letter "
            "different or a part missing), or auto: as written when that finds 20 people or more (whatever the page "
            "size), or any at all "
            "with a father's name, district or station; else near"
        ),
    ] = Spelling.AUTO,
    page: Annotated[int, Query(ge=1, description="1 for the first page")] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    """People and cases across every station the caller may read, best matches first, with facet counts."""
    principal.access.require_read()
    started = time.perf_counter()
    if page * size > MAX_RESULTS_DEPTH:
        message = f"results beyond the first {MAX_RESULTS_DEPTH:,} are not paged: add a filter to narrow them"
        raise ApiError(422, f"page: {message}", problems=[(("query", "page"), message)])
    filters = _filters(
        session, principal, district, station, registered_from, registered_to, crime_head, act, section, status, role
    )
    understood = interpret(q, relative)
    if understood.is_empty and not filters.clauses():
        message = "type a name, an FIR number, a mobile or vehicle number, or choose a filter"
        raise ApiError(422, f"q: {message}", problems=[(("query", "q"), message)])
    engine, offset = _search_engine(request), (page - 1) * size
    asked = person_request(understood, filters, offset, size, home_district=principal.access.district_id)
    people, cards = _people(session, principal.access, engine, asked, spelling)
    as_written = _count_as_written(engine, asked, understood)
    cases = _run(engine, fir_request(understood, filters, offset, size), spelling)
    result = SearchResults(
        query=q,
        understood=Understood(**vars(understood)),
        page=page,
        size=size,
        people=PeopleResults(
            total=people.total,
            hits=[_person_hit(session, understood, card) for card in cards],
            facets=_facet_labels(session, people.facets),
            spelling=people.spelling,
            as_written=as_written,
        ),
        cases=CaseResults(
            total=cases.total,
            hits=[
                CaseHit(**json.loads(str(hit.document["summary"])), score=hit.score, highlights=hit.highlights)
                for hit in cases.hits
            ],
            facets=_facet_labels(session, cases.facets),
            spelling=cases.spelling,
        ),
        took_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    result.names_hi = hindi_place_names(session, result)
    detail = {"q": q, "relative": relative, "spelling": spelling.value, "page": page}
    detail |= {"people": people.total, "cases": cases.total}
    detail["filters"] = {k: v for k, v in vars(filters).items() if v}
    audit(session, request, principal, "search", "search", None, json.loads(json.dumps(detail, default=str)))
    session.commit()
    return result


def _person_summary(document: dict[str, object]) -> dict[str, Any]:
    summary = json.loads(str(document["summary"]))
    summary["wanted"] = summary.pop("wanted", False)
    summary.pop("aliases", None)
    return summary


@router.get("/persons/{person_id}", response_model=PersonRecord, responses=ERRORS, summary="A person's whole record")
def read_person(request: Request, session: SessionDep, principal: PrincipalDep, person_id: int) -> PersonRecord:
    """Everything recorded about one person, from PostgreSQL: every FIR across stations, arrests, charges."""
    principal.access.require_read()
    person = session.scalar(
        sa.select(Person)
        .where(Person.id == person_id)
        .options(selectinload(Person.aliases), selectinload(Person.addresses), selectinload(Person.mobiles))
    )
    if person is None:
        raise ApiError(404, f"no person has id {person_id}")
    principal.access.require_read_person(session, person_id)
    cases = person_cases(session, [person_id])
    record = PersonRecord(
        id=person.id,
        name=person.name,
        name_script=person.name_script.value,
        relative_name=person.relative_name,
        relation_kind=person.relation_kind.value if person.relation_kind else None,
        gender=person.gender.value,
        date_of_birth=person.date_of_birth,
        age_years=person.age_years,
        age_recorded_on=person.age_recorded_on,
        identifying_marks=person.identifying_marks,
        wanted=person.is_wanted,
        proclaimed_offender=person.is_proclaimed_offender,
        aliases=[alias.alias for alias in person.aliases],
        addresses=[
            AddressOut(kind=a.kind, address=a.address, village_or_town=a.village_or_town, pincode=a.pincode)
            for a in person.addresses
        ],
        mobiles=[mobile.number for mobile in person.mobiles],
        firs=[
            Appearance(
                fir_id=named.fir.id,
                number=named.number,
                station_code=named.station.code,
                station=named.station.name_en,
                district=named.district.name_en,
                registered_at=named.fir.registered_at,
                status=named.fir.status.value,
                role=named.party.role.value,
                accused_number=named.party.accused_number,
                name_as_given=named.party.name_as_given,
                relative_name_as_given=named.party.relative_name_as_given,
                age_as_given=named.party.age_as_given,
                sections=named.sections,
            )
            for named in cases.named_in
        ],
        arrests=[ArrestRef(fir_id=a.fir_id, kind=a.kind.value, at=a.at, place=a.place) for a in cases.arrests],
        final_reports=[
            ChargeRef(fir_id=report.fir_id, kind=report.kind.value, submitted_on=report.submitted_on, charged=charged)
            for report, charged in cases.final_reports
        ],
        court_results=[
            CourtRef(fir_id=c.fir_id, court=c.court, result=c.result.value, disposed_on=c.disposed_on)
            for c in cases.court_results
        ],
    )
    audit(session, request, principal, "read", "person", person_id)
    session.commit()
    return record
