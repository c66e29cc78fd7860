"""A real Celery worker on a real broker keeps the index current, and a worker killed in the middle of a batch
loses nothing: after a restart the index converges to PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from indexes.embedded import TantivyEngine
from indexes.schema import DocumentKind
from indexes.verify import verify_index
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of
from tests.workers.broker import needs_broker, running_worker

pytestmark = [pytest.mark.slow, needs_broker]


@pytest.fixture
def backlog_database(database_url: str) -> Iterator[sa.Engine]:
    """A committed database of generated FIRs with every FIR and person waiting in the outbox."""
    name = scratch_name(database_url, "worker")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=400, seed=11, parallel=False)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO outbox (entity_type, entity_id) SELECT 'fir', id FROM fir"))
        connection.execute(sa.text("INSERT INTO outbox (entity_type, entity_id) SELECT 'person', id FROM person"))
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _pending(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar_one())


def test_killed_worker_loses_nothing_and_the_index_converges(backlog_database: sa.Engine, tmp_path: Path) -> None:
    total = _pending(backlog_database)
    with running_worker(backlog_database, tmp_path, CCTNS_RELAY_BATCH_SIZE="20") as worker:
        # Let it get part of the way, then kill it without warning: mid-batch, mid-loop.
        worker.wait_until(lambda: _pending(backlog_database) < total * 0.8, 90, "the worker indexed a few batches")
        worker.kill()
        left = _pending(backlog_database)
        assert 0 < left < total, f"the kill should land mid-way ({left} of {total} left)"

        worker.start()
        worker.wait_until(lambda: _pending(backlog_database) == 0, 120, "the restarted worker drained the outbox")

    engine = TantivyEngine(tmp_path / "data" / "search")
    try:
        report = verify_index(backlog_database, engine, repair=False)
        with backlog_database.connect() as connection:
            firs = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
        assert engine.count(DocumentKind.FIR) == firs
        assert report.drift == 0, f"index differs from PostgreSQL: {report}"
    finally:
        engine.close()
