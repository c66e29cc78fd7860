"""Administration: users (with role and jurisdiction) and station systems' API clients. Administrators only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, TypeVar

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from cases.input import Required, Short
from records.api_keys import issue_api_key, revoke_api_key
from records.models import ApiClient, PoliceDistrict, PoliceStation, Role, User
from records.users import create_user, deactivate
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError, error_responses
from search_api.logins import unlock
from search_api.schemas import from_row

Row = TypeVar("Row", User, ApiClient)
router = APIRouter(prefix="/admin", tags=["administration"])
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ERRORS = error_responses(
    {
        401: "Not authenticated",
        403: "Administrators only",
        404: "No such record",
        422: "Invalid input",
    }
)


class UserCreate(BaseModel):
    model_config = {"extra": "forbid"}

    username: Required(64) = Field(description="Lower-case letters, digits, . _ -", examples=["sho.hajipur"])
    full_name: Short(120) = ""
    role: Role
    password: str = Field(min_length=10, max_length=200)
    station: Short(24) | None = Field(default=None, description="Station code (station officers)")
    district: Short(16) | None = Field(default=None, description="District code (district SPs)")


class UserOut(BaseModel):
    id: int
    username: str
    full_name: str
    role: Role
    station: str | None
    district: str | None
    is_active: bool
    failed_logins: int = Field(description="Wrong passwords in a row since the last login or unlock")
    locked_until: datetime | None = Field(description="Logins refused until then; POST .../unlock releases it")
    created_at: datetime


class ApiClientCreate(BaseModel):
    model_config = {"extra": "forbid"}

    name: Required(120) = Field(examples=["Hajipur Sadar PS records system"])
    station: Required(24) = Field(description="The one station this key may act for")


class ApiClientOut(BaseModel):
    id: int
    name: str
    station: str
    key_prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiClientCreated(ApiClientOut):
    api_key: str = Field(description="Shown only now: store it in the station system; only its hash is kept")


def _codes(session: SessionDep, station_id: int | None, district_id: int | None) -> tuple[str | None, str | None]:
    station = session.get(PoliceStation, station_id) if station_id else None
    district = session.get(PoliceDistrict, district_id) if district_id else None
    return (station.code if station else None, district.code if district else None)


def _found(session: SessionDep, model: type[Row], row_id: int, noun: str, parameter: str) -> Row:
    """The row with this id, or 404 naming the path ``parameter``."""
    row = session.get(model, row_id)
    if row is None:
        message = f"no {noun} has id {row_id}"
        raise ApiError(404, message, problems=[(("path", parameter), message)])
    return row


def _user_out(session: SessionDep, user: User) -> UserOut:
    station, district = _codes(session, user.station_id, user.district_id)
    return from_row(UserOut, user, station=station, district=district)


def _client_out(session: SessionDep, client: ApiClient) -> ApiClientOut:
    station, _ = _codes(session, client.station_id, None)
    return from_row(ApiClientOut, client, station=station or "")


@router.post("/users", status_code=201, response_model=UserOut, responses=ERRORS)
def create_user_route(request: Request, session: SessionDep, principal: PrincipalDep, data: UserCreate) -> UserOut:
    """Create a user; station officers need a station, district SPs a district."""
    principal.access.require_admin()
    user = create_user(
        session,
        username=data.username,
        full_name=data.full_name,
        role=data.role,
        password=data.password,
        station_code=data.station,
        district_code=data.district,
        actor=principal.actor(request),
    )
    session.refresh(user)
    out = _user_out(session, user)
    session.commit()
    return out


@router.get("/users", response_model=list[UserOut], responses=ERRORS)
def list_users(
    session: SessionDep,
    principal: PrincipalDep,
    role: Role | None = None,
    active: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[UserOut]:
    """Users, by username."""
    principal.access.require_admin()
    query = sa.select(User).order_by(User.username).limit(limit).offset(offset)
    if role is not None:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.is_active == active)
    return [_user_out(session, user) for user in session.scalars(query)]


@router.post("/users/{user_id}/deactivate", response_model=UserOut, responses=ERRORS)
def deactivate_user(request: Request, session: SessionDep, principal: PrincipalDep, user_id: RowId) -> UserOut:
    """Disable a user: their tokens stop working at once and they cannot log in."""
    principal.access.require_admin()
    user = _found(session, User, user_id, "user", "user_id")
    if user.id == principal.user_id:
        raise ApiError(409, "administrators cannot disable their own account (ask another administrator)")
    deactivate(session, user, actor=principal.actor(request))
    out = _user_out(session, user)
    session.commit()
    return out


@router.post("/users/{user_id}/unlock", response_model=UserOut, responses=ERRORS)
def unlock_user(request: Request, session: SessionDep, principal: PrincipalDep, user_id: RowId) -> UserOut:
    """Release an account locked after wrong passwords (and clear its failed logins) before the lock times out."""
    principal.access.require_admin()
    user = _found(session, User, user_id, "user", "user_id")
    unlock(session, user, actor=principal.actor(request))
    out = _user_out(session, user)
    session.commit()
    return out


@router.post("/api-clients", status_code=201, response_model=ApiClientCreated, responses=ERRORS)
def create_api_client(
    request: Request, session: SessionDep, principal: PrincipalDep, data: ApiClientCreate
) -> ApiClientCreated:
    """A key for a station's own system, bound to that station. The key is in this answer only."""
    principal.access.require_admin()
    client, key = issue_api_key(session, name=data.name, station_code=data.station, actor=principal.actor(request))
    session.refresh(client)
    out = ApiClientCreated(**_client_out(session, client).model_dump(), api_key=key)
    session.commit()
    return out


@router.get("/api-clients", response_model=list[ApiClientOut], responses=ERRORS)
def list_api_clients(session: SessionDep, principal: PrincipalDep, include_revoked: bool = False) -> list[ApiClientOut]:
    """API clients (never their keys)."""
    principal.access.require_admin()
    query = sa.select(ApiClient).order_by(ApiClient.id)
    if not include_revoked:
        query = query.where(ApiClient.revoked_at.is_(None))
    return [_client_out(session, client) for client in session.scalars(query)]


@router.post("/api-clients/{client_id}/revoke", response_model=ApiClientOut, responses=ERRORS)
def revoke_api_client(request: Request, session: SessionDep, principal: PrincipalDep, client_id: RowId) -> ApiClientOut:
    """Revoke a key: requests with it are refused from now on."""
    principal.access.require_admin()
    client = _found(session, ApiClient, client_id, "API client", "client_id")
    revoke_api_key(session, client, actor=principal.actor(request))
    out = _client_out(session, client)
    session.commit()
    return out
