"""Benchmark: generate N synthetic FIRs into a fresh database, against a raw COPY of the same rows.

    python bench/bench_generate.py [--firs 1000000] [--seed 1] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps, all on the server of ``--database-url``:

1. ``generate_into_database``: into a throwaway database ``cctns_bench_generate`` (dropped and created,
   migrated, reference data loaded): making the rows, COPY into every table with its indexes and
   constraints, numbering counters, one commit.
2. ``generate_to_files``: the same FIRs written as CSV / JSON Lines (making the rows and writing files).
3. Raw COPY: those files COPYed as they are into UNLOGGED tables of the files' shape with no index or
   constraint (``firs.csv``, ``fir_parties.csv``, ``fir_properties.csv``; ``persons.jsonl`` one jsonb per
   line): the floor for moving the same data into PostgreSQL. Step 1 / step 3 is our overhead.

Prints a table and writes ``bench/results/bench_generate.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import drop_database, fresh_database
from sample_data import generate_into_database, generate_to_files

DATABASE = "cctns_bench_generate"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_generate.json"

RAW_TABLES = {
    "firs.csv": """CREATE UNLOGGED TABLE raw_firs (station_code text, district_code text, year smallint,
        serial int, registered_at timestamptz, occurrence_from timestamptz, occurrence_to timestamptz,
        info_received_at timestamptz, gd_entry_number text, information_type text, place_address text,
        place_distance_km numeric, place_direction text, beat text, acts_sections text, crime_head text,
        property_value_total numeric, delay_reason text, io_name text, io_rank text, status text,
        final_report_kind text, final_report_on date, court_result text, court_disposed_on date,
        transferred_to_station_code text, brief_facts text, is_synthetic boolean)""",
    "fir_parties.csv": """CREATE UNLOGGED TABLE raw_fir_parties (station_code text, year smallint, serial int,
        person_key bigint, role text, accused_number smallint, name_as_given text, relative_name_as_given text,
        age_as_given smallint, address_as_given text, mobile_as_given text, arrest_kind text,
        arrested_at timestamptz)""",
    "fir_properties.csv": """CREATE UNLOGGED TABLE raw_fir_properties (station_code text, year smallint, serial int,
        kind text, description text, value numeric, vehicle_registration text, vehicle_chassis text,
        vehicle_engine text, vehicle_make_model text, mobile_imei text)""",
    "persons.jsonl": "CREATE UNLOGGED TABLE raw_persons (doc jsonb)",
}
RAW_COPY = {
    "firs.csv": "COPY raw_firs FROM STDIN (FORMAT csv, HEADER true)",
    "fir_parties.csv": "COPY raw_fir_parties FROM STDIN (FORMAT csv, HEADER true)",
    "fir_properties.csv": "COPY raw_fir_properties FROM STDIN (FORMAT csv, HEADER true)",
    # One JSON document per line: csv format with quote and delimiter bytes that never occur in the data.
    "persons.jsonl": "COPY raw_persons FROM STDIN (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')",
}


def raw_copy(engine: sa.Engine, folder: Path) -> tuple[int, float, dict[str, int]]:
    """COPY the generated files into fresh unlogged tables; returns rows, seconds, rows per file."""
    rows: dict[str, int] = {}
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        with connection.cursor() as cursor:
            for ddl in RAW_TABLES.values():
                cursor.execute(f"DROP TABLE IF EXISTS {ddl.split()[3]}")
                cursor.execute(ddl)
            connection.commit()
            started = time.perf_counter()
            for name, statement in RAW_COPY.items():
                with (folder / name).open("rb") as handle, cursor.copy(statement) as copy:
                    while block := handle.read(1 << 20):
                        copy.write(block)
                rows[name] = cursor.rowcount
            connection.commit()
            seconds = time.perf_counter() - started
    finally:
        raw.close()
    return sum(rows.values()), seconds, rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help=f"leave database {DATABASE} for inspection")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    engine = fresh_database(args.database_url, DATABASE)
    try:
        with engine.connect() as connection:
            server_version = connection.execute(sa.text("SHOW server_version")).scalar()

        def tick(done: int, total: int) -> None:
            print(f"\r  {done:,} / {total:,} FIRs", end="", file=sys.stderr, flush=True)

        print(f"generate_into_database: {args.firs:,} FIRs, seed {args.seed}", file=sys.stderr)
        loaded = generate_into_database(engine, args.firs, args.seed, progress=tick)
        print(file=sys.stderr)
        loaded_rows = sum(loaded.rows.values())

        with tempfile.TemporaryDirectory(prefix="bench-generate-") as folder:
            print("generate_to_files", file=sys.stderr)
            written = generate_to_files(Path(folder), args.firs, args.seed, progress=tick)
            print(file=sys.stderr)
            file_bytes = sum(path.stat().st_size for path in Path(folder).iterdir())
            written_rows = sum(written.rows.values())
            print("raw COPY of the files into unlogged tables", file=sys.stderr)
            raw_rows, raw_seconds, raw_by_file = raw_copy(engine, Path(folder))
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(args.database_url, DATABASE)

    steps = [
        {"step": "generate_into_database (all tables, indexes, constraints)", "firs": args.firs,
         "rows": loaded_rows, "seconds": loaded.seconds},
        {"step": "generate_to_files (CSV + JSONL)", "firs": args.firs, "rows": written_rows,
         "seconds": written.seconds},
        {"step": "raw COPY of those files (unlogged, no indexes)", "firs": args.firs, "rows": raw_rows,
         "seconds": raw_seconds},
    ]  # fmt: skip
    print(f"\n{'step':<60} {'FIRs':>10} {'rows':>12} {'seconds':>9} {'rows/s':>10} {'FIRs/s':>9}")
    for step in steps:
        step["rows_per_second"] = step["rows"] / step["seconds"] if step["seconds"] else 0.0
        step["firs_per_second"] = step["firs"] / step["seconds"] if step["seconds"] else 0.0
        print(
            f"{step['step']:<60} {step['firs']:>10,} {step['rows']:>12,} {step['seconds']:>9.1f} "
            f"{step['rows_per_second']:>10,.0f} {step['firs_per_second']:>9,.0f}"
        )
    ratio = loaded.seconds / raw_seconds if raw_seconds else None
    print(f"\ngenerate_into_database / raw COPY of the files: {ratio:.1f}x" if ratio else "")
    result = {
        "benchmark": "bench_generate",
        "command": "python bench/bench_generate.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "firs": args.firs,
        "seed": args.seed,
        "steps": steps,
        "rows_per_table": loaded.rows,
        "rows_per_file": written.rows,
        "raw_copy_rows_per_file": raw_by_file,
        "file_bytes": file_bytes,
        "foreign_keys_checked": loaded.foreign_keys_checked,
        "overhead_ratio": ratio,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "postgresql": server_version,
                    "platform": platform.platform()},
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.out}")
    return result


if __name__ == "__main__":
    main()
