"""Benchmark: federated search over three nodes on loopback (Bihar, Uttar Pradesh, the national node: real
``cctns serve`` processes, ``tests/network/nodes.py``), beside the same search run in-process on the national
node's database.

    python bench/bench_federated_search.py [--firs 2000] [--queries 200] [--opens 50] [--seed 7]
        [--database-url postgresql://postgres@127.0.0.1:5432/i25search_bench]

Steps: generate ``--firs`` FIRs (the sample generator, a Bihar database ``<db>_source``), build each one's exchange
record (``exchange.records``, protected people withheld) and store them in the national node's copy as the feed's
intake does (``national_record``: its trigger queues each for the search index); the first national search
indexes them (timed: records indexed per second). Then ``--queries`` person searches from Uttar Pradesh
(``POST /api/v1/network/search``: UP -> national node -> answer, audited on both), each a named party of a random
record asked in Latin letters (the record mostly writes Devanagari) with the relative's name half the time; and
``--opens`` hits opened (``POST /api/v1/network/records/fetch``: UP -> national -> Bihar's node, whose database
does not hold the generated FIRs, so Bihar answers 404 after its own lookup and audit: the full path). The
baseline is ``exchange.search.national.search_held`` on the national database for the same queries, in this
process. The remote runs go twice: through the harness's links (a TCP forwarder in this process, there to cut lines) and
with the peers pointed at each other's ports directly. Prints a table and writes
``bench/results/bench_federated_search.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import drop_database, fresh_database
from exchange.records import build_fir_record
from exchange.search.catch_up import index_pending
from exchange.search.national import search_held
from exchange.search.request import read_query
from exchange.validation import fir_problems
from people.names.forms import name_forms
from records.database import sqlalchemy_url
from records.models import Fir, NationalRecord
from sample_data import generate_into_database
from tests.network.nodes import start_network
from tests.support import server_url_of

RESULTS = Path(__file__).resolve().parent / "results" / "bench_federated_search.json"
PURPOSE = {"purpose": "investigation", "reason": "benchmark of federated search p95", "case_reference": "BENCH 1/2026"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(values, 0.50) * 1000, 1),
        "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
    }


def build_records(database_url: str, firs: int, seed: int) -> tuple[list[dict[str, Any]], int]:
    """``firs`` generated FIRs as exchange record entries (those the schema refuses are counted and left out)."""
    name = f"{sqlalchemy_url(database_url).database}_source"
    engine = fresh_database(server_url_of(database_url), name)
    try:
        generate_into_database(engine, firs=firs, seed=seed, parallel=False)
        entries: list[dict[str, Any]] = []
        refused = 0
        with Session(engine) as session:
            for fir_id in session.scalars(sa.select(Fir.id).order_by(Fir.id)):
                record = build_fir_record(session, fir_id)
                if fir_problems(record.body):
                    refused += 1
                    continue
                entries.append(record.entry("add"))
        return entries, refused
    finally:
        engine.dispose()
        drop_database(server_url_of(database_url), name)


def store_nationally(engine: sa.Engine, entries: list[dict[str, Any]]) -> None:
    """The records into the national copy, as the feed's intake stores them."""
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for entry in entries:
            fir = entry["fir"]
            session.add(
                NationalRecord(
                    state_code=fir["state"],
                    record_id=entry["fir_key"],
                    kind="fir",
                    version=entry["version"],
                    station_code=fir["station"],
                    district_code=fir["district"],
                    year=fir["year"],
                    serial=fir["serial"],
                    registered_on=date.fromisoformat(fir["registered_at"][:10]),
                    record=fir,
                    received_at=now,
                )
            )


def queries(entries: list[dict[str, Any]], count: int, seed: int) -> list[dict[str, Any]]:
    """Person searches in Latin letters for named parties of random records, half with the relative's name."""
    chooser = random.Random(seed)
    named = [p for e in entries for p in e["fir"]["parties"] if "name" in p and name_forms(p["name"]["text"]).keys]
    asked = []
    for party in chooser.sample(named, min(count, len(named))):
        query = {"kind": "person", "name": name_forms(party["name"]["text"]).latin}
        relative = party.get("relative", {}).get("name")
        if relative and chooser.random() < 0.5 and name_forms(relative).keys:
            query["relative"] = name_forms(relative).latin
        asked.append(query)
    return asked


def run_remote(network: Any, asked: list[dict[str, Any]], opens: int) -> dict[str, Any]:
    """The searches from Uttar Pradesh's node, then ``opens`` of their first hits opened from Bihar's."""
    up = network.up
    client = httpx.Client(base_url=up.base_url, headers=up.headers("station"), timeout=60)
    searches: list[float] = []
    hit_counts: list[int] = []
    opened: list[str] = []
    for query in asked:
        began = time.perf_counter()
        answer = client.post("/api/v1/network/search", json={**PURPOSE, **query})
        searches.append(time.perf_counter() - began)
        answer.raise_for_status()
        hits = answer.json()["hits"]
        hit_counts.append(len(hits))
        opened += [hit["fir_key"] for hit in hits[:1] if not hit["contact_the_station"]]
    fetches: list[float] = []
    for fir_key in opened[:opens]:
        began = time.perf_counter()
        answer = client.post("/api/v1/network/records/fetch", json={**PURPOSE, "fir_key": fir_key})
        fetches.append(time.perf_counter() - began)
        assert answer.status_code in (200, 404), answer.text
    client.close()
    return {"searches": searches, "hit_counts": hit_counts, "fetches": fetches}


def point_peers_directly(network: Any) -> None:
    """UP's national node and the national node's Bihar at their own ports, not through the harness's links (a
    small TCP forwarder in this process, there to cut lines, which costs its own latency)."""
    for caller, callee in (("09", "00"), ("00", "10")):
        with network.nodes[caller].engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE network_peer SET base_url = :url WHERE code = :code"),
                {"url": network.nodes[callee].base_url, "code": callee},
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--opens", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/i25search_bench"),
    )
    args = parser.parse_args()

    started = time.perf_counter()
    entries, refused = build_records(args.database_url, args.firs, args.seed)
    built_s = time.perf_counter() - started
    asked = queries(entries, args.queries, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        network = start_network(args.database_url, Path(folder), heartbeat_seconds=300)
        try:
            store_nationally(network.national.engine, entries)
            with Session(network.national.engine) as session:
                started = time.perf_counter()
                indexed = index_pending(session, limit=len(entries) + 10)
                session.commit()
                index_s = time.perf_counter() - started

            runs = {"through_links": run_remote(network, asked, args.opens)}
            point_peers_directly(network)
            runs["direct"] = run_remote(network, asked, args.opens)

            local: list[float] = []
            with Session(network.national.engine) as session:
                for query in asked:
                    parsed = read_query(query)
                    began = time.perf_counter()
                    search_held(session, parsed)
                    local.append(time.perf_counter() - began)
        finally:
            network.close()

    direct, linked = runs["direct"], runs["through_links"]
    found = sum(1 for n in direct["hit_counts"] if n > 0)
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "records": {"generated": args.firs, "held_nationally": len(entries), "refused_by_schema": refused},
        "build_records_s": round(built_s, 1),
        "index": {"records": indexed, "seconds": round(index_s, 2), "records_per_s": round(indexed / index_s, 1)},
        "queries": len(asked),
        "queries_with_hits": found,
        "hits_per_query_mean": round(statistics.fmean(direct["hit_counts"]), 1),
        "federated_search_direct": summary(direct["searches"]),
        "federated_search_through_harness_links": summary(linked["searches"]),
        "local_search_on_national_database": summary(local),
        "ratio_p95_federated_direct_to_local": round(percentile(direct["searches"], 0.95) / percentile(local, 0.95), 1),
        "open_hit_direct": summary(direct["fetches"]) | {"count": len(direct["fetches"])},
        "open_hit_through_harness_links": summary(linked["fetches"]) | {"count": len(linked["fetches"])},
    }
    print(f"records held nationally: {len(entries)} ({refused} refused by the schema); indexed {indexed} in "
          f"{index_s:.2f} s ({result['index']['records_per_s']} records/s)")  # fmt: skip
    print(f"{'':48} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for label, key in (
        ("federated search, UP -> national (direct)", "federated_search_direct"),
        ("federated search, through the harness links", "federated_search_through_harness_links"),
        ("same search, local on the national database", "local_search_on_national_database"),
        ("open a hit, UP -> national -> Bihar (direct)", "open_hit_direct"),
        ("open a hit, through the harness links", "open_hit_through_harness_links"),
    ):
        row = result[key]
        print(f"{label:48} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} {row['mean_ms']:>8}")
    ratio = result["ratio_p95_federated_direct_to_local"]
    print(f"queries with a hit: {found}/{len(asked)}; p95 federated (direct) / local: {ratio}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
