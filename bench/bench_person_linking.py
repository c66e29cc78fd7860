"""Benchmark: link every person record of a generated database and measure the links against the generator's
ground truth (``person.synthetic_identity``), beside a baseline of exact normalised name + father's name.

    python bench/bench_person_linking.py [--firs 20000] [--seed 1] [--reuse]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps: generate ``--firs`` FIRs (about 3.8 person records each) into a throwaway database
``cctns_bench_linking`` (``--reuse`` keeps an existing one), run the batch linker (``cctns persons link``) with
the thresholds from settings, then count pairs. Quality is pairwise over clusters: two records are "linked" when
the links join them (directly or through others), and a pair is right when both records stand for one
generated identity. Precision and recall are given for automatic links and for automatic plus review-queue links
(as if every proposal were confirmed). Prints a table and writes ``bench/results/bench_person_linking.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import fresh_database
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from people.names.forms import name_forms
from records.database import create_db_engine, sqlalchemy_url
from records.migrate import upgrade_schema
from records.settings import get_settings
from sample_data import generate_into_database

DATABASE = "cctns_bench_linking"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_person_linking.json"


def pairs(n: int) -> int:
    return n * (n - 1) // 2


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def quality(truth: dict[int, int], clusters: dict[int, int]) -> dict[str, float | int]:
    """Pairwise precision and recall of a clustering (person id -> cluster id; absent = alone)."""
    true_pairs = sum(pairs(n) for n in Counter(truth.values()).values())
    cluster_sizes = Counter(clusters.values())
    predicted = sum(pairs(n) for n in cluster_sizes.values())
    both = Counter((cluster, truth[person]) for person, cluster in clusters.items())
    correct = sum(pairs(n) for n in both.values())
    return {
        "predicted_pairs": predicted,
        "correct_pairs": correct,
        "true_pairs": true_pairs,
        "precision": correct / predicted if predicted else 1.0,
        "recall": correct / true_pairs if true_pairs else 1.0,
    }


def link_clusters(connection: sa.Connection, statuses: tuple[str, ...]) -> dict[int, int]:
    found = UnionFind()
    rows = connection.execute(
        sa.text("SELECT person_a_id, person_b_id FROM person_link WHERE status = ANY(:s)"), {"s": list(statuses)}
    )
    for a, b in rows:
        found.union(a, b)
    return {person: found.find(person) for person in list(found.parent)} | {
        root: root for root in set(found.parent.values())
    }


def baseline_clusters(rows: list[Any]) -> dict[int, int]:
    """Exact match of the normalised name and father's/husband's name (records without one stay alone)."""
    groups: dict[tuple[str, str], int] = {}
    clusters = {}
    for person_id, name, relative in rows:
        if not relative:
            continue
        key = (name_forms(name).latin, name_forms(relative).latin)
        clusters[person_id] = groups.setdefault(key, person_id)
    return clusters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it already holds the people")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()

    engine = None
    generated_seconds = None
    if args.reuse:
        engine = create_db_engine(sqlalchemy_url(args.database_url).set(database=args.database))
        try:
            upgrade_schema(engine)
            with engine.connect() as connection:
                if not connection.scalar(sa.text("SELECT count(*) FROM person")):
                    engine = None
        except sa.exc.OperationalError:
            engine = None
    if engine is None:
        engine = fresh_database(args.database_url, args.database)
        print(f"Generating {args.firs:,} FIRs into {args.database} ...", flush=True)
        started = time.perf_counter()
        generate_into_database(engine, args.firs, args.seed)
        generated_seconds = time.perf_counter() - started
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE"))
        people = connection.execute(sa.text("SELECT id, synthetic_identity, name, relative_name FROM person")).all()
    truth = {row.id: row.synthetic_identity for row in people}
    print(f"{len(people):,} person records; linking ...", flush=True)

    settings = get_settings()
    thresholds = Thresholds.from_settings(settings)
    last_print = [0.0]

    def show(report: Any) -> None:
        now = time.perf_counter()
        if now - last_print[0] > 10 or report.finished:
            last_print[0] = now
            print(
                f"  {report.processed:,}/{report.total_people:,} people, {report.pairs_scored:,} pairs scored",
                flush=True,
            )

    started = time.perf_counter()
    report = link_all(engine, thresholds, progress=show)
    link_seconds = time.perf_counter() - started

    started = time.perf_counter()
    baseline = baseline_clusters([(row.id, row.name, row.relative_name) for row in people])
    baseline_seconds = time.perf_counter() - started
    with engine.connect() as connection:
        auto = quality(truth, link_clusters(connection, ("auto",)))
        with_review = quality(truth, link_clusters(connection, ("auto", "review")))
    base = quality(truth, baseline)
    rate = len(people) / link_seconds
    results = {
        "firs": args.firs,
        "person_records": len(people),
        "thresholds": {"auto": thresholds.auto, "review": thresholds.review},
        "generate_seconds": generated_seconds,
        "link_seconds": link_seconds,
        "records_per_second": rate,
        "pairs_scored": report.pairs_scored,
        "estimated_seconds_for_1m_records": 1_000_000 / rate,
        "baseline_seconds": baseline_seconds,
        "auto": auto,
        "auto_plus_review": with_review,
        "baseline_exact_name_and_father": base,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    print()
    print(f"{'method':<38} {'precision':>9} {'recall':>7} {'pairs found':>12} {'true pairs':>11}")
    for label, figures in (
        ("automatic links", auto),
        ("automatic + review queue", with_review),
        ("baseline: exact name + father's name", base),
    ):
        print(
            f"{label:<38} {figures['precision']:>9.4f} {figures['recall']:>7.4f} "
            f"{figures['predicted_pairs']:>12,} {figures['true_pairs']:>11,}"
        )
    print()
    print(
        f"linking: {len(people):,} records in {link_seconds:.1f} s = {rate:,.0f} records/s "
        f"({report.pairs_scored:,} candidate pairs scored); at this rate 1,000,000 records take "
        f"{1_000_000 / rate / 60:.1f} min"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
