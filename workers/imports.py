"""Imports as background jobs: the API stores the upload and an ``import_job`` row (status ``queued``); this
runs it, in a Celery worker when a broker is configured (task ``cctns.import_file``, acknowledged late, so a
worker killed mid-import hands it on and the job resumes after its last committed batch) or else in a thread
of the server process (``workers.background`` chooses and starts it).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ingest.legacy.importer import Importer
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import parse_profile
from workers.resources import worker_resources

IMPORT_TASK = "cctns.import_file"
log = logging.getLogger(__name__)


def run_import_job(engine: sa.Engine, job_id: int) -> dict[str, object]:
    """Run (or resume) queued job ``job_id`` to its end; returns its summary. Errors are kept on the job."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT upload_path, profile_text, profile_name, district_id, created_by_user_id, status "
                "FROM import_job WHERE id = :id"
            ),
            {"id": job_id},
        ).one_or_none()
    if row is None or row.status == "done":
        return {"job_id": job_id, "status": row.status if row else "missing"}
    fmt = "toml" if row.profile_name.endswith(".toml") else "yaml"
    profile = parse_profile(row.profile_text, fmt, row.profile_name)
    try:
        report = ImportRun(engine, Path(row.upload_path), profile, job_id=job_id, importer=_importer(engine, row)).run()
    except Exception as error:  # the job row says what went wrong; the caller polls it
        log.exception("import job %d failed", job_id)
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE import_job SET status = 'failed', error = :e, updated_at = now() WHERE id = :id"),
                {"e": f"{type(error).__name__}: {error}"[:4000], "id": job_id},
            )
        return {"job_id": job_id, "status": "failed"}
    return report.as_dict()


def _importer(engine: sa.Engine, job: sa.Row[Any]) -> Importer:
    """Whom the job imports for: its user with the jurisdiction they have now; a job without one was made on the
    server itself (by its operator), held to the job's district if it has one."""
    if job.created_by_user_id is None:
        return Importer.operator(job.district_id, via="server")
    with engine.connect() as connection:
        return Importer.user(connection, job.created_by_user_id)


def import_file_task(job_id: int) -> dict[str, object]:
    """The Celery task body: the worker's own database connection runs the job."""
    return run_import_job(worker_resources().database.engine, job_id)


def start_import_thread(engine: sa.Engine, job_id: int) -> threading.Thread:
    """Run queued job ``job_id`` in a daemon thread of this process (a server or its background process)."""
    thread = threading.Thread(target=run_import_job, args=(engine, job_id), name=f"import-{job_id}", daemon=True)
    thread.start()
    return thread


def unfinished_jobs(engine: sa.Engine) -> list[int]:
    """Uploaded jobs a stopped server left queued or running, oldest first (none on a schema older than the import
    tables)."""
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    sa.text(
                        "SELECT id FROM import_job WHERE upload_path IS NOT NULL "
                        "AND status IN ('queued', 'running') ORDER BY id"
                    )
                ).scalars()
            )
    except sa.exc.ProgrammingError:
        return []
