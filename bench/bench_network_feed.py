"""Benchmark: the feed's throughput from a state node to a real national node on loopback, against a plain bulk
INSERT of the same records into the national table.

    python bench/bench_network_feed.py [--firs 3000] [--batch 200] [--seed 7]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--prefix cctns_bench_feed]

1. Two throwaway databases (``<prefix>_state``, ``<prefix>_national``: dropped and created, migrated, reference data
   loaded); ``--firs`` sample FIRs generated into the state's; each node registered at the other.
2. The national node: a real ``cctns serve`` subprocess (``CCTNS_NETWORK_ROLE=national``) on a free loopback port.
3. The feed: every FIR queued (``cctns network feed backfill``'s function) and sent in this process by the real
   sender (``exchange.network.feed.drain_feed``: each FIR read through ``cases.reading``, the quality gate, the
   message stored, POSTed over HTTP, validated again and applied at the national node, the answer applied).
   Records/s = records the national node accepted / wall time. FIRs the gate holds back are counted apart. Where
   the time goes: the state preparing messages (reading the FIRs in batches, the gate, storing the message), the
   send (the national node validating and applying a message, and the way there and back), and the rest
   (applying the answers at the state); FIRs/s of the first (held ones included) and records/s of the second.
4. The floor: the national node's table emptied, and the same accepted records (as the national node stored them)
   INSERTed in one executemany; records/s of that. The ratio says what the feed costs over merely storing.

Prints a table and writes ``bench/results/bench_network_feed.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import drop_database, fresh_database
from exchange.network.client import PeerClient
from exchange.network.feed import backfill, drain_feed
from exchange.network.peers import add_peer
from records.audit import Actor
from records.database import sqlalchemy_url
from records.models import PeerRole
from sample_data import generate_into_database

RESULTS = Path(__file__).resolve().parent / "results" / "bench_network_feed.json"
STATE_KEY = "cctnsnode_bench-state-key-0123456789abcdef"
NATIONAL_KEY = "cctnsnode_bench-national-key-0123456789abcdef"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _national_node(database_url: str, folder: Path) -> Any:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CCTNS_")}
    env.update(
        CCTNS_DATABASE_URL=database_url,
        CCTNS_DATA_DIR=str(folder),
        CCTNS_BROKER_URL="",
        CCTNS_SEARCH_PRELOAD="false",
        CCTNS_NETWORK_ROLE="national",
        CCTNS_NETWORK_NODE_KEY=NATIONAL_KEY,
    )
    log = (folder / "serve.log").open("w")
    command = [sys.executable, "-c", "from cctns.cli import app; app()", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError((folder / "serve.log").read_text())
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def run(database_url: str, prefix: str, firs: int, batch: int, seed: int) -> dict[str, Any]:
    state_name, national_name = f"{prefix}_state", f"{prefix}_national"
    state = fresh_database(database_url, state_name)
    national = fresh_database(database_url, national_name)
    national_url = sqlalchemy_url(database_url).set(database=national_name).render_as_string(hide_password=False)
    try:
        started = time.perf_counter()
        generate_into_database(state, firs, seed)
        generated = time.perf_counter() - started
        actor = Actor(via="benchmark")
        with Session(national) as session, session.begin():
            add_peer(
                session,
                code="10",
                role=PeerRole.STATE,
                name="Bihar",
                base_url="http://unused:1",
                key=STATE_KEY,
                actor=actor,
            )
        with tempfile.TemporaryDirectory() as folder, _national_node(national_url, Path(folder)) as base:
            with Session(state) as session, session.begin():
                add_peer(
                    session,
                    code="00",
                    role=PeerRole.NATIONAL,
                    name="national node",
                    base_url=base,
                    key=NATIONAL_KEY,
                    actor=actor,
                )
                queued = backfill(session, "10")

            def client() -> PeerClient:
                return PeerClient("00", base, own_code="10", node_key=STATE_KEY, timeout=60)

            started = time.perf_counter()
            report = drain_feed(state, "10", client, batch)
            feed_seconds = time.perf_counter() - started
        with national.connect() as connection:
            rows = [
                dict(row._mapping)
                for row in connection.execute(sa.text("SELECT * FROM national_record WHERE state_code = '10'"))
            ]
            messages = connection.execute(sa.text("SELECT count(*) FROM network_received_message")).scalar_one()
        with national.begin() as connection:
            connection.execute(sa.text("DELETE FROM national_record"))
        insert = sa.text(
            "INSERT INTO national_record (state_code, record_id, kind, version, station_code, district_code, year, "
            "serial, registered_on, record, received_at, deleted) VALUES (:state_code, :record_id, :kind, :version, "
            ":station_code, :district_code, :year, :serial, :registered_on, CAST(:record AS jsonb), :received_at, "
            ":deleted)"
        )
        for row in rows:
            row["record"] = json.dumps(row["record"], ensure_ascii=False)
        started = time.perf_counter()
        with national.begin() as connection:
            connection.execute(insert, rows)
        insert_seconds = time.perf_counter() - started
    finally:
        state.dispose()
        national.dispose()
        drop_database(database_url, state_name)
        drop_database(database_url, national_name)
    feed_rate = report.accepted / feed_seconds if feed_seconds else 0.0
    insert_rate = len(rows) / insert_seconds if insert_seconds else 0.0
    return {
        "firs_generated": firs,
        "generate_seconds": round(generated, 2),
        "queued": queued,
        "batch": batch,
        "messages": messages,
        "accepted": report.accepted,
        "held_back_by_gate": report.held,
        "rejected": report.rejected,
        "feed_seconds": round(feed_seconds, 2),
        "of_which_state_prepare_seconds": round(report.prepare_seconds, 2),
        "of_which_national_send_seconds": round(report.send_seconds, 2),
        "of_which_acknowledge_and_rest_seconds": round(feed_seconds - report.prepare_seconds - report.send_seconds, 2),
        "state_prepare_records_per_second": round((report.prepared + report.held) / report.prepare_seconds, 1)
        if report.prepare_seconds
        else None,
        "national_send_records_per_second": round(report.prepared / report.send_seconds, 1)
        if report.send_seconds
        else None,
        "feed_records_per_second": round(feed_rate, 1),
        "bulk_insert_rows": len(rows),
        "bulk_insert_seconds": round(insert_seconds, 3),
        "bulk_insert_records_per_second": round(insert_rate, 1),
        "feed_over_insert_time_ratio": round((feed_seconds / len(rows)) / (insert_seconds / len(rows)), 1)
        if rows and insert_seconds
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firs", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--prefix", default="cctns_bench_feed")
    args = parser.parse_args()
    result = run(args.database_url, args.prefix, args.firs, args.batch, args.seed)
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    width = max(len(name) for name in result)
    for name, value in result.items():
        if name != "machine":
            print(f"{name:<{width}}  {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
