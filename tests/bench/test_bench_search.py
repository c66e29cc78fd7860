"""bench_search on both engines in one run: each indexes the same data, each query runs on each, and the
Elasticsearch indexes it made are gone after."""

from __future__ import annotations

import os
from pathlib import Path

from elasticsearch import Elasticsearch

from bench import bench_search
from bench.scratch_database import drop_database
from tests.support import elasticsearch_url_or_skip, scratch_name, server_url_of


def test_both_backends_index_the_same_documents_and_answer_every_query(database_url: str, tmp_path: Path) -> None:
    url = elasticsearch_url_or_skip()
    name = scratch_name(database_url, "bench_search")
    prefix = f"cctns-bench-test-{os.getpid()}"
    server = server_url_of(database_url)
    try:
        result = bench_search.main(
            [
                *("--backend", "both", "--firs", "40", "--queries", "5", "--workers", "1", "--cost-sample", "0"),
                *("--database-url", server, "--database", name, "--elasticsearch-url", url),
                *("--elasticsearch-prefix", prefix, "--out", str(tmp_path / "result.json")),
            ]
        )
    finally:
        drop_database(server, name)
    engines = result["engines"]
    assert set(engines) == {"embedded", "elasticsearch"}
    assert engines["embedded"]["documents"] == engines["elasticsearch"]["documents"] == result["documents"]["total"]
    for row in result["queries"].values():
        assert set(row["engines"]) == {"embedded", "elasticsearch"}
        if row["queries"]:  # each engine finds the sampled record for some queries at least
            assert row["engines"]["elasticsearch"]["found_share"] > 0
            assert row["engines"]["embedded"]["found_share"] > 0
    with Elasticsearch(url) as client:
        assert not client.indices.get(index=f"{prefix}-*", allow_no_indices=True)


def test_crowded_names_with_links_count_cards_and_every_crowd(database_url: str, tmp_path: Path) -> None:
    """--link links the generated records, --crowded-names samples only names more than N records share and
    counts, over all of them, the share of their records each side shows on the first page (issue 23 item 10)."""
    name = scratch_name(database_url, "bench_crowds")
    server = server_url_of(database_url)
    try:
        result = bench_search.main(
            [
                *("--firs", "600", "--queries", "10", "--workers", "1", "--cost-sample", "0", "--link"),
                *("--crowded-names", "3", "--database-url", server, "--database", name),
                *("--index-dir", str(tmp_path / "index"), "--out", str(tmp_path / "result.json")),
            ]
        )
    finally:
        drop_database(server, name)
    assert result["linking"]["links"] > 0
    for kind, coverage in result["crowd_coverage"].items():  # a name alone, and a name in one district
        assert coverage["crowds"] > 0 and coverage["records"] >= coverage["crowds"], kind
        assert 0 < coverage["embedded"] <= 1 and 0 < coverage["pg_trgm"] <= coverage["pg_trgm_person"] <= 1, kind
    name_row = result["queries"]["name"]
    assert name_row["queries"] == 10
    assert name_row["pg_trgm"]["found_share_person"] >= name_row["pg_trgm"]["found_share"]
