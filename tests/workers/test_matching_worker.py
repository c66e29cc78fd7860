"""A real Celery worker on RabbitMQ drains the person-matching queue (its beat runs ``cctns.match_people``):
queued people of new FIRs get their links and the known-offender alerts, and the queue empties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of
from tests.workers.broker import needs_broker, running_worker

pytestmark = [
    pytest.mark.slow,
    needs_broker,
]


@pytest.fixture
def queued_database(database_url: str) -> Iterator[sa.Engine]:
    """Generated FIRs, linked once; then the links of the people of the newest 60 FIRs are forgotten and those
    people queued, as if their FIRs had just been registered."""
    name = scratch_name(database_url, "match_worker")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=500, seed=12, parallel=False)
    link_all(engine, Thresholds(14.5, 9.5))
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TEMP TABLE newest AS SELECT DISTINCT p.person_id, p.fir_id FROM fir_party p "
                "WHERE p.fir_id IN (SELECT id FROM fir ORDER BY id DESC LIMIT 60)"
            )
        )
        connection.execute(
            sa.text(
                "DELETE FROM person_link WHERE person_a_id IN (SELECT person_id FROM newest) "
                "OR person_b_id IN (SELECT person_id FROM newest)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO person_match_queue (person_id, fir_id) SELECT person_id, fir_id FROM newest")
        )
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _count(engine: sa.Engine, query: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(query)).scalar_one())


def test_worker_matches_queued_people_and_raises_alerts(queued_database: sa.Engine, tmp_path: Path) -> None:
    queued = _count(queued_database, "SELECT count(*) FROM person_match_queue")
    assert queued > 100
    with running_worker(queued_database, tmp_path) as worker:
        worker.wait_until(
            lambda: _count(queued_database, "SELECT count(*) FROM person_match_queue") == 0,
            120,
            "the worker emptied the matching queue",
        )
    relinked = _count(
        queued_database,
        "SELECT count(*) FROM person_link l JOIN person a ON a.id = l.person_a_id "
        "JOIN person b ON b.id = l.person_b_id "
        "WHERE l.status = 'auto' AND a.synthetic_identity = b.synthetic_identity",
    )
    wrong = _count(
        queued_database,
        "SELECT count(*) FROM person_link l JOIN person a ON a.id = l.person_a_id "
        "JOIN person b ON b.id = l.person_b_id "
        "WHERE l.status = 'auto' AND a.synthetic_identity <> b.synthetic_identity",
    )
    assert relinked > 0 and wrong == 0
    assert _count(queued_database, "SELECT count(*) FROM notification WHERE kind = 'known_offender'") > 0
