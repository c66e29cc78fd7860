"""Benchmark: does the matching queue keep up with registrations at a given rate? FIRs are written at ``--rate``
per second for ``--seconds`` with the plain INSERTs of ``bench_fir_api.py``'s baseline (its rows and realistic
names; the database trigger queues three people per FIR, as registration does), while ``cctns serve`` runs
with its background work (the matcher, the index relay) in its child process, as deployed without a broker.
Registration through the API is left out so that the rate asked for is reached on a small machine; the API's own
rate and the lag under it are ``bench_fir_api.py``'s.

    python bench/bench_match_lag.py [--rate 250] [--seconds 60] [--threads 8] [--database cctns_bench_match_lag]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Every 5 s the queue's length and lag (age of the oldest queued person) are printed; at the end the lag, the
largest lag seen and the rate reached. Writes ``bench/results/bench_match_lag.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_fir_api import BASELINE_SQL, backlog_seconds, fir_body, free_port, start_server, station_keys
from bench.scratch_database import drop_database, fresh_database
from records.database import sqlalchemy_url
from records.models import PoliceStation

DATABASE = "cctns_bench_match_lag"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_match_lag.json"
SAMPLE_EVERY = 5.0


def write_fir(cursor: Any, body: dict[str, Any], station_id: int, section_id: int, year: int) -> None:
    """One FIR with its complainant, accused and witness, as bench_fir_api.py's baseline writes it."""
    serial = cursor.execute(BASELINE_SQL["counter"], (station_id, year)).fetchone()[0]
    fir_id = cursor.execute(
        BASELINE_SQL["fir"],
        (station_id, year, serial, body["occurrence_from"], body["occurrence_to"], body["info_received_at"],
         body["place_address"], body["brief_facts"]),
    ).fetchone()[0]  # fmt: skip
    cursor.execute(BASELINE_SQL["section"], (fir_id, section_id))
    parties = [("complainant", None, body["complainant"]), ("accused", 1, body["accused"][0]),
               ("witness", None, body["witnesses"][0])]  # fmt: skip
    for role, number, party in parties:
        person_id = cursor.execute(
            BASELINE_SQL["person"], (party["name"], "devanagari", party.get("relative_name"), party.get("age"))
        ).fetchone()[0]
        mobile = party.get("mobile", "").replace("+91", "").replace(" ", "") or None
        if mobile:
            cursor.execute(BASELINE_SQL["mobile"], (person_id, mobile))
        cursor.execute(
            BASELINE_SQL["party"],
            (fir_id, person_id, role, number, party["name"], party.get("relative_name"), party.get("age"), mobile),
        )
    cursor.execute(BASELINE_SQL["history"], (fir_id,))


def register_at_rate(
    engine: sa.Engine, station_ids: list[int], section_id: int, rate: float, seconds: float, threads: int
) -> int:
    """Write FIRs from ``threads`` connections, each at ``rate / threads`` per second; returns how many."""
    written = [0] * threads
    year = datetime.now(UTC).year

    def client(index: int) -> None:
        raw = engine.raw_connection()
        try:
            connection: Any = raw.driver_connection
            interval, start, n = threads / rate, time.perf_counter(), 0
            while time.perf_counter() - start < seconds:
                wait = start + n * interval - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                with connection.transaction(), connection.cursor() as cursor:
                    station_id = station_ids[index % len(station_ids)]
                    write_fir(cursor, fir_body(1_000_000 * index + n), station_id, section_id, year)
                n += 1
            written[index] = n
        finally:
            raw.close()

    workers = [threading.Thread(target=client, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=250.0, help="FIRs per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()

    engine = fresh_database(args.database_url, args.database)
    url = sqlalchemy_url(args.database_url).set(database=args.database, drivername="postgresql")
    with Session(engine) as session:
        codes = [code for code, _ in station_keys(engine)]
        station_ids = [session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == code)) for code in codes]
        section_id = session.scalar(
            sa.text("SELECT s.id FROM section s JOIN act a ON a.id = s.act_id WHERE a.code='BNS' AND s.number='303(2)'")
        )
    server = start_server(url.render_as_string(hide_password=False), free_port())
    samples: list[dict[str, float]] = []
    stop = threading.Event()

    def sample() -> None:
        began = time.perf_counter()
        while not stop.wait(SAMPLE_EVERY):
            with engine.connect() as connection:
                queued = connection.scalar(sa.text("SELECT count(*) FROM person_match_queue")) or 0
            lags = backlog_seconds(engine)
            lag, outbox = lags["match_queue_lag_s"], lags["outbox_lag_s"]
            samples.append(
                {"at_s": time.perf_counter() - began, "queued": queued, "lag_s": lag, "outbox_lag_s": outbox}
            )
            print(
                f"  {samples[-1]['at_s']:5.0f} s: {queued:6,} queued, lag {lag:5.1f} s (outbox {outbox:5.1f} s)",
                flush=True,
            )

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        print(f"writing {args.rate:g} FIRs/s for {args.seconds:g} s beside cctns serve ...", flush=True)
        sampler.start()
        started = time.perf_counter()
        firs = register_at_rate(engine, station_ids, section_id, args.rate, args.seconds, args.threads)  # type: ignore[arg-type]
        took = time.perf_counter() - started
        stop.set()
        end = backlog_seconds(engine)
        with engine.connect() as connection:
            left = connection.scalar(sa.text("SELECT count(*) FROM person_match_queue")) or 0
            failed = connection.scalar(sa.text("SELECT count(*) FROM person_match_queue WHERE attempts > 0")) or 0
    finally:
        server.terminate()
        server.wait(timeout=30)
        engine.dispose()
        drop_database(args.database_url, args.database)
    results = {
        "rate_asked": args.rate,
        "firs": firs,
        "seconds": took,
        "firs_per_second": firs / took,
        "match_queue_lag_s_at_end": end["match_queue_lag_s"],
        "outbox_lag_s_at_end": end["outbox_lag_s"],
        "largest_lag_seen_s": max((s["lag_s"] for s in samples), default=0.0),
        "queued_at_end": left,
        "failed_rows": failed,
        "samples": samples,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print(
        f"\n{firs:,} FIRs in {took:.1f} s = {firs / took:.0f} FIRs/s ({3 * firs / took:.0f} people queued/s); "
        f"matching queue lag at the end {end['match_queue_lag_s']:.1f} s (largest seen "
        f"{results['largest_lag_seen_s']:.1f} s), {left:,} queued, {failed} failed; outbox lag "
        f"{end['outbox_lag_s']:.1f} s"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
