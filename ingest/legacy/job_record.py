"""The ``import_job`` row of an import: an unfinished job of the same file and profile found again (by their
checksums) and resumed after its progress mark, one process at a time; the mark and the counts saved with each
batch; the job's end or its failure."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ingest.legacy.importer import Importer
from ingest.legacy.profile import Profile
from ingest.legacy.report import FileCounts, ImportFailure, ImportReport

LOCK_SPACE = 0x1E9  # advisory-lock namespace of import jobs: one process works on a job at a time


def open_job(
    cursor: psycopg.Cursor[Any], job_id: int | None, checksum: str, profile: Profile, report: ImportReport,
    dry_run: bool, display_name: str, importer: Importer,
) -> tuple[int, dict[str, int]]:  # fmt: skip
    """The job's id and its progress mark (last source row done per file; counts so far go into ``report``):
    ``job_id``'s, else an unfinished job of this file and profile's, else a new job's. The job is locked for
    this session."""
    if job_id is None and not dry_run:
        row = cursor.execute(
            "SELECT id FROM import_job WHERE file_checksum = %s AND profile_checksum = %s "
            "AND status IN ('queued', 'running', 'failed') ORDER BY id DESC LIMIT 1",
            (checksum, profile.checksum),
        ).fetchone()
        if row is not None:
            job_id = int(row[0])
    if job_id is not None:
        # A killed importer's server session may linger a moment before its lock goes: wait a little.
        cursor.execute("SET lock_timeout = '15s'")
        try:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, job_id))
        except psycopg.errors.LockNotAvailable:
            cursor.connection.rollback()
            raise ImportFailure(
                f"import job {job_id} of this file is running in another process; wait for it to finish"
            ) from None
        cursor.execute("RESET lock_timeout")
        row = cursor.execute(
            "SELECT progress, counts, status FROM import_job WHERE id = %s FOR UPDATE", (job_id,)
        ).fetchone()
        if row is None:
            raise ImportFailure(f"import job {job_id} does not exist")
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
            (report.total_rows, checksum, job_id),
        )
        return job_id, dict(progress or {})
    row = cursor.execute(
        "INSERT INTO import_job (status, file_name, file_checksum, profile_name, profile_checksum, profile_text, "
        "source, total_rows, created_by_user_id, district_id) "
        "VALUES ('running', %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (display_name[:300], checksum, profile.name, profile.checksum, profile.text, profile.source,
         report.total_rows, importer.user_id, importer.district_id),
    ).fetchone()  # fmt: skip
    assert row is not None
    job_id = int(row[0])
    cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_SPACE, job_id))
    return job_id, {}


def save_progress(cursor: psycopg.Cursor[Any], job_id: int, progress: dict[str, int], report: ImportReport) -> None:
    """The job's progress mark and counts, written in the batch's transaction."""
    cursor.execute(
        "UPDATE import_job SET progress = %s, counts = %s, reasons = %s, updated_at = now() WHERE id = %s",
        (
            Jsonb(progress),
            Jsonb({name: counts.as_dict() for name, counts in report.files.items()}),
            Jsonb(dict(report.totals.reasons)),
            job_id,
        ),
    )


def finish_job(cursor: psycopg.Cursor[Any], job_id: int, status: str) -> None:
    """The job ends: ``done``, or ``checked`` for a check (whose transaction is then rolled back)."""
    cursor.execute(
        "UPDATE import_job SET status = %s, finished_at = now(), updated_at = now() WHERE id = %s", (status, job_id)
    )


def mark_failed(connection: psycopg.Connection[Any], job_id: int, error: BaseException) -> None:
    """Record why the job stopped (a re-run of the file goes on after its mark)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE import_job SET status = 'failed', error = %s, updated_at = now() WHERE id = %s",
            (f"{type(error).__name__}: {error}"[:4000], job_id),
        )
    connection.commit()
