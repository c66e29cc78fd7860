"""Rollups equal counts computed straight from the FIR tables, after inserts, updates, moves and deletes,
whether kept current batch by batch from the triggers' marks or rebuilt at once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from records.rollups import rebuild_in, refresh_in

IST = timedelta(hours=5, minutes=30)
STATIONS = ("VAISHALI-HAJIPUR-SADAR", "VAISHALI-HAJIPUR-TOWN")
_serials = count(900_001)


def _ids(connection: Connection, sql: str, **params: object) -> dict[str, int]:
    return {key: value for key, value in connection.execute(sa.text(sql), params).all()}


@pytest.fixture
def connection(db_session: Session) -> Connection:
    return db_session.connection()


def _sections(connection: Connection) -> dict[str, int]:
    return _ids(connection, "SELECT a.code || ' ' || s.number, s.id FROM section s JOIN act a ON a.id = s.act_id")


def add_fir(connection: Connection, station: str, at: datetime, sections: list[str], status: str = "registered",
            accused: int = 0, arrested: int = 0) -> int:  # fmt: skip
    station_id = _ids(connection, "SELECT code, id FROM police_station WHERE code = :c", c=station)[station]
    section_ids = _sections(connection)
    fir_id = connection.execute(
        sa.text(
            "INSERT INTO fir (station_id, year, serial, registered_at, information_type, status) "
            "VALUES (:s, :y, :n, :at, 'written', :st) RETURNING id"
        ),
        {"s": station_id, "y": at.year, "n": next(_serials), "at": at, "st": status},
    ).scalar_one()
    connection.execute(
        sa.text("INSERT INTO fir_section (fir_id, section_id, position) VALUES (:f, :s, :p)"),
        [{"f": fir_id, "s": section_ids[name], "p": position} for position, name in enumerate(sections)],
    )
    people = []
    for number in range(1, accused + 1):
        person = connection.execute(
            sa.text("INSERT INTO person (name, name_script) VALUES ('Test Accused', 'latin') RETURNING id")
        ).scalar_one()
        people.append(person)
        connection.execute(
            sa.text(
                "INSERT INTO fir_party (fir_id, person_id, role, accused_number, name_as_given) "
                "VALUES (:f, :p, 'accused', :n, 'Test Accused')"
            ),
            {"f": fir_id, "p": person, "n": number},
        )
    for person in people[:arrested]:
        for _ in range(2):  # arrested twice (arrest, later surrender): one person
            connection.execute(
                sa.text("INSERT INTO arrest (fir_id, person_id, kind, at) VALUES (:f, :p, 'arrest', :at)"),
                {"f": fir_id, "p": person, "at": at + timedelta(days=1)},
            )
    return fir_id


def expected_counts(connection: Connection) -> Counter[tuple]:
    """Counts per (station, day, head, law, status, women, sc_st) worked out in Python from the FIR tables."""
    heads = {
        row.id: row
        for row in connection.execute(sa.text("SELECT id, sort_order, against_women, against_sc_st FROM crime_head"))
    }
    sections = {
        row.id: row
        for row in connection.execute(
            sa.text("SELECT s.id, s.crime_head_id, a.code, a.kind FROM section s JOIN act a ON a.id = s.act_id")
        )
    }
    replaced = {}
    for ipc, bns in connection.execute(sa.text("SELECT ipc_section_id, bns_section_id FROM section_correspondence")):
        head = sections[ipc].crime_head_id
        if head is not None:
            replaced[bns] = min(replaced.get(bns, head), head)
    firs = connection.execute(
        sa.text(
            "SELECT f.id, f.station_id, f.registered_at, f.status::text FROM fir f JOIN police_station s "
            "ON s.id = f.station_id WHERE s.code = ANY(:codes)"
        ),
        {"codes": list(STATIONS)},
    ).all()
    counts: Counter[tuple] = Counter()
    for fir in firs:
        cited = connection.execute(
            sa.text("SELECT section_id, position FROM fir_section WHERE fir_id = :f ORDER BY position"), {"f": fir.id}
        ).all()
        candidates = []
        for section_id, position in cited:
            section = sections[section_id]
            head = section.crime_head_id if section.crime_head_id is not None else replaced.get(section_id)
            law = section.code if section.kind == "general" else "SLL"
            rank = (head is None, heads[head].sort_order if head else 0, section.kind == "procedure", position)
            candidates.append((rank, head or 0, law))
        _, head, law = min(candidates) if candidates else (None, 0, "SLL")
        flagged = [heads[h] for h in (sections[s].crime_head_id or replaced.get(s) for s, _ in cited) if h]
        women = any(h.against_women for h in flagged)
        sc_st = any(h.against_sc_st for h in flagged)
        day = (fir.registered_at.astimezone(UTC) + IST).date()
        counts[(fir.station_id, day, head, law, fir.status, women, sc_st)] += 1
    return counts


def rollup_counts(connection: Connection) -> Counter[tuple]:
    rows = connection.execute(
        sa.text(
            "SELECT r.station_id, r.day, r.crime_head_id, r.law, r.status::text, r.against_women, r.against_sc_st, "
            "r.firs FROM fir_rollup_day r JOIN police_station s ON s.id = r.station_id WHERE s.code = ANY(:codes)"
        ),
        {"codes": list(STATIONS)},
    ).all()
    return Counter({tuple(row[:7]): row[7] for row in rows})


def refresh_all(connection: Connection) -> int:
    done = 0
    while (report := refresh_in(connection, batch=3)).station_days:
        done += report.station_days
    return done


def month_matches_days(connection: Connection) -> None:
    difference = connection.execute(
        sa.text(
            "SELECT count(*) FROM (SELECT district_id, date_trunc('month', day)::date AS month, crime_head_id, law, "
            "status, against_women, against_sc_st, sum(firs) AS firs, sum(accused) AS accused, sum(arrested) AS arr "
            "FROM fir_rollup_day GROUP BY 1, 2, 3, 4, 5, 6, 7 "
            "EXCEPT SELECT district_id, month, crime_head_id, law, status, against_women, against_sc_st, firs, "
            "accused, arrested FROM fir_rollup_month) missing"
        )
    ).scalar()
    assert difference == 0
    state_difference = connection.execute(
        sa.text(
            "SELECT count(*) FROM (SELECT month, crime_head_id, law, status, against_women, against_sc_st, "
            "sum(firs), sum(accused), sum(arrested) FROM fir_rollup_month GROUP BY 1, 2, 3, 4, 5, 6 "
            "EXCEPT SELECT month, crime_head_id, law, status, against_women, against_sc_st, firs, accused, arrested "
            "FROM fir_rollup_state_month) missing"
        )
    ).scalar()
    assert state_difference == 0


def test_rollups_follow_inserts_updates_moves_and_deletes(connection: Connection) -> None:
    rebuild_in(connection)
    day = datetime(2024, 6, 30, 20, 0, tzinfo=UTC)  # 1 July in India: the first BNS day
    murder = add_fir(connection, STATIONS[0], day, ["IPC 34", "IPC 379", "IPC 302"], accused=3, arrested=2)
    theft_bns = add_fir(connection, STATIONS[0], day, ["BNS 303(2)"])
    dowry = add_fir(connection, STATIONS[1], day - timedelta(days=40), ["IPC 498A", "DP 4"], status="charge_sheeted")
    add_fir(connection, STATIONS[1], day - timedelta(days=400), ["SCST 3(1)(r)", "IPC 323"], accused=1, arrested=1)
    assert refresh_all(connection) >= 3
    assert rollup_counts(connection) == expected_counts(connection)
    month_matches_days(connection)

    accused_arrested = connection.execute(
        sa.text("SELECT sum(accused), sum(arrested) FROM fir_rollup_day WHERE day = '2024-07-01'")
    ).one()
    assert tuple(accused_arrested) == (3, 2)

    connection.execute(sa.text("UPDATE fir SET status = 'under_investigation' WHERE id = :f"), {"f": theft_bns})
    connection.execute(
        sa.text("UPDATE fir SET registered_at = registered_at - interval '3 days', station_id = "
                "(SELECT id FROM police_station WHERE code = :c) WHERE id = :f"),
        {"f": murder, "c": STATIONS[1]},
    )  # fmt: skip
    connection.execute(sa.text("DELETE FROM fir WHERE id = :f"), {"f": dowry})
    connection.execute(
        sa.text("DELETE FROM fir_section WHERE fir_id = :f AND section_id = (SELECT s.id FROM section s "
                "JOIN act a ON a.id = s.act_id WHERE a.code = 'IPC' AND s.number = '302')"),
        {"f": murder},
    )  # fmt: skip
    assert rollup_counts(connection) != expected_counts(connection)  # stale until refreshed
    refresh_all(connection)
    assert rollup_counts(connection) == expected_counts(connection)
    month_matches_days(connection)

    incremental = rollup_counts(connection)
    rebuild_in(connection)
    assert rollup_counts(connection) == incremental
    month_matches_days(connection)


def test_ipc_and_bns_theft_count_under_one_head(connection: Connection) -> None:
    day = datetime(2024, 5, 10, 6, 0, tzinfo=UTC)
    add_fir(connection, STATIONS[0], day, ["IPC 379"])
    add_fir(connection, STATIONS[0], day + timedelta(days=60), ["BNS 303(2)"])
    refresh_all(connection)
    rows = connection.execute(
        sa.text(
            "SELECT r.law, h.code FROM fir_rollup_day r JOIN crime_head h ON h.id = r.crime_head_id "
            "JOIN police_station s ON s.id = r.station_id WHERE s.code = :c AND r.day IN ('2024-05-10', '2024-07-09')"
        ),
        {"c": STATIONS[0]},
    ).all()
    assert sorted(rows) == [("BNS", "THEFT"), ("IPC", "THEFT")]


def test_a_rebuild_swaps_in_tables_with_the_same_key_and_indexes(connection: Connection) -> None:
    def layout() -> list[tuple[str, str]]:
        tables = "('fir_rollup_day', 'fir_rollup_month', 'fir_rollup_state_month')"
        return connection.execute(
            sa.text(
                f"SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN {tables} "
                f"UNION ALL SELECT relname, array_to_string(reloptions, ',') FROM pg_class WHERE relname IN {tables} "
                "ORDER BY 1, 2"
            )
        ).all()

    before = layout()
    add_fir(connection, STATIONS[0], datetime(2023, 3, 1, 6, 0, tzinfo=UTC), ["IPC 379"])
    rebuild_in(connection)
    assert layout() == before and len(before) >= 9
    assert any("autovacuum_vacuum_scale_factor" in (definition or "") for _table, definition in before)
    assert rollup_counts(connection) == expected_counts(connection)
    leftovers = connection.execute(sa.text("SELECT count(*) FROM pg_class WHERE relname LIKE 'fir_rollup_%fresh%'"))
    assert leftovers.scalar() == 0
