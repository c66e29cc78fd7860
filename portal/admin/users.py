"""``/admin/users``: create users, change their role or station, disable or enable them, reset a password,
unlock an account. Each change goes through the same commands as the admin API and the ``cctns user``
commands (``records.users``, ``search_api.logins``), which audit it."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session, aliased

from portal.admin.common import AdminOfficer, admin_page, after_change, district_choices, found, station_choices, text
from portal.i18n import language_of
from portal.staff_frame import Officer, StaffForm, StaffSession
from records.models import PoliceDistrict, PoliceStation, Role, User
from records.users import UserInputError, change_jurisdiction, create_user, deactivate, reactivate
from search_api.logins import reset_password, unlock

router = APIRouter(prefix="/admin/users")
ROLES = tuple(Role)


@dataclass(frozen=True)
class UserRow:
    user: User
    place: str  # station or district, named in the page's language


def _rows(session: Session, language: str) -> list[UserRow]:
    district = aliased(PoliceDistrict)
    query = (
        sa.select(User, PoliceStation, district)
        .outerjoin(PoliceStation, PoliceStation.id == User.station_id)
        .outerjoin(district, district.id == User.district_id)
        .order_by(User.is_active.desc(), User.username)
    )
    rows = []
    for user, station, user_district in session.execute(query):
        place = station or user_district
        name = (place.name_hi if language == "hi" else place.name_en) if place else ""
        rows.append(UserRow(user, name))
    return rows


def _list_page(
    request: Request, session: Session, officer: Officer, error: str = "", entered: dict[str, str] | None = None
) -> HTMLResponse:
    language = language_of(request)
    return admin_page(
        request,
        officer,
        "admin/users.html",
        status_code=422 if error else 200,
        rows=_rows(session, language),
        roles=ROLES,
        stations=station_choices(session, language),
        districts=district_choices(session, language),
        error=error,
        entered=entered or {},
    )


def _jurisdiction_fields(form_role: str, station: str, district: str) -> tuple[Role, str | None, str | None]:
    """The role chosen and only the place it needs (a station for officers, a district for SPs)."""
    try:
        role = Role(form_role)
    except ValueError:
        raise UserInputError(f"role: choose one of {', '.join(r.value for r in Role)}") from None
    return (
        role,
        station if role is Role.STATION_OFFICER else None,
        district if role is Role.DISTRICT_SP else None,
    )


@router.get("/")
def users_page(request: Request, session: StaffSession, officer: AdminOfficer) -> HTMLResponse:
    return _list_page(request, session, officer)


@router.post("/")
def create_user_form(request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm) -> Response:
    entered = {name: text(form, name) for name in ("username", "full_name", "role", "station", "district")}
    try:
        role, station, district = _jurisdiction_fields(entered["role"], entered["station"], entered["district"])
        create_user(
            session,
            username=entered["username"],
            full_name=entered["full_name"],
            role=role,
            password=text(form, "password"),
            station_code=station,
            district_code=district,
            actor=officer.principal.actor(request),
        )
    except UserInputError as problem:
        session.rollback()
        return _list_page(request, session, officer, str(problem), entered)
    session.commit()
    return after_change("/admin/users/", "created")


def _user_page(
    request: Request, session: Session, officer: Officer, user: User, error: str = "", error_key: str = ""
) -> HTMLResponse:
    language = language_of(request)
    station = session.get(PoliceStation, user.station_id) if user.station_id else None
    district = session.get(PoliceDistrict, user.district_id) if user.district_id else None
    return admin_page(
        request,
        officer,
        "admin/user.html",
        status_code=422 if error or error_key else 200,
        user=user,
        station_code=station.code if station else "",
        district_code=district.code if district else "",
        yourself=user.id == officer.user_id,
        roles=ROLES,
        stations=station_choices(session, language),
        districts=district_choices(session, language),
        error=error,
        error_key=error_key,
    )


@router.get("/{user_id}")
def user_page(request: Request, session: StaffSession, officer: AdminOfficer, user_id: int) -> HTMLResponse:
    return _user_page(request, session, officer, found(session, User, user_id))


def _refuse_yourself(request: Request, session: Session, officer: Officer, user: User) -> HTMLResponse | None:
    if user.id == officer.user_id:
        return _user_page(request, session, officer, user, error_key="not_yourself")
    return None


@router.post("/{user_id}/jurisdiction")
def change_user_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, user_id: int
) -> Response:
    user = found(session, User, user_id)
    if refused := _refuse_yourself(request, session, officer, user):
        return refused
    try:
        role, station, district = _jurisdiction_fields(
            text(form, "role"), text(form, "station"), text(form, "district")
        )
        change_jurisdiction(
            session,
            user,
            role=role,
            station_code=station,
            district_code=district,
            actor=officer.principal.actor(request),
        )
    except UserInputError as problem:
        session.rollback()
        return _user_page(request, session, officer, found(session, User, user_id), str(problem))
    session.commit()
    return after_change(f"/admin/users/{user_id}", "saved")


@router.post("/{user_id}/disable")
def disable_user_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, user_id: int
) -> Response:
    user = found(session, User, user_id)
    if refused := _refuse_yourself(request, session, officer, user):
        return refused
    deactivate(session, user, actor=officer.principal.actor(request))
    session.commit()
    return after_change(f"/admin/users/{user_id}", "disabled")


@router.post("/{user_id}/enable")
def enable_user_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, user_id: int
) -> Response:
    reactivate(session, found(session, User, user_id), actor=officer.principal.actor(request))
    session.commit()
    return after_change(f"/admin/users/{user_id}", "enabled")


@router.post("/{user_id}/password")
def password_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, user_id: int
) -> Response:
    user = found(session, User, user_id)
    try:
        reset_password(session, user, text(form, "password"), actor=officer.principal.actor(request))
    except UserInputError as problem:
        session.rollback()
        return _user_page(request, session, officer, found(session, User, user_id), str(problem))
    session.commit()
    return after_change(f"/admin/users/{user_id}", "password")


@router.post("/{user_id}/unlock")
def unlock_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, user_id: int
) -> Response:
    unlock(session, found(session, User, user_id), actor=officer.principal.actor(request))
    session.commit()
    return after_change(f"/admin/users/{user_id}", "unlocked")
