"""FIR number counters hold the last serial a live registration took (issue 17): an import used to raise them to
the highest serial it brought (an imported 90000/2026 made the next live FIR 90001/2026). Each counter is set back
to the highest serial of its station-year's live FIRs (those without a fir_legacy_record); live registration now
steps over serials imported FIRs hold, so no number is issued twice. Serials issued live after such a jump stay
as they are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        UPDATE fir_number_counter c SET last_serial = coalesce((
            SELECT max(f.serial) FROM fir f
            WHERE f.station_id = c.station_id AND f.year = c.year
            AND NOT EXISTS (SELECT 1 FROM fir_legacy_record l WHERE l.fir_id = f.id)), 0)
        """
    )


def downgrade() -> None:
    # The earlier rule: a counter at least the highest serial of its station-year, imported or live.
    op.execute(
        """
        UPDATE fir_number_counter c SET last_serial = greatest(c.last_serial, coalesce(
            (SELECT max(f.serial) FROM fir f WHERE f.station_id = c.station_id AND f.year = c.year), 0))
        """
    )
