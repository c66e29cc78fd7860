"""Who is calling: users log in with a password and get an expiring bearer token (JWT, HS256, signed with
``CCTNS_SECRET_KEY``); station systems send an API key in ``X-API-Key`` (``records.api_keys``). The staff
pages' own calls from the browser send the same token in the session cookie of ``/staff/login``, with the
session's CSRF token in ``X-CSRF-Token`` on every unsafe method (``search_api.csrf``).

Passwords are checked, throttled and audited by ``search_api.logins`` (shared with the staff pages' cookie
login). Logging out (``POST /api/v1/auth/logout``, ``POST /staff/logout``) writes the token's ``jti`` into
``revoked_token``: the token, or a copy of the cookie, is refused from then on.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import jwt
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, contains_eager

from records.access import Jurisdiction
from records.api_keys import API_KEY_PREFIX_LENGTH, hash_api_key
from records.audit import Actor
from records.models import ApiClient, PoliceDistrict, PoliceStation, RevokedToken, Role, User
from records.settings import Settings, get_settings
from search_api.csrf import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, session_csrf_ok
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.logins import LoginRefused, authenticate

ACCESS_TOKEN_MINUTES = 60
TOKEN_ALGORITHM = "HS256"
TOKEN_AUDIENCE = "cctns-api"
API_KEY_HEADER = "X-API-Key"
LAST_USED_RESOLUTION = timedelta(minutes=1)

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="A station system's key, from POST /api/v1/admin/api-clients"
)
router = APIRouter(prefix="/auth", tags=["authentication"])


@dataclass(frozen=True)
class Principal:
    """The caller: a user, or a station system acting as a station officer of its station."""

    kind: str  # "user" or "api_client"
    id: int
    name: str
    role: Role
    station_id: int | None
    district_id: int | None
    # An API key's station with its district, as read with the key in this request's session: holding it keeps it
    # in the session (whose identity map holds objects weakly), so a registration answers without reading it again.
    station: PoliceStation | None = field(default=None, compare=False, repr=False)

    @property
    def user_id(self) -> int | None:
        return self.id if self.kind == "user" else None

    @property
    def api_client_id(self) -> int | None:
        return self.id if self.kind == "api_client" else None

    @property
    def access(self) -> Jurisdiction:
        """What this caller may read and write (the one jurisdiction rule, ``records.access``)."""
        return Jurisdiction(self.role, self.station_id, self.district_id, api_client=self.kind == "api_client")

    @property
    def owner(self) -> str:
        return f"{self.kind}:{self.id}"

    def actor(self, request: Request) -> Actor:
        return Actor(
            user_id=self.user_id,
            api_client_id=self.api_client_id,
            client_address=request.client.host if request.client else None,
        )


def app_settings(request: Request) -> Settings:
    """Settings of the running app (read from the environment once, then kept on ``app.state``)."""
    settings: Settings | None = getattr(request.app.state, "settings", None)
    if settings is None:
        settings = get_settings()
        request.app.state.settings = settings
    return settings


# ------------------------------------------------------------------------------------------------ tokens


def create_access_token(settings: Settings, user: User, now: datetime | None = None) -> tuple[str, int]:
    """A signed token for ``user`` and its lifetime in seconds."""
    now = now or datetime.now(UTC)
    lifetime = timedelta(minutes=ACCESS_TOKEN_MINUTES)
    claims = {
        "sub": str(user.id),
        "role": user.role.value,
        "aud": TOKEN_AUDIENCE,
        "iat": now,
        "exp": now + lifetime,
        "jti": secrets.token_hex(8),
    }
    token = jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=TOKEN_ALGORITHM)
    return token, int(lifetime.total_seconds())


def _unauthorized(message: str, loc: tuple[str, ...] = ("header", "Authorization")) -> ApiError:
    return ApiError(401, message, problems=[(loc, message)], headers={"WWW-Authenticate": "Bearer"})


def _claims_of(settings: Settings, token: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[TOKEN_ALGORITHM],
            audience=TOKEN_AUDIENCE,
            options={"require": ["exp", "sub", "aud", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        raise _unauthorized("the bearer token has expired; log in again at /api/v1/auth/token") from None
    except jwt.InvalidTokenError:
        raise _unauthorized("the bearer token is not valid (not issued by this server, or damaged)") from None
    return claims


def _user_from_claims(session: Session, claims: dict[str, Any]) -> User:
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError):
        raise _unauthorized("the bearer token names no user") from None
    if session.get(RevokedToken, str(claims["jti"])[:64]) is not None:
        raise _unauthorized("the bearer token was logged out; log in again at /api/v1/auth/token")
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise _unauthorized("the account of this token is disabled or no longer exists")
    return user


def _user_from_token(session: Session, settings: Settings, token: str) -> User:
    return _user_from_claims(session, _claims_of(settings, token))


def revoke_token(session: Session, settings: Settings, token: str, address: str | None, via: str) -> User:
    """Log a token out: refused from now on (ApiError 401 if it is not a valid token). Audited; commits.

    Revoked tokens that have expired anyway are purged at the same time."""
    claims = _claims_of(settings, token)
    user = _user_from_claims(session, claims)
    expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
    session.execute(sa.delete(RevokedToken).where(RevokedToken.expires_at < datetime.now(UTC)))
    revoked = insert(RevokedToken).values(jti=str(claims["jti"])[:64], user_id=user.id, expires_at=expires)
    session.execute(revoked.on_conflict_do_nothing())  # two logouts of one token at once: both succeed
    Actor(user_id=user.id, client_address=address).audit(
        session, "logout", "user", user.id, {"via": via, "token_expires_at": expires.isoformat()}
    )
    session.commit()
    return user


# ---------------------------------------------------------------------------------------------- API keys


# The client of a key prefix with its station and the station's district, built once: every request asks, and
# building the statement cost about as much Python time as running it.
_CLIENT_OF_PREFIX = (
    sa.select(ApiClient, PoliceStation)
    .outerjoin(PoliceStation, PoliceStation.id == ApiClient.station_id)
    .outerjoin(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
    .options(contains_eager(PoliceStation.district))
    .where(ApiClient.key_prefix == sa.bindparam("prefix"))
)


def _client_from_key(session: Session, key: str) -> tuple[ApiClient, PoliceStation | None]:
    """The station's client a key belongs to, and its station with the station's district loaded (one query: every
    request asks)."""
    loc = ("header", API_KEY_HEADER)
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "cctns" or len(parts[1]) != API_KEY_PREFIX_LENGTH:
        raise _unauthorized("the API key is malformed: it looks like cctns_<prefix>_<secret>", loc)
    found = session.execute(_CLIENT_OF_PREFIX, {"prefix": parts[1]}).one_or_none()
    client, station = found if found is not None else (None, None)
    if client is None or not hmac.compare_digest(client.key_hash, hash_api_key(key.strip())):
        raise _unauthorized("the API key is not valid", loc)
    if client.revoked_at is not None:
        raise _unauthorized(f"the API key was revoked on {client.revoked_at:%Y-%m-%d}", loc)
    now = datetime.now(UTC)
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
        client.last_used_at = now
    return client, station


# ------------------------------------------------------------------------------------------- dependencies


@dataclass(frozen=True)
class Credentials:
    """What the caller sent to prove who they are, not yet checked."""

    token: str | None
    api_key: str | None
    cookie: str | None


async def credentials(
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_scheme)],
) -> Credentials:
    """The caller's token, key or staff cookie from the headers (no I/O, so on the event loop: no thread hop)."""
    return Credentials(token, api_key, request.cookies.get(SESSION_COOKIE))


CredentialsDep = Annotated[Credentials, Depends(credentials)]


def principal_of(request: Request, session: Session, sent: Credentials) -> Principal:
    """The authenticated caller, from a bearer token, an API key or the staff session cookie (with its CSRF token
    on unsafe methods); 401 saying what is wrong otherwise. Reads the database: call it in a thread."""
    if sent.api_key:
        client, station = _client_from_key(session, sent.api_key)
        district_id = station.district_id if station is not None else None
        return Principal(
            "api_client", client.id, client.name, Role.STATION_OFFICER, client.station_id, district_id, station
        )
    if sent.token:
        user = _user_from_token(session, app_settings(request), sent.token)
        return Principal("user", user.id, user.username, user.role, user.station_id, user.district_id)
    if sent.cookie:
        user = _user_from_session_cookie(request, session, sent.cookie)
        return Principal("user", user.id, user.username, user.role, user.station_id, user.district_id)
    raise _unauthorized(
        "authentication is required: send a bearer token from POST /api/v1/auth/token, or a station's X-API-Key"
    )


def current_principal(request: Request, session: SessionDep, sent: CredentialsDep) -> Principal:
    """The authenticated caller (:func:`principal_of`), as a dependency. A route that does all its work in one
    thread may take the session and the credentials instead and call :func:`principal_of` there: one thread hop
    per request instead of two."""
    return principal_of(request, session, sent)


def _user_from_session_cookie(request: Request, session: Session, cookie: str) -> User:
    """The user of a staff page's call with the session cookie: its CSRF token is required on unsafe methods
    (the cookie goes with any request the browser makes; the token only with the staff pages' own)."""
    settings = app_settings(request)
    if request.method not in SAFE_METHODS:
        token = request.headers.get(CSRF_HEADER)
        if not session_csrf_ok(settings.secret_key.get_secret_value(), cookie, token):
            message = f"a call with the staff session cookie must send the page's CSRF token in {CSRF_HEADER}"
            raise ApiError(403, message, problems=[(("header", CSRF_HEADER), message)])
    try:
        return _user_from_token(session, settings, cookie)
    except ApiError:
        message = "the staff session has ended (logged out or expired); log in again at /staff/login"
        raise _unauthorized(message, ("cookie", SESSION_COOKIE)) from None


PrincipalDep = Annotated[Principal, Depends(current_principal)]


# --------------------------------------------------------------------------------------------- endpoints


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    role: Role


class MeOut(BaseModel):
    kind: str
    id: int
    name: str
    role: Role
    station: str | None = Field(description="The station's code (for API calls)")
    district: str | None = Field(description="The district's code (for API calls)")
    station_name: str | None = Field(default=None, description="The station's name, to show")
    district_name: str | None = Field(default=None, description="The district's name, to show")


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post(
    "/token",
    response_model=TokenOut,
    responses={
        401: {"description": "Wrong username or password"},
        429: {"description": "Too many failed logins, or the account is locked; Retry-After says when to retry"},
    },
)
def login(request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenOut:
    """OAuth2 password flow: exchange a username and password for a bearer token that expires."""
    try:
        user = authenticate(session, form.username, form.password, client_address(request), "token")
    except LoginRefused as refused:
        headers = {"WWW-Authenticate": "Bearer"}
        if refused.retry_after is not None:
            headers["Retry-After"] = str(refused.retry_after)
        field = "password" if refused.status == 401 else "username"
        problems = [(("body", field), refused.message)]
        raise ApiError(refused.status, refused.message, problems=problems, headers=headers) from None
    token, lifetime = create_access_token(app_settings(request), user)
    return TokenOut(access_token=token, expires_in=lifetime, role=user.role)


@router.post("/logout", status_code=204, responses={401: {"description": "No valid bearer token"}})
def logout(request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]) -> Response:
    """Log the bearer token out: it is refused from now on, even before it expires."""
    if not token:
        raise _unauthorized("send the bearer token to log out in the Authorization header")
    revoke_token(session, app_settings(request), token, client_address(request), "token")
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(session: SessionDep, principal: PrincipalDep) -> MeOut:
    """Who the token or key belongs to, with their role and jurisdiction."""
    station = session.get(PoliceStation, principal.station_id) if principal.station_id else None
    district = session.get(PoliceDistrict, principal.district_id) if principal.district_id else None
    return MeOut(
        kind=principal.kind,
        id=principal.id,
        name=principal.name,
        role=principal.role,
        station=station.code if station else None,
        district=district.code if district else None,
        station_name=station.name_en if station else None,
        district_name=district.name_en if district else None,
    )


def describe(principal: Principal) -> dict[str, Any]:
    return {"kind": principal.kind, "id": principal.id, "role": principal.role.value}
