"""The rollups follow committed changes without anyone asking: through the Celery worker on a real broker,
and through the in-process thread ``cctns serve`` runs without one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of
from tests.workers.test_relay_worker import BROKER_URL, _broker_answers, _delete_queue
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


def _wait(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting until {what}")


def test_the_in_process_thread_keeps_rollups_level(rollup_database: sa.Engine) -> None:
    assert not _level(rollup_database), "the generator's FIRs should be waiting to be counted"
    rollups = InProcessRollups(rollup_database, interval=0.2)
    rollups.start()
    try:
        _wait(lambda: _level(rollup_database), 60, "the thread counted the generated FIRs")
        _change_some(rollup_database)
        _wait(lambda: _level(rollup_database), 60, "the thread followed updates and deletes")
    finally:
        rollups.stop()


@pytest.mark.slow
@pytest.mark.skipif(not _broker_answers(BROKER_URL), reason=f"no message broker answers at {BROKER_URL}")
def test_the_celery_worker_keeps_rollups_level(rollup_database: sa.Engine, tmp_path: Path) -> None:
    queue = f"cctns-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": rollup_database.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path / "data"),
        "CCTNS_BROKER_URL": BROKER_URL,
        "CCTNS_WORKER_QUEUE": queue,
    }
    log = tmp_path / "worker.log"
    with log.open("ab") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "cctns.cli", "worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(lambda: _level(rollup_database), 120, "the worker counted the generated FIRs")
        _change_some(rollup_database)
        _wait(lambda: _level(rollup_database), 60, "the worker followed updates and deletes")
    except BaseException:
        print(log.read_text()[-4000:])
        raise
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        _delete_queue(queue)
