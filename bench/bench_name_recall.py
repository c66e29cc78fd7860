"""Benchmark: find people across scripts. Names recorded in Devanagari searched by their Latin spelling, and the
other way round, on real name pairs; recall at 1 and at 10, beside plain PostgreSQL ``pg_trgm``.

    python bench/bench_name_recall.py [--limit 0] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
        [--backend embedded|elasticsearch|both]   (elasticsearch: the server at CCTNS_ELASTICSEARCH_URL)

Data (read from ``../shared/data``, never copied):
- ``names_hi_en_indicate/affidavits.csv``: election candidates' names written in both scripts (people);
- ``names_hi_en_indicate/players_with_hindi_names.json``: cricketers' names in both scripts (people);
- ``translit_dakshina_hi/*.tsv``: Hindi words and how people type them in Latin (single words, noisier). Both
  splits are indexed, only the test split's words are searched: the spelling-variant rules of
  :mod:`people.names` were developed on the dev split's misses.

For each data set and direction, every record is indexed under its name in one script (with the father's
name where the source gives it) into the real embedded engine, and searched with its name in the other
script through the search box's name query (:func:`people.names.name_terms`). A search succeeds at k when
one of the first k results carries the same indexed name as the record sought (records with identical names
cannot be told apart by name alone).

Baselines on the same records, in the same run: ``pg_trgm`` similarity over the names as written (what
plain PostgreSQL does), and ``pg_trgm`` over our Latin transliteration (the best a trigram search can do
with our transliteration but without our keys).

Prints a table and writes ``bench/results/bench_name_recall.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scratch_database import drop_database
from indexes.embedded import TantivyEngine
from indexes.engine import NameClause, SearchEngine, SearchRequest
from indexes.schema import DocumentKind
from indexes.searchbox import search_strictly_first
from people.names.forms import name_forms
from people.names.indexed import index_name_fields
from people.names.terms import NameTerm, name_terms
from records.database import create_db_engine, sqlalchemy_url

# ../shared/data beside the checkout, or one level further up for a git worktree under wt/
DATA = next(
    (up / "shared" / "data" for up in Path(__file__).resolve().parents[2:4] if (up / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
RESULTS = Path(__file__).resolve().parent / "results" / "bench_name_recall.json"
DATABASE = "cctns_bench_names"


@dataclass(frozen=True)
class Pair:
    latin: str
    devanagari: str
    latin_relative: str = ""
    devanagari_relative: str = ""


def load_affidavits() -> list[Pair]:
    pairs = []
    with (DATA / "names_hi_en_indicate" / "affidavits.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            latin, deva = (row["name_english"] or "").strip(), (row["name_hindi"] or "").strip()
            if latin and deva:
                pairs.append(
                    Pair(
                        latin,
                        deva,
                        (row["fathers_or_husbands_name_english"] or "").strip(),
                        (row["fathers_or_husbands_name_hindi"] or "").strip(),
                    )
                )
    return pairs


def load_players() -> list[Pair]:
    players = json.loads((DATA / "names_hi_en_indicate" / "players_with_hindi_names.json").read_text(encoding="utf-8"))
    return [
        Pair(player["english_name"].strip(), player["hindi_name"].strip())
        for player in players
        if player.get("english_name") and player.get("hindi_name")
    ]


DAKSHINA_SPLITS = {"dev": "hi.translit.sampled.dev.tsv", "test": "hi.translit.sampled.test.tsv"}


def load_dakshina(searched_split: str = "test") -> tuple[list[Pair], int]:
    """Both splits' pairs, the searched split last, and where it starts. The test split is what we report; the
    dev split is searched while developing spelling rules (``--dakshina-split dev``)."""
    pairs: list[Pair] = []
    searched_from = 0
    other = next(split for split in DAKSHINA_SPLITS if split != searched_split)
    for name in (DAKSHINA_SPLITS[other], DAKSHINA_SPLITS[searched_split]):
        searched_from = len(pairs)
        with (DATA / "translit_dakshina_hi" / name).open(encoding="utf-8") as file:
            for line in file:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[0] and parts[1]:
                    pairs.append(Pair(parts[1], parts[0]))
    return pairs, searched_from


def indexed_name(pair: Pair, script: str) -> str:
    return pair.devanagari if script == "deva" else pair.latin


BACKENDS = {"embedded": "ours (embedded engine)", "elasticsearch": "ours (elasticsearch)"}


def open_engine(backend: str) -> tuple[SearchEngine, Callable[[], None]]:
    """A fresh, empty engine of ``backend`` and what removes it afterwards."""
    if backend == "embedded":
        folder = Path(tempfile.mkdtemp(prefix="cctns-recall-"))
        embedded = TantivyEngine(folder)
        embedded.ensure_ready()

        def remove_embedded() -> None:
            embedded.close()
            shutil.rmtree(folder, ignore_errors=True)

        return embedded, remove_embedded
    from indexes.elasticsearch import ElasticsearchEngine

    url = os.environ.get("CCTNS_ELASTICSEARCH_URL")
    if not url:
        raise SystemExit("--backend elasticsearch needs CCTNS_ELASTICSEARCH_URL (e.g. from .ci/elasticsearch start)")
    served = ElasticsearchEngine(url, prefix=f"cctns-recall-{uuid.uuid4().hex[:8]}")
    served.ensure_ready()

    def remove_served() -> None:
        served.close()
        served.drop_all()

    return served, remove_served


def run_engine(
    pairs: list[Pair],
    indexed_script: str,
    searched_pairs: range,
    misses: list[dict[str, Any]] | None = None,
    backend: str = "embedded",
) -> dict[str, float]:
    """Index every pair under its name in ``indexed_script``; search each with its name in the other script.
    Searches not found in the first 10 are appended to ``misses`` (query, record sought, what came first)."""
    engine, remove = open_engine(backend)
    documents = []
    indexed_values = 0
    for number, pair in enumerate(pairs):
        name = indexed_name(pair, indexed_script)
        relative = pair.devanagari_relative if indexed_script == "deva" else pair.latin_relative
        fields = index_name_fields([name], [relative] if relative else [])
        indexed_values += sum(len(values) for field, values in fields.items() if field != "names")
        documents.append({"id": f"person-{number}", "kind": "person", "checksum": "-", "person_id": number, **fields})
    engine.upsert(DocumentKind.PERSON, documents)
    engine.commit()
    names = [indexed_name(pair, indexed_script) for pair in pairs]
    at1 = at10 = searched = query_terms = 0
    seconds: list[float] = []
    for number in searched_pairs:
        pair = pairs[number]
        query = pair.latin if indexed_script == "deva" else pair.devanagari
        terms = name_terms(query)
        searched += 1
        query_terms += sum(_term_queries(term) for term in terms)
        if not terms:
            continue
        started = time.perf_counter()
        request = SearchRequest(DocumentKind.PERSON, must=(NameClause(terms),), limit=10)
        response = search_strictly_first(engine, request)  # as the search box does
        seconds.append(time.perf_counter() - started)
        found = [names[int(hit.id.split("-")[1])] for hit in response.hits]
        target = names[number]
        at1 += bool(found) and found[0] == target
        at10 += target in found
        if misses is not None and target not in found:
            misses.append({"query": query, "sought": target, "found": found[:3]})
    remove()
    seconds.sort()
    return {
        "queries": searched,
        "recall_at_1": at1 / searched,
        "recall_at_10": at10 / searched,
        "p50_ms": seconds[len(seconds) // 2] * 1000 if seconds else 0.0,
        "indexed_name_values_per_record": indexed_values / len(pairs),
        "term_queries_per_search": query_terms / searched,
    }


def _term_queries(term: NameTerm) -> int:
    """Term queries one queried name part makes in a strict search: exact key, initial, phonetic, loose, variants,
    fine keys (the broad search adds a fuzzy one and the recorded initials)."""
    return 2 + bool(term.phonetic) + bool(term.loose) + len(term.variants) + len(term.fine_keys)


def run_trigram(
    database: sa.Engine, pairs: list[Pair], indexed_script: str, searched_pairs: range, transliterate: bool
) -> dict[str, float]:
    """pg_trgm similarity search of the same records: over names as written, or over our Latin forms."""

    def form(text: str) -> str:
        return name_forms(text).latin if transliterate else text

    names = [indexed_name(pair, indexed_script) for pair in pairs]
    with database.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS bench_names"))
        connection.execute(sa.text("CREATE TABLE bench_names (id int PRIMARY KEY, name text)"))
        connection.execute(
            sa.text("INSERT INTO bench_names VALUES (:id, :name)"),
            [{"id": number, "name": form(name)} for number, name in enumerate(names)],
        )
        connection.execute(sa.text("CREATE INDEX ON bench_names USING gin (name gin_trgm_ops)"))
        connection.execute(sa.text("ANALYZE bench_names"))
    at1 = at10 = 0
    seconds: list[float] = []
    with database.connect() as connection:
        for number in searched_pairs:
            pair = pairs[number]
            query = form(pair.latin if indexed_script == "deva" else pair.devanagari)
            started = time.perf_counter()
            ids = (
                connection.execute(
                    sa.text(
                        "SELECT id FROM bench_names WHERE name % :q ORDER BY similarity(name, :q) DESC, id LIMIT 10"
                    ),
                    {"q": query},
                )
                .scalars()
                .all()
            )
            seconds.append(time.perf_counter() - started)
            found = [names[i] for i in ids]
            at1 += bool(found) and found[0] == names[number]
            at10 += names[number] in found
    seconds.sort()
    return {
        "queries": len(searched_pairs),
        "recall_at_1": at1 / len(searched_pairs),
        "recall_at_10": at10 / len(searched_pairs),
        "p50_ms": seconds[len(seconds) // 2] * 1000,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N pairs of each data set (and split) (0: all)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CCTNS_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--database-name", default=DATABASE, help="scratch database for the pg_trgm baselines")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--misses", type=Path, help="write every search ours missed at 10 (JSON, per data set and direction)"
    )
    parser.add_argument(
        "--dakshina-split",
        choices=sorted(DAKSHINA_SPLITS),
        default="test",
        help="the Dakshina split searched: test (reported) or dev (for developing spelling rules)",
    )
    parser.add_argument(
        "--only", choices=("affidavits", "cricketers", "dakshina"), action="append", help="only these data sets"
    )
    parser.add_argument("--no-trigram", action="store_true", help="skip the pg_trgm baselines (quicker)")
    parser.add_argument(
        "--backend",
        choices=(*BACKENDS, "both"),
        default="embedded",
        help="the engine(s) searched; elasticsearch is the server at CCTNS_ELASTICSEARCH_URL",
    )
    args = parser.parse_args(argv)
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]

    server = sqlalchemy_url(args.database_url).set(database="postgres")
    drop_database(server.render_as_string(hide_password=False), args.database_name)
    admin = create_db_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{args.database_name}"'))
    admin.dispose()
    database = create_db_engine(server.set(database=args.database_name))
    with database.begin() as connection:
        connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))

    loaders = {  # every pair is indexed; those from the given position on are searched
        "affidavits": ("affidavits (people)", lambda: (load_affidavits(), 0)),
        "cricketers": ("cricketers (people)", lambda: (load_players(), 0)),
        "dakshina": (f"dakshina {args.dakshina_split} (words)", lambda: load_dakshina(args.dakshina_split)),
    }
    datasets = {label: load() for key, (label, load) in loaders.items() if not args.only or key in args.only}
    skipped = {"queries": 0, "recall_at_1": float("nan"), "recall_at_10": float("nan"), "p50_ms": float("nan")}
    rows: list[dict[str, Any]] = []
    missed: dict[str, list[dict[str, Any]]] = {}
    for dataset, (pairs, searched_from) in datasets.items():
        if args.limit:  # the first N of the pairs only indexed and of those searched
            pairs = pairs[:searched_from][: args.limit] + pairs[searched_from:][: args.limit]
            searched_from = min(searched_from, args.limit)
        searched = range(searched_from, len(pairs))
        for indexed_script, direction in (
            ("deva", "Latin query -> Devanagari record"),
            ("latn", "Devanagari query -> Latin record"),
        ):
            print(f"  {dataset}: {direction} ({len(pairs):,} records, {len(searched):,} searched)", flush=True)
            rows.append(
                {
                    "dataset": dataset,
                    "direction": direction,
                    "records": len(pairs),
                    "searched": len(searched),
                    **{
                        BACKENDS[backend]: run_engine(
                            pairs,
                            indexed_script,
                            searched,
                            missed.setdefault(f"{dataset}: {direction}", []) if backend == backends[0] else None,
                            backend,
                        )
                        for backend in backends
                    },
                    "pg_trgm on names as written": skipped
                    if args.no_trigram
                    else run_trigram(database, pairs, indexed_script, searched, False),
                    "pg_trgm on our transliteration": skipped
                    if args.no_trigram
                    else run_trigram(database, pairs, indexed_script, searched, True),
                }
            )
    database.dispose()
    drop_database(server.render_as_string(hide_password=False), args.database_name)

    methods = (
        *(BACKENDS[backend] for backend in backends),
        "pg_trgm on names as written",
        "pg_trgm on our transliteration",
    )
    print()
    print(f"{'data set':<22} {'direction':<34} {'searched':>8} | " + " | ".join(f"{m[:30]:>30}" for m in methods))
    print(f"{'':<22} {'':<34} {'':>8} | " + " | ".join(f"{'R@1':>9} {'R@10':>9} {'p50':>9}" for _ in methods))
    for row in rows:
        cells = " | ".join(
            f"{row[m]['recall_at_1']:>9.3f} {row[m]['recall_at_10']:>9.3f} {row[m]['p50_ms']:>7.1f}ms" for m in methods
        )
        print(f"{row['dataset']:<22} {row['direction']:<34} {row['searched']:>8,} | {cells}")
    result = {"rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print("our name fields: indexed values per record (keys, phonetic, loose; with the relative's) and term queries")
    print("per strict search:")
    for row in rows:
        ours = row[BACKENDS[backends[0]]]
        print(
            f"  {row['dataset']:<22} {row['direction']:<34} {ours['indexed_name_values_per_record']:>6.1f} values,"
            f" {ours['term_queries_per_search']:>5.1f} term queries"
        )
    print(f"results: {args.out}")
    if args.misses:
        args.misses.write_text(json.dumps(missed, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"misses: {args.misses}")
    return result


if __name__ == "__main__":
    main()
