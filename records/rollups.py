"""Keep the dashboards' rollup tables equal to what the FIR tables say, incrementally or all at once.

* Triggers on ``fir``, ``fir_section``, ``fir_party`` and ``arrest`` (migration 0006) mark each changed
  (station, registration day) in ``rollup_dirty``, whatever wrote the change: the FIR API, a COPY of a bulk
  import, the sample-data generator, an operator's SQL.
* :func:`refresh_rollups` takes a batch of marks, recomputes those station-days of ``fir_rollup_day`` from the
  FIR tables, then the (district, month) rows of ``fir_rollup_month`` they fall in from ``fir_rollup_day``.
  Marks still locked by an uncommitted writer are skipped and taken next time.
* :func:`rebuild_rollups` recomputes everything (``cctns rollups rebuild``); a refresh whose backlog is at least
  ``REBUILD_FROM_BACKLOG`` station-days and a quarter of the day rollup's rows does the same, as recomputing a
  bulk load day by day is then slower than one pass.

One rollup writer at a time (a transaction-level advisory lock), so a rebuild and a refresh never interleave.

How an FIR is counted (the NCRB "principal offence" rule): under the crime head of its most serious section
(lowest ``crime_head.sort_order``); a BNS section without a head of its own takes the head of the IPC section
it replaced (``section_correspondence``), so IPC and BNS FIRs count under the same heads across 1 July 2024.
``law`` is the act of that principal section (IPC, BNS; every other act is SLL). ``against_women`` /
``against_sc_st``: any of its sections has a head so flagged. Days are registration dates in India time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

ROLLUP_LOCK = 6_060_606  # pg advisory lock key: one rollup writer at a time
REBUILD_FROM_BACKLOG = 50_000  # station-days; and at least REBUILD_SHARE of the day rollup's rows
REBUILD_SHARE = 0.25
DEFAULT_BATCH = 2_000
PENDING_STATUSES = ("registered", "under_investigation")

# Each section's effective crime head and law group.
_SECTION_CLASS = """
    SELECT s.id AS section_id,
           COALESCE(s.crime_head_id, (
               SELECT min(i.crime_head_id) FROM section_correspondence c JOIN section i ON i.id = c.ipc_section_id
               WHERE c.bns_section_id = s.id)) AS crime_head_id,
           CASE WHEN a.kind = 'general' THEN a.code ELSE 'SLL' END AS law,
           a.kind = 'procedure' AS is_procedure
    FROM section s JOIN act a ON a.id = s.act_id
"""

# One row per FIR of the chosen FIRs ({firs}: a query giving fir rows), classified. The query is written out at
# each use rather than as a CTE: a CTE used five times is materialised without statistics, and at 10 million
# FIRs the planner then guesses quintillions of rows and spills its aggregates to disk.
_CLASSIFIED = """
    WITH section_class AS ({section_class}),
    principal AS (
        SELECT DISTINCT ON (fs.fir_id) fs.fir_id, COALESCE(sc.crime_head_id, 0) AS crime_head_id, sc.law
        FROM fir_section fs JOIN ({firs}) c ON c.id = fs.fir_id
        JOIN section_class sc ON sc.section_id = fs.section_id
        LEFT JOIN crime_head ch ON ch.id = sc.crime_head_id
        ORDER BY fs.fir_id, ch.id IS NULL, ch.sort_order, sc.is_procedure, fs.position, fs.section_id
    ),
    flags AS (
        SELECT fs.fir_id, bool_or(ch.against_women) AS against_women, bool_or(ch.against_sc_st) AS against_sc_st
        FROM fir_section fs JOIN ({firs}) c ON c.id = fs.fir_id
        JOIN section_class sc ON sc.section_id = fs.section_id
        JOIN crime_head ch ON ch.id = sc.crime_head_id
        GROUP BY fs.fir_id
    ),
    accused AS (
        SELECT p.fir_id, count(*) AS n FROM fir_party p JOIN ({firs}) c ON c.id = p.fir_id
        WHERE p.role = 'accused' GROUP BY p.fir_id
    ),
    arrested AS (
        SELECT a.fir_id, count(DISTINCT a.person_id) AS n FROM arrest a JOIN ({firs}) c ON c.id = a.fir_id
        GROUP BY a.fir_id
    )
    SELECT c.station_id, ps.district_id, (c.registered_at AT TIME ZONE 'Asia/Kolkata')::date AS day,
           COALESCE(p.crime_head_id, 0) AS crime_head_id, COALESCE(p.law, 'SLL') AS law, c.status,
           COALESCE(f.against_women, false) AS against_women, COALESCE(f.against_sc_st, false) AS against_sc_st,
           COALESCE(ac.n, 0) AS accused, COALESCE(ar.n, 0) AS arrested
    FROM ({firs}) c JOIN police_station ps ON ps.id = c.station_id
    LEFT JOIN principal p ON p.fir_id = c.id
    LEFT JOIN flags f ON f.fir_id = c.id
    LEFT JOIN accused ac ON ac.fir_id = c.id
    LEFT JOIN arrested ar ON ar.fir_id = c.id
"""

_KEY = "crime_head_id, law, status, against_women, against_sc_st"
_COUNTS = "count(*), sum(accused), sum(arrested)"
_DAY_COLUMNS = f"station_id, day, district_id, {_KEY}, firs, accused, arrested"
_MONTH_COLUMNS = f"district_id, month, {_KEY}, firs, accused, arrested"
_STATE_FROM_MONTH = (
    f"INSERT INTO {{state_table}} (month, {_KEY}, firs, accused, arrested) "
    f"SELECT month, {_KEY}, sum(firs), sum(accused), sum(arrested) FROM {{month_table}} {{where}} "
    f"GROUP BY month, {_KEY}"
)


def classified_firs_sql(firs: str) -> str:
    """SQL giving one classified row per FIR of ``firs`` (a query selecting ``fir`` rows)."""
    return _CLASSIFIED.format(firs=firs, section_class=_SECTION_CLASS)


def _day_insert(firs: str, table: str = "fir_rollup_day") -> str:
    return (
        f"INSERT INTO {table} ({_DAY_COLUMNS}) "
        f"SELECT station_id, day, district_id, {_KEY}, {_COUNTS} FROM ({classified_firs_sql(firs)}) x "
        f"GROUP BY station_id, day, district_id, {_KEY} ORDER BY district_id, station_id, day"
    )


_MONTH_FROM_DAY = (
    f"SELECT d.district_id, date_trunc('month', d.day)::date AS month, {_KEY}, "
    "sum(d.firs), sum(d.accused), sum(d.arrested) "
    "FROM {day_table} d {join} GROUP BY d.district_id, date_trunc('month', d.day), " + _KEY + " ORDER BY month"
)
ROLLUP_TABLES = ("fir_rollup_day", "fir_rollup_month", "fir_rollup_state_month")


@dataclass
class RefreshReport:
    station_days: int = 0
    district_months: int = 0
    rebuilt: bool = False
    skipped_busy: bool = False
    seconds: float = 0.0

    def __str__(self) -> str:
        if self.skipped_busy:
            return "another rollup writer is running; nothing done"
        if self.rebuilt:
            return f"rebuilt every rollup in {self.seconds:.1f} s"
        return f"{self.station_days:,} station-days and {self.district_months:,} district-months recomputed"


def _lock(connection: Connection, wait: bool) -> bool:
    if wait:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": ROLLUP_LOCK})
        return True
    return bool(connection.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": ROLLUP_LOCK}).scalar())


def backlog(connection: Connection) -> int:
    """Station-days waiting to be recomputed."""
    return int(connection.execute(sa.text("SELECT count(*) FROM rollup_dirty")).scalar() or 0)


def rebuild_in(connection: Connection, progress: Callable[[str], None] | None = None) -> None:
    """Recompute every rollup row from the FIR tables inside the caller's transaction.

    The rollups are built in fresh tables without indexes, in the order pages read them (day rows by district,
    station and day; month rows by month), indexed in one pass each, then swapped in for the old ones: rewriting
    ten million rows in place would update every index row by row and leave the old rows as bloat. Readers see
    the old tables until the caller commits (they wait only for the swap itself)."""
    say = progress or (lambda _message: None)
    _lock(connection, wait=True)
    connection.execute(sa.text("SET LOCAL work_mem = '256MB'"))
    connection.execute(sa.text("SET LOCAL maintenance_work_mem = '512MB'"))
    fresh = {table: f"{table}_fresh" for table in ROLLUP_TABLES}
    for table, new in fresh.items():
        connection.execute(sa.text(f"DROP TABLE IF EXISTS {new}"))
        connection.execute(sa.text(f"CREATE TABLE {new} (LIKE {table} INCLUDING DEFAULTS INCLUDING COMMENTS)"))
    say("counting FIRs per station, day, crime head and status")
    connection.execute(
        sa.text(_day_insert("SELECT id, station_id, registered_at, status FROM fir", fresh["fir_rollup_day"]))
    )
    say("summing days into district-months and state-months")
    connection.execute(
        sa.text(
            f"INSERT INTO {fresh['fir_rollup_month']} ({_MONTH_COLUMNS}) "
            + _MONTH_FROM_DAY.format(day_table=fresh["fir_rollup_day"], join="")
        )
    )
    connection.execute(
        sa.text(
            _STATE_FROM_MONTH.format(
                state_table=fresh["fir_rollup_state_month"], month_table=fresh["fir_rollup_month"], where=""
            )
        )
    )
    say("indexing the new rollups and switching to them")
    for table, new in fresh.items():
        _swap(connection, table, new)


def _swap(connection: Connection, table: str, new: str) -> None:
    """Give ``new`` the primary key, indexes and storage parameters of ``table`` (read from the catalogue, so a
    later migration's index comes along), then drop ``table`` and rename ``new`` and its indexes to the old names."""
    indexes = connection.execute(
        sa.text(
            "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition, "
            "c.conname, pg_get_constraintdef(c.oid) AS constraint_definition "
            "FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid "
            "WHERE i.indrelid = CAST(:table AS regclass)"
        ),
        {"table": table},
    ).all()
    renames = []
    for index in indexes:
        if index.conname:
            temporary = f"{index.conname}_fresh"
            connection.execute(sa.text(f"ALTER TABLE {new} ADD CONSTRAINT {temporary} {index.constraint_definition}"))
            renames.append(f"ALTER TABLE {table} RENAME CONSTRAINT {temporary} TO {index.conname}")
        else:
            temporary = f"{index.name}_fresh"
            definition = re.sub(
                rf"^CREATE (UNIQUE )?INDEX {re.escape(index.name)} ON (\S+\.)?{table} ",
                rf"CREATE \1INDEX {temporary} ON {new} ",
                index.definition,
            )
            if temporary not in definition:
                raise RuntimeError(f"cannot copy index {index.name} of {table}: {index.definition}")
            connection.execute(sa.text(definition))
            renames.append(f"ALTER INDEX {temporary} RENAME TO {index.name}")
    options = connection.execute(
        sa.text("SELECT reloptions FROM pg_class WHERE oid = CAST(:table AS regclass)"), {"table": table}
    ).scalar()
    if options:  # storage parameters (autovacuum settings) are not copied by CREATE TABLE ... LIKE
        connection.execute(sa.text(f"ALTER TABLE {new} SET ({', '.join(options)})"))
    connection.execute(sa.text(f"DROP TABLE {table}"))
    connection.execute(sa.text(f"ALTER TABLE {new} RENAME TO {table}"))
    for statement in renames:
        connection.execute(sa.text(statement))


def rebuild_rollups(engine: Engine, progress: Callable[[str], None] | None = None) -> RefreshReport:
    """Recompute every rollup row in one transaction (readers see the old rows until it commits).

    Marks left in ``rollup_dirty`` are recomputed again by the next refresh, which is harmless."""
    started = time.perf_counter()
    with engine.begin() as connection:
        rebuild_in(connection, progress)
    vacuum_rollups(engine)
    return RefreshReport(rebuilt=True, seconds=time.perf_counter() - started)


def vacuum_rollups(engine: Engine) -> None:
    """Statistics, and the visibility map that lets pages use index-only scans (what autovacuum would do)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ROLLUP_TABLES:
            connection.execute(sa.text(f"VACUUM (ANALYZE) {table}"))


def refresh_rollups(engine: Engine, batch: int = DEFAULT_BATCH) -> RefreshReport:
    """Recompute up to ``batch`` dirty station-days (or everything, after a bulk load); safe to run anywhere."""
    started = time.perf_counter()
    with engine.connect() as connection:
        waiting = backlog(connection)
        rows = connection.execute(
            sa.text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'fir_rollup_day'::regclass")
        ).scalar()
    if waiting >= max(REBUILD_FROM_BACKLOG, REBUILD_SHARE * float(rows or 0)):
        return rebuild_rollups(engine)
    if not waiting:
        return RefreshReport()
    with engine.begin() as connection:
        report = refresh_in(connection, batch)
    report.seconds = time.perf_counter() - started
    return report


def refresh_in(connection: Connection, batch: int = DEFAULT_BATCH) -> RefreshReport:
    """One incremental batch inside the caller's transaction (see the module docstring)."""
    report = RefreshReport()
    if not _lock(connection, wait=False):
        report.skipped_busy = True
        return report
    connection.execute(sa.text("DROP TABLE IF EXISTS rollup_taken, rollup_months, rollup_firs"))
    connection.execute(
        sa.text(
            "CREATE TEMP TABLE rollup_taken ON COMMIT DROP AS "
            "WITH taken AS (DELETE FROM rollup_dirty d USING ("
            "  SELECT station_id, day FROM rollup_dirty ORDER BY marked_at LIMIT :batch FOR UPDATE SKIP LOCKED"
            ") pick WHERE d.station_id = pick.station_id AND d.day = pick.day RETURNING d.station_id, d.day) "
            "SELECT t.station_id, t.day, ps.district_id FROM taken t "
            "LEFT JOIN police_station ps ON ps.id = t.station_id"
        ),
        {"batch": batch},
    )
    report.station_days = int(connection.execute(sa.text("SELECT count(*) FROM rollup_taken")).scalar() or 0)
    if not report.station_days:
        return report
    connection.execute(sa.text("ANALYZE rollup_taken"))
    connection.execute(
        sa.text("DELETE FROM fir_rollup_day r USING rollup_taken t WHERE r.station_id = t.station_id AND r.day = t.day")
    )
    # The FIRs of the taken days, in a table of their own with statistics: joined straight into the
    # classification, the planner misjudges the range join by orders of magnitude and scans whole tables.
    connection.execute(
        sa.text(
            "CREATE TEMP TABLE rollup_firs ON COMMIT DROP AS "
            "SELECT f.id, f.station_id, f.registered_at, f.status FROM fir f JOIN rollup_taken t "
            "ON f.station_id = t.station_id "
            "AND f.registered_at >= (t.day::timestamp AT TIME ZONE 'Asia/Kolkata') "
            "AND f.registered_at < ((t.day + 1)::timestamp AT TIME ZONE 'Asia/Kolkata')"
        )
    )
    connection.execute(sa.text("ANALYZE rollup_firs"))
    connection.execute(sa.text(_day_insert("SELECT id, station_id, registered_at, status FROM rollup_firs")))
    connection.execute(
        sa.text(
            "CREATE TEMP TABLE rollup_months ON COMMIT DROP AS "
            "SELECT DISTINCT district_id, date_trunc('month', day)::date AS month FROM rollup_taken "
            "WHERE district_id IS NOT NULL"
        )
    )
    report.district_months = int(connection.execute(sa.text("SELECT count(*) FROM rollup_months")).scalar() or 0)
    _recount_months(connection)
    return report


def _recount_months(connection: Connection) -> None:
    """Recount the (district, month) rows listed in the temporary table ``rollup_months`` from the day rows,
    and the state's rows of those months."""
    connection.execute(
        sa.text(
            "DELETE FROM fir_rollup_month r USING rollup_months m "
            "WHERE r.district_id = m.district_id AND r.month = m.month"
        )
    )
    connection.execute(
        sa.text(
            f"INSERT INTO fir_rollup_month ({_MONTH_COLUMNS}) "
            + _MONTH_FROM_DAY.format(
                day_table="fir_rollup_day",
                join="JOIN rollup_months m ON d.district_id = m.district_id "
                "AND d.day >= m.month AND d.day < (m.month + interval '1 month')::date",
            )
        )
    )
    connection.execute(
        sa.text("DELETE FROM fir_rollup_state_month WHERE month IN (SELECT DISTINCT month FROM rollup_months)")
    )
    connection.execute(
        sa.text(
            _STATE_FROM_MONTH.format(
                state_table="fir_rollup_state_month",
                month_table="fir_rollup_month",
                where="WHERE month IN (SELECT DISTINCT month FROM rollup_months)",
            )
        )
    )


def move_station_counts(connection: Connection, station_id: int, new_district_id: int) -> None:
    """A station moved to another district: its day rows follow it, and the months of both districts they fall
    in are recounted (so neither district keeps or misses its FIRs). Inside the caller's transaction."""
    _lock(connection, wait=True)
    connection.execute(sa.text("DROP TABLE IF EXISTS rollup_months"))
    connection.execute(
        sa.text(
            "CREATE TEMP TABLE rollup_months ON COMMIT DROP AS "
            "SELECT DISTINCT moved.district_id, date_trunc('month', d.day)::date AS month FROM fir_rollup_day d "
            "CROSS JOIN LATERAL (VALUES (d.district_id), (:new)) AS moved(district_id) WHERE d.station_id = :station"
        ),
        {"station": station_id, "new": new_district_id},
    )
    connection.execute(
        sa.text("UPDATE fir_rollup_day SET district_id = :new WHERE station_id = :station"),
        {"station": station_id, "new": new_district_id},
    )
    _recount_months(connection)


def drain_rollups(
    engine: Engine, batch: int = DEFAULT_BATCH, should_stop: Callable[[], bool] | None = None
) -> RefreshReport:
    """Refresh until no mark is left (marks locked by writers still running are left for later; so is the rest
    when ``should_stop()`` says so between batches)."""
    total = RefreshReport()
    started = time.perf_counter()
    while should_stop is None or not should_stop():
        report = refresh_rollups(engine, batch)
        if report.rebuilt:
            return report
        total.station_days += report.station_days
        total.district_months += report.district_months
        if report.skipped_busy or report.station_days == 0:
            break
    total.seconds = time.perf_counter() - started
    return total
