"""FIR numbering under concurrency: many connections register at once; no duplicate, no gap."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.models import Fir, FirNumberCounter, FirStatus, InformationType, PoliceDistrict, PoliceStation
from records.numbering import allocate_fir_serial

WORKERS = 16
REGISTRATIONS_PER_WORKER = 25
YEAR = 2025


@pytest.fixture
def two_stations(engine: Engine) -> Iterator[list[int]]:
    """Two stations committed for real (numbering is about committed transactions), removed afterwards."""
    with Session(engine) as session, session.begin():
        district_id = session.scalar(sa.select(PoliceDistrict.id).order_by(PoliceDistrict.id).limit(1))
        stations = [
            PoliceStation(
                district_id=district_id,
                code=f"TEST-NUMBERING-{n}",
                name_en=f"Numbering test {n}",
                name_hi=f"परीक्षण {n}",
            )
            for n in (1, 2)
        ]
        session.add_all(stations)
        session.flush()
        station_ids = [station.id for station in stations]
    yield station_ids
    with Session(engine) as session, session.begin():
        session.execute(sa.delete(Fir).where(Fir.station_id.in_(station_ids)))
        session.execute(sa.delete(FirNumberCounter).where(FirNumberCounter.station_id.in_(station_ids)))
        session.execute(sa.delete(PoliceStation).where(PoliceStation.id.in_(station_ids)))


def register(engine: Engine, station_id: int, give_up: bool) -> int | None:
    """One registration in its own connection and transaction; ``give_up`` rolls it back after numbering."""
    with Session(engine) as session, session.begin():
        serial = allocate_fir_serial(session, station_id, YEAR)
        session.add(
            Fir(
                station_id=station_id,
                year=YEAR,
                serial=serial,
                registered_at=datetime.now(UTC),
                information_type=InformationType.WRITTEN,
                status=FirStatus.REGISTERED,
                brief_facts="test",
            )
        )
        session.flush()
        if give_up:
            session.rollback()
            return None
    return serial


@pytest.mark.slow
def test_concurrent_registrations_get_unique_gap_free_serials(engine: Engine, two_stations: list[int]) -> None:
    jobs = [
        (two_stations[n % 2], n % 9 == 0)  # every ninth registration fails after taking a number
        for n in range(WORKERS * REGISTRATIONS_PER_WORKER)
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda job: register(engine, *job), jobs))

    with engine.connect() as connection:
        for station_id in two_stations:
            serials = (
                connection.execute(
                    sa.select(Fir.serial).where(Fir.station_id == station_id, Fir.year == YEAR).order_by(Fir.serial)
                )
                .scalars()
                .all()
            )
            committed = sum(
                1 for (station, gave_up), _ in zip(jobs, results, strict=True) if station == station_id and not gave_up
            )
            assert serials == list(range(1, committed + 1)), "serials must be 1..N with no gap and no duplicate"
            counter = connection.execute(
                sa.select(FirNumberCounter.last_serial).where(
                    FirNumberCounter.station_id == station_id, FirNumberCounter.year == YEAR
                )
            ).scalar_one()
            assert counter == committed


def test_numbering_restarts_each_year_and_is_per_station(db_session: Session) -> None:
    stations = db_session.scalars(sa.select(PoliceStation.id).order_by(PoliceStation.id).limit(2)).all()
    assert [allocate_fir_serial(db_session, stations[0], 2030) for _ in range(3)] == [1, 2, 3]
    assert allocate_fir_serial(db_session, stations[0], 2031) == 1
    assert allocate_fir_serial(db_session, stations[1], 2030) == 1


def _imported(session: Session, station_id: int, year: int, serial: int) -> None:
    """An FIR with a serial its source gave it (as a legacy import writes it, without the counter)."""
    session.add(
        Fir(
            station_id=station_id,
            year=year,
            serial=serial,
            registered_at=datetime(year, 1, 5, tzinfo=UTC),
            information_type=InformationType.WRITTEN,
            status=FirStatus.REGISTERED,
            brief_facts="imported",
        )
    )
    session.flush()


def test_an_imported_serial_far_ahead_does_not_move_live_numbering(db_session: Session) -> None:
    """Issue 17: an imported 90000/2030 made the next live FIR 90001/2030, a gap of 89,999."""
    station = db_session.scalars(sa.select(PoliceStation.id).order_by(PoliceStation.id).limit(1)).one()
    assert allocate_fir_serial(db_session, station, 2030) == 1
    _imported(db_session, station, 2030, 90000)
    assert [allocate_fir_serial(db_session, station, 2030) for _ in range(2)] == [2, 3]


def test_live_registration_steps_over_serials_imported_fir_hold(db_session: Session) -> None:
    """Issue 17: no later duplicate: a live registration never takes a serial an imported FIR holds."""
    station = db_session.scalars(sa.select(PoliceStation.id).order_by(PoliceStation.id).limit(1)).one()
    for serial in (1, 3, 4, 7):
        _imported(db_session, station, 2031, serial)
    assert [allocate_fir_serial(db_session, station, 2031) for _ in range(4)] == [2, 5, 6, 8]
    counter = db_session.scalar(
        sa.select(FirNumberCounter.last_serial).where(
            FirNumberCounter.station_id == station, FirNumberCounter.year == 2031
        )
    )
    assert counter == 8


def test_migration_0009_sets_counters_a_former_import_raised_back_to_the_last_live_serial(
    database_url: str,
) -> None:
    """Databases an earlier import left with a counter at its highest imported serial get live numbering back."""
    from alembic import command

    from bench.scratch_database import drop_database, fresh_database
    from records.migrate import alembic_config
    from tests.support import scratch_name, server_url_of

    name = scratch_name(database_url, "counter_0009")
    engine = fresh_database(server_url_of(database_url), name)
    try:
        with engine.begin() as connection:
            station = connection.execute(sa.text("SELECT min(id) FROM police_station")).scalar_one()
            for serial, imported in ((1, False), (2, False), (90000, True)):
                fir_id = connection.execute(
                    sa.text(
                        "INSERT INTO fir (station_id, year, serial, registered_at, information_type, status, "
                        "brief_facts) VALUES (:s, 2026, :n, now(), 'written', 'registered', 'x') RETURNING id"
                    ),
                    {"s": station, "n": serial},
                ).scalar_one()
                if imported:
                    connection.execute(
                        sa.text("INSERT INTO fir_legacy_record (fir_id, source) VALUES (:id, 'old-import')"),
                        {"id": fir_id},
                    )
            connection.execute(
                sa.text("INSERT INTO fir_number_counter VALUES (:s, 2026, 90000)"), {"s": station}
            )  # as the old import left it
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0008")
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with engine.connect() as connection:
            counter = connection.execute(
                sa.text("SELECT last_serial FROM fir_number_counter WHERE station_id = :s AND year = 2026"),
                {"s": station},
            ).scalar_one()
        assert counter == 2
    finally:
        engine.dispose()
        drop_database(server_url_of(database_url), name)
