"""Killing an import with SIGKILL at any point and running it again ends in the same database state as one
clean run: a real subprocess is killed (in each file of the export: persons, FIRs, parties with their arrests,
property items) and re-run."""

from __future__ import annotations

import csv
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

from ingest.legacy import conversion_pool
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile
from sample_data import generate_to_files
from tests.ingest.legacy.test_import import snapshot

FIRS = 600
BATCH = 49  # odd: with every FIR's items in pairs (see second_items), a batch boundary splits a pair
RUNNER = """
import sys, time
from pathlib import Path
from records.database import create_db_engine
from ingest.legacy import conversion_pool
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile
conversion_pool.CONVERT_WORKERS = int(sys.argv[5])
engine = create_db_engine(sys.argv[1])
ImportRun(engine, Path(sys.argv[2]), load_profile("cctns-export"), batch_rows=int(sys.argv[3]),
          after_batch=lambda n: time.sleep(float(sys.argv[4]))).run()
"""


def committed_rows(engine: sa.Engine) -> tuple[int, str | None, dict[str, int]]:
    """Source rows committed (the job's marks: last row done per file, the header is row 1), status, marks."""
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT progress, status FROM import_job ORDER BY id DESC LIMIT 1")).first()
    if row is None:
        return 0, None, {}
    marks = {name: int(mark) for name, mark in (row[0] or {}).items()}
    return sum(marks.values()), row[1], marks


def others_leave(engine: sa.Engine, within: float = 10.0) -> bool:
    """Whether every other connection to the database closes within ``within`` seconds."""
    engine.dispose()
    deadline = time.monotonic() + within
    while True:
        with engine.connect() as connection:
            others = connection.execute(
                sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid()")
            ).scalar_one()  # fmt: skip
        engine.dispose()
        if not others or time.monotonic() > deadline:
            return not others
        time.sleep(0.2)


def second_items(export: Path) -> list[int]:
    """Give every property item a second item of the same FIR (a spare key), so that an FIR's items cross
    batch boundaries; returns the rows (as numbered in the file) that begin a batch inside an FIR's items."""
    path = export / "fir_properties.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, items = rows[0], rows[1:]
    blank = {"kind": "other", "description": "spare key", "value": "", "vehicle_registration": "",
             "vehicle_chassis": "", "vehicle_engine": "", "vehicle_make_model": "", "mobile_imei": ""}  # fmt: skip
    out = []
    for item in items:
        spare = dict(zip(header, item, strict=True)) | blank
        out.extend([item, [spare[column] for column in header]])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *out])
    fir = [tuple(item[:3]) for item in out]
    return [index + 2 for index in range(1, len(out)) if fir[index] == fir[index - 1] and index % BATCH == 0]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [0, 1])  # converting in a thread of the importing process, or in a process
def test_sigkill_at_any_point_then_rerun_equals_one_clean_run(
    workers: int, scratch_database: Callable[[str], sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversion_pool, "CONVERT_WORKERS", workers)
    export = tmp_path / "export"
    generated = generate_to_files(export, FIRS, seed=21)
    assert second_items(export), "no FIR's property items cross a batch boundary; change BATCH or the seed"
    clean = scratch_database("kill_clean")
    ImportRun(clean, export, load_profile("cctns-export"), batch_rows=BATCH).run()
    expected = snapshot(clean)
    assert len(expected["fir"]) > FIRS * 0.95
    assert len(expected["properties"]) > generated.rows["fir_properties.csv"]  # with the spare keys
    assert expected["arrests"] and expected["final_reports"] and expected["court"] and expected["transfers"]

    killed = scratch_database("kill_resumed")
    url = killed.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    chooser = random.Random(5)
    # One kill in each file, a batch or more after its first row (files load persons, FIRs, parties, properties).
    sizes = [generated.rows[name] for name in ("persons.jsonl", "firs.csv", "fir_parties.csv")]
    starts = [0, sizes[0], sizes[0] + sizes[1], sum(sizes)]
    kills, killed_in = 0, []
    for start in starts:
        process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, url, str(export), str(BATCH), "0.03", str(workers)],
            env=env,
            stderr=subprocess.PIPE,
        )
        target = start + chooser.randint(1, 2) * BATCH  # somewhere in the next batches, mid-transaction or not
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            done, _, _ = committed_rows(killed)
            if done >= target:
                time.sleep(chooser.random() * 0.03)
                break
            time.sleep(0.005)
        if process.poll() is not None:
            assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL
        assert others_leave(killed), "a process of the killed import still holds a connection (a converting one?)"
        kills += 1
        _, status, marks = committed_rows(killed)
        killed_in.append(marks)
        assert status == "running"  # the job is left unfinished, its mark at the last committed batch
    assert kills == 4, f"the import finished before its fourth kill (killed in {killed_in}); make it bigger"
    _, _, marks = committed_rows(killed)
    assert "fir_properties.csv" in marks, "the last kill came before the property file; move it later"
    report = ImportRun(killed, export, load_profile("cctns-export"), batch_rows=BATCH).run()
    assert report.resumed
    for counts in report.files.values():
        assert counts.read == counts.accepted + counts.rejected
    with killed.connect() as connection:
        jobs = connection.execute(sa.text("SELECT count(*), min(status) FROM import_job")).one()
    assert tuple(jobs) == (1, "done")  # one job, resumed each time
    assert snapshot(killed) == expected
