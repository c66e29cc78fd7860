"""Benchmark: each dashboard page's data callback on rollups, beside the same figures computed straight from the
FIR tables, at state scale.

    python bench/bench_dashboards.py [--firs 10000000] [--reps 20] [--fir-reps 2] [--reuse [--rebuild]]
                                     [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps, on the server of ``--database-url`` (database ``cctns_bench_dashboards_wt6``, dropped and rebuilt unless
``--reuse`` finds it filled):

1. Data. The sample-data generator writes ~3,400 FIRs/s (hours for 10 million), so the FIRs are made in SQL
   with ``generate_series``: 1,000 FIRs from the generator first (its ~1,070 synthetic stations and people),
   then ``--firs`` FIRs in one ``INSERT ... SELECT`` per table: a random station, a registration time spread
   over 2008 to today growing ~6% a year, a status that depends on age (recent FIRs under investigation, older
   ones charge-sheeted, final reports or disposed), one or two sections drawn from the sections stations cite
   (IPC before 1 July 2024, BNS after, ~15% special and local laws), an accused on ~40% of FIRs and an arrest
   for half of those. Loaded with ``session_replication_role = replica`` (no FK checks or rollup triggers, as
   a restore would), then ``cctns rollups rebuild`` computes the rollups (timed).
2. Each page's data function (``dashboards/data/``) with the pages' default filters (last 12 months; a
   district for the district and pendency-by-station views; the busiest station), ``--reps`` times on the
   rollups and ``--fir-reps`` times with ``source="fir"``: p50 / p95 in ms. A FIR-table query running longer
   than ``--fir-timeout`` seconds is cut off and reported as "> that".
3. Incremental upkeep: 1,000 FIRs change status (one statement), then one refresh brings the rollups level.

With ``--reuse`` (and no ``--rebuild``) the rollups are vacuumed first, as autovacuum would have done after the
last run's step 3 (the servers here run with autovacuum off); a rebuild vacuums them itself.

Prints a table and writes ``bench/results/bench_dashboards.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import fresh_database
from dashboards.data.filters import Filters
from dashboards.data.ncrb import ncrb_reference_series, ncrb_table
from dashboards.data.operations import operations
from dashboards.data.pendency import pendency
from dashboards.data.reference import load_reference
from dashboards.data.trends import district_view, overview, station_view, women_sc_st
from records.access import Jurisdiction
from records.database import create_db_engine, sqlalchemy_url
from records.models import Role
from records.rollups import drain_rollups, rebuild_rollups, vacuum_rollups

DATABASE = "cctns_bench_dashboards_wt6"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_dashboards.json"
TARGET_MS = 300.0
STATE = Jurisdiction(Role.HQ)  # the pages timed as HQ sees them (the whole state)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


LOAD_SQL = [
    # Sections FIRs cite, with a weight: the generator's crime-head mix decides the head's share.
    """CREATE TEMP TABLE bench_section AS
       SELECT s.id, a.code AS act, row_number() OVER (PARTITION BY a.code = 'BNS' ORDER BY s.id) AS n,
              count(*) OVER (PARTITION BY a.code = 'BNS') AS of
       FROM section s JOIN act a ON a.id = s.act_id
       WHERE s.crime_head_id IS NOT NULL AND a.code <> 'IPC' AND a.code <> 'BNS' OR
             (s.crime_head_id IS NOT NULL AND a.code IN ('IPC', 'BNS'))""",
    "CREATE TEMP TABLE bench_station AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM police_station",
    "CREATE TEMP TABLE bench_person AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM person LIMIT 100000",
    # FIRs: registration time t in [0,1) over 2008..today with ~6%/year growth: inverse CDF of an exponential.
    """INSERT INTO fir (id, station_id, year, serial, registered_at, information_type, status, brief_facts,
                        is_synthetic)
       SELECT :base + i, st.id, extract(year FROM at AT TIME ZONE 'Asia/Kolkata')::int, :base + i, at, 'written',
              (CASE WHEN age < 60 THEN (ARRAY['registered','under_investigation'])[1 + (i % 2)]
                    WHEN age < 365 THEN (ARRAY['under_investigation','charge_sheeted','final_report_undetected',
                         'under_investigation','charge_sheeted'])[1 + (i % 5)]
                    ELSE (ARRAY['charge_sheeted','sent_to_court','disposed','disposed','final_report_undetected',
                         'final_report_false','final_report_mistake_of_fact','under_investigation',
                         'disposed','sent_to_court'])[1 + (i % 10)] END)::fir_status,
              '', true
       FROM (SELECT i, now() - ((1 - ln(1 + (exp(:growth * :span) - 1) * random()) / (:growth * :span)) * :span)
                    * interval '365.25 days' AS at
             FROM generate_series(1, :firs) AS i) g
       CROSS JOIN LATERAL (SELECT extract(day FROM now() - g.at) AS age) a
       JOIN bench_station st ON st.n = 1 + (hashint4(g.i) & 2147483647) % (SELECT count(*) FROM bench_station)""",
    """CREATE TEMP TABLE bench_pick AS
       SELECT CASE WHEN act IN ('IPC', 'BNS') THEN act ELSE 'SLL' END AS law, array_agg(id ORDER BY id) AS ids
       FROM bench_section GROUP BY 1""",
    # One section per FIR: every 7th from special and local laws, else IPC before 1 July 2024 and BNS after.
    """INSERT INTO fir_section (fir_id, section_id, position)
       SELECT f.id, p.ids[1 + (hashint8(f.id) & 2147483647) % cardinality(p.ids)], 0
       FROM fir f JOIN bench_pick p ON p.law = CASE WHEN f.id % 7 = 0 THEN 'SLL'
            WHEN f.registered_at >= '2024-06-30 18:30+00' THEN 'BNS' ELSE 'IPC' END
       WHERE f.id > :base""",
    """INSERT INTO fir_section (fir_id, section_id, position)
       SELECT f.id, (SELECT s.id FROM section s JOIN act a ON a.id = s.act_id
                     WHERE a.code = CASE WHEN f.registered_at >= '2024-06-30 18:30+00' THEN 'BNS' ELSE 'IPC' END
                       AND s.number = CASE WHEN f.registered_at >= '2024-06-30 18:30+00' THEN '3(5)' ELSE '34' END),
              1
       FROM fir f WHERE f.id > :base AND f.id % 3 = 0""",
    """INSERT INTO fir_party (fir_id, person_id, role, accused_number, name_as_given)
       SELECT f.id, p.id, 'accused', 1, 'Bench Accused' FROM fir f
       JOIN bench_person p ON p.n = 1 + f.id % (SELECT count(*) FROM bench_person)
       WHERE f.id > :base AND f.id % 5 < 2""",
    """INSERT INTO arrest (fir_id, person_id, kind, at)
       SELECT fp.fir_id, fp.person_id, 'arrest', f.registered_at + interval '3 days' FROM fir_party fp
       JOIN fir f ON f.id = fp.fir_id WHERE fp.fir_id > :base AND fp.role = 'accused' AND fp.fir_id % 2 = 0""",
]


def build(server_url: str, firs: int) -> sa.Engine:
    from sample_data import generate_into_database

    say(f"creating {DATABASE}")
    engine = fresh_database(server_url, DATABASE)
    generate_into_database(engine, firs=1000, seed=3, parallel=False)
    with engine.connect() as connection:
        base = int(connection.execute(sa.text("SELECT coalesce(max(id), 0) FROM fir")).scalar_one()) + 1000
    span = (date.today() - date(2008, 1, 1)).days / 365.25
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
        connection.execute(sa.text("SET LOCAL work_mem = '256MB'"))
        for statement in LOAD_SQL:
            t = time.perf_counter()
            result = connection.execute(sa.text(statement), {"base": base, "firs": firs, "growth": 0.06, "span": span})
            say(
                f"  {statement.split()[2] if statement.startswith('INSERT') else 'setup'}: "
                f"{max(result.rowcount, 0):,} rows in {time.perf_counter() - t:.0f} s"
            )
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('fir', 'id'), (SELECT max(id) FROM fir))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    say(f"loaded in {time.perf_counter() - started:.0f} s")
    return engine


def timed(function: Any, reps: int) -> dict[str, Any]:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        try:
            function()
        except sa.exc.OperationalError as error:  # statement_timeout of the FIR-table engine
            if "statement timeout" not in str(error):
                raise
            return {"p50": None, "p95": None, "reps": reps, "timed_out_after_s": time.perf_counter() - t}
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {"p50": statistics.median(times), "p95": p95, "reps": reps}


def _fir_text(direct: dict[str, Any] | None) -> str:
    if not direct:
        return "-"
    if direct["p50"] is None:
        return f"cut off after {direct['timed_out_after_s']:.0f} s"
    return f"{direct['p50']:.0f} / {direct['p95']:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=10_000_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--fir-reps", type=int, default=2)
    parser.add_argument(
        "--fir-timeout", type=int, default=180, help="seconds a FIR-table query may run before it is cut off"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run if filled")
    parser.add_argument("--rebuild", action="store_true", help="with --reuse: rebuild the rollups again (timed)")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    server = sqlalchemy_url(args.database_url).set(database="postgres").render_as_string(hide_password=False)
    results: dict[str, Any] = {"firs": args.firs, "machine": platform.platform(), "date": date.today().isoformat()}

    engine = None
    if args.reuse:
        try:
            engine = create_db_engine(sqlalchemy_url(server).set(database=DATABASE))
            with engine.connect() as connection:
                have = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
            say(f"reusing {DATABASE}: {have:,} FIRs")
            results["firs"] = have
            if not args.rebuild:  # the last run's upkeep step changed rows; autovacuum may be off on this server
                vacuum_rollups(engine)
        except sa.exc.OperationalError:
            engine = None
    if engine is None or args.rebuild:
        engine = engine or build(server, args.firs)
        say("rebuilding rollups")
        report = rebuild_rollups(engine)
        results["rollup_rebuild_seconds"] = report.seconds
        with engine.begin() as connection:  # marks of the generator's FIRs: the rebuild counted them
            connection.execute(sa.text("DELETE FROM rollup_dirty"))
        say(f"rollups rebuilt in {report.seconds:.0f} s")
    with engine.connect() as connection:
        results["rollup_rows"] = {
            table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("fir", "fir_section", "fir_rollup_day", "fir_rollup_month")
        }
        district_id, station_id = connection.execute(
            sa.text(
                "SELECT s.district_id, f.station_id FROM fir f JOIN police_station s ON s.id = f.station_id "
                "WHERE f.id % 100 = 0 GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
            )
        ).one()
    reference = load_reference(engine)
    direct_engine = create_db_engine(
        engine.url, connect_args={"options": f"-c statement_timeout={args.fir_timeout * 1000}"}
    )
    state = Filters.default()
    district = Filters(state.start, state.end, district_id=district_id)
    station = Filters(state.start, state.end, district_id=district_id, station_id=station_id)
    year = date.today().year - 1

    def on(source: str) -> sa.Engine:
        return engine if source == "rollup" else direct_engine

    pages = {
        "overview (state)": lambda source: overview(on(source), state, source),
        "overview NCRB series": lambda source: ncrb_reference_series(on(source), state, source),
        "district": lambda source: district_view(on(source), district, source),
        "station": lambda source: station_view(on(source), station, STATE, source),
        "pendency (state)": lambda source: pendency(on(source), state, source),
        "pendency (district)": lambda source: pendency(on(source), district, source),
        "women and SC/ST": lambda source: women_sc_st(on(source), state, source),
        f"NCRB table {year}": lambda source: ncrb_table(on(source), year, reference, source=source),
        "operations": lambda source: operations(engine, STATE),
    }
    rows = []
    for name, run in pages.items():
        say(f"timing {name}")
        rollup = timed(lambda run=run: run("rollup"), args.reps)
        direct = timed(lambda run=run: run("fir"), args.fir_reps) if args.fir_reps and name != "operations" else None
        rows.append({"page": name, "rollup": rollup, "fir": direct})
        fir_text = _fir_text(direct)
        say(f"  rollup p50/p95 {rollup['p50']:.0f} / {rollup['p95']:.0f} ms; FIR tables {fir_text} ms")
    results["pages"] = rows

    say("incremental upkeep: 1,000 FIRs change status")
    with engine.begin() as connection:
        t = time.perf_counter()
        connection.execute(
            sa.text(
                "UPDATE fir SET status = 'charge_sheeted' WHERE id IN "
                "(SELECT id FROM fir WHERE status = 'under_investigation' ORDER BY id DESC LIMIT 1000)"
            )
        )
        results["update_1000_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    report = drain_rollups(engine)
    results["refresh_after_1000_updates"] = {
        "ms": (time.perf_counter() - t) * 1000,
        "station_days": report.station_days,
    }

    print()
    print(f"Dashboards' data callbacks, {results['firs']:,} FIRs (target < {TARGET_MS:.0f} ms on rollups)")
    print(f"{'page':28} {'rollups p50':>12} {'p95':>8} {'FIR tables p50':>15} {'p95':>9} {'x faster':>9}")
    for row in rows:
        r, f = row["rollup"], row["fir"]
        if f and f["p50"] is not None:
            speedup = f"{f['p50'] / r['p50']:.0f}x"
            fir_cols = f"{f['p50']:>15,.0f} {f['p95']:>9,.0f}"
        elif f:
            speedup = f">{f['timed_out_after_s'] * 1000 / r['p50']:.0f}x"
            fir_cols = f"{'> ' + format(f['timed_out_after_s'] * 1000, ',.0f'):>15} {'-':>9}"
        else:
            speedup, fir_cols = "-", f"{'-':>15} {'-':>9}"
        flag = "" if r["p95"] < TARGET_MS else "  over target"
        print(f"{row['page']:28} {r['p50']:>12,.0f} {r['p95']:>8,.0f} {fir_cols} {speedup:>9}{flag}")
    if "rollup_rebuild_seconds" in results:
        print(f"rollup rebuild from scratch: {results['rollup_rebuild_seconds']:.0f} s; rows: {results['rollup_rows']}")
    upkeep = results["refresh_after_1000_updates"]
    print(
        f"1,000 status changes: UPDATE {results['update_1000_ms']:.0f} ms, then refresh {upkeep['ms']:.0f} ms "
        f"({upkeep['station_days']} station-days)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
