"""A real Celery worker on RabbitMQ drains the person-matching queue (its beat runs ``cctns.match_people``):
queued people of new FIRs get their links and the known-offender alerts, and the queue empties."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of
from tests.workers.test_relay_worker import BROKER_URL, _broker_answers, _delete_queue, _start_worker, _wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _broker_answers(BROKER_URL), reason=f"no message broker answers at {BROKER_URL}"),
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
    queue = f"cctns-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": queued_database.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path / "data"),
        "CCTNS_BROKER_URL": BROKER_URL,
        "CCTNS_WORKER_QUEUE": queue,
    }
    log = tmp_path / "worker.log"
    worker = _start_worker(env, log)
    try:
        _wait_until(
            lambda: _count(queued_database, "SELECT count(*) FROM person_match_queue") == 0,
            120,
            "the worker emptied the matching queue",
            log,
        )
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        _delete_queue(queue)
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
