"""Bulk imports of legacy records through the API: upload a file with a profile, follow the job, download its
rejected rows.

Who may import is the jurisdiction rule's (``records.access``): HQ into any station, a district SP into their own
district's stations (a row of another station is rejected as ``outside_jurisdiction``, and stations are created
only there); administrators, investigators and station officers do not import. A job is seen by whoever may
import into its district (HQ every job, an SP their district's).
"""

from __future__ import annotations

import io
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ingest.legacy.archive import UnsafeArchive, ZipLimits, extract_upload
from ingest.legacy.inputs import check_profile_against_files, resolve_inputs, unread_sources
from ingest.legacy.profile import Profile, ProfileError, load_shipped_profile, parse_profile
from ingest.legacy.rejects import write_rejects_csv
from records.background import BackgroundWork
from records.models import ImportJob
from records.settings import get_settings
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError

router = APIRouter(prefix="/imports", tags=["imports"])
UPLOAD_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".jsonl", ".ndjson", ".zip"}
JobId = Annotated[int, PathParam(ge=1, le=2**62)]
ERRORS = {
    401: {"description": "Not authenticated"},
    403: {"description": "Not allowed to import (or to see this job)"},
    404: {"description": "No such import job"},
    422: {"description": "The file, the profile, or the two together are not usable"},
}


def get_background(request: Request) -> BackgroundWork | None:
    """The app's background work (``cctns.asgi``), which runs the import jobs."""
    background: BackgroundWork | None = request.app.state.background
    return background


BackgroundDep = Annotated[BackgroundWork | None, Depends(get_background)]


class FileProgress(BaseModel):
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    reasons: dict[str, int] = Field(default_factory=dict)


class ImportJobOut(BaseModel):
    id: int
    status: str = Field(description="queued, running, done, failed")
    file_name: str
    profile_name: str
    total_rows: int | None = Field(description="Rows expected (CSV, JSON Lines), when known")
    totals: FileProgress = Field(description="read = accepted + rejected, at every moment")
    files: dict[str, FileProgress]
    reasons: dict[str, int] = Field(description="Rejected rows per reason")
    error: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    rejects_url: str
    not_read: list[str] = Field(
        default_factory=list,
        description="Files and columns of the upload that the profile does not read (given when the job is created)",
    )


def _job_out(request: Request, job: ImportJob, not_read: list[str] | None = None) -> ImportJobOut:
    files = {name: FileProgress(**data) for name, data in (job.counts or {}).items()}
    totals = FileProgress()
    for counts in files.values():
        for name in ("read", "accepted", "rejected", "inserted", "updated", "unchanged"):
            setattr(totals, name, getattr(totals, name) + getattr(counts, name))
    totals.reasons = dict(job.reasons or {})
    return ImportJobOut(
        id=job.id,
        status=job.status,
        file_name=job.file_name,
        profile_name=job.profile_name,
        total_rows=job.total_rows,
        totals=totals,
        files=files,
        reasons=dict(job.reasons or {}),
        error=job.error,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
        rejects_url=str(request.url_for("import_rejects", job_id=job.id)),
        not_read=not_read or [],
    )


def _profile(profile: str | None, profile_text: str | None, profile_format: str) -> Profile:
    if bool(profile) == bool(profile_text):
        raise ApiError(
            422,
            "give either profile (a shipped profile's name) or profile_text (the profile itself)",
            problems=[(("body", "profile"), "give exactly one of profile and profile_text")],
        )
    try:
        if profile:
            return load_shipped_profile(profile)  # a name only: never a file of the server's
        return parse_profile(profile_text or "", profile_format, "uploaded profile")
    except ProfileError as error:
        field = "profile" if profile else "profile_text"
        raise ApiError(422, str(error).splitlines()[0], problems=[(("body", field), str(error))]) from None


def _store_upload(file: UploadFile, folder: Path) -> Path:
    name = Path(file.filename or "upload.csv").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        reason = f"send CSV, Excel (.xlsx), JSON Lines or a .zip of an export folder, not {suffix or 'no extension'}"
        raise ApiError(422, f"{name} is not a file the import reads", problems=[(("body", "file"), reason)])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with target.open("wb") as out:
        shutil.copyfileobj(file.file, out, length=1 << 20)
    if suffix != ".zip":
        return target
    settings = get_settings()
    limits = ZipLimits(settings.import_zip_max_bytes, settings.import_zip_max_ratio, settings.import_zip_max_members)
    try:
        return extract_upload(target, folder / "export", limits)
    except UnsafeArchive as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiError(422, f"{name}: {error}", problems=[(("body", "file"), str(error))]) from None


@router.post("", status_code=202, responses=ERRORS, summary="Start an import of legacy records")
def create_import(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    background: BackgroundDep,
    file: Annotated[UploadFile, File(description="CSV, Excel (.xlsx), JSON Lines, or a .zip of an export folder")],
    profile: Annotated[str | None, Form(description="A shipped profile's name, e.g. cctns-export")] = None,
    profile_text: Annotated[str | None, Form(description="The profile itself (YAML or TOML)")] = None,
    profile_format: Annotated[str, Form(pattern="^(yaml|toml)$")] = "yaml",
) -> ImportJobOut:
    """Store the upload, check the profile against it, and run the import as a background job (a Celery worker
    with a broker, else a thread of this server). Poll ``GET /imports/{id}``; rejected rows come from
    ``GET /imports/{id}/rejects``."""
    principal.access.require_import()
    chosen = _profile(profile, profile_text, profile_format)
    settings = get_settings()
    folder = settings.data_dir / "imports" / uuid.uuid4().hex
    path = _store_upload(file, folder)
    not_read: list[str] = []
    try:
        inputs = resolve_inputs(path, chosen)
        problems = check_profile_against_files(chosen, inputs)
        not_read = unread_sources(chosen, inputs)
    except Exception as error:
        problems = [str(error)]
    if problems:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiError(
            422,
            f"profile {chosen.name!r} does not fit {file.filename}",
            problems=[(("body", "file"), problem) for problem in problems],
        )
    if background is None:
        shutil.rmtree(folder, ignore_errors=True)
        raise ApiError(503, "this server runs no background work, so it cannot run an import")
    job = ImportJob(
        status="queued",
        file_name=(file.filename or path.name)[:300],
        file_checksum="",
        profile_name=chosen.name + (".toml" if profile_format == "toml" and profile_text else ""),
        profile_checksum=chosen.checksum,
        profile_text=chosen.text,
        source=chosen.source,
        upload_path=str(path),
        created_by_user_id=principal.user_id,
        district_id=principal.access.district_only,
    )
    session.add(job)
    session.flush()
    audit(session, request, principal, "create", "import_job", job.id,
          {"file_name": job.file_name, "profile": job.profile_name, "district_id": job.district_id})  # fmt: skip
    session.commit()
    background.start_import(job.id)
    session.refresh(job)
    return _job_out(request, job, not_read)


def _job(session: SessionDep, principal: Principal, job_id: int) -> ImportJob:
    principal.access.require_import()
    job = session.get(ImportJob, job_id)
    if job is None:
        raise ApiError(404, f"no import job {job_id}")
    refused = principal.access.import_district_refusal(job.district_id, f"import job {job_id}'s district")
    if refused:
        raise ApiError(403, refused)
    return job


@router.get("/{job_id}", responses=ERRORS, summary="An import job's progress and counts")
def read_import(request: Request, session: SessionDep, principal: PrincipalDep, job_id: JobId) -> ImportJobOut:
    return _job_out(request, _job(session, principal, job_id))


@router.get(
    "/{job_id}/rejects",
    name="import_rejects",
    responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "Rejected rows with their reasons"}},
    summary="The job's rejected rows as CSV",
)
def read_rejects(request: Request, session: SessionDep, principal: PrincipalDep, job_id: JobId) -> Response:
    job = _job(session, principal, job_id)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets open UTF-8 CSV right with a BOM
    write_rejects_csv(request.app.state.database.engine, job.id, buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job.id}-rejects.csv"'},
    )
