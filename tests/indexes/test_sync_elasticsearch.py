"""The sync, rebuild and verify paths (indexes/sync.py, rebuild.py, verify.py) against a real Elasticsearch
(CCTNS_ELASTICSEARCH_URL), with the generated database's real documents, checked against the embedded engine fed the
same documents: full build, outbox relay, verify and repair, rebuild beside the live index with the alias switch, and
searches with facets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from indexes.documents import build_fir_documents, count_rows
from indexes.embedded import TantivyEngine
from indexes.engine import SearchEngine, SearchRequest, TermsClause, TextClause
from indexes.rebuild import index_everything, rebuild_index
from indexes.schema import DocumentKind
from indexes.sync import drain_outbox, outbox_lag
from indexes.verify import verify_index
from tests.indexes.test_sync import closed_port
from tests.support import fresh_search_engine

FIR, PERSON = DocumentKind.FIR, DocumentKind.PERSON


@pytest.fixture
def elasticsearch(tmp_path: Path) -> Iterator[SearchEngine]:
    with fresh_search_engine("elasticsearch", tmp_path) as engine:
        yield engine


def _ids(database: sa.Engine, sql: str) -> list[int]:
    with database.connect() as connection:
        return list(connection.execute(sa.text(sql)).scalars())


def _found(engine: SearchEngine, request: SearchRequest) -> tuple[int, list[str], dict[str, dict[str, int]]]:
    response = engine.search(request)
    return response.total, sorted(hit.id for hit in response.hits), response.facets


def test_a_full_build_writes_what_the_embedded_engine_holds_and_both_find_the_same(
    generated_database: sa.Engine, elasticsearch: SearchEngine, search_engine: TantivyEngine
) -> None:
    counts = index_everything(generated_database, elasticsearch, batch_size=100)
    index_everything(generated_database, search_engine, batch_size=100)
    with generated_database.connect() as connection:
        for kind in DocumentKind:
            assert counts[kind.value] == count_rows(connection, kind) == elasticsearch.count(kind)
            assert dict(elasticsearch.iter_checksums(kind)) == dict(search_engine.iter_checksums(kind))
    totals = {}
    for word in ("stolen", "mobile", "motorcycle", "chori", "मोबाइल", "थाना"):
        request = SearchRequest(
            FIR,
            must=(TextClause(word, ("facts", "names")),),
            limit=500,
            facets=("district_ids", "crime_heads", "sections"),
        )
        found = _found(elasticsearch, request)
        assert found == _found(search_engine, request), word
        totals[word] = found[0]
    assert sum(1 for total in totals.values() if total) >= 2, f"the words searched for match something: {totals}"
    every = SearchRequest(PERSON, limit=0, facets=("district_ids", "roles"))
    assert _found(elasticsearch, every) == _found(search_engine, every)


def test_the_relay_verify_and_repair_and_rebuild_work_on_the_server(
    generated_database: sa.Engine, elasticsearch: SearchEngine
) -> None:
    index_everything(generated_database, elasticsearch, batch_size=100)
    first, second = _ids(generated_database, "SELECT id FROM fir ORDER BY id LIMIT 2")
    elasticsearch.delete(FIR, [f"fir-{first}"])
    with generated_database.connect() as connection:
        (stale,) = build_fir_documents(connection, [second])
    stale["facts"], stale["checksum"] = "changed behind PostgreSQL's back", "0"
    orphan = {**stale, "id": "fir-999999999", "fir_id": 999999999}
    elasticsearch.upsert(FIR, [stale, orphan])
    elasticsearch.commit()
    report = verify_index(generated_database, elasticsearch, repair=False)
    assert (report.missing["fir"], report.stale["fir"], report.extra["fir"]) == (1, 1, 1)
    verify_index(generated_database, elasticsearch, repair=True)
    assert verify_index(generated_database, elasticsearch, repair=False).drift == 0

    elasticsearch.delete(FIR, [f"fir-{first}"])
    elasticsearch.commit()
    with generated_database.begin() as connection:  # as the triggers queue a change
        connection.execute(sa.text("INSERT INTO outbox (entity_type, entity_id) VALUES ('fir', :id)"), {"id": first})
    assert drain_outbox(generated_database, elasticsearch, batch_size=10).events == 1
    with generated_database.connect() as connection:
        assert outbox_lag(connection).pending == 0
    found = elasticsearch.search(SearchRequest(FIR, filters=(TermsClause("fir_id", (first,)),)))
    assert found.total == 1, "the relay wrote the FIR again and a search sees it at once"

    elasticsearch.upsert(FIR, [orphan])
    elasticsearch.commit()
    counts = rebuild_index(generated_database, elasticsearch, batch_size=100)
    with generated_database.connect() as connection:
        assert counts["fir"] == count_rows(connection, FIR) == elasticsearch.count(FIR), "the orphan went"


def test_a_server_gone_mid_sync_leaves_the_change_in_the_outbox_and_the_relay_retries(
    generated_database: sa.Engine, elasticsearch: SearchEngine
) -> None:
    from indexes.elasticsearch import ElasticsearchEngine, ElasticsearchUnreachable

    (fir_id,) = _ids(generated_database, "SELECT id FROM fir ORDER BY id DESC LIMIT 1")
    with generated_database.begin() as connection:
        connection.execute(sa.text("DELETE FROM outbox"))
        connection.execute(sa.text("INSERT INTO outbox (entity_type, entity_id) VALUES ('fir', :id)"), {"id": fir_id})
    prefix = elasticsearch.prefix  # type: ignore[attr-defined]
    gone = ElasticsearchEngine(f"http://127.0.0.1:{closed_port()}", prefix=prefix, request_timeout=2)
    try:
        with pytest.raises(ElasticsearchUnreachable, match="Cannot reach Elasticsearch"):
            drain_outbox(generated_database, gone)
    finally:
        gone.close()
    with generated_database.connect() as connection:
        assert outbox_lag(connection).pending == 1, "the change stays in the outbox"

    assert drain_outbox(generated_database, elasticsearch).events == 1, "the next run writes it"
    with generated_database.connect() as connection:
        assert outbox_lag(connection).pending == 0
    assert elasticsearch.search(SearchRequest(FIR, filters=(TermsClause("fir_id", (fir_id,)),))).total == 1
