"""The bulk load (``ingest.legacy.load.bulk``) ends in the same database as merging every row: the same records,
rejects, audit rows and side effects (outbox, matching queue, rollup marks), with or without the per-row
foreign-key checks; it takes the new rows and leaves the rest to the merge."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingest.legacy.job import ImportRun
from ingest.legacy.load.bulk.common import may_skip_checks
from ingest.legacy.profile import load_profile
from ingest.legacy.report import ImportReport
from sample_data import generate_to_files
from tests.ingest.legacy.test_import import snapshot

FIRS = 150
BATCH = 37  # FIRs' parties and items cross batch boundaries


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's export, with rows the merge must take: an FIR row repeated, a party and a property item of an
    FIR not in the file, a party row repeated."""
    folder = tmp_path_factory.mktemp("export")
    generate_to_files(folder, FIRS, seed=7)
    for name in ("firs.csv", "fir_parties.csv", "fir_properties.csv"):
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        extra = [lines[5]]  # a repeat: a duplicate FIR (refused), a repeated party (unchanged), a second item
        if name != "firs.csv":
            station, _year, _serial, rest = lines[3].split(",", 3)
            extra.append(f"{station},2009,999999,{rest}")  # an FIR that is not in the file: refused
        path.write_text("".join(lines + extra), encoding="utf-8")
    return folder


def side_effects(engine: sa.Engine) -> dict[str, list[tuple[object, ...]]]:
    """What the writes queued, by natural keys: documents to index, people to match, dashboard cells to recount,
    audit rows."""
    fir = (
        "(SELECT ps.code || '/' || f.year || '/' || f.serial FROM fir f JOIN police_station ps ON ps.id = f.station_id "
    )
    queries = {
        "outbox": f"SELECT o.entity_type, CASE WHEN o.entity_type = 'fir' THEN {fir} WHERE f.id = o.entity_id) ELSE "
        "(SELECT key FROM import_record_key k WHERE k.entity_id = o.entity_id) END, o.operation FROM outbox o",
        "matching": f"SELECT k.key, {fir} WHERE f.id = q.fir_id) FROM person_match_queue q "
        "JOIN import_record_key k ON k.entity_id = q.person_id",
        "rollups": "SELECT ps.code, r.day FROM rollup_dirty r JOIN police_station ps ON ps.id = r.station_id",
        "audit": f"SELECT a.action, a.entity_type, {fir} WHERE f.id::text = a.entity_id), a.detail - 'import_job_id' "
        "FROM audit_log a",
    }
    with engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(sa.text(q)).all()), key=repr) for name, q in queries.items()}


def counts(report: ImportReport) -> dict[str, dict[str, object]]:
    return {name: {k: v for k, v in c.as_dict().items() if k != "bulk"} for name, c in report.files.items()}


def test_the_bulk_load_ends_where_merging_every_row_ends(
    scratch_database: Callable[[str], sa.Engine], export: Path
) -> None:
    profile = load_profile("cctns-export")
    merged, bulk = scratch_database("merged"), scratch_database("bulk")
    merged_report = ImportRun(merged, export, profile, batch_rows=BATCH, bulk=False).run()
    bulk_report = ImportRun(bulk, export, profile, batch_rows=BATCH).run()
    assert counts(bulk_report) == counts(merged_report)
    assert bulk_report.totals.rejected == merged_report.totals.rejected == 3
    # Nearly every row took the bulk way; the merge took only what needed it.
    assert merged_report.totals.bulk == 0
    assert bulk_report.totals.bulk >= bulk_report.totals.inserted - 2 * BATCH
    assert snapshot(bulk) == snapshot(merged)
    assert side_effects(bulk) == side_effects(merged)
    # Run again: everything is there, nothing is written, by either way.
    again = ImportRun(bulk, export, profile, batch_rows=BATCH).run()
    assert (again.totals.inserted, again.totals.updated, again.totals.bulk, again.totals.rejected) == (0, 0, 0, 3)
    state = snapshot(bulk)
    assert len(state.pop("rejects")) == 6  # the same three rows, rejected by each job
    assert state == {name: rows for name, rows in snapshot(merged).items() if name != "rejects"}


def test_without_the_right_to_skip_checks_the_bulk_load_runs_with_them(
    scratch_database: Callable[[str], sa.Engine], export: Path
) -> None:
    """A database role that may not set ``session_replication_role`` gets the same import, checked row by row."""
    reference, plain = scratch_database("checked_ref"), scratch_database("checked")
    role = re.sub(r"\W", "_", f"cctns_plain_{plain.url.database}")[:60]  # a database name may hold a hyphen
    with plain.begin() as connection:
        connection.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
        connection.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
        connection.execute(sa.text(f"GRANT ALL ON SCHEMA public TO {role}"))
        connection.execute(sa.text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}"))
        connection.execute(sa.text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    as_role = sa.create_engine(plain.url.set(username=role, password=None))
    try:
        raw = as_role.raw_connection()
        try:
            with raw.driver_connection.cursor() as cursor:
                assert may_skip_checks(cursor) is False
        finally:
            raw.close()
        profile = load_profile("cctns-export")
        checked = ImportRun(as_role, export, profile, batch_rows=BATCH).run()
        expected = ImportRun(reference, export, profile, batch_rows=BATCH).run()
        assert checked.totals.bulk == expected.totals.bulk > 0
        assert snapshot(plain) == snapshot(reference)
    finally:
        as_role.dispose()
        with plain.begin() as connection:
            connection.execute(sa.text(f"DROP OWNED BY {role}"))
        with plain.begin() as connection:
            connection.execute(sa.text(f"DROP ROLE {role}"))
