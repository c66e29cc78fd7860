"""the month rollup's pending-cases index carries district and count, so the pendency page reads it alone

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


def downgrade() -> None:
    op.drop_index("ix_fir_rollup_month_pending", table_name="fir_rollup_month")
    op.create_index(
        "ix_fir_rollup_month_pending", "fir_rollup_month", ["month"], unique=False, postgresql_where=PENDING
    )
