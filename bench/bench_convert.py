"""Benchmark: the legacy import's conversion alone (read + convert every file of the generator's export with the
``cctns-export`` profile, nothing written), beside reading the same files alone (CSV / JSON Lines parsing).

    python bench/bench_convert.py --firs 20000 --database cctns_bench_convert
    python bench/bench_convert.py --export DIR --database cctns_bench_convert   # files made before

The converter needs reference data (stations, acts, sections): a scratch database is made fresh (as
``bench/bench_import.py`` does) and dropped after; stations the export names that it lacks are created in it
on the way, as the import does. Each file is read in batches as ``ImportRun`` reads it, then read and
converted in this process. Prints a table (rows/s and CPU microseconds per row, by file) and writes JSON to
bench/results/bench_convert.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import drop_database, fresh_database
from ingest.legacy import conversion_pool
from ingest.legacy.batch import convert_batch
from ingest.legacy.conversion_pool import ConversionWorkers, SourceFile, WorkerSetup
from ingest.legacy.inputs import resolve_inputs
from ingest.legacy.lookups import Lookups
from ingest.legacy.pipeline import fewer_collections
from ingest.legacy.profile import load_profile
from ingest.legacy.readers import guess_format, read_batches
from ingest.legacy.rows.converter import RowConverter
from records.database import sqlalchemy_url
from sample_data import generate_to_files

RESULTS = Path(__file__).parent / "results"


def timed(work: Any) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``work()`` (this process), and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def in_workers(engine: Any, export: Path, profile: Any, batch_rows: int, workers: int) -> dict[str, Any]:
    """Every file read and converted by worker processes (``conversion_pool``), as the import does; the CPU time
    of this process is what converting costs the writer's process (taking the batches over)."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    files = [SourceFile(i.name, i.kind, i.path, guess_format(i.path), 0) for i in resolve_inputs(export, profile)]
    setup = WorkerSetup(url, profile, None, files, batch_rows, os.getpid())
    wall, cpu = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    seen: dict[str, set[str]] = {file.name: set() for file in files}
    with fewer_collections(), ConversionWorkers(setup, workers) as converting:
        rows = sum(len(result.converted(seen[result.file]).rows) for result in converting.batches())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    print(f"  in {workers} worker process(es): {rows:,} rows in {wall:.2f} s, {cpu:.2f} s CPU here, "
          f"{worker_cpu:.2f} s in the workers", flush=True)  # fmt: skip
    return {
        "workers": workers,
        "rows": rows,
        "seconds": round(wall, 2),  # with the workers' start (imports, reference ids)
        "rows_per_second": round(rows / wall),
        "cpu_seconds_here": round(cpu, 2),
        "cpu_us_per_row_here": round(1e6 * cpu / rows, 1),
        "worker_cpu_seconds": round(worker_cpu, 2),  # with their start
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export", type=Path, default=None, help="An export made before (else one is generated)")
    parser.add_argument("--work-dir", type=Path, default=None, help="Where a generated export goes (default: temp)")
    parser.add_argument(
        "--server", default=os.environ.get("CCTNS_BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--database", default="cctns_bench_convert", help="Scratch database name (dropped after)")
    parser.add_argument("--batch-rows", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="Keep the generated export")
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, conversion_pool.CONVERT_WORKERS),
        help="Also time every file converted by this many worker processes, as an import can (0: not)",
    )
    args = parser.parse_args()
    server = sqlalchemy_url(args.server).set(database="postgres").render_as_string(hide_password=False)

    work: Path | None = None
    export = args.export
    result: dict[str, Any] = {"cpu_count": os.cpu_count(), "batch_rows": args.batch_rows}
    if export is None:
        work = Path(tempfile.mkdtemp(prefix="bench-convert-", dir=args.work_dir))
        export = work / "export"
        print(f"Generating {args.firs:,} FIRs into {export} ...", flush=True)
        started = time.perf_counter()
        generate_to_files(export, args.firs, args.seed)
        result["firs"] = args.firs
        result["generate_seconds"] = round(time.perf_counter() - started, 1)
    result["export"] = str(export)

    profile = load_profile("cctns-export")
    engine = fresh_database(server, args.database)
    raw = engine.raw_connection()
    files: dict[str, dict[str, Any]] = {}
    try:
        connection: Any = raw.driver_connection
        connection.autocommit = True  # stations the profile lets the converter create, as the import's own
        with connection.cursor() as cursor, fewer_collections():
            lookups = Lookups.load(cursor, profile.stations, profile.sections.act_aliases)
            converter = RowConverter(profile, lookups)
            for item in resolve_inputs(export, profile):

                def read_only(path: Path = item.path) -> int:
                    return sum(len(batch) for batch in read_batches(path, guess_format(path), args.batch_rows))

                def read_and_convert(path: Path = item.path, kind: str = item.kind) -> tuple[int, int]:
                    seen: set[str] = set()
                    rows = rejected = 0
                    for batch in read_batches(path, guess_format(path), args.batch_rows):
                        converted = convert_batch(cursor, kind, batch, converter, seen)
                        rows += len(batch)
                        rejected += len(converted.rejects)
                    return rows, rejected

                read_wall, read_cpu, rows = timed(read_only)
                wall, cpu, (converted_rows, rejected) = timed(read_and_convert)
                assert converted_rows == rows
                files[item.name] = {
                    "kind": item.kind,
                    "rows": rows,
                    "rejected": rejected,
                    "read_seconds": round(read_wall, 3),
                    "read_cpu_us_per_row": round(1e6 * read_cpu / rows, 1),
                    "read_rows_per_second": round(rows / read_wall),
                    "read_convert_seconds": round(wall, 3),
                    "read_convert_cpu_us_per_row": round(1e6 * cpu / rows, 1),
                    "read_convert_rows_per_second": round(rows / wall),
                    "convert_cpu_us_per_row": round(1e6 * (cpu - read_cpu) / rows, 1),
                }
                print(f"  {item.name}: {rows:,} rows, read {read_wall:.2f} s, read + convert {wall:.2f} s", flush=True)
        if args.workers > 0:
            result["workers"] = in_workers(engine, export, profile, args.batch_rows, args.workers)
    finally:
        raw.close()
        engine.dispose()
        drop_database(server, args.database)
        if work is not None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    rows = sum(f["rows"] for f in files.values())
    read_seconds = sum(f["read_seconds"] for f in files.values())
    convert_seconds = sum(f["read_convert_seconds"] for f in files.values())
    result["files"] = files
    result["total"] = {
        "rows": rows,
        "read_seconds": round(read_seconds, 2),
        "read_convert_seconds": round(convert_seconds, 2),
        "read_convert_rows_per_second": round(rows / convert_seconds),
        "convert_over_read": round(convert_seconds / read_seconds, 1),
        "load_average": " / ".join(f"{v:.1f}" for v in os.getloadavg()),
    }
    print_table(result)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "bench_convert.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out}")


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['total']['rows']:,} rows, batches of {result['batch_rows']:,}, {result['cpu_count']} cores, "
          f"load {result['total']['load_average']}")  # fmt: skip
    header = ("file", "rows", "read rows/s", "read us/row", "conv rows/s", "conv us/row", "of which conv")
    print(f"{header[0]:<20} {header[1]:>9} {header[2]:>12} {header[3]:>12} {header[4]:>12} {header[5]:>12} "
          f"{header[6]:>14}")  # fmt: skip
    for name, f in result["files"].items():
        print(f"{name:<20} {f['rows']:>9,} {f['read_rows_per_second']:>12,} {f['read_cpu_us_per_row']:>12,.1f} "
              f"{f['read_convert_rows_per_second']:>12,} {f['read_convert_cpu_us_per_row']:>12,.1f} "
              f"{f['convert_cpu_us_per_row']:>14,.1f}")  # fmt: skip
    total = result["total"]
    print(f"all files: read {total['read_seconds']:.2f} s, read + convert {total['read_convert_seconds']:.2f} s "
          f"({total['read_convert_rows_per_second']:,} rows/s, "
          f"{total['convert_over_read']}x reading alone)")  # fmt: skip
    if "workers" in result:
        w = result["workers"]
        print(f"in {w['workers']} worker process(es), as the import converts: {w['seconds']:.2f} s "
              f"({w['rows_per_second']:,} rows/s), {w['cpu_us_per_row_here']} us CPU per row in the writer's "
              "process (reading, handing over, taking back)")  # fmt: skip


if __name__ == "__main__":
    main()
