"""pending-case indexes the pendency page reads alone (month rollup with district and count; day rollup by day for
the state view); rollup tables vacuumed after 2% of their rows change, so index-only scans stay index-only

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status IN ('registered', 'under_investigation')")
ROLLUP_TABLES = ("fir_rollup_day", "fir_rollup_month", "fir_rollup_state_month")
# The default (20% of a table changed) lets refreshes clear the visibility map of most of a ten-million-row rollup
# before autovacuum sets it again; until then every index-only scan reads the table too.
VACUUM_SOON = "autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02"


def upgrade() -> None:
    # Pending FIRs of every month since 2008 are summed per district on each pendency view: with the district and
    # the count in the index, that is an index-only scan of a few MB instead of a read of the whole month rollup.
    op.drop_index("ix_fir_rollup_month_pending", table_name="fir_rollup_month")
    op.create_index(
        "ix_fir_rollup_month_pending",
        "fir_rollup_month",
        ["month"],
        unique=False,
        postgresql_where=PENDING,
        postgresql_include=["district_id", "firs"],
    )
    # The state view counts the days of the cutoffs' months for every district: by day, not district first.
    op.create_index(
        "ix_fir_rollup_day_pending_by_day",
        "fir_rollup_day",
        ["day"],
        unique=False,
        postgresql_where=PENDING,
        postgresql_include=["district_id", "firs"],
    )
    for table in ROLLUP_TABLES:
        op.execute(f"ALTER TABLE {table} SET ({VACUUM_SOON})")


def downgrade() -> None:
    op.drop_index("ix_fir_rollup_day_pending_by_day", table_name="fir_rollup_day")
    for table in ROLLUP_TABLES:
        op.execute(f"ALTER TABLE {table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)")
    op.drop_index("ix_fir_rollup_month_pending", table_name="fir_rollup_month")
    op.create_index(
        "ix_fir_rollup_month_pending", "fir_rollup_month", ["month"], unique=False, postgresql_where=PENDING
    )
