"""Benchmark: import the generator's export (``cctns generate --out``) end to end until searchable, beside a raw
PostgreSQL COPY of the same rows.

    python bench/bench_import.py --firs 200000
    python bench/bench_import.py --firs 2000000 --skip-index   # the issue's size (about 8 GB of files)
    python bench/bench_import.py --firs 2000000 --work-dir DIR --skip-index --keep   # a long run in two parts:
    python bench/bench_import.py --resume DIR/bench-import-XXXX                    # ... then the index step

Steps, each timed:
1. the generator writes N FIRs with their people as files (not part of the import's time);
2. ``cctns import DIR --mapping cctns-export`` into a fresh database (read, convert, check, load in batches,
   outbox rows for every FIR and person);
3. the outbox drained into a fresh embedded search index (``cctns index sync``, in batches of ``--index-batch``
   rows with ``--index-workers`` processes building documents): the records are searchable;
4. baseline: the same files COPYed into bare tables of text columns (no conversion, no checks, no indexes,
   no search index) in another fresh database.

After step 2, a floor (``--skip-floor`` leaves it out: it took 2 to 2.5 minutes on 200,000 FIRs and needs room for
a second copy of the imported rows until it drops it): the import's final rows COPYed into bare copies of their
tables with their indexes (no triggers, no foreign keys), what no importer can save while the tables keep their
indexes. The server's CPU of each step is that of its own backends (sampled from ``/proc``; the machine-wide figure,
which counts other sessions' work on a shared machine, stays in the JSON as ``all_postgres_cpu_seconds``).

Each step prints its progress every ``--every`` seconds (rows, rate, time left). Prints a table (with the load
average, since these machines are shared) and writes JSON to bench/results/bench_import.json. The target
(issue 5) is 20,000 FIRs per second end to end.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.process_cpu import BackendCpu, process_cpu_seconds
from bench.scratch_database import drop_database, fresh_database
from indexes.embedded import TantivyEngine
from indexes.schema import DocumentKind
from indexes.sync import DRAIN_BUILDERS, SyncReport, drain_outbox
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile
from ingest.legacy.report import ImportReport
from records.database import sqlalchemy_url
from sample_data import generate_to_files

RESULTS = Path(__file__).parent / "results"
TARGET_FIRS_PER_SECOND = 20_000


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the drain's document builders)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def postgres_cpu_seconds() -> float:
    """CPU time so far of every PostgreSQL process on this machine (the server runs here): its difference over a step
    is the server's share of that step, backends and background writers alike (a process that ends within the step
    takes its share with it: the steps keep their connections open until they end)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if name == "postgres":
            total += int(fields[11]) + int(fields[12])
    return total / tick


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


class Ticker:
    """Prints a progress line (done, rate, time left) at most every ``every`` seconds."""

    def __init__(self, every: float) -> None:
        self.every, self.last = every, time.perf_counter()

    def tick(self, what: str, done: int, total: int | None, unit: str, started: float) -> bool:
        now = time.perf_counter()
        if now - self.last < self.every:
            return False
        self.last = now
        elapsed = now - started
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"  {what}: {done:,}"
        if total:
            left = (total - done) / rate if rate > 0 else float("inf")
            line += f" of {total:,} {unit} ({100 * done / total:.1f} %)"
            line += f", {rate:,.0f} {unit}/s, about {left / 60:,.1f} min left" if rate > 0 else ""
        else:
            line += f" {unit}, {rate:,.0f} {unit}/s"
        print(f"{line}, {elapsed:,.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)
        return True


def raw_copy(server_url: str, name: str, export: Path) -> tuple[float, dict[str, int], float]:
    """The baseline: COPY the export's files as they are into bare text tables; returns seconds, rows per file and
    the server's CPU seconds."""
    engine = fresh_database(server_url, name)
    rows: dict[str, int] = {}
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        backend = connection.info.backend_pid
        started, server_started = time.perf_counter(), process_cpu_seconds(backend) or 0.0
        with connection.cursor() as cursor:
            for file in ("firs.csv", "fir_parties.csv", "fir_properties.csv"):
                with (export / file).open(encoding="utf-8") as handle:
                    header = handle.readline().strip().split(",")
                table = "raw_" + file.split(".")[0]
                cursor.execute(f"CREATE TABLE {table} ({', '.join(f'{c} text' for c in header)})")
                with (
                    (export / file).open("rb") as handle,
                    cursor.copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy,
                ):
                    while block := handle.read(1 << 20):
                        copy.write(block)
                rows[file] = cursor.rowcount
            # JSON Lines: each line into one jsonb column (CSV mode with characters that never occur)
            cursor.execute("CREATE TABLE raw_persons (doc jsonb)")
            with (
                (export / "persons.jsonl").open("rb") as handle,
                cursor.copy("COPY raw_persons FROM STDIN (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')") as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
            rows["persons.jsonl"] = cursor.rowcount
        connection.commit()
        seconds, server = time.perf_counter() - started, (process_cpu_seconds(backend) or 0.0) - server_started
    finally:
        raw.close()
        engine.dispose()
    return seconds, rows, server


def table_rows(engine: sa.Engine) -> dict[str, int]:
    """Rows in each table of the database's public schema."""
    with engine.connect() as connection:
        names = connection.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
        return {name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}


def final_rows_floor(engine: sa.Engine, server_url: str, before: dict[str, int]) -> dict[str, object]:
    """What writing the import's final rows costs PostgreSQL at the least: every table the import grew COPYed (text
    format, as the import's COPY) into an empty copy of itself with its indexes and checks, without its triggers and
    foreign keys; returns the receiving backend's CPU seconds. Against the raw COPY's, the share of the gap no
    importer can close while the tables keep their indexes."""
    after = table_rows(engine)
    grown = sorted(name for name, rows in after.items() if rows > before.get(name, 0))
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    rows = 0
    with psycopg.connect(url) as source, psycopg.connect(url) as target:
        pid = target.info.backend_pid
        for name in grown:
            target.execute(f'CREATE TABLE "floor_{name}" (LIKE "{name}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
                           "INCLUDING INDEXES)")  # fmt: skip
        target.commit()
        started, cpu_started = time.perf_counter(), process_cpu_seconds(pid) or 0.0
        for name in grown:
            with (
                source.cursor().copy(f'COPY "{name}" TO STDOUT') as reading,
                target.cursor().copy(f'COPY "floor_{name}" FROM STDIN') as writing,
            ):
                for block in reading:
                    writing.write(block)
            rows += after[name] - before.get(name, 0)
        target.commit()
        seconds, cpu = time.perf_counter() - started, (process_cpu_seconds(pid) or 0.0) - cpu_started
        for name in grown:
            target.execute(f'DROP TABLE "floor_{name}"')
        target.commit()
    return {"seconds": round(seconds, 1), "server_cpu_seconds": round(cpu, 1), "rows": rows, "tables": grown}


def import_step(engine: sa.Engine, export: Path, batch_rows: int, ticker: Ticker) -> dict[str, object]:
    """Step 2: ``cctns import`` of the export into the (fresh) database; returns its figures."""
    print(f"Importing ... (load average {load_average()})", flush=True)
    backends = BackendCpu(str(engine.url.database))
    started = time.perf_counter()
    cpu_started, server_started = time.process_time(), postgres_cpu_seconds()
    loads = [os.getloadavg()[0]]

    # file -> (seconds, rows read) after each batch, from (when the file began, 0): the end of the batch before
    marks: dict[str, list[tuple[float, int]]] = {}
    last_mark = [0.0]

    def progress(report: ImportReport) -> None:
        now = time.perf_counter() - started
        for name, counts in report.files.items():
            points = marks.setdefault(name, [])
            if counts.read and (not points or points[-1][1] != counts.read):
                if not points:
                    points.append((last_mark[0], 0))
                points.append((now, counts.read))
        last_mark[0] = now
        if ticker.tick("imported", report.totals.read, report.total_rows, "rows", started):
            loads.append(os.getloadavg()[0])

    with backends:
        report = ImportRun(engine, export, load_profile("cctns-export"), batch_rows=batch_rows, progress=progress).run()
    seconds = time.perf_counter() - started
    cpu, server = time.process_time() - cpu_started, postgres_cpu_seconds() - server_started
    loads.append(os.getloadavg()[0])
    totals = report.totals
    with engine.connect() as connection:
        firs = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
        persons = connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
        outbox = connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar_one()
    print(f"  imported {firs:,} FIRs, {persons:,} people in {seconds:,.1f} s", flush=True)
    return {
        "seconds": round(seconds, 1),
        "rows_read": totals.read,
        "accepted": totals.accepted,
        "rejected": totals.rejected,
        "reasons": dict(totals.reasons),
        "firs_in_database": firs,
        "persons_in_database": persons,
        "outbox_rows": outbox,
        "firs_per_second": round(firs / seconds),
        "rows_per_second": round(totals.read / seconds),
        "importer_cpu_seconds": round(cpu, 1),  # both threads of the importing process
        "server_cpu_seconds": round(backends.seconds, 1),  # the import's own backends
        "all_postgres_cpu_seconds": round(server, 1),  # every PostgreSQL process of the machine, others' work too
        "rows_copied_in_bulk": totals.bulk,
        "first_and_last_tenth": {name: first_and_last_tenth(points) for name, points in marks.items()},
        "load_average_1min_seen": [min(loads), max(loads)],
    }


def drain_while_importing(url: str, index_dir: str, batch_size: int, workers: int, imported: Any,
                          results: Any) -> None:  # fmt: skip
    """In a child process: drain the outbox into a fresh search index as the import commits (what the relay of a
    running server does), until the import is done and the outbox empty; puts its figures on ``results``."""
    engine = sa.create_engine(url)
    search = TantivyEngine(Path(index_dir))
    search.ensure_ready()
    total = SyncReport()
    busy = 0.0
    while True:
        finished = imported.is_set()  # read before draining: rows committed before the flag are in this drain
        started = time.perf_counter()
        report = drain_outbox(engine, search, batch_size, workers=workers)
        busy += time.perf_counter() - started if report.events else 0.0
        total.events += report.events
        total.upserted += report.upserted
        total.batches += report.batches
        if finished and report.events == 0:
            break
        if report.events == 0:
            time.sleep(0.5)
    documents = {kind.value: search.count(kind) for kind in DocumentKind}
    search.close()
    engine.dispose()
    results.put({"events": total.events, "documents_written": total.upserted, "batches": total.batches,
                 "busy_seconds": round(busy, 1), "documents_in_index": documents})  # fmt: skip


def first_and_last_tenth(points: list[tuple[float, int]]) -> dict[str, float] | None:
    """Rows/s of a file over its first and its last tenth of rows (batch marks nearest the tenths): the import must
    not slow down as its tables grow. None when the file had too few batches to tell."""
    if len(points) < 11:
        return None
    total = points[-1][1]

    def at(rows: float) -> tuple[float, int]:
        return min(points[1:-1], key=lambda point: abs(point[1] - rows))

    (began, _), (first_end, first_rows), (last_start, last_rows) = points[0], at(total / 10), at(total * 9 / 10)
    first = first_rows / (first_end - began)
    last = (total - last_rows) / (points[-1][0] - last_start)
    return {"first_rows_per_second": round(first), "last_rows_per_second": round(last), "ratio": round(last / first, 2)}


def overlapped_steps(engine: sa.Engine, export: Path, index_dir: Path, args: argparse.Namespace,
                     ticker: Ticker) -> tuple[dict[str, object], dict[str, object]]:  # fmt: skip
    """Steps 2 and 3 at once: the import here, the drain in a child process from the import's first commit until
    the outbox is empty after it; the index step's seconds are from the import's start to the drain's end."""
    context = multiprocessing.get_context("spawn")
    imported, results = context.Event(), context.Queue()
    url = engine.url.render_as_string(hide_password=False)
    drainer = context.Process(
        target=drain_while_importing,
        args=(url, str(index_dir), args.index_batch, args.index_workers, imported, results),
        name="drain",
    )
    started = time.perf_counter()
    drainer.start()
    try:
        figures = import_step(engine, export, args.batch_rows, ticker)
    finally:
        imported.set()
    print(f"Import done; the drain goes on until the outbox is empty ... (load average {load_average()})", flush=True)
    index = results.get()
    drainer.join()
    seconds = time.perf_counter() - started
    index.update({
        "seconds": round(seconds, 1),
        "documents_per_second": round(index["documents_written"] / seconds),
        "after_import_seconds": round(seconds - float(figures["seconds"]), 1),  # type: ignore[arg-type]
        "batch_size": args.index_batch,
        "workers": args.index_workers,
        "load_average_at_end": load_average(),
    })  # fmt: skip
    return figures, index


def index_step(
    engine: sa.Engine, index_dir: Path, outbox: int, ticker: Ticker, batch_size: int, workers: int
) -> dict[str, object]:
    """Step 3: drain the outbox into a fresh search index, as the relay does; returns its figures."""
    print(f"Draining {outbox:,} outbox rows into a fresh search index ... (load average {load_average()})",
          flush=True)  # fmt: skip
    search = TantivyEngine(index_dir)
    search.ensure_ready()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()

    def draining(report: SyncReport) -> None:
        ticker.tick("outbox rows indexed", report.events, outbox, "rows", started)

    sync = drain_outbox(engine, search, batch_size, workers=workers, progress=draining)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    documents = {kind.value: search.count(kind) for kind in DocumentKind}
    search.close()
    return {
        "seconds": round(seconds, 1),
        "documents_per_second": round(sync.upserted / seconds),
        "cpu_seconds": round(cpu, 1),  # this process and its document builders, not PostgreSQL
        "load_average_at_end": load_average(),
        "batch_size": batch_size,
        "workers": workers,
        "batches": sync.batches,
        "events": sync.events,
        "documents_written": sync.upserted,
        "documents_in_index": documents,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--server", default=os.environ.get("CCTNS_BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--database", default="cctns_bench_import", help="Scratch database name (dropped after)")
    parser.add_argument("--batch-rows", type=int, default=20_000)
    parser.add_argument("--skip-index", action="store_true", help="Import only; do not drain the outbox")
    parser.add_argument(
        "--overlap",
        action="store_true",
        help="Drain the outbox into the search index while the import runs (in another process, as a running "
        "server's relay does), instead of after it",
    )
    parser.add_argument("--index-batch", type=int, default=10_000, help="Outbox rows per drain batch (engine commit)")
    parser.add_argument(
        "--index-workers",
        type=int,
        default=DRAIN_BUILDERS,
        help="Processes building documents in the drain (default, as `cctns index sync`: a core left for the writer)",
    )
    parser.add_argument(
        "--resume",
        type=Path,
        default=None,
        help="The work directory of an earlier run made with --skip-index --keep: take its files, its database "
        "and its import figures, and go on from the index step (a long run split in two)",
    )
    parser.add_argument(
        "--reuse-export",
        type=Path,
        default=None,
        help="The work directory of an earlier run made with --keep: import its files again into a fresh database "
        "(no generating; a long run repeated after a change)",
    )
    parser.add_argument(
        "--skip-floor",
        action="store_true",
        help="Do not measure the floor (the import's final rows COPYed into bare copies of their tables)",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases and files")
    parser.add_argument("--work-dir", type=Path, default=None, help="Where the export files go (default: temp)")
    parser.add_argument("--every", type=float, default=10.0, help="Seconds between progress lines")
    parser.add_argument("--out", type=Path, default=RESULTS / "bench_import.json", help="Where the JSON goes")
    args = parser.parse_args(argv)
    server = sqlalchemy_url(args.server).set(database="postgres").render_as_string(hide_password=False)
    ticker = Ticker(args.every)
    if args.resume is not None:
        work = args.resume
        result = json.loads((work / "after_import.json").read_text())
        export = work / "export"
        print(f"Resuming {work} after its import ({result['firs']:,} FIRs)", flush=True)
        engine = sa.create_engine(sqlalchemy_url(args.server).set(database=args.database))
    elif args.reuse_export is not None:
        earlier = json.loads((args.reuse_export / "after_import.json").read_text())
        result = {key: value for key, value in earlier.items() if key not in ("import", "index_sync", "end_to_end")}
        work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=args.work_dir))
        export = args.reuse_export / "export"
        print(f"Importing the files of {args.reuse_export} again ({result['firs']:,} FIRs)", flush=True)
        engine = fresh_database(server, args.database)
    else:
        if args.work_dir is not None:
            args.work_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=args.work_dir))
        export = work / "export"
        print(f"Generating {args.firs:,} FIRs into {export} ... (load average {load_average()})", flush=True)
        started = time.perf_counter()

        def generating(done: int, total: int) -> None:
            ticker.tick("generated", done, total, "FIRs", started)

        generated = generate_to_files(export, args.firs, args.seed, generating)
        result = {
            "firs": args.firs,
            "rows_in_files": generated.rows,
            "bytes_in_files": {path.name: path.stat().st_size for path in export.iterdir()},
            "generate_seconds": round(time.perf_counter() - started, 1),
            "cpu_count": os.cpu_count(),
        }
        engine = fresh_database(server, args.database)
    try:
        if args.resume is None and args.overlap:
            result["import"], result["index_sync"] = overlapped_steps(engine, export, work / "index", args, ticker)
            imported_seconds = result["import"]["seconds"]
            end_to_end = result["index_sync"]["seconds"]
            firs_in = result["import"]["firs_in_database"]
            result["end_to_end"] = {
                "seconds": round(end_to_end, 1),
                "firs_per_second": round(firs_in / end_to_end),
                "overlapped": True,
                "import_seconds": imported_seconds,
                "target_seconds_for_2_million": 2400,
            }
            args.skip_index = True  # done
        elif args.resume is None:
            before = table_rows(engine)
            result["import"] = import_step(engine, export, args.batch_rows, ticker)
            if not args.skip_floor:
                print(f"Floor: the final rows COPYed into bare copies of their tables ... (load average "
                      f"{load_average()})", flush=True)  # fmt: skip
                result["final_rows_floor"] = final_rows_floor(engine, server, before)
            (work / "after_import.json").write_text(json.dumps(result, indent=2))
        imported: dict = result["import"]  # type: ignore[assignment]
        if not args.skip_index:
            index = result["index_sync"] = index_step(
                engine, work / "index", imported["outbox_rows"], ticker, args.index_batch, args.index_workers
            )
            end_to_end = imported["seconds"] + index["seconds"]
            result["end_to_end"] = {
                "seconds": round(end_to_end, 1),
                "firs_per_second": round(imported["firs_in_database"] / end_to_end),
                "target_firs_per_second": TARGET_FIRS_PER_SECOND,
                "met": imported["firs_in_database"] / end_to_end >= TARGET_FIRS_PER_SECOND,
            }
    finally:
        engine.dispose()
        if not args.keep:
            drop_database(server, args.database)

    print(f"Baseline: raw COPY of the same files into bare tables ... (load average {load_average()})", flush=True)
    copy_seconds, copy_rows, copy_server_cpu = raw_copy(server, args.database + "_copy", export)
    if not args.keep:
        drop_database(server, args.database + "_copy")
    firs = int(result["firs"])  # type: ignore[call-overload]
    result["raw_copy"] = {
        "seconds": round(copy_seconds, 1),
        "rows": copy_rows,
        "firs_per_second": round(firs / copy_seconds),
        "server_cpu_seconds": round(copy_server_cpu, 1),
        "load_average_at_end": load_average(),
    }
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.out}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}")
    return result


def print_table(result: dict) -> None:
    imported, index, copy = result["import"], result.get("index_sync"), result["raw_copy"]
    firs = imported["firs_in_database"]
    rows: list[tuple[str, float, float | None]] = [
        ("generate the export files (not timed in the import)", result["generate_seconds"], None),
        ("import: read, convert, check, load, outbox", imported["seconds"], firs / imported["seconds"]),
    ]
    if index is not None and result["end_to_end"].get("overlapped"):
        rows.append(("import and index at once: until searchable", index["seconds"], firs / index["seconds"]))
        rows.append(("  of which the drain after the import ended", index["after_import_seconds"], None))
    elif index is not None:
        rows.append(("index sync: outbox -> search index", index["seconds"], firs / index["seconds"]))
        end_to_end = result["end_to_end"]["seconds"]
        rows.append(("end to end until searchable", end_to_end, firs / end_to_end))
    rows.append(("baseline: raw COPY of the files, bare tables", copy["seconds"], result["firs"] / copy["seconds"]))
    print(f"\n{result['firs']:,} FIRs, {sum(result['rows_in_files'].values()):,} rows in the files, "
          f"{result['cpu_count']} cores")  # fmt: skip
    print(f"{'step':<55} {'seconds':>10} {'FIRs/s':>10}")
    for step, seconds, rate in rows:
        print(f"{step:<55} {seconds:>10,.1f} {rate:>10,.0f}" if rate else f"{step:<55} {seconds:>10,.1f} {'':>10}")
    low, high = imported["load_average_1min_seen"]
    print(f"import: {imported['rows_per_second']:,} rows/s, importer CPU {imported['importer_cpu_seconds']:,.1f} s; "
          f"load average (1 min) seen {low:.1f} to {high:.1f}, now {load_average()}")  # fmt: skip
    if index is not None and "cpu_seconds" in index:
        print(f"index CPU {index['cpu_seconds']:,.1f} s: "
              f"{index['documents_written'] / index['cpu_seconds']:,.0f} documents per CPU second")  # fmt: skip
        print(f"index: {index['documents_per_second']:,} documents/s ({index['documents_written']:,} documents, "
              f"batches of {index['batch_size']:,} rows, {index['workers']} building processes)")  # fmt: skip
    for name, tenths in imported.get("first_and_last_tenth", {}).items():
        if tenths:
            first, last = tenths["first_rows_per_second"], tenths["last_rows_per_second"]
            print(f"{name}: {first:,} rows/s over the first tenth, {last:,} over the last: "
                  f"{tenths['ratio']:.2f}x (target at least 0.8x)")  # fmt: skip
    if "server_cpu_seconds" in imported and "server_cpu_seconds" in copy:
        print(f"CPU seconds: importer {imported['importer_cpu_seconds']:,.1f} + PostgreSQL "
              f"{imported['server_cpu_seconds']:,.1f}, against PostgreSQL {copy['server_cpu_seconds']:,.1f} for "
              "the raw COPY (the import's and the COPY's own backends): what stands between the import and the "
              "COPY's speed")  # fmt: skip
    floor = result.get("final_rows_floor")
    if floor and copy.get("server_cpu_seconds"):
        print(f"floor: the final {floor['rows']:,} rows of {len(floor['tables'])} tables COPYed into copies with their "
              f"indexes (no triggers, no foreign keys): PostgreSQL CPU {floor['server_cpu_seconds']:,.1f} s, "
              f"{floor['server_cpu_seconds'] / copy['server_cpu_seconds']:.1f}x the raw COPY's; "
              f"{floor['seconds']:,.1f} s")  # fmt: skip
    ratio = imported["seconds"] / copy["seconds"]
    print(f"import / raw COPY of the same files: {ratio:.1f}x (target at most 3x); rows COPYed in bulk: "
          f"{imported.get('rows_copied_in_bulk', 0):,}")  # fmt: skip
    print(f"target: {TARGET_FIRS_PER_SECOND:,} FIRs/s end to end")


if __name__ == "__main__":
    main()
