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
