"""imported case records: fir_property, arrest, final_report and court_disposal rows say which import source wrote
them, so a re-run of a legacy import replaces its own rows (never doubles them) and leaves rows entered here alone

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE_COMMENT = "Import source that wrote this row (NULL: recorded here)"
IMPORTED = sa.text("import_source IS NOT NULL")
# One imported row per natural key: an arrest per (FIR, person), a final report and a court result per FIR.
UNIQUE = {
    "arrest": ["fir_id", "person_id", "import_source"],
    "final_report": ["fir_id", "import_source"],
    "court_disposal": ["fir_id", "import_source"],
}


def upgrade() -> None:
    op.add_column("fir_property", sa.Column("import_source", sa.String(length=60), nullable=True,
                                            comment=SOURCE_COMMENT))  # fmt: skip
    op.add_column(
        "fir_property",
        sa.Column("import_job_id", sa.BigInteger(), nullable=True, comment="Import job that last wrote this row"),
    )
    for table, columns in UNIQUE.items():
        op.add_column(table, sa.Column("import_source", sa.String(length=60), nullable=True, comment=SOURCE_COMMENT))
        op.create_index(f"ux_{table}_imported", table, columns, unique=True, postgresql_where=IMPORTED)


def downgrade() -> None:
    for table in UNIQUE:
        op.drop_index(f"ux_{table}_imported", table_name=table)
        op.drop_column(table, "import_source")
    op.drop_column("fir_property", "import_job_id")
    op.drop_column("fir_property", "import_source")
