"""Bulk imports of legacy records: the job with its durable progress, rejected rows, and what each FIR said.

An import commits in batches; each batch's commit also moves the job's progress mark, so a killed import
resumes after the last batch that reached the database, and a re-run of the same file updates or skips by
the natural keys, never duplicates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base


class ImportJob(Base):
    """One import of one file (or export folder) with one mapping profile."""

    __tablename__ = "import_job"
    __table_args__ = (sa.Index("ix_import_job_checksum", "file_checksum", "profile_checksum"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(16), comment="queued, running, done, failed")
    file_name: Mapped[str] = mapped_column(sa.String(300))
    file_checksum: Mapped[str] = mapped_column(sa.String(64), comment="SHA-256 of the file(s) read")
    profile_name: Mapped[str] = mapped_column(sa.String(120))
    profile_checksum: Mapped[str] = mapped_column(sa.String(64))
    profile_text: Mapped[str] = mapped_column(sa.Text, comment="The profile exactly as used")
    source: Mapped[str] = mapped_column(sa.String(60), comment="Source system; namespace of its person keys")
    progress: Mapped[dict[str, Any]] = mapped_column(
        server_default=sa.text("'{}'::jsonb"), comment="Per input file: last source row committed"
    )
    counts: Mapped[dict[str, Any]] = mapped_column(
        server_default=sa.text("'{}'::jsonb"), comment="read, accepted, rejected, inserted, updated, unchanged"
    )
    reasons: Mapped[dict[str, Any]] = mapped_column(server_default=sa.text("'{}'::jsonb"), comment="Rejects per reason")
    total_rows: Mapped[int | None] = mapped_column(sa.BigInteger, comment="Rows expected, when known")
    error: Mapped[str | None] = mapped_column(sa.Text)
    upload_path: Mapped[str | None] = mapped_column(sa.Text, comment="Uploaded file kept for a background job")
    created_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id", ondelete="SET NULL"))
    district_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("police_district.id"), comment="Restricted to this district (a district SP's upload)"
    )
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    finished_at: Mapped[datetime | None]


class ImportReject(Base):
    """A source row that was not imported, with every reason; written in the batch's transaction."""

    __tablename__ = "import_reject"

    job_id: Mapped[int] = mapped_column(sa.ForeignKey("import_job.id", ondelete="CASCADE"), primary_key=True)
    file_name: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    source_row: Mapped[int] = mapped_column(
        sa.BigInteger, primary_key=True, comment="Row as a spreadsheet shows it (header = 1); line in JSON Lines"
    )
    reasons: Mapped[list[Any]] = mapped_column(sa.dialects.postgresql.JSONB, comment="[{reason, field, message}, ...]")
    data: Mapped[dict[str, Any]] = mapped_column(comment="The row as read")


class ImportJobKey(Base):
    """The FIR natural keys a job has met, and where: a second row with the same key is a duplicate."""

    __tablename__ = "import_job_key"

    job_id: Mapped[int] = mapped_column(sa.ForeignKey("import_job.id", ondelete="CASCADE"), primary_key=True)
    station_id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True)
    serial: Mapped[int] = mapped_column(primary_key=True)
    source_row: Mapped[int] = mapped_column(sa.BigInteger)


class ImportRecordKey(Base):
    """A source system's own key of a record (a person key in an export) -> our row, so re-runs update it."""

    __tablename__ = "import_record_key"

    source: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True, comment="person")
    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    entity_id: Mapped[int] = mapped_column(sa.BigInteger)


class FirLegacyRecord(Base):
    """What an imported FIR's source said where our model has no exact place: the citation and crime head as
    written (acts of other states are kept here even when the section table does not know them)."""

    __tablename__ = "fir_legacy_record"

    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(60))
    sections_as_given: Mapped[str | None] = mapped_column(sa.Text)
    crime_head_as_given: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    status_as_given: Mapped[str | None] = mapped_column(sa.String(80))
