"""One police station at a time, as the administration pages change them: add one, rename it, move it to another
district. Each change is checked (``UserInputError`` naming the field) and audited with the before and after, and
never commits. The CSV load of many stations (``station_file``) shares the rules for codes and names.

Moving a station takes along what hangs on its district: its officers' district, the dashboards' counts (both
districts' months recounted, ``records.rollups``) and, through the triggers of migration 0012, its FIRs' search
documents."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import PoliceDistrict, PoliceStation, User
from records.reference.station_file import STATION_CODE_MAX, STATION_CODE_PATTERN, STATION_NAME_MAX, generated_code
from records.rollups import move_station_counts
from records.users import UserInputError


def _district(session: Session, district_code: str) -> PoliceDistrict:
    district = session.scalar(sa.select(PoliceDistrict).where(PoliceDistrict.code == district_code.strip().upper()))
    if district is None:
        raise UserInputError(f"district: no police district has code {district_code!r}")
    return district


def _names(name_en: str, name_hi: str) -> tuple[str, str]:
    english, hindi = " ".join(name_en.split()), " ".join(name_hi.split())
    if not english:
        raise UserInputError("name_en: the station's name in English is required")
    if not hindi:
        raise UserInputError("name_hi: the station's name in Hindi is required")
    for field, value in (("name_en", english), ("name_hi", hindi)):
        if len(value) > STATION_NAME_MAX:
            raise UserInputError(f"{field}: at most {STATION_NAME_MAX} characters")
    return english, hindi


def _refuse_same_name(session: Session, district_id: int, name_en: str, station_id: int | None = None) -> None:
    same = session.scalar(
        sa.select(PoliceStation.code).where(
            PoliceStation.district_id == district_id,
            sa.func.lower(PoliceStation.name_en) == name_en.casefold(),
            PoliceStation.id != (station_id or 0),
        )
    )
    if same is not None:
        raise UserInputError(f"name_en: the district already has a station named {name_en!r} ({same})")


def add_station(
    session: Session, *, district_code: str, name_en: str, name_hi: str, code: str = "", actor: Actor
) -> PoliceStation:
    """A new police station of a district; without ``code`` one is made from the district and the name."""
    district = _district(session, district_code)
    name_en, name_hi = _names(name_en, name_hi)
    _refuse_same_name(session, district.id, name_en)
    code = code.strip().upper()
    if code:
        if len(code) > STATION_CODE_MAX or not STATION_CODE_PATTERN.match(code):
            raise UserInputError(f"code: at most {STATION_CODE_MAX} capital letters, digits and hyphens")
        if session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == code)) is not None:
            raise UserInputError(f"code: {code!r} already belongs to another station")
    else:
        code = generated_code(district, name_en, set(session.scalars(sa.select(PoliceStation.code))))
    station = PoliceStation(district_id=district.id, code=code, name_en=name_en, name_hi=name_hi)
    session.add(station)
    session.flush()
    detail = {"code": code, "district": district.code, "name_en": name_en, "name_hi": name_hi}
    actor.audit(session, "create", "police_station", station.id, detail)
    return station


def rename_station(session: Session, station: PoliceStation, *, name_en: str, name_hi: str, actor: Actor) -> None:
    """New names of a station (its code, which other systems hold, stays)."""
    name_en, name_hi = _names(name_en, name_hi)
    _refuse_same_name(session, station.district_id, name_en, station.id)
    before = {"name_en": station.name_en, "name_hi": station.name_hi}
    after = {"name_en": name_en, "name_hi": name_hi}
    if before == after:
        return
    station.name_en, station.name_hi = name_en, name_hi
    session.flush()
    detail = {"code": station.code, "before": before, "after": after}
    actor.audit(session, "update", "police_station", station.id, detail)


def move_station(session: Session, station: PoliceStation, *, district_code: str, actor: Actor) -> None:
    """Put a station in another district, with its officers and its counts (see the module docstring)."""
    district = _district(session, district_code)
    old = station.district_id
    if district.id == old:
        return
    _refuse_same_name(session, district.id, station.name_en, station.id)
    station.district_id = district.id
    session.flush()
    session.execute(sa.update(User).where(User.station_id == station.id).values(district_id=district.id))
    move_station_counts(session.connection(), station.id, district.id)
    old_code = session.scalar(sa.select(PoliceDistrict.code).where(PoliceDistrict.id == old))
    detail = {"code": station.code, "before": {"district": old_code}, "after": {"district": district.code}}
    actor.audit(session, "move", "police_station", station.id, detail)
