"""Running an import: read, convert, load in batches, with a durable progress mark; check without writing.

Each batch is one transaction: its rows, its rejects (``import_reject``) and the job's progress mark (last
source row done, counts so far) commit together. A process killed at any point leaves the database at the end
of some batch; running the same file with the same profile again finds the unfinished job by the file's and
the profile's checksums and goes on after its mark. What was committed is never redone, and what was not is
done once, so the end state is the state of one clean run. Counting holds at every commit:
``read == accepted + rejected`` for every file.

Whom the import is for (an :class:`~ingest.legacy.importer.Importer`) decides which stations it may write
(rows of others are rejected as ``outside_jurisdiction``) and names them in the audit row each created or
updated FIR gets. FIRs registered live (not by an import) are never changed (``live_fir``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg.types.json import Jsonb

from ingest.legacy import loader
from ingest.legacy.importer import Importer
from ingest.legacy.lookups import Lookups
from ingest.legacy.pipeline import ahead, fewer_collections
from ingest.legacy.profile import Profile, ProfileError, check_against_header, referenced_columns
from ingest.legacy.readers import (
    DATA_SUFFIXES,
    ReadError,
    SourceRow,
    count_rows,
    guess_format,
    read_header,
    read_rows,
)
from ingest.legacy.rows import Problem, RowConverter, RowRejected, StagedRows
from records.spreadsheet_cells import safe_row

DEFAULT_BATCH_ROWS = 5000
BATCH_TRIES = 3  # a batch that loses a deadlock is written again this many times in all
LOCK_SPACE = 0x1E9  # advisory-lock namespace of import jobs: one process works on a job at a time
Progress = Callable[["ImportReport"], None]


class ImportFailure(RuntimeError):
    """The import cannot start or cannot go on; the message says what to do."""


@dataclass
class FileCounts:
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "reasons": dict(self.reasons),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileCounts:
        reasons = Counter(data.get("reasons", {}))
        names = ("read", "accepted", "rejected", "inserted", "updated", "unchanged")
        return cls(*(int(data.get(name, 0)) for name in names), reasons)


@dataclass
class Input:
    kind: str  # firs, persons, parties, properties
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class ConvertedBatch:
    """A batch of source rows, converted: staged rows for the database, and the rejected rows' problems."""

    rows: list[SourceRow]
    staged: StagedRows
    rejects: dict[int, list[Problem]]


@dataclass
class ImportReport:
    job_id: int | None
    files: dict[str, FileCounts]
    total_rows: int | None = None
    seconds: float = 0.0
    resumed: bool = False
    resumed_after: dict[str, int] = field(default_factory=dict)
    created_stations: list[str] = field(default_factory=list)
    created_districts: list[str] = field(default_factory=list)
    checked_only: bool = False
    status: str = "running"
    outbox_collapsed: int = 0  # outbox rows dropped because a later row covers their record
    not_read: list[str] = field(default_factory=list)  # files and columns the profile does not read

    @property
    def totals(self) -> FileCounts:
        total = FileCounts()
        for counts in self.files.values():
            for name in ("read", "accepted", "rejected", "inserted", "updated", "unchanged"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
            total.reasons.update(counts.reasons)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "status": self.status,
            "checked_only": self.checked_only,
            "total_rows": self.total_rows,
            "seconds": round(self.seconds, 3),
            "resumed": self.resumed,
            "totals": self.totals.as_dict(),
            "files": {name: counts.as_dict() for name, counts in self.files.items()},
            "created_stations": self.created_stations,
            "created_districts": self.created_districts,
            "not_read": self.not_read,
        }


def resolve_inputs(path: Path, profile: Profile) -> list[Input]:
    """The files to read, in load order (persons, FIRs, parties, properties) for an export folder; one file
    otherwise."""
    if path.is_dir():
        if profile.files is None:
            raise ImportFailure(f"{path} is a folder; give a file, or a profile with 'files' naming the folder's files")
        inputs = []
        for kind in ("persons", "firs", "parties", "properties"):
            name = getattr(profile.files, kind)
            if name:
                if not (path / name).is_file():
                    raise ImportFailure(f"the profile reads {name} but {path} has no such file")
                inputs.append(Input(kind, path / name))
        return inputs
    if not path.is_file():
        raise ImportFailure(f"{path} does not exist")
    if profile.files is not None and (profile.files.persons or profile.files.parties or profile.files.properties):
        raise ImportFailure(
            f"profile {profile.name!r} reads a folder of files ({profile.files.firs}, ...); give the folder"
        )
    return [Input("firs", path)]


def file_checksum(inputs: list[Input]) -> str:
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(item.name.encode() + b"\0")
        with item.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _headers(profile: Profile, inputs: list[Input]) -> Iterator[tuple[Input, Any, list[str], dict[str, str]] | str]:
    """For each input file: (input, the profile's fields for it, the file's header, columns the FIR file's inline
    party settings read), or a problem line when the header cannot be read."""
    for item in inputs:
        fmt = profile.format if item.kind == "firs" and profile.format else guess_format(item.path)
        try:
            header = read_header(item.path, fmt, sheet=profile.sheet, encoding=profile.csv.encoding,
                                 delimiter=profile.csv.delimiter)  # fmt: skip
        except ReadError as error:
            yield str(error)
            continue
        if fmt == "jsonl" and not header:
            yield f"{item.name} is empty"
            continue
        fields: Any = {"firs": profile.fir, "persons": profile.persons, "parties": profile.party_rows,
                       "properties": profile.property_rows}[item.kind]  # fmt: skip
        extra = {}
        if item.kind == "firs":
            for party in profile.parties:
                for attr in ("column", "age_column", "address_column", "mobile_column"):
                    if getattr(party, attr):
                        extra[f"parties.{party.role}.{attr}"] = getattr(party, attr)
        yield item, fields, list(header), extra  # JSON Lines: the keys of the first object


def check_profile_against_files(profile: Profile, inputs: list[Input]) -> list[str]:
    """Problems with the profile for these files (columns it reads that a header lacks), before any row."""
    problems: list[str] = []
    for found in _headers(profile, inputs):
        if isinstance(found, str):
            problems.append(found)
        else:
            item, fields, header, extra = found
            problems.extend(check_against_header(fields, header, item.name, extra))
    return problems


def unread_sources(profile: Profile, inputs: list[Input]) -> list[str]:
    """What the import will not take, said up front so nothing is dropped silently: data files of an export
    folder that the profile names no reading for, and columns of each file that no field of the profile reads."""
    unread = []
    if profile.files is not None and inputs:
        folder, read = inputs[0].path.parent, {item.path.name for item in inputs}
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix.lower() in DATA_SUFFIXES and path.name not in read:
                unread.append(f"{path.name}: the whole file (the profile reads no such file)")
    for found in _headers(profile, inputs):
        if isinstance(found, str):
            continue
        item, fields, header, extra = found
        used = set(referenced_columns(fields).values()) | set(extra.values())
        if columns := [column for column in header if column and column not in used]:
            unread.append(f"{item.name}: columns {', '.join(columns)}")
    return unread


class ImportRun:
    """One import (or ``--check``) of ``path`` with ``profile`` into the database behind ``engine``."""

    def __init__(
        self,
        engine: sa.Engine,
        path: Path,
        profile: Profile,
        *,
        batch_rows: int = DEFAULT_BATCH_ROWS,
        progress: Progress | None = None,
        job_id: int | None = None,
        display_name: str | None = None,
        importer: Importer | None = None,
        after_batch: Callable[[int], None] | None = None,
    ) -> None:
        self.engine, self.path, self.profile = engine, path, profile
        self.batch_rows, self.progress = batch_rows, progress
        self.job_id, self.display_name = job_id, display_name or path.name
        self.importer = importer or Importer.operator()
        self._checking = False
        self.after_batch = after_batch  # called with the batch number after each commit (tests use it)
        self.inputs = resolve_inputs(path, profile)

    # --- public ---------------------------------------------------------------------------------------

    def check(self) -> ImportReport:
        """Convert and load every row inside one transaction that is rolled back: nothing is written."""
        return self._run(dry_run=True)

    def run(self) -> ImportReport:
        return self._run(dry_run=False)

    # --- the work -------------------------------------------------------------------------------------

    def _run(self, dry_run: bool) -> ImportReport:
        self._checking = dry_run
        with fewer_collections():
            return self._run_job(dry_run)

    def _run_job(self, dry_run: bool) -> ImportReport:
        refused = self.importer.jurisdiction.import_refusal()
        if refused:
            raise ImportFailure(refused)
        problems = check_profile_against_files(self.profile, self.inputs)
        if problems:
            raise ProfileError(f"profile {self.profile.name!r} does not fit the file:\n  " + "\n  ".join(problems))
        started = time.perf_counter()
        checksum = file_checksum(self.inputs)
        raw = self.engine.raw_connection()
        connection: psycopg.Connection[Any] = raw.driver_connection  # type: ignore[assignment]
        connection.rollback()
        report = ImportReport(None, {item.name: FileCounts() for item in self.inputs}, checked_only=dry_run)
        report.not_read = unread_sources(self.profile, self.inputs)
        report.total_rows = self._expected_rows()
        station_raw: Any = None
        try:
            with connection.cursor() as cursor:
                job_id, progress = self._open_job(cursor, checksum, report, dry_run)
                report.job_id = job_id
                loader.ensure_stage_tables(cursor)
                # Set-based merges of large batches: no JIT compiling (tens of ms per statement, more than it
                # saves here), and room to sort a batch in memory. Reset before the connection goes back.
                cursor.execute(loader.SESSION_SETTINGS)
                if not dry_run:
                    connection.commit()
                outbox_row = cursor.execute("SELECT coalesce(max(id), 0) FROM outbox").fetchone()
                outbox_from = 0 if report.resumed or outbox_row is None else int(outbox_row[0])
                lookups = Lookups.load(cursor, self.profile.stations, self.profile.sections.act_aliases)
                lookups.jurisdiction = self.importer.jurisdiction
                converter = RowConverter(self.profile, lookups)
                if not dry_run:
                    # Stations the profile allows to be created are created, and committed, by the converting
                    # thread on a connection of its own: a re-run after a kill finds them by code.
                    station_raw = self.engine.raw_connection()
                    station_connection: psycopg.Connection[Any] = station_raw.driver_connection  # type: ignore[assignment]
                    station_connection.rollback()
                    station_connection.autocommit = True
                station_cursor = cursor if dry_run else station_connection.cursor()
                batch_number = 0
                analyzed_at = 0  # rows inserted when the statistics were last refreshed
                produced = self._converted_batches(dict(progress), converter, station_cursor)
                # A check converts in this thread: its stations go into the transaction it rolls back.
                with nullcontext(produced) if dry_run else ahead(produced, depth=2) as converted_batches:
                    for item, converted in converted_batches:
                        batch_number += 1
                        self._write_batch_once(connection, cursor, item, converted, report, progress, job_id)
                        if not dry_run:
                            connection.commit()
                            # Statistics refreshed each time the rows inserted double: later batches' merges are
                            # planned on tables that are no longer empty.
                            if report.totals.inserted >= max(loader.ANALYZE_FROM_ROWS, 2 * analyzed_at):
                                loader.analyze_imported_tables(cursor)
                                connection.commit()
                                analyzed_at = report.totals.inserted
                        report.created_stations = list(lookups.created_stations)
                        report.created_districts = list(lookups.created_districts)
                        report.seconds = time.perf_counter() - started
                        if self.progress:
                            self.progress(report)
                        if self.after_batch:
                            self.after_batch(batch_number)
                report.status = "checked" if dry_run else "done"
                cursor.execute(
                    "UPDATE import_job SET status = %s, finished_at = now(), updated_at = now() WHERE id = %s",
                    (report.status, job_id),
                )
                if not dry_run and self.profile.on_existing == "update" and self._reads_properties():
                    loader.remove_unlisted_properties(cursor, job_id, self.profile.source)
                cursor.execute("DELETE FROM import_job_key WHERE job_id = %s", (job_id,))
                if not dry_run:
                    connection.commit()
                    report.outbox_collapsed = loader.collapse_outbox(cursor, outbox_from)
                if dry_run:
                    connection.rollback()  # a check writes nothing, not even its job
                else:
                    connection.commit()
                    if report.totals.inserted >= loader.ANALYZE_FROM_ROWS and report.totals.inserted > analyzed_at:
                        loader.analyze_imported_tables(cursor)  # for the index drain that follows
                        connection.commit()
        except BaseException as error:
            connection.rollback()
            if report.job_id is not None and not dry_run and not isinstance(error, KeyboardInterrupt):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE import_job SET status = 'failed', error = %s, updated_at = now() WHERE id = %s",
                        (f"{type(error).__name__}: {error}"[:4000], report.job_id),
                    )
                connection.commit()
            raise
        finally:
            try:
                connection.rollback()
                connection.execute(loader.SESSION_RESET)
                connection.execute("SELECT pg_advisory_unlock_all()")
                connection.commit()
            finally:
                raw.close()
                if station_raw is not None:
                    station_raw.driver_connection.autocommit = False  # as the pool handed it out
                    station_raw.close()
        report.seconds = time.perf_counter() - started
        return report

    def _audit_as(self) -> loader.AuditAs:
        return loader.AuditAs(self.importer.user_id, self.importer.via)

    def _reads_properties(self) -> bool:
        return any(item.kind == "properties" for item in self.inputs)

    def _reads(self) -> loader.Reads:
        fir, parties = self.profile.fir, self.profile.party_rows
        return loader.Reads(
            transfers=fir.transferred_to_station is not None,
            final_reports=fir.final_report_kind is not None,
            court_results=fir.court_result is not None,
            arrests=parties is not None and (parties.arrest_kind is not None or parties.arrested_at is not None),
        )

    def _expected_rows(self) -> int | None:
        total = 0
        for item in self.inputs:
            fmt = self.profile.format if item.kind == "firs" and self.profile.format else guess_format(item.path)
            rows = count_rows(item.path, fmt)
            if rows is None:
                return None
            total += rows
        return total

    def _open_job(self, cursor: psycopg.Cursor[Any], checksum: str, report: ImportReport,
                  dry_run: bool) -> tuple[int, dict[str, int]]:  # fmt: skip
        profile = self.profile
        if self.job_id is None and not dry_run:
            row = cursor.execute(
                "SELECT id FROM import_job WHERE file_checksum = %s AND profile_checksum = %s "
                "AND status IN ('queued', 'running', 'failed') ORDER BY id DESC LIMIT 1",
                (checksum, profile.checksum),
            ).fetchone()
            if row is not None:
                self.job_id = int(row[0])
        if self.job_id is not None:
            # A killed importer's server session may linger a moment before its lock goes: wait a little.
            cursor.execute("SET lock_timeout = '15s'")
            try:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, self.job_id))
            except psycopg.errors.LockNotAvailable:
                cursor.connection.rollback()
                raise ImportFailure(
                    f"import job {self.job_id} of this file is running in another process; wait for it to finish"
                ) from None
            cursor.execute("RESET lock_timeout")
            row = cursor.execute(
                "SELECT progress, counts, status FROM import_job WHERE id = %s FOR UPDATE", (self.job_id,)
            ).fetchone()
            if row is None:
                raise ImportFailure(f"import job {self.job_id} does not exist")
            progress, counts, _status = row
            if progress:
                report.resumed = True
                report.resumed_after = {k: int(v) for k, v in progress.items()}
            for name, data in (counts or {}).items():
                if name in report.files:
                    report.files[name] = FileCounts.from_dict(data)
            cursor.execute(
                "UPDATE import_job SET status = 'running', error = NULL, updated_at = now(), total_rows = %s, "
                "file_checksum = %s WHERE id = %s",
                (report.total_rows, checksum, self.job_id),
            )
            return self.job_id, dict(progress or {})
        row = cursor.execute(
            "INSERT INTO import_job (status, file_name, file_checksum, profile_name, profile_checksum, profile_text, "
            "source, total_rows, created_by_user_id, district_id) "
            "VALUES ('running', %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (self.display_name[:300], checksum, profile.name, profile.checksum, profile.text, profile.source,
             report.total_rows, self.importer.user_id, self.importer.district_id),
        ).fetchone()  # fmt: skip
        assert row is not None
        self.job_id = int(row[0])
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, self.job_id))
        return self.job_id, {}

    def _batches(self, item: Input, skip_to: int) -> Iterator[list[SourceRow]]:
        fmt = self.profile.format if item.kind == "firs" and self.profile.format else guess_format(item.path)
        rows = read_rows(item.path, fmt, sheet=self.profile.sheet, encoding=self.profile.csv.encoding,
                         delimiter=self.profile.csv.delimiter)  # fmt: skip
        batch: list[SourceRow] = []
        for row in rows:
            if row.number <= skip_to:
                continue
            batch.append(row)
            if len(batch) >= self.batch_rows:
                yield batch
                batch = []
        if batch:
            yield batch

    def _converted_batches(self, skip: dict[str, int], converter: RowConverter,
                           station_cursor: psycopg.Cursor[Any]) -> Iterator[tuple[Input, ConvertedBatch]]:  # fmt: skip
        """Every file's batches after its progress mark, converted."""
        for item in self.inputs:
            seen_persons: set[str] = set()
            for batch in self._batches(item, int(skip.get(item.name, 0))):
                yield item, self._convert_batch(station_cursor, item, batch, converter, seen_persons)

    def _convert_batch(self, cursor: psycopg.Cursor[Any], item: Input, batch: list[SourceRow],
                       converter: RowConverter, seen_persons: set[str]) -> ConvertedBatch:  # fmt: skip
        staged = StagedRows.empty()
        rejects: dict[int, list[Problem]] = {}
        for row in batch:
            try:
                if item.kind == "firs":
                    converter.fir(cursor, row.number, row.values, staged)
                elif item.kind == "properties":
                    converter.property(cursor, row.number, row.values, staged)
                elif item.kind == "persons":
                    key = converter.person(row.number, row.values, staged)
                    if key in seen_persons:
                        staged.persons.pop()
                        raise RowRejected([Problem("duplicate_in_file", "key", f"person key {key!r} appears twice")])
                    seen_persons.add(key)
                else:
                    converter.party(cursor, row.number, row.values, staged)
            except RowRejected as rejected:
                rejects[row.number] = rejected.problems
        return ConvertedBatch(batch, staged, rejects)

    def _write_batch_once(self, connection: psycopg.Connection[Any], cursor: psycopg.Cursor[Any], item: Input,
                          converted: ConvertedBatch, report: ImportReport, progress: dict[str, int],
                          job_id: int) -> None:  # fmt: skip
        """Write the batch with its progress mark in one transaction (a savepoint in a check). A batch PostgreSQL
        chose to end a deadlock is rolled back whole and written again: a live registration at one of its
        stations can hold a person the batch changes while it waits for the numbering counter the batch holds."""
        for attempt in range(1, BATCH_TRIES + 1):
            counts = report.files[item.name]
            before = counts.as_dict()
            try:
                with connection.transaction():
                    self._write_batch(cursor, item, converted, counts, job_id)
                    progress[item.name] = converted.rows[-1].number
                    self._save_progress(cursor, job_id, progress, report)
                return
            except psycopg.errors.DeadlockDetected:
                if attempt == BATCH_TRIES:
                    raise
                report.files[item.name] = FileCounts.from_dict(before)

    def _write_batch(self, cursor: psycopg.Cursor[Any], item: Input, converted: ConvertedBatch, counts: FileCounts,
                     job_id: int) -> None:  # fmt: skip
        batch, staged = converted.rows, converted.staged
        rejects = {number: list(problems) for number, problems in converted.rejects.items()}  # a retry starts over
        update = self.profile.on_existing == "update"
        loader.copy_rows(cursor, "stage_fir", loader.FIR_COLUMNS, staged.firs)
        loader.copy_rows(cursor, "stage_person", loader.PERSON_COLUMNS, staged.persons)
        loader.copy_rows(cursor, "stage_party", loader.PARTY_COLUMNS, staged.parties)
        loader.copy_rows(cursor, "stage_property", loader.PROPERTY_COLUMNS, staged.properties)
        results = []
        source = self.profile.source
        reads = self._reads()
        if item.kind == "firs":
            result = loader.merge_firs(
                cursor, job_id, source, update, reads, self._audit_as(), lock_numbers=not self._checking
            )
            results.append(result)
            if result.refused:
                refused = list(result.refused)
                cursor.execute("DELETE FROM stage_person WHERE src_row = ANY(%s)", (refused,))
                cursor.execute("DELETE FROM stage_party WHERE src_row = ANY(%s)", (refused,))
            if staged.persons:
                loader.merge_persons(cursor, source, update)
            if staged.parties:
                loader.merge_parties(cursor, source, update, reads, firs_checked=True)
        elif item.kind == "persons":
            results.append(loader.merge_persons(cursor, source, update))
        elif item.kind == "properties":
            results.append(loader.merge_properties(cursor, job_id, source, update))
        else:
            results.append(loader.merge_parties(cursor, source, update, reads))
        for result in results:
            for src_row, (reason, message) in result.refused.items():
                rejects.setdefault(src_row, []).append(Problem(reason, "row", message))
            counts.inserted += result.inserted
            counts.updated += result.updated
            counts.unchanged += result.unchanged
        counts.read += len(batch)
        counts.rejected += len(rejects)
        counts.accepted = counts.read - counts.rejected
        for problems in rejects.values():
            counts.reasons.update({problem.reason for problem in problems})
        if rejects:
            by_number = {row.number: row for row in batch}
            with cursor.copy("COPY import_reject (job_id, file_name, source_row, reasons, data) FROM STDIN") as copy:
                for number, problems in rejects.items():
                    source_row = by_number[number]
                    data = dict(source_row.values)
                    if source_row.sheet:
                        data["__sheet__"] = source_row.sheet
                        data["__row__"] = source_row.shown
                    copy.write_row(
                        (job_id, item.name, number, json.dumps([p.as_dict() for p in problems], ensure_ascii=False),
                         json.dumps(data, ensure_ascii=False, default=str))
                    )  # fmt: skip

    def _save_progress(self, cursor: psycopg.Cursor[Any], job_id: int, progress: dict[str, int],
                       report: ImportReport) -> None:  # fmt: skip
        cursor.execute(
            "UPDATE import_job SET progress = %s, counts = %s, reasons = %s, updated_at = now() WHERE id = %s",
            (
                Jsonb(progress),
                Jsonb({name: counts.as_dict() for name, counts in report.files.items()}),
                Jsonb(dict(report.totals.reasons)),
                job_id,
            ),
        )


def write_rejects_csv(engine: sa.Engine, job_id: int, out: Path | Any) -> int:
    """The job's rejected rows as CSV: file, row, reason codes, what is wrong, then the row as read (every cell
    safe to open in a spreadsheet: ``records.spreadsheet_cells``)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT file_name, source_row, reasons, data FROM import_reject WHERE job_id = :job "
                "ORDER BY file_name, source_row"
            ),
            {"job": job_id},
        ).all()
    columns: dict[str, None] = {}
    sheets = any("__sheet__" in row.data for row in rows)
    for row in rows:
        for key in row.data:
            if key not in {"__sheet__", "__row__"}:
                columns.setdefault(key, None)
    handle = out.open("w", encoding="utf-8-sig", newline="") if isinstance(out, Path) else out
    try:
        writer = csv.writer(handle)
        header = ["file", *(["sheet"] if sheets else []), "source_row", "reasons", "details", *columns]
        writer.writerow(safe_row(header))
        for row in rows:
            codes = ";".join(dict.fromkeys(problem["reason"] for problem in row.reasons))
            details = " | ".join(f"{problem['field']}: {problem['message']}" for problem in row.reasons)
            where = (
                [row.data.get("__sheet__", ""), row.data.get("__row__", row.source_row)] if sheets else [row.source_row]
            )
            writer.writerow(safe_row([row.file_name, *where, codes, details, *(row.data.get(c, "") for c in columns)]))
    finally:
        if isinstance(out, Path):
            handle.close()
    return len(rows)
