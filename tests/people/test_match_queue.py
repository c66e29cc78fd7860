"""The matching queue drained set-based per batch (issue 21) gives what draining it one row after another gives:
the same links, alerts and SMS; a person that fails does not hold up the rest of its batch; two records of one
person queued in one batch find each other once, and the alerts of the earlier row do not follow the link the
later one wrote. Runs on generated FIRs linked once, with their newest people forgotten and queued again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.bench_match_queue import outcome, prepare, reset
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from people.linkage.queue import drain_match_queue, process_queue
from records.access import Jurisdiction, readable_pairs
from records.models import PoliceStation, Role
from sample_data import generate_into_database
from tests.sample_data.test_synthetic import throwaway_database

THRESHOLDS = Thresholds(auto=14.5, review=9.5)


@pytest.fixture(scope="module")
def linked(database_url: str) -> Iterator[Engine]:
    with throwaway_database(database_url, "match_queue") as engine:
        generate_into_database(engine, 400, seed=5, parallel=False)
        link_all(engine, THRESHOLDS)
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM person_match_queue"))
        yield engine


def _rows(engine: Engine, query: str, **params: object) -> list[sa.Row]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(query), params))


def test_a_batch_writes_what_one_row_after_another_writes(linked: Engine) -> None:
    queued, state = prepare(linked, 120)
    reset(linked, queued, state)
    drain_match_queue(linked, THRESHOLDS, 60, set_based=False)
    one_by_one = outcome(linked, state)
    reset(linked, queued, state)
    drain_match_queue(linked, THRESHOLDS, 60)
    batched = outcome(linked, state)
    reset(linked, queued, state)

    assert batched == one_by_one
    people = {person for person, _ in queued}
    within = [link for link in one_by_one["links"] if link[0] in people and link[1] in people]
    assert within, "some people of one batch are the same person: the case the batch must get right"
    assert {alert[3] for alert in one_by_one["alerts"]} == {"known_offender", "watch_list"}
    assert one_by_one["sms"] and one_by_one["left"] == 0


def test_a_person_that_fails_is_kept_with_its_error_and_the_rest_of_the_batch_goes_through(linked: Engine) -> None:
    queued, state = prepare(linked, 20)
    reset(linked, queued, state)
    failing = queued[len(queued) // 2][0]
    with linked.begin() as connection:
        connection.execute(
            sa.text(
                f"""
                CREATE FUNCTION test_refuse_keys() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.person_id = {failing} THEN RAISE EXCEPTION 'no keys for person %', NEW.person_id; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_refuse_keys BEFORE INSERT ON person_match_key
                    FOR EACH ROW EXECUTE FUNCTION test_refuse_keys();
                """
            )
        )
    try:
        with Session(linked) as session, session.begin():
            done = process_queue(session, THRESHOLDS, limit=len(queued))
        rows_of_failing = sum(1 for person, _ in queued if person == failing)
        assert done == len(queued) - rows_of_failing
        left = _rows(linked, "SELECT person_id, attempts, last_error FROM person_match_queue")
        assert [(row.person_id, row.attempts) for row in left] == [(failing, 1)] * rows_of_failing
        assert f"no keys for person {failing}" in left[0].last_error
        matched = _rows(
            linked,
            "SELECT DISTINCT person_id FROM person_match_key WHERE person_id = ANY(:ids)",
            ids=[*{p for p, _ in queued}],
        )
        assert {row.person_id for row in matched} == {person for person, _ in queued} - {failing}
        # Next time the row that failed is tried alone, and counted again; nothing else is touched.
        with Session(linked) as session, session.begin():
            assert process_queue(session, THRESHOLDS) == 0
        assert [row.attempts for row in _rows(linked, "SELECT attempts FROM person_match_queue")] == [2] * (
            rows_of_failing
        )
    finally:
        with linked.begin() as connection:
            connection.execute(sa.text("DROP TRIGGER test_refuse_keys ON person_match_key"))
            connection.execute(sa.text("DROP FUNCTION test_refuse_keys()"))
        reset(linked, queued, state)


def test_two_records_of_one_person_in_one_batch_find_each_other_once(linked: Engine) -> None:
    first, second, first_fir, second_fir = _rows(
        linked,
        """
        SELECT l.person_a_id, l.person_b_id, fa.fir_id, fb.fir_id AS second_fir FROM person_link l
        JOIN person a ON a.id = l.person_a_id
        JOIN person b ON b.id = l.person_b_id
        JOIN fir_party fa ON fa.person_id = a.id AND fa.role = 'accused'
        JOIN fir_party fb ON fb.person_id = b.id AND fb.role = 'accused'
        WHERE l.status = 'auto' AND a.synthetic_identity = b.synthetic_identity
          AND (SELECT count(*) FROM person p WHERE p.synthetic_identity = a.synthetic_identity) = 2
        ORDER BY 1 LIMIT 1
        """,
    )[0]
    with linked.begin() as connection:  # as if both had just been registered, in one burst
        for table in ("person_link", "notification", "sms_message"):
            connection.execute(
                sa.text(f"DELETE FROM {table} WHERE id > 0 AND {_about(table)}"), {"ids": [first, second]}
            )
        connection.execute(
            sa.text("DELETE FROM person_match_key WHERE person_id = ANY(:ids)"), {"ids": [first, second]}
        )
        connection.execute(sa.text("DELETE FROM person_match_queue"))
        connection.execute(
            sa.text("INSERT INTO person_match_queue (person_id, fir_id) VALUES (:a, :fa), (:b, :fb)"),
            {"a": first, "fa": first_fir, "b": second, "fb": second_fir},
        )
    with Session(linked) as session, session.begin():
        assert process_queue(session, THRESHOLDS) == 2

    links = _rows(
        linked,
        f"SELECT person_a_id, person_b_id, status FROM person_link WHERE {_about('person_link')}",
        ids=[first, second],
    )
    assert [(row.person_a_id, row.person_b_id, row.status) for row in links] == [(first, second, "auto")]
    # The later row is the known offender of the earlier FIR; the earlier row, handled first, knew of no other.
    alerts = _rows(
        linked, "SELECT key, message FROM notification WHERE fir_id = ANY(:firs)", firs=[first_fir, second_fir]
    )
    assert alerts and all(row.key.startswith(f"known:{second_fir}:{second}:") for row in alerts)
    station = _rows(
        linked, "SELECT s.name_en FROM fir f JOIN police_station s ON s.id = f.station_id WHERE f.id = :f", f=first_fir
    )
    assert any("1 earlier FIR(s)" in row.message and station[0].name_en in row.message for row in alerts)


def _about(table: str) -> str:
    if table == "person_link":
        return "(person_a_id = ANY(:ids) OR person_b_id = ANY(:ids))"
    if table == "notification":
        return "person_id = ANY(:ids)"
    return "fir_id IN (SELECT fir_id FROM fir_party WHERE person_id = ANY(:ids))"


def test_who_may_read_whom_in_one_query_answers_as_one_at_a_time(linked: Engine) -> None:
    with Session(linked) as session:
        people = list(session.scalars(sa.text("SELECT person_id FROM fir_party ORDER BY fir_id, person_id LIMIT 40")))
        stations = list(session.scalars(sa.select(PoliceStation).order_by(PoliceStation.id).limit(400)))
        named_at = set(session.scalars(sa.text("SELECT DISTINCT f.station_id FROM fir f")))
        station_readers = [Jurisdiction.of_station(station.id) for station in stations if station.id in named_at]
        readers = [
            *station_readers[:6],
            Jurisdiction(Role.DISTRICT_SP, district_id=stations[0].district_id),
            Jurisdiction(Role.DISTRICT_SP, district_id=None),
            Jurisdiction(Role.INVESTIGATOR),
            Jurisdiction(Role.ADMIN),
        ]
        asks = [(reader, person) for reader in readers for person in people]
        answers = readable_pairs(session, asks)
        expected = {
            index for index, (reader, person) in enumerate(asks) if person in reader.readable_people(session, [person])
        }
        assert answers == expected
        assert 0 < len(answers) < len(asks)
