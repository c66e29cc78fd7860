"""Fixtures and helpers shared by the FIR API tests: the app on a rolled-back connection, and a small world of
stations, users of every role and a station API key."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from cases.input import IST
from cctns.asgi import create_app
from records.api_keys import issue_api_key
from records.audit import Actor
from records.database import Database
from records.models import PoliceDistrict, PoliceStation, Role, User
from records.settings import get_settings
from records.users import hash_password
from search_api.auth import create_access_token
from search_api.dependencies import get_session

SADAR = "VAISHALI-HAJIPUR-SADAR"
TOWN = "VAISHALI-HAJIPUR-TOWN"
PATNA_STATION = "TEST-PATNA-KOTWALI"
PASSWORD = "correct horse battery"
# Every kind of caller the world has (``World.as_``): no login, each role inside and outside Vaishali, the
# Sadar station's API key.
CALLERS = (
    "nobody",
    "admin",
    "hq",
    "investigator",
    "sp_vaishali",
    "sp_patna",
    "officer_sadar",
    "officer_town",
    "officer_patna",
    "api_key_sadar",
)


def ist_today() -> date:
    """Today in India: FIR dates are Indian Standard Time, whatever the test machine's zone."""
    return datetime.now(IST).date()


_unique = itertools.count(1)


@dataclass
class World:
    """Who is who in a test: role name -> auth headers, and the stations' ids."""

    client: TestClient
    session: Session
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    station_ids: dict[str, int] = field(default_factory=dict)
    api_key: str = ""
    api_client_id: int = 0

    def as_(self, who: str) -> dict[str, str]:
        return self.headers[who]

    def register(self, who: str = "officer_sadar", body: dict[str, Any] | None = None, **headers: str) -> Any:
        response = self.client.post("/api/v1/firs", json=body or fir_body(), headers={**self.as_(who), **headers})
        assert response.status_code == 201, response.text
        return response


def fir_body(**overrides: Any) -> dict[str, Any]:
    """A valid FIR of a theft last night under the BNS, in Hindi and English."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "information_type": "written",
        "info_received_at": (now - timedelta(hours=1)).isoformat(),
        "occurrence_from": (now - timedelta(hours=10)).isoformat(),
        "occurrence_to": (now - timedelta(hours=9)).isoformat(),
        "gd_entry_number": "GD-17",
        "place_address": "स्टेशन रोड, हाजीपुर",
        "place_distance_km": "1.50",
        "place_direction": "NE",
        "beat": "4",
        "sections": [{"act": "BNS", "section": "303(2)"}],
        "complainant": {
            "name": "सुनीता देवी",
            "relative_name": "रमेश प्रसाद",
            "relation_kind": "husband",
            "gender": "female",
            "age": 34,
            "address": "वार्ड 7, हाजीपुर",
            "mobile": "+91 98765 43210",
        },
        "victims": [],
        "accused": [{"name": "Mohd. Salim", "relative_name": "Abdul Karim", "age": 28, "gender": "male"}],
        "witnesses": [{"name": "राजेश कुमार", "age": 45}],
        "properties": [
            {
                "kind": "mobile_phone",
                "description": "Redmi Note 12, काला",
                "value": "14000.00",
                "mobile_imei": "356938035643809",
            },
            {
                "kind": "vehicle",
                "description": "Hero Splendor motorcycle",
                "value": "45000",
                "vehicle_registration": "br 31 ab-1234",
            },
        ],
        "brief_facts": "रात में घर के सामने खड़ी मोटरसाइकिल और मोबाइल फोन चोरी हो गए। "
        "The complainant saw the accused nearby.",
        "io_name": "SI Anil Kumar",
        "io_rank": "SI",
    }
    body.update(overrides)
    return body


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def _user(session: Session, username: str, role: Role, station: str | None, district: str | None) -> User:
    """A user as ``records.users.create_user`` makes one, with the password hashed once per test run."""
    station_row = session.scalar(sa.select(PoliceStation).where(PoliceStation.code == station)) if station else None
    district_id = (
        session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == district)) if district else None
    )
    user = User(
        username=username,
        full_name=username,
        role=role,
        password_hash=password_hash(),
        station_id=station_row.id if station_row else None,
        district_id=station_row.district_id if station_row else district_id,
    )
    session.add(user)
    session.flush()
    return user


def _session_on(connection: Connection) -> Session:
    return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def api_connection(engine: Engine) -> Iterator[Connection]:
    """One connection in a transaction that is rolled back after the test; the app's commits are savepoints."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def world(engine: Engine, api_connection: Connection) -> Iterator[World]:
    """The app on the rolled-back connection, with a Patna station, users of every role and an API key."""
    app = create_app(Database(engine))
    app.state.settings = get_settings()

    def session_override() -> Iterator[Session]:
        with _session_on(api_connection) as session:
            yield session

    app.dependency_overrides[get_session] = session_override
    setup = _session_on(api_connection)
    patna = setup.scalar(sa.select(PoliceDistrict).where(PoliceDistrict.code == "PATNA"))
    assert patna is not None
    setup.add(PoliceStation(district_id=patna.id, code=PATNA_STATION, name_en="Kotwali (test)", name_hi="कोतवाली"))
    setup.flush()
    suffix = next(_unique)
    people = {
        "admin": (Role.ADMIN, None, None),
        "hq": (Role.HQ, None, None),
        "investigator": (Role.INVESTIGATOR, None, None),
        "sp_vaishali": (Role.DISTRICT_SP, None, "VAISHALI"),
        "sp_patna": (Role.DISTRICT_SP, None, "PATNA"),
        "officer_sadar": (Role.STATION_OFFICER, SADAR, None),
        "officer_town": (Role.STATION_OFFICER, TOWN, None),
        "officer_patna": (Role.STATION_OFFICER, PATNA_STATION, None),
    }
    with TestClient(app) as client:
        world = World(client=client, session=setup)
        settings = app.state.settings
        for name, (role, station, district) in people.items():
            user = _user(setup, f"t{suffix}.{name}".replace("_", "-"), role, station, district)
            world.users[name] = user
            token, _ = create_access_token(settings, user)
            world.headers[name] = {"Authorization": f"Bearer {token}"}
        api_client, key = issue_api_key(setup, name="Sadar PS system", station_code=SADAR, actor=Actor())
        world.api_key, world.api_client_id = key, api_client.id
        world.headers["api_key_sadar"] = {"X-API-Key": key}
        world.headers["nobody"] = {}
        for code in (SADAR, TOWN, PATNA_STATION):
            world.station_ids[code] = setup.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == code))
        setup.commit()
        yield world
    setup.close()


@dataclass
class Committed:
    """A station, its officer's headers and its API key, committed for real (for tests across connections)."""

    client: TestClient
    engine: Engine
    station_id: int
    station_code: str
    headers: dict[str, str]
    key_headers: dict[str, str]


@pytest.fixture
def committed(engine: Engine) -> Iterator[Committed]:
    """A fresh station with an officer and an API key, committed; everything it gathered is deleted after."""
    from records.models import (
        ApiClient,
        AuditEntry,
        Fir,
        FirNumberCounter,
        FirParty,
        IdempotencyKey,
        OutboxEvent,
        Person,
    )

    suffix = f"{next(_unique)}-{datetime.now(UTC):%H%M%S%f}"
    code = f"TEST-C-{suffix}"[:24]
    with Session(engine) as session, session.begin():
        district_id = session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "VAISHALI"))
        station = PoliceStation(district_id=district_id, code=code, name_en=f"Concurrency {suffix}", name_hi="परीक्षण")
        session.add(station)
        session.flush()
        user = _user(session, f"tc.{suffix}".lower(), Role.STATION_OFFICER, code, None)
        api_client, key = issue_api_key(session, name="test system", station_code=code, actor=Actor())
        station_id, user_id, client_id = station.id, user.id, api_client.id
        token, _ = create_access_token(get_settings(), user)
    app = create_app(Database(engine))
    try:
        with TestClient(app) as client:
            yield Committed(client, engine, station_id, code, {"Authorization": f"Bearer {token}"}, {"X-API-Key": key})
    finally:
        with Session(engine) as session, session.begin():
            fir_ids = list(session.scalars(sa.select(Fir.id).where(Fir.station_id == station_id)))
            person_ids = list(
                session.scalars(sa.select(FirParty.person_id).where(FirParty.fir_id.in_(fir_ids)).distinct())
            )
            session.execute(
                sa.update(Fir).where(Fir.id.in_(fir_ids)).values(transferred_to_fir_id=None, zero_fir_origin_id=None)
            )
            session.execute(sa.delete(Fir).where(Fir.id.in_(fir_ids)))
            session.execute(sa.delete(Person).where(Person.id.in_(person_ids)))
            session.execute(
                sa.delete(OutboxEvent).where(
                    sa.or_(
                        sa.and_(OutboxEvent.entity_type == "fir", OutboxEvent.entity_id.in_(fir_ids)),
                        sa.and_(OutboxEvent.entity_type == "person", OutboxEvent.entity_id.in_(person_ids)),
                    )
                )
            )
            session.execute(
                sa.delete(AuditEntry).where(
                    sa.or_(AuditEntry.user_id == user_id, AuditEntry.api_client_id == client_id)
                )
            )
            session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.api_client_id == client_id))
            session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id))
            session.execute(sa.delete(ApiClient).where(ApiClient.id == client_id))
            session.execute(sa.delete(User).where(User.id == user_id))
            session.execute(sa.delete(FirNumberCounter).where(FirNumberCounter.station_id == station_id))
            session.execute(sa.delete(PoliceStation).where(PoliceStation.id == station_id))
