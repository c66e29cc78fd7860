"""Users: roles need their jurisdiction, passwords are stored only as argon2 hashes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import PoliceDistrict, PoliceStation, Role
from records.users import UserInputError, create_user, verify_password


def a_station_code(session: Session) -> str:
    return session.scalars(sa.select(PoliceStation.code).order_by(PoliceStation.id).limit(1)).one()


def test_a_station_officer_is_bound_to_the_station_and_its_district(db_session: Session) -> None:
    code = a_station_code(db_session)
    user = create_user(
        db_session,
        actor=Actor(),
        username="sho.hajipur",
        full_name="SI R. Kumar",
        role=Role.STATION_OFFICER,
        password="correct horse battery",
        station_code=code,
    )
    station = db_session.scalars(sa.select(PoliceStation).where(PoliceStation.code == code)).one()
    assert (user.station_id, user.district_id) == (station.id, station.district_id)
    assert "correct horse" not in user.password_hash and user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "correct horse battery")
    assert not verify_password(user.password_hash, "wrong password!")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"username": "x", "role": Role.HQ}, "username"),
        ({"username": "hq.analyst", "role": Role.HQ, "password": "short"}, "password"),
        ({"username": "sho.nowhere", "role": Role.STATION_OFFICER}, "station"),
        ({"username": "sho.unknown", "role": Role.STATION_OFFICER, "station_code": "NO-SUCH"}, "station"),
        ({"username": "sp.nowhere", "role": Role.DISTRICT_SP}, "district"),
        ({"username": "sp.unknown", "role": Role.DISTRICT_SP, "district_code": "ATLANTIS"}, "district"),
    ],
)
def test_bad_input_names_the_field(db_session: Session, arguments: dict[str, object], field: str) -> None:
    arguments = {"full_name": "", "password": "long enough password"} | arguments
    with pytest.raises(UserInputError, match=f"^{field}: "):
        create_user(db_session, actor=Actor(), **arguments)  # type: ignore[arg-type]


def test_usernames_are_unique_case_insensitively(db_session: Session) -> None:
    create_user(
        db_session, actor=Actor(), username="analyst", full_name="", role=Role.HQ, password="long enough password"
    )
    with pytest.raises(UserInputError, match="already taken"):
        create_user(
            db_session, actor=Actor(), username="Analyst", full_name="", role=Role.HQ, password="long enough password"
        )


def test_a_station_outside_the_given_district_is_refused(db_session: Session) -> None:
    patna = db_session.scalar(sa.select(PoliceDistrict).where(PoliceDistrict.code == "PATNA"))
    assert patna is not None
    db_session.add(
        PoliceStation(district_id=patna.id, code="TEST-PATNA-GANDHI", name_en="Gandhi Maidan", name_hi="गांधी")
    )
    db_session.flush()

    def station_officer(username: str, district_code: str):
        return create_user(
            db_session,
            actor=Actor(),
            username=username,
            full_name="",
            role=Role.STATION_OFFICER,
            password="a long password",
            station_code="TEST-PATNA-GANDHI",
            district_code=district_code,
        )

    with pytest.raises(UserInputError, match=r"^station: TEST-PATNA-GANDHI is in district PATNA, not VAISHALI"):
        station_officer("sho.mixed", "VAISHALI")
    user = station_officer("sho.gandhi", "patna")  # the district's code in any case
    assert user.district_id == patna.id
