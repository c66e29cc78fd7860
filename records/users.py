"""Creating users and checking their passwords (argon2id hashes; the plain password is never stored)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import PoliceDistrict, PoliceStation, Role, User

_hasher = PasswordHasher()
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 10


class UserInputError(ValueError):
    """A user could not be created; the message names the field and the reason."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    """Raise UserInputError naming the rule a new password breaks."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserInputError(f"password: must be at least {MIN_PASSWORD_LENGTH} characters")


def set_password(user: User, password: str) -> None:
    """Give ``user`` a new password (checked against the rules, stored as an argon2id hash). Never commits."""
    check_password_rules(password)
    user.password_hash = hash_password(password)


def _jurisdiction(
    session: Session, role: Role, station_code: str | None, district_code: str | None
) -> tuple[PoliceStation | None, PoliceDistrict | None]:
    """The station and district a user of ``role`` is given (UserInputError naming the field if wrong)."""
    station = district = None
    if station_code:
        station = session.scalar(select(PoliceStation).where(PoliceStation.code == station_code.upper()))
        if station is None:
            raise UserInputError(f"station: no police station has code {station_code!r}")
    if district_code:
        district = session.scalar(select(PoliceDistrict).where(PoliceDistrict.code == district_code.upper()))
        if district is None:
            raise UserInputError(f"district: no police district has code {district_code!r}")
    if role is Role.STATION_OFFICER and station is None:
        raise UserInputError("station: a station officer needs the code of their police station")
    if role is Role.DISTRICT_SP and district is None and station is None:
        raise UserInputError("district: a district SP needs the code of their police district")
    if station is not None and district is not None and station.district_id != district.id:
        raise UserInputError(
            f"station: {station.code} is in district {station.district.code}, not {district.code}; "
            "give the station's own district, or leave the district out (it follows from the station)"
        )
    if station is not None and district is None:
        district = station.district

    return station, district


def create_user(
    session: Session,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    station_code: str | None = None,
    district_code: str | None = None,
    actor: Actor,
) -> User:
    """Add a user with the jurisdiction their role needs, audited as ``actor``'s. Never commits."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise UserInputError(
            "username: use 3-64 characters of lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    check_password_rules(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserInputError(f"username: {username!r} is already taken")

    station, district = _jurisdiction(session, role, station_code, district_code)
    user = User(
        username=username,
        full_name=full_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
        station_id=station.id if station else None,
        district_id=district.id if district else None,
    )
    session.add(user)
    session.flush()
    actor.audit(session, "create", "user", user.id, {"username": user.username, "role": user.role.value})
    return user


def deactivate(session: Session, user: User, *, actor: Actor) -> None:
    """Disable a user: their tokens stop working at once and they cannot log in; audited as ``actor``'s with the
    before and after. Never commits."""
    before = user.is_active
    user.is_active = False
    session.flush()
    detail = {"username": user.username, "before": {"is_active": before}, "after": {"is_active": False}}
    actor.audit(session, "deactivate", "user", user.id, detail)


def change_jurisdiction(
    session: Session,
    user: User,
    *,
    role: Role,
    station_code: str | None = None,
    district_code: str | None = None,
    actor: Actor,
) -> None:
    """Give ``user`` another role, station or district (checked as for a new user); audited as ``actor``'s with
    the before and after. Their sessions keep working with the new rights at once. Never commits."""
    station, district = _jurisdiction(session, role, station_code, district_code)
    before = {"role": user.role.value, "station_id": user.station_id, "district_id": user.district_id}
    user.role = role
    user.station_id = station.id if station else None
    user.district_id = district.id if district else None
    session.flush()
    after = {"role": user.role.value, "station_id": user.station_id, "district_id": user.district_id}
    if after != before:
        actor.audit(session, "update", "user", user.id, {"username": user.username, "before": before, "after": after})


def reactivate(session: Session, user: User, *, actor: Actor) -> None:
    """Let a disabled user log in again (their old sessions stay ended); audited as ``actor``'s. Never commits."""
    before = user.is_active
    user.is_active = True
    session.flush()
    detail = {"username": user.username, "before": {"is_active": before}, "after": {"is_active": True}}
    actor.audit(session, "reactivate", "user", user.id, detail)
