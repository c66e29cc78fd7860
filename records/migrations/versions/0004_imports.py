"""bulk imports of legacy records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_record_key",
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="person"),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("source", "kind", "key", name=op.f("pk_import_record_key")),
    )
    op.create_table(
        "import_job",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False, comment="queued, running, done, failed"),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_checksum", sa.String(length=64), nullable=False, comment="SHA-256 of the file(s) read"),
        sa.Column("profile_name", sa.String(length=120), nullable=False),
        sa.Column("profile_checksum", sa.String(length=64), nullable=False),
        sa.Column("profile_text", sa.Text(), nullable=False, comment="The profile exactly as used"),
        sa.Column(
            "source", sa.String(length=60), nullable=False, comment="Source system; namespace of its person keys"
        ),
        sa.Column(
            "progress",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
            comment="Per input file: last source row committed",
        ),
        sa.Column(
            "counts",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
            comment="read, accepted, rejected, inserted, updated, unchanged",
        ),
        sa.Column(
            "reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
            comment="Rejects per reason",
        ),
        sa.Column("total_rows", sa.BigInteger(), nullable=True, comment="Rows expected, when known"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("upload_path", sa.Text(), nullable=True, comment="Uploaded file kept for a background job"),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column(
            "district_id", sa.Integer(), nullable=True, comment="Restricted to this district (a district SP's upload)"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_import_job_created_by_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["police_district.id"], name=op.f("fk_import_job_district_id_police_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
    )
    op.create_index("ix_import_job_checksum", "import_job", ["file_checksum", "profile_checksum"], unique=False)
    op.create_table(
        "fir_legacy_record",
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("sections_as_given", sa.Text(), nullable=True),
        sa.Column("crime_head_as_given", sa.String(length=200), nullable=True),
        sa.Column("status_as_given", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["fir_id"], ["fir.id"], name=op.f("fk_fir_legacy_record_fir_id_fir"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("fir_id", name=op.f("pk_fir_legacy_record")),
    )
    op.create_index(
        op.f("ix_fir_legacy_record_crime_head_as_given"), "fir_legacy_record", ["crime_head_as_given"], unique=False
    )
    op.create_table(
        "import_job_key",
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("source_row", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["import_job.id"], name=op.f("fk_import_job_key_job_id_import_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "station_id", "year", "serial", name=op.f("pk_import_job_key")),
    )
    op.create_table(
        "import_reject",
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column(
            "source_row",
            sa.BigInteger(),
            nullable=False,
            comment="Row as a spreadsheet shows it (header = 1); line in JSON Lines",
        ),
        sa.Column(
            "reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="[{reason, field, message}, ...]",
        ),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="The row as read"),
        sa.ForeignKeyConstraint(
            ["job_id"], ["import_job.id"], name=op.f("fk_import_reject_job_id_import_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "file_name", "source_row", name=op.f("pk_import_reject")),
    )


def downgrade() -> None:
    op.drop_table("import_reject")
    op.drop_table("import_job_key")
    op.drop_index(op.f("ix_fir_legacy_record_crime_head_as_given"), table_name="fir_legacy_record")
    op.drop_table("fir_legacy_record")
    op.drop_index("ix_import_job_checksum", table_name="import_job")
    op.drop_table("import_job")
    op.drop_table("import_record_key")
