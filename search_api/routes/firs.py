"""FIR endpoints: register, read, list, correct, and record what happens to a case afterwards.

Each write is one transaction: the record, its status history, its audit rows, its outbox rows and (with an
``Idempotency-Key``) the stored answer commit together. Reads of an FIR (which holds people's details) are
audited too.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from cases import (
    add_party,
    fir_parties,
    load_fir,
    record_arrest,
    record_court_result,
    record_final_report,
    record_seizure,
    register_fir,
    set_status,
    transfer_zero_fir,
    update_fir,
)
from cases.input import IST, Day, FirPatch, PartyAddInput, PropertyInput, SectionCitation
from cases.normalise import normalise_section_number
from records.access import Place, place_of_station
from records.models import (
    Act,
    Arrest,
    CourtDisposal,
    CrimeHead,
    FinalReport,
    FinalReportAccused,
    Fir,
    FirSection,
    FirStatus,
    PartyRole,
    PoliceDistrict,
    PoliceStation,
    Section,
    Seizure,
)
from records.victim_identity import protects_victim
from search_api import idempotency
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.fir_schemas import (
    ArrestInput,
    ArrestOut,
    CourtResultInput,
    CourtResultOut,
    FinalReportInput,
    FinalReportOut,
    FirInput,
    FirOut,
    FirPage,
    FirSummary,
    PartyOut,
    SeizureInput,
    SeizureOut,
    StatusChangeInput,
    StatusChangeOut,
    TransferInput,
    output_mobile,
)
from search_api.lookups import lookup_code
from search_api.print_view import render_fir_print

router = APIRouter(prefix="/firs", tags=["FIRs"])

FirId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The FIR's id")]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string (a UUID); sending the request again with it registers nothing new "
        "and returns the first answer",
    ),
]
IfMatchHeader = Annotated[
    str | None,
    Header(alias="If-Match", max_length=200, description="The ETag from your last GET; a stale one gets 409"),
]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not authenticated"},
    403: {"description": "Not allowed for this role or jurisdiction"},
    404: {"description": "No such FIR"},
    409: {"description": "The FIR's state or version forbids the change; the body says why"},
    413: {"description": "Request body too large"},
    422: {"description": "Invalid input; the body names each field and why"},
}
PARTY_FIELDS = {
    PartyRole.COMPLAINANT: "complainant",
    PartyRole.VICTIM: "victims",
    PartyRole.ACCUSED: "accused",
    PartyRole.SUSPECT: "suspects",
    PartyRole.WITNESS: "witnesses",
}


# ------------------------------------------------------------------------------------------ representation


def etag(fir: Fir) -> str:
    return f'"{fir.id}.{fir.version}"'


def fir_out(session: Session, fir: Fir) -> FirOut:
    """The full FIR as the API shows it (built from database rows without re-validating them)."""
    station, district_code = session.execute(
        sa.select(PoliceStation, PoliceDistrict.code)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(PoliceStation.id == fir.station_id)
    ).one()
    section_rows = session.execute(
        sa.select(Act.code, Section.number, CrimeHead.code)
        .select_from(FirSection)
        .join(Section, Section.id == FirSection.section_id)
        .join(Act, Act.id == Section.act_id)
        .outerjoin(CrimeHead, CrimeHead.id == Section.crime_head_id)
        .where(FirSection.fir_id == fir.id)
        .order_by(FirSection.position)
    ).all()
    parties: dict[str, list[PartyOut]] = {field: [] for field in PARTY_FIELDS.values()}
    for party in fir_parties(session, fir.id):
        person = party.person
        parties[PARTY_FIELDS[party.role]].append(
            PartyOut.model_construct(
                person_id=party.person_id,
                name=party.name_as_given,
                relative_name=party.relative_name_as_given,
                relation_kind=person.relation_kind,
                gender=person.gender,
                age=party.age_as_given,
                date_of_birth=person.date_of_birth,
                address=party.address_as_given,
                mobile=output_mobile(party.mobile_as_given),
                identifying_marks=person.identifying_marks,
                aliases=[alias.alias for alias in person.aliases],
            )
        )
    transferred_to = (
        session.get(PoliceStation, fir.transferred_to_station_id) if fir.transferred_to_station_id else None
    )
    # A registered FIR has no later records yet: each of them moves it on (see cases.investigation).
    later = fir.status is not FirStatus.REGISTERED
    arrests = (
        session.scalars(sa.select(Arrest).where(Arrest.fir_id == fir.id).order_by(Arrest.id)).all() if later else []
    )
    seizures = (
        session.scalars(sa.select(Seizure).where(Seizure.fir_id == fir.id).order_by(Seizure.id)).all() if later else []
    )
    reports = (
        session.scalars(sa.select(FinalReport).where(FinalReport.fir_id == fir.id).order_by(FinalReport.id)).all()
        if later
        else []
    )
    report_accused: dict[int, list[FinalReportAccused]] = {}
    if reports:
        for row in session.scalars(
            sa.select(FinalReportAccused).where(FinalReportAccused.final_report_id.in_([r.id for r in reports]))
        ):
            report_accused.setdefault(row.final_report_id, []).append(row)
    disposals = (
        session.scalars(sa.select(CourtDisposal).where(CourtDisposal.fir_id == fir.id).order_by(CourtDisposal.id)).all()
        if later
        else []
    )
    complainants = parties.pop("complainant")
    return FirOut.model_construct(
        station=station.code,
        information_type=fir.information_type,
        info_received_at=fir.info_received_at,
        occurrence_from=fir.occurrence_from,
        occurrence_to=fir.occurrence_to,
        gd_entry_number=fir.gd_entry_number,
        gd_entry_at=fir.gd_entry_at,
        place_address=fir.place_address,
        place_distance_km=fir.place_distance_km,
        place_direction=fir.place_direction,
        beat=fir.beat,
        place_latitude=fir.place_latitude,
        place_longitude=fir.place_longitude,
        sections=[SectionCitation.model_construct(act=act, section=number) for act, number, _ in section_rows],
        complainant=complainants[0] if complainants else None,
        **parties,
        properties=[
            PropertyInput.model_construct(
                kind=item.kind,
                description=item.description,
                value=item.value,
                vehicle_registration=item.vehicle_registration,
                vehicle_chassis=item.vehicle_chassis,
                vehicle_engine=item.vehicle_engine,
                vehicle_make_model=item.vehicle_make_model,
                mobile_imei=item.mobile_imei,
            )
            for item in fir.properties
        ],
        property_value_total=fir.property_value_total,
        brief_facts=fir.brief_facts,
        delay_reason=fir.delay_reason,
        io_name=fir.io_name,
        io_rank=fir.io_rank,
        id=fir.id,
        number=fir.number,
        serial=fir.serial,
        year=fir.year,
        district=district_code,
        status=fir.status,
        crime_heads=sorted({head for _, _, head in section_rows if head}),
        registered_at=fir.registered_at,
        created_at=fir.created_at,
        updated_at=fir.updated_at,
        version=fir.version,
        zero_fir_origin_id=fir.zero_fir_origin_id,
        transferred_to_station=transferred_to.code if transferred_to else None,
        transferred_to_fir_id=fir.transferred_to_fir_id,
        transferred_at=fir.transferred_at,
        arrests=[
            ArrestOut.model_construct(
                id=a.id,
                person_id=a.person_id,
                kind=a.kind,
                at=a.at,
                place=a.place,
                officer_name=a.officer_name,
                court_surrendered_in=a.court_surrendered_in,
                remarks=a.remarks,
            )
            for a in arrests
        ],
        seizures=[
            SeizureOut.model_construct(
                id=s.id,
                seized_at=s.seized_at,
                place=s.place,
                kind=s.kind,
                description=s.description,
                quantity=s.quantity,
                value=s.value,
                seized_from_person_id=s.seized_from_person_id,
                officer_name=s.officer_name,
                vehicle_registration=s.vehicle_registration,
                vehicle_chassis=s.vehicle_chassis,
                vehicle_engine=s.vehicle_engine,
                vehicle_make_model=s.vehicle_make_model,
            )
            for s in seizures
        ],
        final_reports=[
            FinalReportOut.model_construct(
                id=r.id,
                kind=r.kind,
                report_number=r.report_number,
                submitted_on=r.submitted_on,
                court=r.court,
                is_supplementary=r.is_supplementary,
                summary=r.summary,
                charged_person_ids=[x.person_id for x in report_accused.get(r.id, []) if x.charged],
                not_charged_person_ids=[x.person_id for x in report_accused.get(r.id, []) if not x.charged],
            )
            for r in reports
        ],
        court_results=[
            CourtResultOut.model_construct(
                id=d.id,
                court=d.court,
                court_case_number=d.court_case_number,
                disposed_on=d.disposed_on,
                result=d.result,
                person_id=d.person_id,
                sentence=d.sentence,
            )
            for d in disposals
        ],
        status_history=[
            StatusChangeOut.model_construct(
                from_status=c.from_status,
                to_status=c.to_status,
                changed_at=c.changed_at,
                changed_by_user_id=c.changed_by_user_id,
                note=c.note,
            )
            for c in fir.status_history
        ],
    )


def _person_ids(out: FirOut) -> list[int]:
    people = [out.complainant] if out.complainant else []
    people += [*out.victims, *out.accused, *out.suspects, *out.witnesses]
    return sorted({party.person_id for party in people})


def _body(out: FirOut) -> Any:
    return out.model_dump(mode="json", warnings=False)


# ---------------------------------------------------------------------------------------------- helpers


def _place(session: Session, fir: Fir) -> Place:
    return place_of_station(session, fir.station_id)


def _writable_fir(session: Session, principal: Principal, fir_id: int, if_match: str | None, *, required: bool) -> Fir:
    """Load and lock the FIR, check the caller may write it and, if given, that their ETag is current."""
    principal.access.require_write()
    fir = load_fir(session, fir_id, for_update=True)
    principal.access.require_write(_place(session, fir))
    check_if_match(fir, if_match, required=required)
    return fir


def check_if_match(fir: Fir, if_match: str | None, *, required: bool) -> None:
    loc = ("header", "If-Match")
    if if_match is None:
        if required:
            message = f"send If-Match with the ETag of your last GET of this FIR (now {etag(fir)})"
            raise ApiError(428, "If-Match is required to change an FIR", problems=[(loc, message)])
        return
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in tags or etag(fir) in tags:
        return
    message = (
        f"FIR {fir.number} has changed since you read it: your ETag is {if_match.strip()}, the FIR is now at "
        f"{etag(fir)} (version {fir.version}); GET it again, re-apply your change and retry"
    )
    raise ApiError(409, message, problems=[(loc, message)], headers={"ETag": etag(fir)})


def _fir_response(session: Session, fir: Fir, status_code: int = 200) -> tuple[JSONResponse, Any]:
    session.flush()
    session.expire(fir)  # answer with what was stored (rounded money, defaults), exactly as GET will
    body = _body(fir_out(session, fir))
    headers = {"ETag": etag(fir), "Location": f"/api/v1/firs/{fir.id}"}
    return JSONResponse(body, status_code=status_code, headers=headers), body


def _idempotent_write(
    request: Request,
    session: Session,
    principal: Principal,
    key: str | None,
    request_body: Any,
    write: Callable[[], tuple[Fir, int]],
) -> JSONResponse:
    """Run ``write`` once per Idempotency-Key; store and commit its answer with the change."""
    claim = idempotency.claim(session, request, principal, key, request_body) if key is not None else None
    if claim is not None and claim.replay is not None:
        session.rollback()
        return claim.replay
    fir, status_code = write()
    session.flush()
    if claim is None:
        # Commit first: registration holds the station's number counter until commit; answer afterwards.
        session.commit()
        response, _ = _fir_response(session, fir, status_code)
        session.commit()
        return response
    response, body = _fir_response(session, fir, status_code)
    idempotency.store(session, claim, response, body)
    session.commit()
    return response


# ------------------------------------------------------------------------------------------------ routes


@router.post(
    "",
    status_code=201,
    response_model=FirOut,
    responses=ERRORS,
    summary="Register an FIR",
)
def register(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    data: FirInput,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Register an FIR with everything the IIF-I form holds, in one request. It gets the next number of its
    station's series for the year. Persons are linked by ``person_id`` or created. With an
    ``Idempotency-Key``, retries return the first answer and register nothing new. Fields that GET returns
    but POST does not take: ``SERVER_ASSIGNED_FIELDS`` in ``search_api/fir_schemas.py``."""
    principal.access.require_write()
    station_id = principal.station_id
    if data.station is not None:
        station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == data.station.upper()))
        if station is None:
            message = f"no police station has code {data.station!r}"
            raise ApiError(422, message, problems=[(("body", "station"), message)])
        principal.access.require_write(place_of_station(session, station.id))
        station_id = station.id
    assert station_id is not None

    def write() -> tuple[Fir, int]:
        fir = register_fir(
            session, data, station_id=station_id, actor=principal.actor(request), access=principal.access
        )
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


def _encode_cursor(registered_at: datetime, fir_id: int) -> str:
    raw = json.dumps([registered_at.isoformat(), fir_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, fir_id = json.loads(raw)
        parsed = datetime.fromisoformat(moment)
        if not isinstance(fir_id, int) or parsed.tzinfo is None:
            raise ValueError
        return parsed, fir_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        message = "is not a cursor this API issued; pass next_cursor from the previous page unchanged"
        raise ApiError(422, f"cursor {message}", problems=[(("query", "cursor"), message)]) from None


@router.get("", response_model=FirPage, responses=ERRORS, summary="List FIRs")
def list_firs(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    station: Annotated[str | None, Query(max_length=24, description="Station code")] = None,
    district: Annotated[str | None, Query(max_length=16, description="District code")] = None,
    registered_from: Annotated[Day | None, Query(description="First day of registration (IST)")] = None,
    registered_to: Annotated[Day | None, Query(description="Last day of registration (IST)")] = None,
    status: FirStatus | None = None,
    act: Annotated[str | None, Query(max_length=24, description="Act code; with section, one section")] = None,
    section: Annotated[str | None, Query(max_length=24, description="Section number (needs act)")] = None,
    crime_head: Annotated[str | None, Query(max_length=40, description="NCRB crime head code")] = None,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> FirPage:
    """FIRs newest first, within the caller's jurisdiction, filtered; cursor pagination on (registered_at, id)."""
    principal.access.require_read()
    query = (
        sa.select(Fir, PoliceStation.code, PoliceDistrict.code)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
    )
    if station is not None:
        found = lookup_code(session, PoliceStation, station, "station")
        principal.access.require_read(Place(found.id, found.district_id, found.code))
        query = query.where(Fir.station_id == found.id)
    if district is not None:
        found_district = lookup_code(session, PoliceDistrict, district, "district")
        principal.access.require_read_district(found_district.id, found_district.code)
        query = query.where(PoliceStation.district_id == found_district.id)
    query = query.where(principal.access.stations(Fir.station_id))
    if registered_from is not None:
        query = query.where(Fir.registered_at >= datetime.combine(registered_from, time(), IST))
    if registered_to is not None:
        query = query.where(Fir.registered_at < datetime.combine(registered_to + timedelta(days=1), time(), IST))
    if status is not None:
        query = query.where(Fir.status == status)
    if section is not None and act is None:
        message = "give act too: section numbers repeat across acts (e.g. act=BNS&section=103(1))"
        raise ApiError(422, message, problems=[(("query", "act"), message)])
    if act is not None:
        act_row = lookup_code(session, Act, act, "act")
        cited = sa.select(FirSection.fir_id).join(Section, Section.id == FirSection.section_id)
        cited = cited.where(Section.act_id == act_row.id)
        if section is not None:
            normalised = sa.func.upper(sa.func.regexp_replace(Section.number, r"\s+", "", "g"))
            cited = cited.where(normalised == normalise_section_number(section))
        query = query.where(Fir.id.in_(cited))
    if crime_head is not None:
        head = lookup_code(session, CrimeHead, crime_head, "crime_head")
        cited = (
            sa.select(FirSection.fir_id)
            .join(Section, Section.id == FirSection.section_id)
            .where(Section.crime_head_id == head.id)
        )
        query = query.where(Fir.id.in_(cited))
    if cursor is not None:
        after_at, after_id = _decode_cursor(cursor)
        query = query.where(sa.tuple_(Fir.registered_at, Fir.id) < sa.tuple_(after_at, after_id))
    rows = session.execute(query.order_by(Fir.registered_at.desc(), Fir.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    ids = [fir.id for fir, _, _ in rows]
    cited_by: dict[int, list[tuple[str, str | None]]] = {}
    if ids:
        for fir_id, act_code, number, head_code in session.execute(
            sa.select(FirSection.fir_id, Act.code, Section.number, CrimeHead.code)
            .join(Section, Section.id == FirSection.section_id)
            .join(Act, Act.id == Section.act_id)
            .outerjoin(CrimeHead, CrimeHead.id == Section.crime_head_id)
            .where(FirSection.fir_id.in_(ids))
            .order_by(FirSection.fir_id, FirSection.position)
        ):
            cited_by.setdefault(fir_id, []).append((f"{act_code} {number}", head_code))
    items = [
        FirSummary(
            id=fir.id,
            number=fir.number,
            station=station_code,
            district=district_code,
            registered_at=fir.registered_at,
            occurrence_from=fir.occurrence_from,
            information_type=fir.information_type,
            status=fir.status,
            sections=[name for name, _ in cited_by.get(fir.id, [])],
            crime_heads=sorted({head for _, head in cited_by.get(fir.id, []) if head}),
            version=fir.version,
        )
        for fir, station_code, district_code in rows
    ]
    next_cursor = _encode_cursor(rows[-1][0].registered_at, rows[-1][0].id) if more and rows else None
    filters = {
        name: value
        for name, value in {
            "station": station,
            "district": district,
            "status": status,
            "act": act,
            "section": section,
            "crime_head": crime_head,
            "registered_from": registered_from,
            "registered_to": registered_to,
        }.items()
        if value is not None
    }
    audit(
        session,
        request,
        principal,
        "list",
        "fir",
        None,
        {"filters": {k: str(v) for k, v in filters.items()}, "returned": len(items)},
    )
    session.commit()
    return FirPage(items=items, limit=limit, next_cursor=next_cursor)


def _readable_fir(session: Session, principal: Principal, fir_id: int) -> Fir:
    principal.access.require_read()
    fir = load_fir(session, fir_id)
    principal.access.require_read(_place(session, fir))
    return fir


@router.get("/{fir_id}", response_model=FirOut, responses=ERRORS, summary="Read one FIR")
def read_fir(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> JSONResponse:
    """The whole FIR with its people, arrests, seizures, final reports, court results and status history.
    The ``ETag`` header is what ``If-Match`` takes for a change."""
    fir = _readable_fir(session, principal, fir_id)
    out = fir_out(session, fir)
    audit(session, request, principal, "read", "fir", fir.id, {"number": fir.number, "person_ids": _person_ids(out)})
    session.commit()
    return JSONResponse(_body(out), headers={"ETag": etag(fir)})


@router.patch("/{fir_id}", response_model=FirOut, responses={**ERRORS, 428: {"description": "If-Match missing"}})
def correct_fir(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    patch: FirPatch,
    if_match: IfMatchHeader = None,
) -> JSONResponse:
    """Correct fields of an FIR (only those sent change). Needs ``If-Match`` with the current ETag; a stale
    one gets 409 saying the FIR changed since it was read."""
    fir = _writable_fir(session, principal, fir_id, if_match, required=True)
    update_fir(session, fir, patch, actor=principal.actor(request))
    response, _ = _fir_response(session, fir)
    session.commit()
    return response


def _action_route(path: str, summary: str, status_code: int = 201) -> Callable[[Callable[..., Any]], Any]:
    return router.post(path, status_code=status_code, response_model=FirOut, responses=ERRORS, summary=summary)


@_action_route("/{fir_id}/parties", "Add a person to an FIR")
def add_person(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: PartyAddInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """An accused, suspect, victim or witness found after registration (linked by person_id or new)."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        add_party(session, fir, data, actor=principal.actor(request), access=principal.access)
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@_action_route("/{fir_id}/status", "Change an FIR's status", status_code=200)
def change_fir_status(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: StatusChangeInput,
    if_match: IfMatchHeader = None,
) -> JSONResponse:
    """Begin investigation, send a charge-sheeted case to court, or reopen an undetected case. Other changes
    come with their record (final report, court result, transfer); an impossible change gets 409 saying why."""
    fir = _writable_fir(session, principal, fir_id, if_match, required=False)
    set_status(session, fir, data, actor=principal.actor(request))
    response, _ = _fir_response(session, fir)
    session.commit()
    return response


@_action_route("/{fir_id}/arrests", "Record an arrest or surrender")
def add_arrest(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: ArrestInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """An accused or suspect of this FIR arrested or surrendered; a registered FIR goes under investigation."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        record_arrest(session, fir, data, actor=principal.actor(request))
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@_action_route("/{fir_id}/seizures", "Record a seizure")
def add_seizure(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: SeizureInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Property seized in the case (IIF-IV)."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        record_seizure(session, fir, data, actor=principal.actor(request))
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@_action_route("/{fir_id}/final-reports", "Record a charge sheet or final report")
def add_final_report(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: FinalReportInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """A charge sheet (status charge_sheeted) or final report undetected / false / mistake of fact."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        record_final_report(session, fir, data, actor=principal.actor(request))
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@_action_route("/{fir_id}/court-results", "Record the court's result")
def add_court_result(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: CourtResultInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """The court's disposal of a case sent to court; the FIR becomes disposed."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        record_court_result(session, fir, data, actor=principal.actor(request))
        return fir, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@_action_route("/{fir_id}/transfer", "Transfer a zero FIR")
def transfer(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: TransferInput,
    if_match: IfMatchHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Hand a zero FIR to the station with jurisdiction. That station gets a regular FIR in its own series
    (returned, with ``zero_fir_origin_id``); the zero FIR becomes ``transferred``."""

    def write() -> tuple[Fir, int]:
        fir = _writable_fir(session, principal, fir_id, if_match, required=False)
        station = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == data.to_station.upper()))
        if station is None:
            message = f"no police station has code {data.to_station!r}"
            raise ApiError(422, message, problems=[(("body", "to_station"), message)])
        new = transfer_zero_fir(session, fir, station, actor=principal.actor(request), note=data.note)
        return new, 201

    return _idempotent_write(request, session, principal, idempotency_key, data.model_dump(mode="json"), write)


@router.get(
    "/{fir_id}/print",
    response_class=HTMLResponse,
    responses={**ERRORS, 200: {"content": {"text/html": {}}, "description": "Printable FIR copy"}},
    summary="Printable FIR copy (HTML)",
)
def print_fir(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> HTMLResponse:
    """The FIR in the standard IIF-I layout, Hindi and English, for the complainant's free copy."""
    fir = _readable_fir(session, principal, fir_id)
    out = fir_out(session, fir)
    station = session.get(PoliceStation, fir.station_id)
    assert station is not None
    district = session.get(PoliceDistrict, station.district_id)
    assert district is not None
    sections = session.execute(
        sa.select(
            Act.code,
            Act.short_name,
            Act.name_en.label("act_en"),
            Act.name_hi.label("act_hi"),
            Section.number,
            Section.title_en,
            Section.title_hi,
        )
        .select_from(FirSection)
        .join(Section, Section.id == FirSection.section_id)
        .join(Act, Act.id == Section.act_id)
        .where(FirSection.fir_id == fir.id)
        .order_by(FirSection.position)
    ).all()
    withheld = protects_victim(session, fir_id=fir.id)
    html = render_fir_print(out, station=station, district=district, sections=sections, withheld=withheld)
    details = {"number": fir.number, "person_ids": [] if withheld else _person_ids(out), "victim_withheld": withheld}
    audit(session, request, principal, "print", "fir", fir.id, details)
    session.commit()
    return HTMLResponse(html, headers={"ETag": etag(fir)})
