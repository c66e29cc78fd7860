"""Read-only reference data: districts, stations, acts and sections, and the names of coded values."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Query
from sqlalchemy.orm import joinedload

from cases.input import Day
from cases.reading.section_choices import MAX_CHOICES, correspondence, section_choices
from records.display import LABELS
from records.models import (
    Act,
    CrimeHead,
    DistrictKind,
    PoliceDistrict,
    PoliceStation,
    Section,
)
from search_api.dependencies import SessionDep
from search_api.schemas import CrimeHeadOut, DistrictOut, Page, SectionChoiceOut, SectionOut, StationOut

router = APIRouter(tags=["reference data"])


@router.get("/districts", response_model=list[DistrictOut])
def list_districts(session: SessionDep, kind: DistrictKind | None = None) -> list[DistrictOut]:
    """All police districts, with how many police stations each has."""
    station_count = (
        sa.select(sa.func.count(PoliceStation.id))
        .where(PoliceStation.district_id == PoliceDistrict.id)
        .scalar_subquery()
    )
    query = sa.select(PoliceDistrict, station_count).order_by(PoliceDistrict.name_en)
    if kind is not None:
        query = query.where(PoliceDistrict.kind == kind)
    return [
        DistrictOut(
            code=district.code,
            name_en=district.name_en,
            name_hi=district.name_hi,
            kind=district.kind.value,
            census_code=district.census_code,
            population_2011=district.population_2011,
            station_count=count,
        )
        for district, count in session.execute(query)
    ]


@router.get("/stations", response_model=Page[StationOut])
def list_stations(
    session: SessionDep,
    district: Annotated[str | None, Query(description="District code, e.g. VAISHALI")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name, English or Hindi")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[StationOut]:
    query = sa.select(PoliceStation, PoliceDistrict.code).join(PoliceDistrict)
    if district is not None:
        district_id = session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == district.upper()))
        if district_id is None:
            raise HTTPException(
                422,
                detail=[
                    {
                        "loc": ["query", "district"],
                        "msg": f"no police district has code {district!r}; GET /api/v1/districts lists them",
                    }
                ],
            )
        query = query.where(PoliceStation.district_id == district_id)
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(sa.or_(PoliceStation.name_en.ilike(pattern), PoliceStation.name_hi.ilike(pattern)))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(PoliceStation.code).limit(limit).offset(offset))
    items = [
        StationOut(
            code=station.code,
            name_en=station.name_en,
            name_hi=station.name_hi,
            district_code=district_code,
            latitude=station.latitude,
            longitude=station.longitude,
        )
        for station, district_code in rows
    ]
    return Page[StationOut](items=items, total=total, limit=limit, offset=offset)


@router.get("/sections/search", response_model=list[SectionChoiceOut])
def search_sections(
    session: SessionDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="What the officer typed: an act and a number (IPC 379), a number (304B) or title words "
            "in English or Hindi (theft, चोरी)",
        ),
    ],
    on: Annotated[Day | None, Query(description="The offence day: sections in force then come first")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_CHOICES)] = 20,
) -> list[SectionChoiceOut]:
    """Sections across the IPC, the BNS and the special laws for a search-as-you-type picker, each with the
    sections it corresponds to across the 1 July 2024 change. Reference data, like ``/sections``: no login."""
    return [
        SectionChoiceOut(**dataclasses.asdict(choice), label=choice.label)
        for choice in section_choices(session, q, offence_day=on, limit=limit)
    ]


@router.get("/sections", response_model=Page[SectionOut])
def list_sections(
    session: SessionDep,
    act: Annotated[str | None, Query(description="Act code: IPC, BNS, ARMS, NDPS, ...")] = None,
    crime_head: Annotated[str | None, Query(description="NCRB crime head code, e.g. THEFT")] = None,
    number: Annotated[str | None, Query(max_length=24, description="Section number as cited, e.g. 302")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[SectionOut]:
    """Sections with their NCRB crime head and the sections they correspond to across the IPC/BNS change."""
    query = sa.select(Section).join(Act).options(joinedload(Section.act), joinedload(Section.crime_head))
    if act is not None:
        if session.scalar(sa.select(Act.id).where(Act.code == act.upper())) is None:
            raise HTTPException(422, detail=[{"loc": ["query", "act"], "msg": f"no act has code {act!r}"}])
        query = query.where(Act.code == act.upper())
    if crime_head is not None:
        head_id = session.scalar(sa.select(CrimeHead.id).where(CrimeHead.code == crime_head.upper()))
        if head_id is None:
            raise HTTPException(
                422, detail=[{"loc": ["query", "crime_head"], "msg": f"no crime head has code {crime_head!r}"}]
            )
        query = query.where(Section.crime_head_id == head_id)
    if number is not None:
        query = query.where(Section.number == number.strip())
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    sections = session.scalars(query.order_by(Act.code, Section.id).limit(limit).offset(offset)).all()
    across = correspondence(session, [section.id for section in sections])
    items = [
        SectionOut(
            act=section.act.code,
            number=section.number,
            title_en=section.title_en,
            title_hi=section.title_hi,
            crime_head=CrimeHeadOut(
                code=section.crime_head.code,
                name_en=section.crime_head.name_en,
                name_hi=section.crime_head.name_hi,
            )
            if section.crime_head
            else None,
            corresponds_to=across.get(section.id, []),
            act_in_force_from=section.act.in_force_from,
            act_in_force_until=section.act.in_force_until,
        )
        for section in sections
    ]
    return Page[SectionOut](items=items, total=total, limit=limit, offset=offset)


@router.get("/labels", response_model=dict[str, dict[str, dict[str, str]]])
def list_labels() -> dict[str, dict[str, dict[str, str]]]:
    """The names of coded values (FIR statuses, property kinds, final report kinds, arrest kinds, court
    results, party roles, user roles, genders, relations) in English and Hindi, for pages that show them:
    ``{"fir_status": {"final_report_undetected": {"en": "...", "hi": "..."}}}``."""
    return {
        kind: {str(code): {"en": english, "hi": hindi} for code, (english, hindi) in names.items()}
        for kind, names in LABELS.items()
    }
