"""Killing an import with SIGKILL at any point and running it again ends in the same database state as one
clean run: a real subprocess is killed (several times, in different files of the export) and re-run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile
from ingest.synthetic import generate_to_files
from tests.ingest.legacy.test_import import snapshot

FIRS = 600
BATCH = 150
RUNNER = """
import sys, time
from pathlib import Path
from records.database import create_db_engine
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile
engine = create_db_engine(sys.argv[1])
ImportRun(engine, Path(sys.argv[2]), load_profile("cctns-export"), batch_rows=int(sys.argv[3]),
          after_batch=lambda n: time.sleep(float(sys.argv[4]))).run()
"""


def committed_rows(engine: sa.Engine) -> tuple[int, str | None]:
    with engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT coalesce((SELECT sum(value::bigint) FROM jsonb_each_text(progress)), 0), status "
                "FROM import_job ORDER BY id DESC LIMIT 1"
            )
        ).first()
    return (int(row[0]), row[1]) if row else (0, None)


@pytest.mark.slow
def test_sigkill_at_any_point_then_rerun_equals_one_clean_run(
    scratch_database: Callable[[str], sa.Engine], tmp_path: Path
) -> None:
    export = tmp_path / "export"
    generate_to_files(export, FIRS, seed=21)
    clean = scratch_database("kill_clean")
    ImportRun(clean, export, load_profile("cctns-export"), batch_rows=BATCH).run()
    expected = snapshot(clean)
    assert len(expected["fir"]) > FIRS * 0.95

    killed = scratch_database("kill_resumed")
    url = killed.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    chooser = random.Random(5)
    kills, last = 0, 0
    while kills < 4:
        process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, url, str(export), str(BATCH), "0.02"], env=env, stderr=subprocess.PIPE
        )
        target = last + chooser.randint(1, 3) * BATCH  # somewhere in the next few batches, mid-transaction or not
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            done, _ = committed_rows(killed)
            if done >= target:
                time.sleep(chooser.random() * 0.1)
                break
            time.sleep(0.005)
        if process.poll() is not None:
            assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL
        kills += 1
        last, status = committed_rows(killed)
        assert status == "running"  # the job is left unfinished, its mark at the last committed batch
    assert kills >= 2, "the import finished before it could be killed twice; make it bigger"
    report = ImportRun(killed, export, load_profile("cctns-export"), batch_rows=BATCH).run()
    assert report.resumed
    totals = report.totals
    assert totals.read == totals.accepted + totals.rejected
    with killed.connect() as connection:
        jobs = connection.execute(sa.text("SELECT count(*), min(status) FROM import_job")).one()
    assert tuple(jobs) == (1, "done")  # one job, resumed each time
    assert snapshot(killed) == expected
