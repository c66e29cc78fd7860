"""Where a search's time goes: the phases of each query of bench_search.py, on an index it built.

    python bench/profile_search.py --database cctns_bench_search --index-dir DIR [--queries 100]

For the same sampled queries as ``bench_search.py`` (name, name + father, name + district, FIR number, mobile),
runs the search box's strict-first search on the embedded engine and adds up, per query: the wall time, the
CPU time of this process (what to compare on a shared, loaded machine), the strict search
and the broad retry (when it runs), and inside the engine query building, facets and counting, the page
(top hits and ties) and the documents (stored fields, highlights). Prints p50/p95 of each phase and the
slowest queries with their phases and match counts; writes ``bench/results/profile_search.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_search import BASELINE_SQL, engine_request, open_searchers, sample_queries
from indexes.embedded import TantivyEngine
from indexes.engine import SearchRequest, SearchResponse
from indexes.searchbox import search_strictly_first
from records.database import create_db_engine, sqlalchemy_url

RESULTS = Path(__file__).resolve().parent / "results" / "profile_search.json"


class CountingEngine:
    """Passes searches through, remembering each one's wall time and total."""

    def __init__(self, engine: TantivyEngine) -> None:
        self.engine = engine
        self.calls: list[tuple[float, int]] = []

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        response = self.engine.search(request)
        self.calls.append((time.perf_counter() - started, response.total))
        return response


def at(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else 0.0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="run every query this many times (warm)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    database = create_db_engine(sqlalchemy_url(args.database_url).set(database=args.database))
    queries = sample_queries(database, args.queries)
    engine = TantivyEngine(args.index_dir)
    engine.ensure_ready()
    open_searchers(engine)
    counting = CountingEngine(engine)
    report: dict[str, Any] = {}
    for kind in BASELINE_SQL:
        rows = []
        for query in (q for q in queries if kind != "mobile" or q["mobile"]):
            for _ in range(args.repeat):
                request = engine_request(kind, query, {})
                assert request is not None
                engine.phase_seconds = {}
                counting.calls = []
                started, cpu_started = time.perf_counter(), time.process_time()
                search_strictly_first(counting, request)  # type: ignore[arg-type]
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
                phases = dict(engine.phase_seconds)
                phases["strict"] = counting.calls[0][0]
                phases["broad"] = sum(seconds for seconds, _ in counting.calls[1:])
                rows.append(
                    {
                        "text": query["name"] if kind != "mobile" else query["mobile"],
                        "wall": wall,
                        "cpu": cpu,
                        "searches": len(counting.calls),
                        "totals": [total for _, total in counting.calls],
                        **phases,
                    }
                )
        engine.phase_seconds = None
        names = ("wall", "cpu", "strict", "broad", "query", "facets", "page", "documents")
        summary = {}
        for name in names:
            values = [row.get(name, 0.0) for row in rows]
            summary[name] = {
                "p50_ms": at(values, 0.5),
                "p95_ms": at(values, 0.95),
                "mean_ms": 1000 * sum(values) / len(values),
            }
        slowest = sorted(rows, key=lambda r: -r["wall"])[:5]
        report[kind] = {"summary": summary, "broad_share": sum(r["searches"] > 1 for r in rows) / len(rows)}
        print(f"\n{kind}: {len(rows)} searches, broad retry in {report[kind]['broad_share']:.0%}")
        print("  " + " ".join(f"{name:>18}" for name in names))
        for stat in ("p50_ms", "p95_ms", "mean_ms"):
            print("  " + " ".join(f"{summary[name][stat]:>15.1f}{stat[:3]:>3}" for name in names))
        for row in slowest:
            parts = " ".join(f"{name}={row.get(name, 0.0) * 1000:.1f}" for name in names)
            print(f"    slow: totals={row['totals']} {parts}")
        report[kind]["slowest"] = [{**row, "text": "(hidden)"} for row in slowest]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    engine.close()
    return report


if __name__ == "__main__":
    main()
