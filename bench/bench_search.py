"""Benchmark: index millions of person and FIR documents into the embedded engine, Elasticsearch or both, and
search them, beside a plain PostgreSQL ``pg_trgm`` search of the same data in the same run.

    python bench/bench_search.py [--firs 1050000] [--queries 300] [--reuse]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--backend embedded|elasticsearch|both] [--elasticsearch-url URL (default: CCTNS_ELASTICSEARCH_URL)]
        [--link] [--crowded-names N [--crowd-sample N]]

With ``--backend both`` each engine indexes the same data one after the other, then every query runs on each
engine and once on ``pg_trgm``, in turn, so both engines see the same machine state. Elasticsearch indexes go
under a fresh ``cctns-bench-...`` prefix and are dropped at the end (``--keep-index`` keeps them).

1. Data: ``--firs`` synthetic FIRs (about 3.8 people each, so 1,050,000 FIRs make about 5 million documents)
   in database ``cctns_bench_search`` (``--reuse`` keeps one from an earlier run).
2. Indexing: every FIR and person document built from PostgreSQL and written to a fresh index
   (``index_everything``, what ``cctns index rebuild`` runs). Prints documents/s end to end and the engine's
   own share (time inside upsert and commit).
   Then each indexing step alone on a sample (``--cost-sample``): CPU per document for building, conversion and
   Tantivy's writing, and the documents/s the machine's cores allow at that cost.
3. Baseline indexes: ``pg_trgm`` GIN index on person names (timed), the obvious way to search names in
   plain PostgreSQL.
4. Queries, sampled from the data with a fixed seed, each run on both sides, latency p50/p95/p99:
   - name: a person's name as recorded (engine: the search box's person query; baseline:
     ``name % q ORDER BY similarity DESC LIMIT 20``);
   - name + father: the name with ``s/o`` the father's name (baseline: both trigram conditions);
   - filtered name: the name with a district filter (baseline: joined through the FIRs to the district);
   - FIR number: "Station Name 123/2019" (baseline: station name trigram + serial/year);
   - mobile: a mobile number in another form (baseline: equality on person_mobile.number).

   "Found": the sampled record on the first page of 20: the search page's 20 people cards for the engines (one
   card per linked person, see ``run_queries``), 20 records for ``pg_trgm`` ("person": a record linked to it).
   ``--link`` links the person records first, as an import does; ``--crowded-names 20`` samples only names
   shared by more than 20 records (the queries a name alone cannot answer on one page), and also counts, over
   every such crowd without sampling (a name, and a name in one district for the filtered query; ``--crowd-sample``
   draws that many crowds of each), the share of its records each side shows on the first page.

Prints a table and writes ``bench/results/bench_search.json``.
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
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import fresh_database
from indexes.document_builders import fewer_collections
from indexes.documents import build_documents, iter_all_ids
from indexes.embedded import TantivyEngine
from indexes.embedded.mapping import SCHEMAS, to_tantivy_document
from indexes.engine import Document, SearchEngine, SearchRequest, SearchResponse
from indexes.rebuild import index_everything
from indexes.schema import DocumentKind
from indexes.searchbox import Filters, fir_request, interpret, person_request, search_strictly_first
from people.linkage.batch import link_all
from people.linkage.linker import Thresholds, cluster_members
from records.access import Jurisdiction
from records.database import create_db_engine, sqlalchemy_url
from records.models import Role
from records.settings import get_settings
from sample_data import generate_into_database
from search_api.people_cards import people_cards

DATABASE = "cctns_bench_search"
BACKENDS = ("embedded", "elasticsearch")
RESULTS = Path(__file__).resolve().parent / "results" / "bench_search.json"


class TimedEngine:
    """Passes calls through to an engine, adding up the seconds spent in writes."""

    def __init__(self, engine: SearchEngine) -> None:
        self.engine, self.write_seconds, self.documents = engine, 0.0, 0

    def upsert(self, kind: DocumentKind, documents: Sequence[Document]) -> None:
        started = time.perf_counter()
        self.engine.upsert(kind, documents)
        self.write_seconds += time.perf_counter() - started
        self.documents += len(documents)

    def delete(self, kind: DocumentKind, ids: Sequence[str]) -> None:
        self.engine.delete(kind, ids)

    def commit(self) -> None:
        started = time.perf_counter()
        self.engine.commit()
        self.write_seconds += time.perf_counter() - started


def open_searchers(engine: SearchEngine) -> None:
    """Open both kinds' searchers before timing, and wait for the embedded index to be read into memory when it
    is."""
    for kind in DocumentKind:
        engine.search(SearchRequest(kind, limit=1))
    if isinstance(engine, TantivyEngine):
        engine.wait_for_preload()


def open_engine(backend: str, args: argparse.Namespace) -> tuple[SearchEngine, Path | None]:
    """A ready engine: embedded in ``--index-dir`` (or a temp dir), or Elasticsearch at ``--elasticsearch-url``
    under a prefix of its own (``--elasticsearch-prefix``, default a fresh one)."""
    if backend == "embedded":
        index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="cctns-bench-search-"))
        engine: SearchEngine = TantivyEngine(index_dir, preload=not args.no_preload)
    else:
        if not args.elasticsearch_url:
            raise SystemExit("--backend elasticsearch needs --elasticsearch-url or CCTNS_ELASTICSEARCH_URL")
        from indexes.elasticsearch import ElasticsearchEngine

        prefix = args.elasticsearch_prefix or f"cctns-bench-{uuid.uuid4().hex[:8]}"
        engine, index_dir = ElasticsearchEngine(args.elasticsearch_url, prefix=prefix, request_timeout=120), None
    engine.ensure_ready()
    return engine, index_dir


def index_into(
    database: sa.Engine, engine: SearchEngine, backend: str, index_dir: Path | None, args: argparse.Namespace
) -> dict[str, Any]:
    """Index every document into ``engine`` (what ``cctns index rebuild`` runs) unless ``--skip-indexing``."""
    timed_engine = TimedEngine(engine)
    last_print = [0.0]

    def progress(kind: DocumentKind, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last_print[0] > 2 or done == total:
            last_print[0] = now
            print(f"\r  {backend}: indexing {kind.value}: {done:,}/{total:,}", end="", flush=True)

    if args.skip_indexing:  # query an index an earlier run built
        counts = {kind.value: engine.count(kind) for kind in DocumentKind}
        index_seconds = float("nan")
    else:
        index_seconds, counts = timed(lambda: index_everything(database, timed_engine, 5000, progress, args.workers))  # type: ignore[arg-type]
    print()
    documents = sum(counts.values())
    if not args.skip_indexing:
        print(
            f"  {backend}: indexed {documents:,} documents in {index_seconds:,.0f} s "
            f"(engine writes {timed_engine.write_seconds:,.0f} s)"
        )
    write_seconds = timed_engine.write_seconds
    return {
        "documents": documents,
        "preloaded": bool(getattr(engine, "preload", False)),
        "indexing": {
            "workers": args.workers,
            "seconds": index_seconds,
            "documents_per_second_end_to_end": documents / index_seconds,
            "engine_write_seconds": write_seconds,
            "engine_documents_per_second": documents / write_seconds if write_seconds else float("nan"),
            # issue 20's target: end to end at least 0.75x the engine alone (the share of the time in the engine)
            "end_to_end_over_engine": write_seconds / index_seconds,
            "index_bytes": sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) if index_dir else None,
        },
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "mean_ms": statistics.fmean(ordered) * 1000}


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def prepare_data(server_url: str, firs: int, reuse: bool, name: str = DATABASE) -> sa.Engine:
    url = sqlalchemy_url(server_url).set(database=name)
    if reuse:
        engine = create_db_engine(url)
        try:
            with engine.connect() as connection:
                have = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
            if have:
                print(f"reusing {name}: {have:,} FIRs")
                return engine
        except sa.exc.SQLAlchemyError:
            pass
        engine.dispose()
    engine = fresh_database(server_url, name)
    started = time.perf_counter()

    def tick(done: int, total: int) -> None:
        print(f"\r  generating {done:,}/{total:,} FIRs", end="", flush=True)

    generate_into_database(engine, firs=firs, seed=1, progress=tick)
    print(f"\n  generated in {time.perf_counter() - started:.0f} s")
    return engine


def indexing_cost(database: sa.Engine, sample: int) -> dict[str, Any]:
    """CPU per document of each indexing step on its own, on a sample (about 1 FIR to 4 people as the data):
    building in one process (PostgreSQL reads and Python), the conversion to Tantivy documents, and Tantivy's
    writing (its threads included), plus the documents/s this machine's cores could reach at that cost. This is
    the ceiling of the design on this machine, whatever the number of building processes."""
    documents: dict[DocumentKind, list[Document]] = {}
    built_cpu = time.process_time()
    with fewer_collections(), database.connect() as connection:
        for kind, share in ((DocumentKind.FIR, 0.2), (DocumentKind.PERSON, 0.8)):
            documents[kind] = []
            for ids in iter_all_ids(connection, kind, 2000):
                documents[kind] += build_documents(connection, kind, ids)
                if len(documents[kind]) >= sample * share:
                    break
        built_cpu = time.process_time() - built_cpu
        count = sum(map(len, documents.values()))
        converted_cpu = time.process_time()
        for kind, built in documents.items():
            for document in built:
                to_tantivy_document(SCHEMAS[kind], document)
        converted_cpu = time.process_time() - converted_cpu
        with tempfile.TemporaryDirectory(prefix="cctns-bench-cost-") as directory:
            scratch = TantivyEngine(Path(directory))
            scratch.ensure_ready()
            written_cpu, written_wall = time.process_time(), time.perf_counter()
            for kind, built in documents.items():
                scratch.upsert(kind, built)
            scratch.commit()
            written_cpu, written_wall = time.process_time() - written_cpu, time.perf_counter() - written_wall
            scratch.close()
    cost = {
        "build_us": built_cpu / count * 1e6,
        "convert_us": converted_cpu / count * 1e6,
        "tantivy_us": max(written_cpu - converted_cpu, 0.0) / count * 1e6,  # upsert converts again
    }
    total_us = sum(cost.values())
    cores = os.cpu_count() or 1
    return {
        "sample_documents": count,
        "cpu_us_per_document": cost,
        "cpu_us_per_document_total": total_us,
        "cores": cores,
        "ceiling_documents_per_second": cores * 1e6 / total_us,
        "engine_alone_documents_per_second": count / written_wall,
    }


def print_indexing_cost(cost: dict[str, Any]) -> None:
    per = cost["cpu_us_per_document"]
    print(
        f"CPU per document, each step alone on {cost['sample_documents']:,} documents: building "
        f"{per['build_us']:.0f} us (PostgreSQL reads and Python, one process), conversion {per['convert_us']:.0f} us, "
        f"Tantivy writing {per['tantivy_us']:.0f} us; {cost['cpu_us_per_document_total']:.0f} us in all, so "
        f"{cost['cores']} cores reach at most {cost['ceiling_documents_per_second']:,.0f} docs/s "
        f"(Tantivy alone, given built documents: {cost['engine_alone_documents_per_second']:,.0f} docs/s)"
    )


def build_trigram_indexes(engine: sa.Engine) -> float:
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        started = time.perf_counter()
        connection.execute(
            sa.text("CREATE INDEX IF NOT EXISTS bench_person_name_trgm ON person USING gin (name gin_trgm_ops)")
        )
        connection.execute(
            sa.text(
                "CREATE INDEX IF NOT EXISTS bench_person_relative_trgm ON person USING gin (relative_name gin_trgm_ops)"
            )
        )
        connection.execute(
            sa.text(
                "CREATE INDEX IF NOT EXISTS bench_station_name_trgm ON police_station USING gin (name_en gin_trgm_ops)"
            )
        )
        seconds = time.perf_counter() - started
    with engine.begin() as connection:
        connection.execute(sa.text("ANALYZE person"))
    return seconds


def sample_queries(engine: sa.Engine, count: int, crowded: int = 0) -> list[dict[str, Any]]:
    """People with a FIR, a father's name and (for some) a mobile, chosen with a fixed seed; with ``crowded``,
    only people whose name (exactly as recorded) more than ``crowded`` person records share."""
    with engine.connect() as connection:
        rng = random.Random(5)
        if crowded:
            among = (
                connection.execute(
                    sa.text(
                        """SELECT p.id FROM person p JOIN (SELECT name FROM person GROUP BY name
                       HAVING count(*) > :crowded) c ON c.name = p.name ORDER BY p.id"""
                    ),
                    {"crowded": crowded},
                )
                .scalars()
                .all()
            )
            if not among:
                raise SystemExit(f"no name is shared by more than {crowded} person records at this size")
            ids = rng.sample(among, min(len(among), count * 4))
        else:
            max_id = connection.execute(sa.text("SELECT max(id) FROM person")).scalar_one()
            ids = rng.sample(range(1, max_id + 1), min(max_id, count * 4))
        rows = connection.execute(
            sa.text(
                """SELECT DISTINCT ON (p.id) p.id, p.name, p.relative_name, m.number AS mobile, s.district_id,
                          d.code AS district_code, s.name_en AS station, f.serial, f.year, f.station_id
                   FROM person p JOIN fir_party fp ON fp.person_id = p.id JOIN fir f ON f.id = fp.fir_id
                   JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id
                   LEFT JOIN person_mobile m ON m.person_id = p.id
                   WHERE p.id = ANY(:ids) AND p.relative_name IS NOT NULL ORDER BY p.id"""
            ),
            {"ids": ids},
        ).all()
    # In the sample's random order, not by id: the lowest ids are the oldest records, and pg_trgm returns equal
    # similarities in the table's (id) order, so keeping the lowest ids favoured it over any ranking of namesakes.
    chosen = [row._asdict() for row in rows]
    rng.shuffle(chosen)
    return chosen[:count]


BASELINE_SQL = {
    "name": "SELECT id FROM person WHERE name % :name ORDER BY similarity(name, :name) DESC LIMIT 20",
    "name + father": """SELECT id FROM person WHERE name % :name AND relative_name % :relative_name
                        ORDER BY similarity(name, :name) + similarity(relative_name, :relative_name) DESC
                        LIMIT 20""",
    "filtered name": """SELECT p.id FROM person p WHERE p.name % :name AND EXISTS (
                          SELECT 1 FROM fir_party fp JOIN fir f ON f.id = fp.fir_id
                          JOIN police_station s ON s.id = f.station_id
                          WHERE fp.person_id = p.id AND s.district_id = :district_id)
                        ORDER BY similarity(p.name, :name) DESC LIMIT 20""",
    "FIR number": """SELECT f.id FROM fir f JOIN police_station s ON s.id = f.station_id
                     WHERE f.serial = :serial AND f.year = :year AND s.name_en % :station LIMIT 20""",
    "mobile": """SELECT p.id FROM person p JOIN person_mobile m ON m.person_id = p.id
                 WHERE m.number = :mobile LIMIT 20""",
}


def engine_request(kind: str, query: dict[str, Any], district_ids: dict[str, int]) -> SearchRequest | None:
    if kind == "name":
        return person_request(interpret(query["name"]), Filters())
    if kind == "name + father":
        return person_request(interpret(f"{query['name']} s/o {query['relative_name']}"), Filters())
    if kind == "filtered name":
        return person_request(interpret(query["name"]), Filters(district_ids=(query["district_id"],)))
    if kind == "FIR number":
        return fir_request(interpret(f"{query['station']} {query['serial']}/{query['year']}"), Filters())
    mobile = query["mobile"]
    return person_request(interpret(f"+91 {mobile[:5]} {mobile[5:]}"), Filters())


def run_queries(database: sa.Engine, engines: dict[str, SearchEngine], queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Each query on every engine and once on the pg_trgm baseline, one after the other (same cache state).

    "Found" is what an investigator sees on the first page of 20. For the engines that is the search page's 20
    people cards (``search_api.people_cards``: one card per linked person, all of that person's records on it),
    found when the sampled record is on one; without links every record is its own card. For pg_trgm, which
    knows no people, its 20 records: ``found_share`` when the sampled record is among them, ``found_share_person``
    when any record linked to it is."""
    results: dict[str, Any] = {}
    everyone = Jurisdiction(Role.HQ)
    for kind, sql in BASELINE_SQL.items():
        usable = [q for q in queries if kind != "mobile" or q["mobile"]]
        engine_times: dict[str, list[float]] = {name: [] for name in engines}
        engine_found = dict.fromkeys(engines, 0)
        baseline_times, baseline_found, baseline_person = [], 0, 0
        with database.connect() as connection, Session(database) as session:
            connection.execute(sa.text("SET pg_trgm.similarity_threshold = 0.3"))
            for query in usable:
                request = engine_request(kind, query, {})
                linked = cluster_members(session, [query["id"]])[query["id"]] if kind != "FIR number" else set()
                for name, engine in engines.items():
                    seconds, response = timed(lambda e=engine, r=request: _search(e, r))
                    engine_times[name].append(seconds)
                    if kind == "FIR number":
                        engine_found[name] += _fir_found(query, response)
                    else:
                        _, cards = people_cards(session, everyone, lambda r, e=engine: _search(e, r), request, 10_000)
                        engine_found[name] += any(
                            query["id"] == card.hit.document.get("person_id") or query["id"] in card.linked
                            for card in cards
                        )
                seconds, rows = timed(lambda q=query, s=sql: connection.execute(sa.text(s), q).scalars().all())
                baseline_times.append(seconds)
                baseline_found += (query["id"] in rows) if kind != "FIR number" else bool(rows)
                baseline_person += bool(linked & set(rows)) if kind != "FIR number" else bool(rows)
        results[kind] = {
            "queries": len(usable),
            "engines": {
                name: {**percentiles(engine_times[name]), "found_share": engine_found[name] / max(1, len(usable))}
                for name in engines
            },
            "pg_trgm": {
                **percentiles(baseline_times),
                "found_share": baseline_found / max(1, len(usable)),
                "found_share_person": baseline_person / max(1, len(usable)),
            },
        }
    return results


CROWDS = {  # each name query's crowds: a name (and district) more than N person records share, and their records
    "name": (
        "SELECT name FROM person GROUP BY name HAVING count(*) > :crowded",
        """SELECT p.id FROM person p WHERE p.name = :name AND p.relative_name IS NOT NULL
           AND EXISTS (SELECT 1 FROM fir_party fp WHERE fp.person_id = p.id)""",
    ),
    "filtered name": (
        """SELECT p.name, s.district_id FROM person p JOIN fir_party fp ON fp.person_id = p.id
           JOIN fir f ON f.id = fp.fir_id JOIN police_station s ON s.id = f.station_id
           GROUP BY p.name, s.district_id HAVING count(DISTINCT p.id) > :crowded""",
        """SELECT p.id FROM person p WHERE p.name = :name AND p.relative_name IS NOT NULL
           AND EXISTS (SELECT 1 FROM fir_party fp JOIN fir f ON f.id = fp.fir_id
                       JOIN police_station s ON s.id = f.station_id
                       WHERE fp.person_id = p.id AND s.district_id = :district_id)""",
    ),
}


def crowd_coverage(
    database: sa.Engine, engines: dict[str, SearchEngine], crowded: int, most: int = 0
) -> dict[str, Any]:
    """For each name query kind, over every crowd (a name, with the filter's district, that more than
    ``crowded`` records share) with no sampling: of the records the query samples there, the share each side
    shows on its first page (the engines' 20 cards; ``pg_trgm``'s 20 records, and as ``pg_trgm_person`` any
    record linked to it among them, as the sampled comparison counts). A sample of a few hundred such queries is
    noisy (a crowd of K gives each side about 20 in K); this is the figure the sample estimates. With ``most``,
    at most that many crowds of each kind, drawn with a fixed seed (300,000 FIRs have 16,612 name crowds of 20, and
    ``pg_trgm`` takes about half a second a query there): every record of a drawn crowd still counts."""
    everyone = Jurisdiction(Role.HQ)
    coverage: dict[str, Any] = {}
    with database.connect() as connection, Session(database) as session:
        connection.execute(sa.text("SET pg_trgm.similarity_threshold = 0.3"))
        for kind, (crowds_sql, sampled_sql) in CROWDS.items():
            shown = dict.fromkeys([*engines, "pg_trgm", "pg_trgm_person"], 0)
            total = crowds = 0
            every_crowd = connection.execute(sa.text(crowds_sql), {"crowded": crowded}).mappings().all()
            drawn = random.Random(7).sample(every_crowd, most) if 0 < most < len(every_crowd) else every_crowd
            for crowd in drawn:
                query = dict(crowd)
                wanted = set(connection.execute(sa.text(sampled_sql), query).scalars())
                total, crowds = total + len(wanted), crowds + 1
                request = engine_request(kind, query, {})
                for label, engine in engines.items():
                    _, cards = people_cards(session, everyone, lambda r, e=engine: _search(e, r), request, 10_000)
                    on_page = {int(str(card.hit.document["person_id"])) for card in cards}
                    shown[label] += len(wanted & on_page.union(*(card.linked for card in cards)))
                rows = set(connection.execute(sa.text(BASELINE_SQL[kind]), query).scalars())
                shown["pg_trgm"] += len(wanted & rows)
                members = cluster_members(session, list(wanted))
                shown["pg_trgm_person"] += sum(1 for record in wanted if members[record] & rows)
            coverage[kind] = {
                "crowds": crowds,
                "records": total,
                **{label: count / max(1, total) for label, count in shown.items()},
            }
    return coverage


def _search(engine: SearchEngine, request: SearchRequest | None) -> SearchResponse:
    assert request is not None
    return search_strictly_first(engine, request)  # as the search box does


def _fir_found(query: dict[str, Any], response: SearchResponse) -> bool:
    return any(
        json.loads(str(hit.document["summary"]))["number"] == f"{query['serial']}/{query['year']}"
        for hit in response.hits
    )


def link_people(database: sa.Engine) -> dict[str, Any]:
    """Link the person records as ``cctns persons link`` does (what an import or the demo runs), unless they are:
    the search page shows one card per linked person."""
    with database.connect() as connection:
        links = connection.execute(sa.text("SELECT count(*) FROM person_link")).scalar_one()
    if links:
        print(f"person records already linked ({links:,} links)")
        return {"links": links, "seconds": None}
    seconds, report = timed(lambda: link_all(database, Thresholds.from_settings(get_settings()), resume=False))
    print(f"linked person records in {seconds:.0f} s: {report.auto_links:,} automatic links")
    return {"links": report.auto_links, "seconds": seconds}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--firs", type=int, default=1_050_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run if it has FIRs")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument(
        "--backend",
        choices=(*BACKENDS, "both"),
        default="embedded",
        help="the engine(s) to index into and search; both: each indexes the same data, then each query runs on both",
    )
    parser.add_argument(
        "--elasticsearch-url",
        default=os.environ.get("CCTNS_ELASTICSEARCH_URL"),
        help="the Elasticsearch server for --backend elasticsearch/both (default: CCTNS_ELASTICSEARCH_URL)",
    )
    parser.add_argument(
        "--elasticsearch-prefix",
        default=None,
        help="index name prefix on Elasticsearch (default: a fresh cctns-bench-...; give one with --skip-indexing)",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="leave the Elasticsearch indexes there after the run (to --skip-indexing)",
    )
    parser.add_argument(
        "--index-dir", type=Path, default=None, help="where to build the embedded index (default: a temp dir)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--database", default=DATABASE, help="name of the scratch database")
    parser.add_argument("--skip-indexing", action="store_true", help="only query the index already in --index-dir")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes building documents (as index rebuild)"
    )
    parser.add_argument(
        "--cost-sample",
        type=int,
        default=100_000,
        help="documents on which each indexing step's CPU is measured alone (0: skip)",
    )
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="time searches on an index not read into memory first (first reads come from the disk)",
    )
    parser.add_argument(
        "--link",
        action="store_true",
        help="link the person records first (cctns persons link), so that the search page's one card per linked "
        "person is what is counted",
    )
    parser.add_argument(
        "--crowded-names",
        type=int,
        default=0,
        metavar="N",
        help="sample only people whose name as recorded more than N person records share (20: crowds larger than "
        "a first page, which a name alone cannot single out)",
    )
    parser.add_argument(
        "--crowd-sample",
        type=int,
        default=0,
        metavar="N",
        help="with --crowded-names, count at most N crowds of each query kind (drawn with a fixed seed; 0: all)",
    )
    args = parser.parse_args(argv)

    database = prepare_data(args.database_url, args.firs, args.reuse, args.database)
    with database.connect() as connection:
        firs = connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
        people = connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
    print(f"data: {firs:,} FIRs, {people:,} people = {firs + people:,} documents")

    linking = link_people(database) if args.link else None
    engines: dict[str, SearchEngine] = {}
    measured: dict[str, dict[str, Any]] = {}
    try:
        for backend in BACKENDS if args.backend == "both" else (args.backend,):
            engine, index_dir = open_engine(backend, args)
            engines[backend] = engine
            measured[backend] = index_into(database, engine, backend, index_dir, args)
        cost = indexing_cost(database, args.cost_sample) if args.cost_sample else None
        trigram_seconds = build_trigram_indexes(database)
        queries = sample_queries(database, args.queries, args.crowded_names)
        for backend, engine in engines.items():
            preload_seconds, _ = timed(lambda e=engine: open_searchers(e))
            measured[backend]["preload_seconds"] = preload_seconds
            if measured[backend]["preloaded"]:
                print(f"{backend} index read into memory in {preload_seconds:.0f} s (as the service does)")
        latencies = run_queries(database, engines, queries)
        coverage = (
            crowd_coverage(database, engines, args.crowded_names, args.crowd_sample) if args.crowded_names else None
        )
    finally:
        for backend, engine in engines.items():
            engine.close()
            if backend == "elasticsearch" and not args.keep_index:
                engine.drop_all()  # type: ignore[attr-defined]

    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "documents": {"fir": firs, "person": people, "total": firs + people},
        "engines": measured,
        "indexing_cost": cost,
        "pg_trgm_index_seconds": trigram_seconds,
        "linking": linking,
        "crowded_names": args.crowded_names,
        "crowd_coverage": coverage,
        "queries": latencies,
    }
    print()
    for backend, engine_result in measured.items():
        indexing, documents = engine_result["indexing"], engine_result["documents"]
        if args.skip_indexing:
            print(f"{backend}: queried the index already there ({documents:,} documents; indexing not run this time)")
        else:
            print(
                f"{backend}: indexed {documents:,} documents in {indexing['seconds']:,.0f} s with {args.workers} "
                f"building processes: {indexing['documents_per_second_end_to_end']:,.0f} docs/s end to end "
                f"(PostgreSQL reads, document building, engine); the engine alone "
                f"{indexing['engine_documents_per_second']:,.0f} docs/s ({indexing['end_to_end_over_engine']:.2f}x)"
            )
    if cost:
        print_indexing_cost(cost)
    print(f"pg_trgm indexes built in {trigram_seconds:,.0f} s\n")
    columns = ("query", "n", "engine", "p50", "p95", "p99", "found", "pg_trgm p50", "p95", "p99", "found", "person",
               "p95 ratio")  # fmt: skip
    widths = (15, 5, 13, 8, 8, 8, 6, 12, 9, 9, 6, 6, 10)
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for kind, row in latencies.items():
        b = row["pg_trgm"]
        for backend, e in row["engines"].items():
            e["p95_speedup"] = b["p95_ms"] / max(e["p95_ms"], 1e-9)
            cells = (
                kind,
                row["queries"],
                backend,
                *(f"{e[k]:.1f}ms" for k in ("p50_ms", "p95_ms", "p99_ms")),
                f"{e['found_share']:.2f}",
                *(f"{b[k]:.1f}ms" for k in ("p50_ms", "p95_ms", "p99_ms")),
                f"{b['found_share']:.2f}",
                f"{b['found_share_person']:.2f}",
                f"{e['p95_speedup']:.1f}x",
            )
            print(" ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    for kind, row in (coverage or {}).items():
        sides = ", ".join(f"{label} {share:.3f}" for label, share in row.items() if label not in ("crowds", "records"))
        print(
            f"{kind}: {row['crowds']:,} crowds of more than {args.crowded_names} records, every record counted: of "
            f"their {row['records']:,} records a query samples, on the first page: {sides}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.out}")
    return result


if __name__ == "__main__":
    main()
