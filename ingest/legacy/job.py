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

Its parts: ``inputs`` (the files and their headers), ``job_record`` (the job's row: found again, resumed, its
mark saved), ``batch`` (a batch converted by ``rows``, written by ``load``), ``rejects``, ``report``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from ingest.legacy import conversion_pool, job_record
from ingest.legacy.batch import ConvertedBatch, MergeSettings, convert_batch, write_batch
from ingest.legacy.conversion_pool import ConversionWorkers, SourceFile, WorkerSetup
from ingest.legacy.importer import Importer
from ingest.legacy.inputs import Input, check_profile_against_files, file_checksum, resolve_inputs, unread_sources
from ingest.legacy.load import staging, upkeep
from ingest.legacy.load.bulk.common import BulkSettings, may_skip_checks
from ingest.legacy.load.common import AuditAs, Reads
from ingest.legacy.load.properties import remove_unlisted_properties
from ingest.legacy.lookups import STATION_CONNECTION_SETTINGS, Lookups
from ingest.legacy.pipeline import ahead, fewer_collections
from ingest.legacy.profile import Profile, ProfileError
from ingest.legacy.readers import SourceRow, count_rows, guess_format, read_batches
from ingest.legacy.report import FileCounts, ImportFailure, ImportReport
from ingest.legacy.rows.converter import RowConverter

DEFAULT_BATCH_ROWS = 5000
BATCH_TRIES = 3  # a batch that loses a deadlock is written again this many times in all
Progress = Callable[[ImportReport], None]


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
        bulk: bool = True,
    ) -> None:
        self.engine, self.path, self.profile = engine, path, profile
        self.batch_rows, self.progress = batch_rows, progress
        self.job_id, self.display_name = job_id, display_name or path.name
        self.importer = importer or Importer.operator()
        self._checking = False
        self.after_batch = after_batch  # called with the batch number after each commit (tests use it)
        self.bulk = bulk  # new rows COPYed straight into the tables (``load.bulk``); False: every row merged
        self._skip_checks = False
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
                job_id, progress = job_record.open_job(
                    cursor, self.job_id, checksum, self.profile, report, dry_run, self.display_name, self.importer
                )
                self.job_id = job_id
                report.job_id = job_id
                staging.ensure_stage_tables(cursor)
                # Set-based merges of large batches: no JIT compiling (tens of ms per statement, more than it
                # saves here), and room to sort a batch in memory. Reset before the connection goes back.
                cursor.execute(staging.SESSION_SETTINGS)
                self._skip_checks = self.bulk and may_skip_checks(cursor)
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
                    station_connection.execute(STATION_CONNECTION_SETTINGS)
                station_cursor = cursor if dry_run else station_connection.cursor()
                batch_number = 0
                statistics = upkeep.StatisticsSchedule()
                produced = self._converted_batches(dict(progress), converter, station_cursor)
                # A check converts in this thread: its stations go into the transaction it rolls back.
                with nullcontext(produced) if dry_run else ahead(produced, depth=2) as converted_batches:
                    for item, converted in converted_batches:
                        batch_number += 1
                        self._write_batch_once(connection, cursor, item, converted, report, progress, job_id)
                        if not dry_run:
                            connection.commit()
                            # Statistics refreshed as the tables grow, for the merges of later batches
                            if statistics.due(report.totals):
                                upkeep.analyze_imported_tables(cursor)
                                connection.commit()
                                statistics.done(report.totals)
                        report.created_stations = list(lookups.created_stations)
                        report.created_districts = list(lookups.created_districts)
                        report.seconds = time.perf_counter() - started
                        if self.progress:
                            self.progress(report)
                        if self.after_batch:
                            self.after_batch(batch_number)
                report.status = "checked" if dry_run else "done"
                job_record.finish_job(cursor, job_id, report.status)
                if not dry_run and self.profile.on_existing == "update" and self._reads_properties():
                    remove_unlisted_properties(cursor, job_id, self.profile.source)
                cursor.execute("DELETE FROM import_job_key WHERE job_id = %s", (job_id,))
                if not dry_run:
                    connection.commit()
                    report.outbox_collapsed = upkeep.collapse_outbox(cursor, outbox_from)
                if dry_run:
                    connection.rollback()  # a check writes nothing, not even its job
                else:
                    connection.commit()
                    if (
                        report.totals.inserted >= upkeep.ANALYZE_FROM_ROWS
                        and report.totals.inserted > statistics.inserted
                    ):
                        upkeep.analyze_imported_tables(cursor)  # for the index drain that follows
                        connection.commit()
        except BaseException as error:
            connection.rollback()
            if report.job_id is not None and not dry_run and not isinstance(error, KeyboardInterrupt):
                job_record.mark_failed(connection, report.job_id, error)
            raise
        finally:
            try:
                connection.rollback()
                connection.execute(staging.SESSION_RESET)
                connection.execute("SELECT pg_advisory_unlock_all()")
                connection.commit()
            finally:
                raw.close()
                if station_raw is not None:
                    station_raw.invalidate()  # closed, not pooled: its autocommit and settings are this job's
        report.seconds = time.perf_counter() - started
        return report

    def _merge_settings(self) -> MergeSettings:
        return MergeSettings(
            self.profile.source,
            self.profile.on_existing == "update",
            self._reads(),
            self._audit_as(),
            lock_numbers=not self._checking,
            bulk=BulkSettings(self._skip_checks) if self.bulk else None,
        )

    def _audit_as(self) -> AuditAs:
        return AuditAs(self.importer.user_id, self.importer.via)

    def _reads_properties(self) -> bool:
        return any(item.kind == "properties" for item in self.inputs)

    def _reads(self) -> Reads:
        fir, parties = self.profile.fir, self.profile.party_rows
        return Reads(
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

    def _batches(self, item: Input, skip_to: int) -> Iterator[list[SourceRow]]:
        fmt = self.profile.format if item.kind == "firs" and self.profile.format else guess_format(item.path)
        return read_batches(item.path, fmt, self.batch_rows, skip_to, sheet=self.profile.sheet,
                            encoding=self.profile.csv.encoding, delimiter=self.profile.csv.delimiter)  # fmt: skip

    def _converted_batches(self, skip: dict[str, int], converter: RowConverter,
                           station_cursor: psycopg.Cursor[Any]) -> Iterator[tuple[Input, ConvertedBatch]]:  # fmt: skip
        """Every file's batches after its progress mark, converted: by worker processes reading the files where
        cores are free for them (``conversion_pool.CONVERT_WORKERS``) and there is more than a batch of CSV or
        JSON Lines; here (in the ``ahead`` thread) in a check, a small import or on two cores."""
        if self._checking or conversion_pool.CONVERT_WORKERS < 1 or (self._expected_rows() or 0) <= self.batch_rows:
            for item in self.inputs:
                seen_persons: set[str] = set()
                for batch in self._batches(item, int(skip.get(item.name, 0))):
                    yield item, convert_batch(station_cursor, item.kind, batch, converter, seen_persons)
            return
        url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        files = [
            SourceFile(item.name, item.kind, item.path, fmt, int(skip.get(item.name, 0)))
            for item in self.inputs
            for fmt in [self.profile.format if item.kind == "firs" and self.profile.format else guess_format(item.path)]
        ]
        lookups = converter.lookups
        setup = WorkerSetup(url, self.profile, lookups.jurisdiction, files, self.batch_rows, os.getpid(),
                            lookups.stations_loaded_to)  # fmt: skip
        inputs = {item.name: item for item in self.inputs}
        seen: dict[str, set[str]] = {item.name: set() for item in self.inputs}  # person keys met, by file
        with ConversionWorkers(setup, conversion_pool.CONVERT_WORKERS) as workers:
            for result in workers.batches():
                lookups.created_stations.extend(result.created_stations)
                lookups.created_districts.extend(result.created_districts)
                yield inputs[result.file], result.converted(seen[result.file])

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
                    write_batch(cursor, item.kind, item.name, converted, counts, job_id, self._merge_settings())
                    progress[item.name] = converted.rows[-1].number
                    job_record.save_progress(cursor, job_id, progress, report)
                return
            except psycopg.errors.DeadlockDetected:
                if attempt == BATCH_TRIES:
                    raise
                report.files[item.name] = FileCounts.from_dict(before)
