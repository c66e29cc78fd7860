"""``/admin/stations``: add a police station, rename one, move one to another district, through
``records.reference.stations`` (which checks and audits each change)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from portal.admin.common import AdminOfficer, admin_page, after_change, district_choices, found, text
from portal.i18n import language_of
from portal.staff_frame import Officer, StaffForm, StaffSession
from records.models import PoliceDistrict, PoliceStation
from records.reference.stations import add_station, move_station, rename_station
from records.users import UserInputError

router = APIRouter(prefix="/admin/stations")


def _list_page(
    request: Request, session: Session, officer: Officer, error: str = "", entered: dict[str, str] | None = None
) -> HTMLResponse:
    language = language_of(request)
    district = request.query_params.get("district", "")
    query = (
        sa.select(PoliceStation, PoliceDistrict)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .order_by(PoliceDistrict.name_en, PoliceStation.name_en)
    )
    if district:
        query = query.where(PoliceDistrict.code == district)
    return admin_page(
        request,
        officer,
        "admin/stations.html",
        status_code=422 if error else 200,
        rows=list(session.execute(query)),
        districts=district_choices(session, language),
        chosen_district=district,
        error=error,
        entered=entered or {},
    )


@router.get("/")
def stations_page(request: Request, session: StaffSession, officer: AdminOfficer) -> HTMLResponse:
    return _list_page(request, session, officer)


@router.post("/")
def add_station_form(request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm) -> Response:
    entered = {name: text(form, name, 120) for name in ("district", "name_en", "name_hi", "code")}
    try:
        station = add_station(
            session,
            district_code=entered["district"],
            name_en=entered["name_en"],
            name_hi=entered["name_hi"],
            code=entered["code"],
            actor=officer.principal.actor(request),
        )
    except UserInputError as problem:
        session.rollback()
        return _list_page(request, session, officer, str(problem), entered)
    session.commit()
    return after_change(f"/admin/stations/{station.id}", "created")


def _station_page(
    request: Request, session: Session, officer: Officer, station: PoliceStation, error: str = ""
) -> HTMLResponse:
    return admin_page(
        request,
        officer,
        "admin/station.html",
        status_code=422 if error else 200,
        station=station,
        district=session.get(PoliceDistrict, station.district_id),
        districts=district_choices(session, language_of(request)),
        error=error,
    )


@router.get("/{station_id}")
def station_page(request: Request, session: StaffSession, officer: AdminOfficer, station_id: int) -> HTMLResponse:
    return _station_page(request, session, officer, found(session, PoliceStation, station_id))


@router.post("/{station_id}/rename")
def rename_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, station_id: int
) -> Response:
    station = found(session, PoliceStation, station_id)
    try:
        rename_station(
            session,
            station,
            name_en=text(form, "name_en", 120),
            name_hi=text(form, "name_hi", 120),
            actor=officer.principal.actor(request),
        )
    except UserInputError as problem:
        session.rollback()
        return _station_page(request, session, officer, found(session, PoliceStation, station_id), str(problem))
    session.commit()
    return after_change(f"/admin/stations/{station_id}", "saved")


@router.post("/{station_id}/move")
def move_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, station_id: int
) -> Response:
    station = found(session, PoliceStation, station_id)
    try:
        move_station(session, station, district_code=text(form, "district", 16), actor=officer.principal.actor(request))
    except UserInputError as problem:
        session.rollback()
        return _station_page(request, session, officer, found(session, PoliceStation, station_id), str(problem))
    session.commit()
    return after_change(f"/admin/stations/{station_id}", "moved")
