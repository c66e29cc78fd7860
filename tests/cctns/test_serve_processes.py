"""`cctns serve` without a broker: the API processes only answer requests, a child process does the background work
(issue 21). Checked on a real server process: a registration becomes findable and its people matched through the
child, several API processes share nothing but PostgreSQL and the index, and the child never outlives the server."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.models import PersonMatchQueue
from tests.search_api.fir_api_support import Committed, fir_body
from tests.support import free_port

pytest_plugins = ["tests.search_api.fir_api_support"]  # `committed`: a station of its own and its API key


def _children(pid: int) -> list[int]:
    """The server's child processes, without multiprocessing's resource tracker."""
    tasks = Path(f"/proc/{pid}/task").iterdir()
    children = [int(child) for task in tasks for child in (task / "children").read_text().split()]
    return [child for child in children if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.contextmanager
def serving(
    engine: Engine, data_dir: Path, workers: int, settings: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`cctns serve` on ``engine``'s database in a process of its own, with ``settings`` (CCTNS_... variables) added
    to this process's environment; yields it and its base URL once /health answers, stops it after."""
    port = free_port()
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(data_dir),
        "CCTNS_BROKER_URL": "",
        **(settings or {}),
    }
    command = [sys.executable, "-c", "from cctns.cli import app; app()", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)
        assert server.poll() is None, server.communicate()[0]
        yield server, base
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()


def _register_and_find(base: str, station: Committed) -> None:
    """A registration through the API is findable in search, and its people leave the matching queue."""
    with httpx.Client(base_url=base, headers=station.key_headers, timeout=30) as http:
        created = http.post("/api/v1/firs", json=fir_body())
        assert created.status_code == 201, created.text
        fir = created.json()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = http.get("/api/v1/search", params={"q": fir["number"], "station": fir["station"]})
            assert found.status_code == 200, found.text
            if any(hit["fir_id"] == fir["id"] for hit in found.json()["cases"]["hits"]):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the new FIR was not findable within 30 s: the background process did not index it")
    people = [fir["complainant"]["person_id"], *(p["person_id"] for p in fir["accused"] + fir["witnesses"])]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with Session(station.engine) as session:
            queued = session.scalar(
                sa.select(sa.func.count()).select_from(PersonMatchQueue).where(PersonMatchQueue.person_id.in_(people))
            )
        if queued == 0:
            return
        time.sleep(0.2)
    pytest.fail("the new FIR's people stayed in the matching queue: the background process did not match them")


@pytest.mark.parametrize("workers", [1, 2])
def test_the_background_work_runs_in_a_child_process_of_the_server(
    committed: Committed, tmp_path: Path, workers: int
) -> None:
    with serving(committed.engine, tmp_path, workers) as (server, base):
        children = _children(server.pid)
        # One background process, plus the API processes when there are several.
        assert len(children) == (1 if workers == 1 else 1 + workers), children
        _register_and_find(base, committed)


def test_the_background_process_ends_when_the_server_is_killed(engine: Engine, tmp_path: Path) -> None:
    with serving(engine, tmp_path, 1) as (server, _):
        (child,) = _children(server.pid)
        server.kill()  # kill -9: the server cannot tell its child
        server.communicate()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.2)
        assert not _alive(child), "the background process outlived the server by 15 s"
