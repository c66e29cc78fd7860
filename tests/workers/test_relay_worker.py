"""A real Celery worker on a real broker keeps the index current, and a worker killed in the middle of a batch
loses nothing: after a restart the index converges to PostgreSQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from indexes.embedded import TantivyEngine
from indexes.schema import DocumentKind
from indexes.verify import verify_index
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of

BROKER_URL = os.environ.get("CCTNS_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _broker_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5672), timeout=2):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not _broker_answers(BROKER_URL),
        reason=f"no message broker answers at {BROKER_URL}: set CCTNS_TEST_BROKER_URL or start RabbitMQ",
    ),
]


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


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "cctns.cli", "worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until(condition: object, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout:.0f} s waiting until {what}; worker log:\n{log.read_text()[-4000:]}")


def _delete_queue(queue: str) -> None:
    from kombu import Connection

    with Connection(BROKER_URL) as connection:
        connection.default_channel.queue_delete(queue)


def test_killed_worker_loses_nothing_and_the_index_converges(backlog_database: sa.Engine, tmp_path: Path) -> None:
    queue = f"cctns-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": backlog_database.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path / "data"),
        "CCTNS_BROKER_URL": BROKER_URL,
        "CCTNS_WORKER_QUEUE": queue,
        "CCTNS_RELAY_BATCH_SIZE": "20",
    }
    log = tmp_path / "worker.log"
    total = _pending(backlog_database)
    worker = _start_worker(env, log)
    try:
        # Let it get part of the way, then kill it without warning: mid-batch, mid-loop.
        _wait_until(lambda: _pending(backlog_database) < total * 0.8, 90, "the worker indexed a few batches", log)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        left = _pending(backlog_database)
        assert 0 < left < total, f"the kill should land mid-way ({left} of {total} left)"

        worker = _start_worker(env, log)
        _wait_until(lambda: _pending(backlog_database) == 0, 120, "the restarted worker drained the outbox", log)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        _delete_queue(queue)

    engine = TantivyEngine(tmp_path / "data" / "search")
    try:
        report = verify_index(backlog_database, engine, repair=False)
        with backlog_database.connect() as connection:
            firs = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
        assert engine.count(DocumentKind.FIR) == firs
        assert report.drift == 0, f"index differs from PostgreSQL: {report}"
    finally:
        engine.close()
