"""The rollups follow committed changes without anyone asking: through the Celery worker on a real broker,
and through the in-process thread ``cctns serve`` runs without one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of
from tests.workers.broker import needs_broker, running_worker, wait_until
from workers.rollups import InProcessRollups

COMPARE = """
    SELECT count(*) FROM (
        SELECT station_id, (registered_at AT TIME ZONE 'Asia/Kolkata')::date AS day, status::text, count(*) AS n
        FROM fir GROUP BY 1, 2, 3
        EXCEPT
        SELECT station_id, day, status::text, sum(firs) FROM fir_rollup_day GROUP BY 1, 2, 3
    ) missing
"""


@pytest.fixture
def rollup_database(database_url: str) -> Iterator[sa.Engine]:
    name = scratch_name(database_url, "rollup_worker")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=300, seed=13, parallel=False)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _level(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        waiting = connection.execute(sa.text("SELECT count(*) FROM rollup_dirty")).scalar_one()
        return waiting == 0 and connection.execute(sa.text(COMPARE)).scalar_one() == 0


def _change_some(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE fir SET status = 'charge_sheeted' WHERE id IN (SELECT id FROM fir ORDER BY id LIMIT 25)")
        )
        connection.execute(sa.text("DELETE FROM fir WHERE id IN (SELECT id FROM fir ORDER BY id DESC LIMIT 5)"))


def test_the_in_process_thread_keeps_rollups_level(rollup_database: sa.Engine) -> None:
    assert not _level(rollup_database), "the generator's FIRs should be waiting to be counted"
    rollups = InProcessRollups(rollup_database, interval=0.2)
    rollups.start()
    try:
        wait_until(lambda: _level(rollup_database), 60, "the thread counted the generated FIRs")
        _change_some(rollup_database)
        wait_until(lambda: _level(rollup_database), 60, "the thread followed updates and deletes")
    finally:
        rollups.stop()


@pytest.mark.slow
@needs_broker
def test_the_celery_worker_keeps_rollups_level(rollup_database: sa.Engine, tmp_path: Path) -> None:
    with running_worker(rollup_database, tmp_path) as worker:
        worker.wait_until(lambda: _level(rollup_database), 120, "the worker counted the generated FIRs")
        _change_some(rollup_database)
        worker.wait_until(lambda: _level(rollup_database), 60, "the worker followed updates and deletes")
