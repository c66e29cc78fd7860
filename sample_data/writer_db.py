"""Load a generation into PostgreSQL with COPY, in one transaction.

**Transaction.** Everything happens in ONE transaction on one connection: synthetic stations are created
(``INSERT ... ON CONFLICT (code) DO NOTHING``, so re-running is harmless), the FIR number counters of every
(station, year) the plan uses are created if missing and locked (``SELECT ... FOR UPDATE``), each chunk is
COPYed table by table, then the counters are set to the last serial written, and the transaction commits.
A failure anywhere leaves the database as it was. While it runs, online registration at the stations
being loaded waits for the counter locks; other stations are unaffected.

**Numbering.** A station-year's FIRs get serials ``last_serial + 1, + 2, ...`` from its counter as locked at
the start (or from the highest serial an FIR of the station-year holds, if an import brought higher ones), in
registration order: into an empty database that is 1, 2, 3, ... with no gaps; into one that already has FIRs it
continues their sequence, and the counters end at the highest serial written.

**Ids.** Surrogate ids are taken from each table's own sequence, a block per chunk
(``nextval`` over ``generate_series``), so rows added later by the application never collide with them;
into an empty database the ids are 1, 2, 3, ... in generation order, hence identical for the same seed.

**Pipelining.** Making and formatting rows is Python work, COPY is server work; they overlap: ``WORKERS``
spawned processes make alternate chunks (a chunk depends only on the seed and its index) and format them
as COPY text, each with its own connection used only for ``nextval`` (taken in chunk order, see ``_Turns``),
while this process streams the chunks, in order, to the server. Small generations run in-process. Measured
on 2 cores: 1,000,000 FIRs (25 million rows) in 294 s.

**Foreign-key checks.** Every id a row points to was read from the database or reserved in this
transaction, so the rows are consistent by construction; checking each of the ~40 references an FIR's
rows carry doubles the server's work. When the role may (a superuser) and the tables have no triggers but
PostgreSQL's own foreign-key ones, the load therefore runs with ``SET LOCAL session_replication_role =
replica``, as ``pg_restore --disable-triggers`` does; otherwise (or with ``check_foreign_keys=True``) every
reference is checked as usual. Unique constraints and NOT NULL / CHECK constraints are always enforced.

**Outbox.** No outbox rows are written: a bulk generation is followed by a full search reindex, which reads
every FIR and person from PostgreSQL anyway, rather than by a million single-record events. The transaction sets
``cctns.side_effects = 'skip'``, which the side-effect triggers (migration 0011) read: they queue nothing for the
index or for person matching (generated people carry their ground truth instead).
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg
import sqlalchemy as sa

from sample_data.copy_format import COLUMNS, ID_TABLES, TABLES, Lookups, counts, format_chunk
from sample_data.firs import CHUNK_FIRS, Generator, Inputs, paused_gc
from sample_data.profile import Focus
from sample_data.reference import Reference
from sample_data.report import GenerationReport

Progress = Callable[[int, int], None]
PARALLEL_FROM_FIRS = 4 * CHUNK_FIRS
WORKERS = 2  # generator processes; with the server's backend, enough to keep two cores busy


class GenerationError(RuntimeError):
    """Generation cannot run or failed (schema or reference data missing, a collision), said in one sentence."""


@dataclass(frozen=True)
class _Job:
    """Everything the worker process needs to rebuild the generator (all picklable)."""

    reference: Reference
    district_shares: dict[str, float]
    today: date
    focus: Focus | None
    firs: int
    seed: int
    chunk_firs: int
    lookups: Lookups
    sequences: dict[str, str]
    conninfo: str

    def generator(self) -> Generator:
        """The parent's generator, rebuilt: every input that shapes the chunks is carried over."""
        inputs = Inputs.build(self.reference, self.district_shares, self.today, self.focus)
        return Generator(inputs, self.firs, self.seed, self.chunk_firs)


Payload = tuple[int, int, dict[str, int], dict[str, bytes]]  # chunk index, FIRs, rows per table, COPY data


def reserve_ids(
    cursor: psycopg.Cursor[Any], sequences: dict[str, str], wanted: dict[str, int]
) -> dict[str, Sequence[int]]:
    """A block of ids per table from its sequence: a ``range`` when contiguous (always, without concurrency)."""
    ids: dict[str, Sequence[int]] = {table: range(0) for table in ID_TABLES}
    parts, params = [], []
    for table in ID_TABLES:
        if wanted.get(table):
            parts.append(
                "SELECT %s::text, min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
                "ELSE array_agg(v ORDER BY v) END FROM (SELECT nextval(%s::regclass) AS v "
                "FROM generate_series(1, %s)) AS reserved"
            )
            params.extend([table, sequences[table], wanted[table]])
    if parts:
        for table, low, high, scattered in cursor.execute(" UNION ALL ".join(parts), params).fetchall():
            ids[table] = range(low, high + 1) if scattered is None else list(scattered)
    return ids


class _Turns:
    """Chunk k's ids are reserved after chunk k-1's, whichever worker made them: same ids every run."""

    def __init__(self, context: Any) -> None:
        self.next = context.Value("q", 0, lock=False)
        self.condition = context.Condition()

    def wait(self, index: int) -> None:
        with self.condition:
            self.condition.wait_for(lambda: self.next.value == index)

    def advance(self) -> None:
        with self.condition:
            self.next.value += 1
            self.condition.notify_all()


def _payloads(generator: Generator, lookups: Lookups, cursor: psycopg.Cursor[Any], sequences: dict[str, str],
              indices: Iterable[int] | None = None, turns: _Turns | None = None) -> Iterator[Payload]:  # fmt: skip
    for chunk in generator.chunks(indices):
        wanted = counts(chunk)
        if turns is not None:
            turns.wait(chunk.index)
        ids = reserve_ids(cursor, sequences, wanted)
        if turns is not None:
            turns.advance()
        with paused_gc():
            data = {table: text.encode() for table, text in format_chunk(chunk, ids, lookups).items()}
        yield chunk.index, len(chunk.firs), wanted, data


def _worker(job: _Job, number: int, workers: int, turns: _Turns, out: Any) -> None:
    """Runs in a spawned process: make chunks number, number + workers, ...; reserve ids on its own
    connection in chunk order; format; hand over."""
    try:
        generator = job.generator()
        indices = range(number, generator.chunk_count, workers)
        with psycopg.connect(job.conninfo, autocommit=True) as connection, connection.cursor() as cursor:
            for payload in _payloads(generator, job.lookups, cursor, job.sequences, indices, turns):
                out.put(payload)
        out.put(None)
    except BaseException:  # report anything to the parent, which raises it
        out.put(("error", traceback.format_exc()))


def _copy(cursor: psycopg.Cursor[Any], data: dict[str, bytes]) -> None:
    for table in TABLES:
        payload = data.get(table)
        if payload:
            with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                copy.write(payload)


def _skip_foreign_key_checks(cursor: psycopg.Cursor[Any]) -> bool:
    """Turn off foreign-key triggers for this transaction if allowed and nothing else would be skipped."""
    row = cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if not row or not row[0]:
        return False
    user_triggers = cursor.execute(
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY(%s::regclass[])",
        (list(TABLES),),
    ).fetchone()
    if user_triggers and user_triggers[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def _prepare(cursor: psycopg.Cursor[Any], generator: Generator) -> tuple[Lookups, dict[str, str], int]:
    """Create synthetic stations, read ids, lock counters; returns lookups, sequences, stations created."""
    plan = generator.inputs.plan
    cursor.execute("SET LOCAL synchronous_commit = off")
    cursor.execute("SET LOCAL cctns.side_effects = 'skip'")  # no outbox or matching-queue rows (see Outbox)
    try:
        district_ids = dict(cursor.execute("SELECT code, id FROM police_district").fetchall())
    except psycopg.errors.UndefinedTable:
        raise GenerationError("The database has no schema; run `cctns db upgrade` first.") from None
    missing = sorted(code for code in plan.district_weight if code not in district_ids)
    if missing:
        raise GenerationError(
            f"Police districts {', '.join(missing[:5])} are not in the database; load reference data with "
            "`cctns db upgrade` first."
        )
    synthetic = plan.synthetic()
    before = cursor.execute("SELECT count(*) FROM police_station").fetchone()
    if synthetic:
        cursor.executemany(
            "INSERT INTO police_station (district_id, code, name_en, name_hi, is_synthetic) "
            "VALUES (%s, %s, %s, %s, true) ON CONFLICT DO NOTHING",
            [(district_ids[s.district_code], s.code, s.name_en, s.name_hi) for s in synthetic],
        )
    after = cursor.execute("SELECT count(*) FROM police_station").fetchone()
    codes = [planned.station.code for planned in plan.stations]
    station_ids = dict(cursor.execute("SELECT code, id FROM police_station WHERE code = ANY(%s)", (codes,)).fetchall())
    absent = [code for code in codes if code not in station_ids]
    if absent:
        raise GenerationError(
            f"Stations {', '.join(absent[:5])} could not be found or created (another station of that district "
            "has the same name?); load reference data with `cctns db upgrade` or rename the clashing station."
        )
    section_ids = {
        (act, number): section_id
        for act, number, section_id in cursor.execute(
            "SELECT a.code, s.number, s.id FROM section s JOIN act a ON a.id = s.act_id"
        ).fetchall()
    }
    if not generator.inputs.catalog.known <= set(section_ids):
        absent_sections = sorted(generator.inputs.catalog.known - set(section_ids))[:5]
        raise GenerationError(
            f"Sections {absent_sections} are not in the database; load reference data with `cctns db upgrade`."
        )
    cells = sorted({(station_ids[cell.station.station.code], cell.year) for cell in generator.cells})
    cursor.execute(
        "INSERT INTO fir_number_counter (station_id, year, last_serial) "
        "SELECT * FROM unnest(%s::int[], %s::smallint[], %s::int[]) ON CONFLICT DO NOTHING",
        ([s for s, _ in cells], [y for _, y in cells], [0] * len(cells)),
    )
    code_of = {station_id: code for code, station_id in station_ids.items()}
    # Generated FIRs go after every FIR of the station-year: the counter's live serials and any imported serials
    # above them (an import does not move the counter; see records.numbering).
    locked = cursor.execute(
        "SELECT c.station_id, c.year, greatest(c.last_serial, (SELECT max(f.serial) FROM fir f "
        "WHERE f.station_id = c.station_id AND f.year = c.year)) FROM fir_number_counter c "
        "JOIN unnest(%s::int[], %s::smallint[]) AS wanted(station_id, year) "
        "ON wanted.station_id = c.station_id AND wanted.year = c.year "
        "ORDER BY c.station_id, c.year FOR UPDATE OF c",
        ([s for s, _ in cells], [y for _, y in cells]),
    ).fetchall()
    bases = {(code_of[station_id], year): last for station_id, year, last in locked if last}
    sequences = {
        table: cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0] for table in ID_TABLES
    }
    created = (after[0] if after else 0) - (before[0] if before else 0)
    return Lookups(station_ids, district_ids, section_ids, bases), sequences, created


def _counter_updates(generator: Generator, lookups: Lookups) -> tuple[list[int], list[int], list[int]]:
    last: dict[tuple[str, int], int] = {}
    for cell in generator.cells:
        key = (cell.station.station.code, cell.year)
        last[key] = lookups.serial_bases.get(key, 0) + cell.count
    stations = [lookups.station_ids[code] for code, _ in last]
    return stations, [year for _, year in last], list(last.values())


def load(engine: sa.Engine, generator: Generator, progress: Progress | None = None, *,
         parallel: bool | None = None, check_foreign_keys: bool = False) -> GenerationReport:  # fmt: skip
    """Write ``generator``'s FIRs into the database behind ``engine`` (see the module docstring)."""
    started = time.perf_counter()
    report = GenerationReport(firs=generator.firs, seed=generator.seed, rows=dict.fromkeys(TABLES, 0))
    if parallel is None:
        parallel = generator.firs >= PARALLEL_FROM_FIRS
    raw = engine.raw_connection()
    try:
        connection: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
        with connection.cursor() as cursor:
            lookups, sequences, report.stations_created = _prepare(cursor, generator)
            report.foreign_keys_checked = check_foreign_keys or not _skip_foreign_key_checks(cursor)
            payloads = (
                _parallel_payloads(engine, generator, lookups, sequences)
                if parallel
                else _payloads(generator, lookups, cursor, sequences)
            )
            done = 0
            for _index, firs, rows, data in payloads:
                _copy(cursor, data)
                for table, count in rows.items():
                    report.rows[table] += count
                done += firs
                if progress is not None:
                    progress(done, generator.firs)
            stations, years, serials = _counter_updates(generator, lookups)
            cursor.execute(
                "UPDATE fir_number_counter c SET last_serial = v.last_serial "
                "FROM unnest(%s::int[], %s::smallint[], %s::int[]) AS v(station_id, year, last_serial) "
                "WHERE c.station_id = v.station_id AND c.year = v.year",
                (stations, years, serials),
            )
        connection.commit()
        # Fresh statistics: without them the planner guesses from an empty database and reads whole tables
        # for every batch of documents the search index asks for (25 s instead of 0.5 s per 2,000 FIRs).
        connection.execute("ANALYZE")
        connection.commit()
    except psycopg.errors.UniqueViolation as error:
        raw.driver_connection.rollback()  # type: ignore[union-attr]
        raise GenerationError(
            f"Generated rows collide with rows already in the database ({error.diag.constraint_name}: "
            f"{error.diag.message_detail}); a fir_number_counter is probably behind its station's FIRs. "
            "Nothing was written."
        ) from None
    except BaseException:
        raw.driver_connection.rollback()  # type: ignore[union-attr]
        raise
    finally:
        raw.close()
    report.seconds = time.perf_counter() - started
    return report


def _parallel_payloads(engine: sa.Engine, generator: Generator, lookups: Lookups,
                       sequences: dict[str, str]) -> Iterator[Payload]:  # fmt: skip
    """Payloads made by spawned worker processes, in chunk order, at most a few chunks ahead of the COPY."""
    inputs = generator.inputs
    job = _Job(
        reference=inputs.reference,
        district_shares=inputs.district_shares,
        today=inputs.today,
        focus=inputs.focus,
        firs=generator.firs,
        seed=generator.seed,
        chunk_firs=generator.chunk_firs,
        lookups=lookups,
        sequences=sequences,
        conninfo=engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
    )
    context = multiprocessing.get_context("spawn")
    count = max(1, min(WORKERS, generator.chunk_count))
    turns = _Turns(context)
    channels = [context.Queue(maxsize=2) for _ in range(count)]
    workers = [
        context.Process(
            target=_worker, args=(job, number, count, turns, channels[number]), name=f"generate-{number}", daemon=True
        )
        for number in range(count)
    ]
    for worker in workers:
        worker.start()
    try:
        for index in range(generator.chunk_count):
            number = index % count
            while True:
                try:
                    item = channels[number].get(timeout=5)
                    break
                except queue_module.Empty:
                    if not workers[number].is_alive():
                        raise GenerationError(
                            f"generator process {number} died (exit code {workers[number].exitcode})"
                        ) from None
            if item is None or item[0] == "error":
                detail = item[1] if item else "it stopped early"
                raise GenerationError(f"generator process {number} failed:\n{detail}")
            yield item
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join(timeout=10)
