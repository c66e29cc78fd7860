"""A real ``cctns worker`` process on the test broker, for the workers' end-to-end tests: started on a queue
of its own against a test database, waited on with its log shown when it is too slow, stopped and its queue
deleted at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

BROKER_URL = os.environ.get("CCTNS_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")


def broker_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5672), timeout=2):
            return True
    except OSError:
        return False


needs_broker = pytest.mark.skipif(
    not broker_answers(BROKER_URL),
    reason=f"no message broker answers at {BROKER_URL}: set CCTNS_TEST_BROKER_URL or start RabbitMQ",
)


def wait_until(condition: Callable[[], bool], timeout: float, what: str, log: Path | None = None) -> None:
    """Return once ``condition()`` holds; fail after ``timeout`` seconds saying ``what`` (and the log's end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    shown = f"; worker log:\n{log.read_text()[-4000:]}" if log is not None else ""
    pytest.fail(f"timed out after {timeout:.0f} s waiting until {what}{shown}")


class Worker:
    """``cctns worker`` on queue ``queue``, with ``env`` as its environment, writing to ``log``."""

    def __init__(self, env: dict[str, str], queue: str, log: Path) -> None:
        self.env, self.queue, self.log = env, queue, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cctns.cli", "worker"],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """Kill it without warning (SIGKILL), mid-batch as it may be."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        wait_until(condition, timeout, what, self.log)


@contextmanager
def running_worker(database: sa.Engine, tmp_path: Path, **settings: str) -> Iterator[Worker]:
    """A worker on ``database`` with its data under ``tmp_path``; ``settings`` are more CCTNS_* variables."""
    queue = f"cctns-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": database.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path / "data"),
        "CCTNS_BROKER_URL": BROKER_URL,
        "CCTNS_WORKER_QUEUE": queue,
        **settings,
    }
    worker = Worker(env, queue, tmp_path / "worker.log")
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        _delete_queue(queue)


def _delete_queue(queue: str) -> None:
    from kombu import Connection

    with Connection(BROKER_URL) as connection:
        connection.default_channel.queue_delete(queue)
