"""The import and registration benchmarks run end to end at a small size and say what they measured: a benchmark
that broke quietly would leave the README's figures with no command that reproduces them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_fir_api, bench_import
from tests.support import scratch_name, server_url_of

pytestmark = pytest.mark.slow


def test_import_benchmark_imports_everything_and_compares_with_copy(database_url: str, tmp_path: Path) -> None:
    name = scratch_name(database_url, "bench_import")
    result = bench_import.main(
        [
            *("--firs", "300", "--batch-rows", "500", "--index-workers", "1", "--every", "60"),
            *("--server", server_url_of(database_url), "--database", name),
            *("--work-dir", str(tmp_path), "--out", str(tmp_path / "result.json")),
        ]
    )
    assert result["import"]["firs_in_database"] == 300
    assert result["raw_copy"]["rows"] == result["rows_in_files"]  # every row of every file, COPYed raw
    imported = result["import"]
    assert imported["rejected"] == 0 and imported["persons_in_database"] == result["rows_in_files"]["persons.jsonl"]
    assert result["index_sync"]["documents_in_index"] == {"fir": 300, "person": imported["persons_in_database"]}
    assert result["final_rows_floor"]["server_cpu_seconds"] >= 0
    assert (tmp_path / "result.json").exists()


def test_registration_benchmark_registers_through_the_server_and_beside_plain_inserts(
    database_url: str, tmp_path: Path
) -> None:
    name = scratch_name(database_url, "bench_fir_api")
    result = bench_fir_api.main(
        [
            *("--clients", "2", "--firs-per-client", "3", "--skip-one-station"),
            *("--database-url", server_url_of(database_url), "--database", name),
            *("--out", str(tmp_path / "result.json")),
        ]
    )
    api, baseline = result["runs"][0], result["runs"][-1]
    assert api["registrations"] == baseline["registrations"] == 6
    assert result["serial_gaps"] == 0
