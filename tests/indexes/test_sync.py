"""Documents built from PostgreSQL, the outbox relay, rebuild beside the live index, and verify with repair;
against a committed generated database and the real embedded engine."""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cctns.cli import app
from indexes.document_builders import FEWER_COLLECTIONS, fewer_collections
from indexes.documents import build_fir_documents, build_person_documents, count_rows
from indexes.embedded import TantivyEngine
from indexes.engine import SearchRequest, TermsClause
from indexes.rebuild import index_everything, rebuild_index
from indexes.schema import DocumentKind
from indexes.sync import drain_outbox, outbox_lag
from indexes.verify import verify_index


def _ids(engine: sa.Engine, sql: str) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(sql)).scalars())


def test_fir_document_holds_what_investigators_search(generated_database: sa.Engine) -> None:
    (fir_id,) = _ids(
        generated_database,
        "SELECT f.id FROM fir f WHERE EXISTS (SELECT 1 FROM fir_party p WHERE p.fir_id = f.id AND p.role = 'accused') "
        "ORDER BY f.id LIMIT 1",
    )
    with generated_database.connect() as connection:
        (document,) = build_fir_documents(connection, [fir_id])
        fir = connection.execute(
            sa.text("SELECT serial, year, station_id FROM fir WHERE id = :id"), {"id": fir_id}
        ).one()
        parties = connection.execute(
            sa.text("SELECT name_as_given, role FROM fir_party WHERE fir_id = :id"), {"id": fir_id}
        ).all()
    assert document["id"] == f"fir-{fir_id}" and document["fir_number"] == f"{fir.serial}/{fir.year}"
    assert document["station_ids"] == [fir.station_id]
    assert all(party.name_as_given in document["names"] for party in parties)
    assert "accused" in document["roles"] and document["name_keys"] and document["name_phonetic"]
    assert document["sections"] and all(" " in section for section in document["sections"])
    summary = json.loads(document["summary"])
    assert summary["number"] == document["fir_number"] and len(summary["parties"]) == len(parties)
    again = build_fir_documents(generated_database.connect(), [fir_id])[0]
    assert again["checksum"] == document["checksum"], "the same rows must give the same checksum"


def test_person_document_lists_every_fir_with_role_station_and_district(generated_database: sa.Engine) -> None:
    (person_id,) = _ids(
        generated_database, "SELECT person_id FROM fir_party GROUP BY person_id HAVING count(*) > 1 LIMIT 1"
    )
    with generated_database.connect() as connection:
        (document,) = build_person_documents(connection, [person_id])
        firs = set(
            connection.execute(
                sa.text("SELECT fir_id FROM fir_party WHERE person_id = :id"), {"id": person_id}
            ).scalars()
        )
    assert set(document["fir_ids"]) == firs
    summary = json.loads(document["summary"])
    assert {row["fir_id"] for row in summary["firs"]} == firs
    assert all(row["station"] and row["district"] and row["role"] for row in summary["firs"])


def test_index_everything_writes_one_document_per_record(
    generated_database: sa.Engine, search_engine: TantivyEngine
) -> None:
    counts = index_everything(generated_database, search_engine, batch_size=100)
    with generated_database.connect() as connection:
        for kind in DocumentKind:
            assert counts[kind.value] == count_rows(connection, kind) == search_engine.count(kind) > 0, kind


@pytest.mark.slow
def test_worker_processes_build_the_same_documents(
    generated_database: sa.Engine, search_engine: TantivyEngine, tmp_path: Path
) -> None:
    index_everything(generated_database, search_engine, batch_size=100)
    in_parallel = TantivyEngine(tmp_path / "parallel")
    in_parallel.ensure_ready()
    try:
        counts = index_everything(generated_database, in_parallel, batch_size=100, workers=2)
        for kind in DocumentKind:
            assert counts[kind.value] == search_engine.count(kind)
            assert dict(in_parallel.iter_checksums(kind)) == dict(search_engine.iter_checksums(kind))
    finally:
        in_parallel.close()


def _queue(connection: sa.Connection, kind: str, ids: list[int]) -> None:
    """Outbox rows for these records, as the triggers write them for a change."""
    connection.execute(
        sa.text("INSERT INTO outbox (entity_type, entity_id) SELECT :kind, unnest(CAST(:ids AS bigint[]))"),
        {"kind": kind, "ids": ids},
    )


def test_drain_outbox_indexes_changes_deletes_what_is_gone_and_empties_the_outbox(
    generated_database: sa.Engine, search_engine: TantivyEngine
) -> None:
    fir_ids = _ids(generated_database, "SELECT id FROM fir ORDER BY id LIMIT 5")
    with generated_database.begin() as connection:
        person_id = connection.execute(  # queued by the database's trigger
            sa.text("INSERT INTO person (name, name_script) VALUES ('Outbox Test Person', 'latin') RETURNING id")
        ).scalar_one()
        _queue(connection, "fir", fir_ids)
    try:
        with generated_database.connect() as connection:
            assert outbox_lag(connection).pending == 6
        report = drain_outbox(generated_database, search_engine, batch_size=2)
        assert report.events == 6 and report.batches == 3
        with generated_database.connect() as connection:
            assert outbox_lag(connection).pending == 0
        found = search_engine.search(SearchRequest(DocumentKind.FIR, filters=(TermsClause("fir_id", tuple(fir_ids)),)))
        assert found.total == 5
        # The FIRs' people were refreshed too.
        assert search_engine.count(DocumentKind.PERSON) > 1
        assert (
            search_engine.search(
                SearchRequest(DocumentKind.PERSON, filters=(TermsClause("person_id", (person_id,)),))
            ).total
            == 1
        )
    finally:
        with generated_database.begin() as connection:
            connection.execute(sa.text("DELETE FROM person WHERE id = :id"), {"id": person_id})  # queued by the trigger
    assert drain_outbox(generated_database, search_engine).deleted == 1
    assert (
        search_engine.search(
            SearchRequest(DocumentKind.PERSON, filters=(TermsClause("person_id", (person_id,)),))
        ).total
        == 0
    )


def _enqueue_backlog(database: sa.Engine) -> int:
    """Every FIR in the outbox, as an import leaves it (people come with the FIRs that name them)."""
    with database.begin() as connection:
        connection.execute(sa.text("DELETE FROM outbox"))
        return connection.execute(
            sa.text("INSERT INTO outbox (entity_type, entity_id) SELECT 'fir', id FROM fir ORDER BY id")
        ).rowcount


@pytest.mark.slow
def test_drain_with_worker_processes_writes_what_a_full_build_writes(
    generated_database: sa.Engine, search_engine: TantivyEngine, tmp_path: Path
) -> None:
    events = _enqueue_backlog(generated_database)
    seen: list[tuple[int, int]] = []
    report = drain_outbox(
        generated_database,
        search_engine,
        batch_size=events // 2 + 1,
        workers=2,
        progress=lambda r: seen.append((r.batches, r.events)),
    )
    assert report.events == events and report.batches == 2 and report.deleted == 0
    assert [batches for batches, _ in seen] == [1, 2] and seen[-1][1] == events, "progress after each batch"
    with generated_database.connect() as connection:
        assert outbox_lag(connection).pending == 0
    built = TantivyEngine(tmp_path / "built")
    built.ensure_ready()
    try:
        index_everything(generated_database, built)
        for kind in DocumentKind:
            assert dict(search_engine.iter_checksums(kind)) == dict(built.iter_checksums(kind))
    finally:
        built.close()


@pytest.mark.slow
def test_index_sync_command_drains_a_backlog_with_the_given_batch_size_and_workers(
    generated_database: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _enqueue_backlog(generated_database)
    monkeypatch.setenv("CCTNS_DATABASE_URL", generated_database.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CCTNS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CCTNS_SEARCH_BACKEND", raising=False)
    result = CliRunner().invoke(app, ["index", "sync", "--batch-size", "100", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"Synced {events:,} outbox events in {-(-events // 100)} batches" in result.output
    engine = TantivyEngine(tmp_path / "data" / "search")
    try:
        assert verify_index(generated_database, engine, repair=False).drift == 0
    finally:
        engine.close()


def test_verify_finds_missing_stale_and_extra_documents_and_repairs_them(
    generated_database: sa.Engine, search_engine: TantivyEngine
) -> None:
    index_everything(generated_database, search_engine)
    first, second = _ids(generated_database, "SELECT id FROM fir ORDER BY id LIMIT 2")
    search_engine.delete(DocumentKind.FIR, [f"fir-{first}"])
    with generated_database.connect() as connection:
        (stale,) = build_fir_documents(connection, [second])
    stale["facts"], stale["checksum"] = "changed behind PostgreSQL's back", "0"
    orphan = {**stale, "id": "fir-999999999", "fir_id": 999999999}
    search_engine.upsert(DocumentKind.FIR, [stale, orphan])
    search_engine.commit()

    report = verify_index(generated_database, search_engine, repair=False)
    assert (report.missing["fir"], report.stale["fir"], report.extra["fir"]) == (1, 1, 1)
    assert report.drift == 3 and report.missing["person"] == 0

    verify_index(generated_database, search_engine, repair=True)
    assert verify_index(generated_database, search_engine, repair=False).drift == 0


def test_rebuild_builds_beside_the_live_index_and_switches(
    generated_database: sa.Engine, search_engine: TantivyEngine, tmp_path: Path
) -> None:
    search_engine.upsert(DocumentKind.FIR, [{"id": "fir-999999998", "kind": "fir", "checksum": "x", "fir_id": 1}])
    search_engine.commit()
    other_process_view = TantivyEngine(tmp_path / "search")
    assert other_process_view.count(DocumentKind.FIR) == 1

    counts = rebuild_index(generated_database, search_engine, batch_size=100)

    with generated_database.connect() as connection:
        expected = count_rows(connection, DocumentKind.FIR)
    assert counts["fir"] == expected
    assert search_engine.count(DocumentKind.FIR) == expected  # the stray document went with the old index
    assert other_process_view.count(DocumentKind.FIR) == expected
    other_process_view.close()


def test_documents_do_not_depend_on_the_batch_they_are_built_in(generated_database: sa.Engine) -> None:
    """Checksums must be stable, or verify would report drift where there is none."""
    ids = _ids(generated_database, "SELECT person_id FROM fir_party GROUP BY person_id ORDER BY count(*) DESC LIMIT 40")
    with generated_database.connect() as connection:
        together = {d["id"]: d["checksum"] for d in build_person_documents(connection, ids)}
        one_by_one = {d["id"]: d["checksum"] for i in reversed(ids) for d in build_person_documents(connection, [i])}
        fir_ids = _ids(generated_database, "SELECT id FROM fir ORDER BY id DESC LIMIT 40")
        firs_together = {d["id"]: d["checksum"] for d in build_fir_documents(connection, fir_ids)}
        firs_alone = {d["id"]: d["checksum"] for i in fir_ids for d in build_fir_documents(connection, [i])}
    assert together == one_by_one
    assert firs_together == firs_alone


def test_fewer_collections_raises_the_thresholds_while_anyone_is_inside_and_restores_them() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == FEWER_COLLECTIONS
        with fewer_collections():
            assert gc.get_threshold() == FEWER_COLLECTIONS
        assert gc.get_threshold() == FEWER_COLLECTIONS, "the outer caller is still inside"
    assert gc.get_threshold() == before


KILLED_BUILDER_PARENT = """
import os, sys
from indexes.schema import DocumentKind
from indexes.document_builders import DocumentBuilders
from records.database import create_db_engine

if __name__ == "__main__":
    engine = create_db_engine(sys.argv[1])
    with DocumentBuilders(engine, 2) as builders, engine.connect() as connection:
        list(builders.build(connection, DocumentKind.FIR, [[1], [2], [3]]))
        print(" ".join(str(pid) for pid in builders.pool._processes), flush=True)
        os.kill(os.getpid(), 9)
"""


@pytest.mark.slow
def test_document_builders_end_when_their_parent_is_killed(generated_database: sa.Engine, tmp_path: Path) -> None:
    """SIGKILL gives the pool no time to shut down: each builder must notice and end, not wait for work forever
    holding a database connection."""
    script = tmp_path / "killed_parent.py"
    script.write_text(KILLED_BUILDER_PARENT)
    url = generated_database.url.render_as_string(hide_password=False)
    root = str(Path(__file__).resolve().parents[2])
    output = tmp_path / "output.txt"
    with output.open("w") as handle:  # a file, not a pipe: orphans holding a pipe open would make run() wait
        done = subprocess.run(
            [sys.executable, str(script), url],
            stdout=handle,
            stderr=subprocess.STDOUT,
            timeout=120,
            env={**os.environ, "PYTHONPATH": root},
        )
    assert done.returncode == -signal.SIGKILL, output.read_text()
    builders = [int(pid) for pid in output.read_text().split()[-2:]]
    assert len(builders) == 2
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in builders):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in builders), "orphaned builders still running"


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie its new parent has not reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_a_stopping_server_leaves_the_rest_of_the_outbox_for_the_next_start(
    generated_database: sa.Engine, search_engine: TantivyEngine
) -> None:
    events = _enqueue_backlog(generated_database)
    assert events > 4
    seen: list[int] = []
    try:
        report = drain_outbox(
            generated_database,
            search_engine,
            batch_size=2,
            progress=lambda r: seen.append(r.batches),
            should_stop=lambda: bool(seen),  # asked to stop during the first batch
        )
        assert report.batches == 1 and report.events == 2
        with generated_database.connect() as connection:
            assert outbox_lag(connection).pending == events - 2
    finally:
        with generated_database.begin() as connection:
            connection.execute(sa.text("DELETE FROM outbox"))


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_failed_batch_is_counted_on_its_outbox_rows_and_left_there(generated_database: sa.Engine) -> None:
    """An engine that cannot be reached (an Elasticsearch server gone mid-sync): the batch's rows stay in the
    outbox with the attempt and the error recorded. The failure used to be recorded while the batch's own
    transaction still held the rows' locks, so the relay waited on itself forever (issue 24)."""
    from indexes.elasticsearch import ElasticsearchEngine

    (fir_id,) = _ids(generated_database, "SELECT id FROM fir ORDER BY id LIMIT 1")
    with generated_database.begin() as connection:
        connection.execute(sa.text("DELETE FROM outbox"))
        _queue(connection, "fir", [fir_id])
    gone = ElasticsearchEngine(f"http://127.0.0.1:{closed_port()}", prefix="cctns-gone", request_timeout=2)
    raised: list[BaseException] = []

    def drain() -> None:
        try:
            drain_outbox(generated_database, gone)
        except Exception as error:
            raised.append(error)

    relay = threading.Thread(target=drain, daemon=True)
    relay.start()
    relay.join(timeout=60)
    try:
        assert not relay.is_alive(), "the relay hung recording its own failure"
        (error,) = raised
        assert "Cannot reach Elasticsearch" in str(error)
        with generated_database.connect() as connection:
            attempts, last_error = connection.execute(sa.text("SELECT attempts, last_error FROM outbox")).one()
        assert attempts == 1 and "Cannot reach Elasticsearch" in last_error
    finally:
        gone.close()
        if not relay.is_alive():
            with generated_database.begin() as connection:
                connection.execute(sa.text("DELETE FROM outbox"))
