"""Bulk rejections under load, on a real Elasticsearch that rejects: a server of this test's own started with one
write thread and a write queue of one (`.ci/elasticsearch start` with CCTNS_ES_SETTINGS), several outbox relays
(as several servers run them) and a rebuild-like writer pushing bulk requests at it at once. Elasticsearch answers
429 (es_rejected_execution_exception) to some of them; the bulk helper retries those with backoff, a batch that
still fails stays in the outbox and its relay tries it again. Nothing is lost: the outbox empties and `index verify`
finds every document as PostgreSQL has it (issue 24)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from indexes.documents import build_fir_documents
from indexes.engine import SearchEngine
from indexes.schema import DocumentKind
from indexes.sync import outbox_lag
from indexes.verify import verify_index
from tests.support import elasticsearch_url_or_skip
from workers.relay import InProcessRelay

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "elasticsearch"
REJECTING = "-E thread_pool.write.size=1 -E thread_pool.write.queue_size=1"
UNAVAILABLE = 3
RELAYS = 4


@pytest.fixture(scope="module")
def rejecting_server() -> Iterator[str]:
    """A single-node Elasticsearch of its own that rejects writes beyond one running and one queued; stopped after."""
    elasticsearch_url_or_skip()  # the Elasticsearch tests run on this machine
    state = Path(f"/var/tmp/cctns-es-rejecting-{uuid.uuid4().hex[:8]}")  # the server's user must reach it
    environment = {
        **os.environ,
        "CCTNS_ES_HOME": str(state),
        "CCTNS_ES_SETTINGS": REJECTING,
        "CCTNS_ES_JAVA_OPTS": "-Xms256m -Xmx256m",
    }
    started = subprocess.run(
        [str(SCRIPT), "start"], env=environment, capture_output=True, text=True, timeout=300, check=False
    )
    if started.returncode == UNAVAILABLE:
        shutil.rmtree(state, ignore_errors=True)
        pytest.skip(f"no Elasticsearch: {started.stderr.strip().splitlines()[-1]}")
    try:
        assert started.returncode == 0, started.stderr
        yield started.stdout.strip()
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=environment, capture_output=True, timeout=120, check=False)
        shutil.rmtree(state, ignore_errors=True)


def _rejected(url: str) -> int:
    import httpx

    nodes = httpx.get(f"{url}/_nodes/stats/thread_pool", timeout=10).json()["nodes"]
    return sum(int(node["thread_pool"]["write"]["rejected"]) for node in nodes.values())


def _engine(url: str, prefix: str) -> SearchEngine:
    from indexes.elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(url, prefix=prefix, chunk_size=10)  # many small bulk requests


def test_bulk_rejections_under_load_lose_no_change(
    generated_database: sa.Engine, rejecting_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    from elasticsearch import Elasticsearch

    settings = Elasticsearch(rejecting_server).nodes.info(filter_path="nodes.*.settings.thread_pool").body
    (pools,) = [node["settings"]["thread_pool"]["write"] for node in settings["nodes"].values()]
    assert pools == {"size": "1", "queue_size": "1"}, "the server runs with one write thread and a queue of one"
    prefix = f"cctns-test-{uuid.uuid4().hex[:10]}"
    engines = [_engine(rejecting_server, prefix) for _ in range(RELAYS + 1)]
    engines[0].ensure_ready()
    with generated_database.begin() as connection:  # every record changed, as after an import
        connection.execute(sa.text("DELETE FROM outbox"))
        for kind in ("fir", "person"):
            connection.execute(sa.text(f"INSERT INTO outbox (entity_type, entity_id) SELECT '{kind}', id FROM {kind}"))
        fir_ids = list(connection.execute(sa.text("SELECT id FROM fir ORDER BY id")).scalars())
        firs = build_fir_documents(connection, fir_ids)
    rejected_before = _rejected(rejecting_server)

    stop_writing = threading.Event()

    def rewrite_firs() -> None:  # a second writer at once, as a rebuild beside the relays
        while not stop_writing.is_set():
            try:
                engines[-1].upsert(DocumentKind.FIR, firs)
            except Exception:  # rejected after its retries: this writer only makes load
                time.sleep(0.1)

    writer = threading.Thread(target=rewrite_firs, daemon=True)
    relays = [InProcessRelay(generated_database, engine, interval=0.2, batch_size=50) for engine in engines[:RELAYS]]
    try:
        writer.start()
        for relay in relays:
            relay.start()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with generated_database.connect() as connection:
                if outbox_lag(connection).pending == 0:
                    break
            time.sleep(0.5)
    finally:
        stop_writing.set()
        for relay in relays:
            relay.stop(60)
        writer.join(60)
    try:
        with generated_database.connect() as connection:
            lag = outbox_lag(connection)
            attempts = connection.scalar(sa.text("SELECT coalesce(max(attempts), 0) FROM outbox"))
        assert lag.pending == 0, f"{lag.pending} changes still in the outbox after 300 s (attempts {attempts})"
        rejected = _rejected(rejecting_server) - rejected_before
        assert rejected > 0, "the server rejected no write: the test did not load it enough"
        engines[0].commit()
        report = verify_index(generated_database, engines[0], repair=False)
        assert report.drift == 0, f"documents lost or stale after {rejected} rejections: {report}"
        failed_batches = [record for record in caplog.records if record.name == "workers.loop"]
        print(f"{rejected} writes rejected by Elasticsearch, {len(failed_batches)} relay batches retried")
        for record in failed_batches:  # a batch rejected past the client's retries, written again by its relay
            said = str(record.exc_info[1] if record.exc_info else record.getMessage())
            print(f"  {said}")
            assert "write queue was full" in said and "keeps such changes in the outbox" in said, said
            assert len(said) < 800, "a short sentence, not Elasticsearch's object dumps"
    finally:
        from indexes.elasticsearch import ElasticsearchEngine

        for engine in engines:
            engine.close()
        assert isinstance(engines[0], ElasticsearchEngine)
        engines[0].drop_all()
