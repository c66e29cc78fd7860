"""Benchmark: draining the person-matching queue one person at a time and set-based per batch, on the same data
in the same run, with a check that both write the same links and the same alerts.

    python bench/bench_match_queue.py [--firs 3000] [--queue-firs 600] [--batch 200] [--rounds 1] [--seed 1]
        [--reuse] [--database cctns_bench_match_queue]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps: generate ``--firs`` FIRs (about 3.8 person records each) into a scratch database, link them all (the batch
linker, as the matcher would have), and add a few officers (a station officer, a district SP, an investigator)
watching records of identities named again. Then the people of the newest ``--queue-firs`` FIRs are forgotten by
the matcher (their keys and links) and queued as registration queues them: one row per person and FIR, in FIR
order. Each path drains that queue from the same state (the links, keys, alerts and SMS it wrote are removed and
the queue filled again before the next): ``one by one`` (a savepoint per person, the path before issue 21's
batch matcher and still the fallback of a failed batch) and ``set-based`` (``--batch`` queued rows per batch).
``--rounds`` repeats both, alternating which goes first. Prints a table and writes
``bench/results/bench_match_queue.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import fresh_database, reused_database
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from people.linkage.queue import drain_match_queue
from records.settings import get_settings
from sample_data import generate_into_database

DATABASE = "cctns_bench_match_queue"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_match_queue.json"
WATCHED = 40  # records watched by each officer

State = dict[str, int]


def prepare(engine: sa.Engine, queue_firs: int) -> tuple[list[tuple[int, int]], State]:
    """Forget the matching of the newest FIRs' people, add the watchers; returns the rows to queue (person, FIR)
    and the ids the state starts from (rows above them were written by a drain)."""
    with engine.begin() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT DISTINCT fp.fir_id, fp.person_id FROM fir_party fp WHERE fp.fir_id IN "
                "(SELECT id FROM fir ORDER BY id DESC LIMIT :n) ORDER BY fp.fir_id, fp.person_id"
            ),
            {"n": queue_firs},
        ).all()
        queued = [(row.person_id, row.fir_id) for row in rows]
        ids = sorted({person for person, _ in queued})
        connection.execute(sa.text("DELETE FROM person_match_queue"))
        connection.execute(
            sa.text("DELETE FROM person_link WHERE person_a_id = ANY(:ids) OR person_b_id = ANY(:ids)"), {"ids": ids}
        )
        connection.execute(sa.text("DELETE FROM person_match_key WHERE person_id = ANY(:ids)"), {"ids": ids})
        _add_watchers(connection, ids)
        connection.execute(sa.text("ANALYZE"))
    return queued, _state(engine)


def _add_watchers(connection: sa.Connection, queued: list[int]) -> None:
    """Three officers, each watching earlier records of identities the queued people stand for."""
    station = connection.execute(
        sa.text(
            "SELECT f.station_id, s.district_id FROM fir f JOIN police_station s ON s.id = f.station_id "
            "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
        )
    ).one()
    watched = connection.scalars(
        sa.text(
            "SELECT DISTINCT ON (p.synthetic_identity) p.id FROM person p WHERE p.synthetic_identity IN "
            "(SELECT synthetic_identity FROM person WHERE id = ANY(:ids)) AND NOT p.id = ANY(:ids) "
            "ORDER BY p.synthetic_identity, p.id LIMIT :n"
        ),
        {"ids": queued, "n": 3 * WATCHED},
    ).all()
    officers = [
        ("bench_station", "station_officer", station.station_id, None, "9800000001"),
        ("bench_sp", "district_sp", None, station.district_id, "9800000002"),
        ("bench_investigator", "investigator", None, None, None),
    ]
    for index, (username, role, station_id, district_id, mobile) in enumerate(officers):
        user_id = connection.scalar(
            sa.text(
                "INSERT INTO app_user (username, full_name, password_hash, role, station_id, district_id, mobile) "
                "VALUES (:u, :u, 'x', CAST(:r AS user_role), :s, :d, :m) "
                "ON CONFLICT (username) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id"
            ),
            {"u": username, "r": role, "s": station_id, "d": district_id, "m": mobile},
        )
        connection.execute(
            sa.text(
                "INSERT INTO watch_list_entry (user_id, person_id, notify_sms) SELECT :u, p, :sms "
                "FROM unnest(CAST(:people AS bigint[])) AS p ON CONFLICT DO NOTHING"
            ),
            {"u": user_id, "people": watched[index::3], "sms": mobile is not None},
        )


def _state(engine: sa.Engine) -> State:
    with engine.connect() as connection:
        return {
            table: connection.scalar(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")) or 0
            for table in ("person_link", "notification", "sms_message")
        }


def reset(engine: sa.Engine, queued: list[tuple[int, int]], state: State) -> None:
    """Back to the prepared state, the queue filled as registration fills it."""
    people = sorted({person for person, _ in queued})
    with engine.begin() as connection:
        for table, last in state.items():
            connection.execute(sa.text(f"DELETE FROM {table} WHERE id > :last"), {"last": last})
        connection.execute(sa.text("DELETE FROM person_match_key WHERE person_id = ANY(:ids)"), {"ids": people})
        connection.execute(sa.text("DELETE FROM person_match_queue"))
        connection.execute(
            sa.text(
                "INSERT INTO person_match_queue (person_id, fir_id) "
                "SELECT p, f FROM unnest(CAST(:p AS bigint[]), CAST(:f AS bigint[])) WITH ORDINALITY AS t(p, f, n) "
                "ORDER BY n"
            ),
            {"p": [p for p, _ in queued], "f": [f for _, f in queued]},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE person_link, person_match_key, person_match_queue, notification"))


def outcome(engine: sa.Engine, state: State) -> dict[str, Any]:
    """What a drain wrote: links, alerts and SMS (without ids and times), and what stayed queued."""
    with engine.connect() as connection:
        links = connection.execute(
            sa.text(
                "SELECT person_a_id, person_b_id, status, score, reasons FROM person_link WHERE id > :last "
                "ORDER BY 1, 2"
            ),
            {"last": state["person_link"]},
        ).all()
        alerts = connection.execute(
            sa.text(
                "SELECT key, user_id, station_id, kind, person_id, fir_id, message, detail::text FROM notification "
                "WHERE id > :last ORDER BY key"
            ),
            {"last": state["notification"]},
        ).all()
        sms = connection.execute(
            sa.text("SELECT to_number, kind, fir_id, body FROM sms_message WHERE id > :last ORDER BY 1, 3, 4"),
            {"last": state["sms_message"]},
        ).all()
        left = connection.scalar(sa.text("SELECT count(*) FROM person_match_queue"))
    return {"links": [tuple(r) for r in links], "alerts": [tuple(r) for r in alerts], "sms": [tuple(r) for r in sms],
            "left": left}  # fmt: skip


def timed_drain(engine: sa.Engine, thresholds: Thresholds, batch: int, set_based: bool) -> dict[str, Any]:
    started = time.perf_counter()
    matched = drain_match_queue(engine, thresholds, batch, set_based=set_based)
    seconds = time.perf_counter() - started
    return {"queue_rows": matched, "seconds": seconds, "rows_per_second": matched / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=3000)
    parser.add_argument("--queue-firs", type=int, default=600, help="Newest FIRs whose people are queued")
    parser.add_argument("--batch", type=int, default=200, help="Queued rows per batch (and per transaction)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it already holds the people")
    parser.add_argument("--paths", default="one_by_one,set_based", help="Which paths to time (comma separated)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()

    thresholds = Thresholds.from_settings(get_settings())
    engine = None
    if args.reuse:
        engine = reused_database(args.database_url, args.database)
    if engine is None:
        engine = fresh_database(args.database_url, args.database)
        print(f"Generating {args.firs:,} FIRs into {args.database} and linking them ...", flush=True)
        generate_into_database(engine, args.firs, args.seed)
        link_all(engine, thresholds)
    queued, state = prepare(engine, args.queue_firs)
    people = len({person for person, _ in queued})
    print(f"{len(queued):,} queue rows ({people:,} people of the newest {args.queue_firs:,} FIRs)", flush=True)

    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    unknown = set(paths) - {"one_by_one", "set_based"}
    if unknown:
        parser.error(f"unknown path(s): {', '.join(sorted(unknown))}; choose one_by_one and/or set_based")
    runs: dict[str, list[dict[str, Any]]] = {path: [] for path in paths}
    outcomes: dict[str, dict[str, Any]] = {}
    for round_index in range(args.rounds):
        order = paths if round_index % 2 == 0 else paths[::-1]
        for path in order:
            reset(engine, queued, state)
            run = timed_drain(engine, thresholds, args.batch, set_based=path == "set_based")
            outcomes[path] = outcome(engine, state)
            runs[path].append(run)
            print(f"  round {round_index + 1} {path}: {run['rows_per_second']:,.0f} queue rows/s", flush=True)
    reset(engine, queued, state)

    summary = {}
    for path, timings in runs.items():
        best = max(timings, key=lambda r: r["rows_per_second"])
        got = outcomes[path]
        summary[path] = {
            "best_rows_per_second": best["rows_per_second"],
            "runs": timings,
            "ms_per_queue_row": 1000 / best["rows_per_second"],
            "links": len(got["links"]),
            "auto_links": sum(1 for link in got["links"] if link[2] == "auto"),
            "alerts": len(got["alerts"]),
            "sms": len(got["sms"]),
            "left_in_queue": got["left"],
        }
    same = None
    if len(outcomes) == 2:
        one, other = outcomes["one_by_one"], outcomes["set_based"]
        same = {part: one[part] == other[part] for part in ("links", "alerts", "sms", "left")}
    results = {
        "firs": args.firs,
        "queue_firs": args.queue_firs,
        "queue_rows": len(queued),
        "people": people,
        "batch": args.batch,
        "rounds": args.rounds,
        "paths": summary,
        "same_outcome": same,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print()
    print(f"{'path':<12} {'rows/s':>8} {'ms/row':>7} {'links':>6} {'auto':>5} {'alerts':>6} {'sms':>4} {'left':>5}")
    for path, figures in summary.items():
        print(
            f"{path:<12} {figures['best_rows_per_second']:>8,.0f} {figures['ms_per_queue_row']:>7.2f} "
            f"{figures['links']:>6,} {figures['auto_links']:>5,} {figures['alerts']:>6,} {figures['sms']:>4,} "
            f"{figures['left_in_queue']:>5,}"
        )
    if "one_by_one" in summary and "set_based" in summary:
        ratio = summary["set_based"]["best_rows_per_second"] / summary["one_by_one"]["best_rows_per_second"]
        print(f"set-based / one by one: {ratio:.1f}x; same outcome: {same}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
