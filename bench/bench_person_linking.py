"""Benchmark: link every person record of a generated database and measure the links against the generator's
ground truth (``person.synthetic_identity``), beside a baseline of exact normalised name + father's name.

    python bench/bench_person_linking.py [--firs 20000] [--seed 1] [--reuse] [--queue 500]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Steps: generate ``--firs`` FIRs (about 3.8 person records each) into a throwaway database
``cctns_bench_linking`` (``--reuse`` keeps an existing one), run the batch linker (``cctns persons link``) with
the thresholds from settings, then count pairs. Quality is pairwise over clusters: two records are "linked" when
the links join them (directly or through others), and a pair is right when both records stand for one
generated identity. Precision and recall are given for automatic links and for automatic plus review-queue links
(as if every proposal were confirmed), with the link rows written per person record. Then the people of the
newest ``--queue`` FIRs are matched again through the matching queue, as if their FIRs had just been registered
(their links and keys forgotten first), for the time per queued person and the link rows and review pairs each
one writes; and ``--namesakes`` copies each of three records (a name, father's name, age and station repeated, as
``bench_fir_api.py`` registers them) are queued, the case of a common name with hundreds of records. Prints a
table and writes ``bench/results/bench_person_linking.json``.
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

from bench.scratch_database import fresh_database, reused_database
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds
from people.linkage.queue import drain_match_queue
from people.names.forms import name_forms
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


def link_rows(connection: sa.Connection, people: list[int] | None = None) -> dict[str, int]:
    """Link rows by status (of these people's links, or of all)."""
    where = "" if people is None else "WHERE person_a_id = ANY(:ids) OR person_b_id = ANY(:ids)"
    query = sa.text(f"SELECT status, count(*) FROM person_link {where} GROUP BY status")
    rows = connection.execute(query, {"ids": people})
    return {status: count for status, count in rows}


def requeue_newest(engine: sa.Engine, thresholds: Thresholds, firs: int) -> dict[str, Any]:
    """Match the people of the newest FIRs again through the queue, as if just registered; time it."""
    with engine.begin() as connection:
        queued = connection.execute(
            sa.text(
                "SELECT DISTINCT person_id, fir_id FROM fir_party WHERE fir_id IN "
                "(SELECT id FROM fir ORDER BY id DESC LIMIT :n) ORDER BY person_id"
            ),
            {"n": firs},
        ).all()
        ids = sorted({row.person_id for row in queued})
        connection.execute(sa.text("DELETE FROM person_match_queue"))
        connection.execute(
            sa.text("DELETE FROM person_link WHERE person_a_id = ANY(:ids) OR person_b_id = ANY(:ids)"), {"ids": ids}
        )
        connection.execute(sa.text("DELETE FROM person_match_key WHERE person_id = ANY(:ids)"), {"ids": ids})
        connection.execute(
            sa.text("INSERT INTO person_match_queue (person_id, fir_id) VALUES (:p, :f)"),
            [{"p": row.person_id, "f": row.fir_id} for row in queued],
        )
    return _timed_drain(engine, thresholds, ids) | {"firs": firs}


def _columns(connection: sa.Connection, table: str, leave_out: set[str]) -> str:
    names = connection.scalars(
        sa.text("SELECT column_name FROM information_schema.columns WHERE table_name = :t ORDER BY ordinal_position"),
        {"t": table},
    )
    return ", ".join(name for name in names if name not in leave_out)


def queue_namesakes(engine: sa.Engine, thresholds: Thresholds, copies: int) -> dict[str, Any]:
    """Copy three records (with father's name and a home station, no mobile) ``copies`` times each, queue the
    copies and time matching them: every copy is the same person as hundreds of earlier ones."""
    with engine.begin() as connection:
        templates = connection.scalars(
            sa.text(
                "SELECT p.id FROM person p JOIN person_address a ON a.person_id = p.id "
                "WHERE p.relative_name IS NOT NULL AND a.police_station_id IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM person_mobile m WHERE m.person_id = p.id) "
                "AND (SELECT count(*) FROM person_address b WHERE b.person_id = p.id) = 1 ORDER BY p.id LIMIT 3"
            )
        ).all()
        person_columns = _columns(connection, "person", {"id"})
        address_columns = _columns(connection, "person_address", {"id", "person_id"})
        copied: list[int] = []
        for template in templates:
            ids = connection.scalars(
                sa.text(
                    f"INSERT INTO person ({person_columns}) SELECT {person_columns} FROM person, "
                    "generate_series(1, :n) WHERE id = :t RETURNING id"
                ),
                {"n": copies, "t": template},
            ).all()
            connection.execute(
                sa.text(
                    f"INSERT INTO person_address (person_id, {address_columns}) SELECT c.id, {address_columns} "
                    "FROM person_address, unnest(CAST(:ids AS bigint[])) AS c(id) WHERE person_id = :t"
                ),
                {"ids": ids, "t": template},
            )
            copied += ids
        copied.sort()
        connection.execute(sa.text("DELETE FROM person_match_queue"))
        connection.execute(
            sa.text("INSERT INTO person_match_queue (person_id) SELECT unnest(CAST(:ids AS bigint[])) ORDER BY 1"),
            {"ids": copied},
        )
    return _timed_drain(engine, thresholds, copied) | {"copies_of_each": copies}


def _timed_drain(engine: sa.Engine, thresholds: Thresholds, ids: list[int]) -> dict[str, Any]:
    started = time.perf_counter()
    matched = drain_match_queue(engine, thresholds)
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        rows = link_rows(connection, ids)
    return {
        "people": len(ids),
        "queue_rows": matched,
        "seconds": seconds,
        "ms_per_queued_person": 1000 * seconds / max(matched, 1),
        "link_rows": rows,
        "link_rows_per_person": sum(rows.values()) / max(len(ids), 1),
        "auto_per_person": rows.get("auto", 0) / max(len(ids), 1),
        "review_per_person": rows.get("review", 0) / max(len(ids), 1),
    }


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
    parser.add_argument("--queue", type=int, default=500, help="FIRs whose people are matched again through the queue")
    parser.add_argument("--namesakes", type=int, default=200, help="Copies of each of three records then queued")
    args = parser.parse_args()

    engine = None
    generated_seconds = None
    if args.reuse:
        engine = reused_database(args.database_url, args.database)
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
        batch_links = link_rows(connection)
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE person_match_key; ANALYZE person_link"))  # as autovacuum would
    queue = requeue_newest(engine, thresholds, args.queue) if args.queue else None
    namesakes = queue_namesakes(engine, thresholds, args.namesakes) if args.namesakes else None
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
        "link_rows": batch_links,
        "queue": queue,
        "namesakes": namesakes,
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
    print(
        f"link rows: {batch_links.get('auto', 0):,} automatic, {batch_links.get('review', 0):,} for review "
        f"({sum(batch_links.values()) / len(people):.3f} per person record)"
    )
    if queue is not None:
        print(
            f"queue: {queue['queue_rows']:,} queued people of the newest {queue['firs']:,} FIRs matched in "
            f"{queue['seconds']:.1f} s = {queue['ms_per_queued_person']:.1f} ms per queued person; per person "
            f"{queue['auto_per_person']:.2f} automatic links, {queue['review_per_person']:.2f} review pairs"
        )
    if namesakes is not None:
        print(
            f"namesakes: {namesakes['queue_rows']:,} queued copies of three records matched in "
            f"{namesakes['seconds']:.1f} s = {namesakes['ms_per_queued_person']:.1f} ms per queued person; per "
            f"person {namesakes['auto_per_person']:.2f} automatic links, {namesakes['review_per_person']:.2f} "
            "review pairs"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
