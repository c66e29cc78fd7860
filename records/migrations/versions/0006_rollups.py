"""dashboard rollups: dirty (station, day) queue filled by triggers, day and month rollups, NCRB reference series

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIR_STATUS = postgresql.ENUM(name="fir_status", create_type=False)

# A FIR's rollup day is its registration date in India time.
DAY = "(({t}.registered_at AT TIME ZONE 'Asia/Kolkata')::date)"

# Statement-level triggers with transition tables: one INSERT per statement, whatever its size (a COPY of a
# million rows included). ON CONFLICT DO UPDATE (not DO NOTHING) takes the row lock until the writer commits,
# so a refresh can never consume the mark before the change it stands for is visible (it skips locked marks).
MARK = (
    "INSERT INTO rollup_dirty (station_id, day) SELECT DISTINCT station_id, day FROM ({rows}) AS changed "
    "WHERE station_id IS NOT NULL "
    "ON CONFLICT (station_id, day) DO UPDATE SET marked_at = now()"
)

FUNCTIONS = {
    "rollup_mark_fir_insert": MARK.format(rows=f"SELECT n.station_id, {DAY.format(t='n')} AS day FROM new_rows n"),
    "rollup_mark_fir_delete": MARK.format(rows=f"SELECT o.station_id, {DAY.format(t='o')} AS day FROM old_rows o"),
    "rollup_mark_fir_update": MARK.format(
        rows=f"SELECT n.station_id, {DAY.format(t='n')} AS day FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE (n.station_id, n.registered_at, n.status) IS DISTINCT FROM (o.station_id, o.registered_at, o.status) "
        f"UNION ALL SELECT o.station_id, {DAY.format(t='o')} FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "WHERE (n.station_id, n.registered_at) IS DISTINCT FROM (o.station_id, o.registered_at)"
    ),
}
# Child tables: the FIR they belong to (a cascade delete of the FIR finds none, and the FIR's own trigger marks it).
CHILD_TABLES = ("fir_section", "fir_party", "arrest")
for _table in CHILD_TABLES:
    for _rows in ("new_rows", "old_rows"):
        FUNCTIONS[f"rollup_mark_{_table}_{_rows}"] = MARK.format(
            rows=f"SELECT f.station_id, {DAY.format(t='f')} AS day FROM fir f "
            f"WHERE f.id IN (SELECT fir_id FROM {_rows})"
        )


def _function(name: str, body: str) -> str:
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"


def _triggers() -> list[tuple[str, str, str]]:
    """(trigger name, table, CREATE TRIGGER statement)."""
    found = []

    def add(table: str, event: str, function: str, referencing: str) -> None:
        name = f"rollup_mark_{table}_{event.lower()}"
        found.append(
            (
                name,
                table,
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            )
        )

    add("fir", "INSERT", "rollup_mark_fir_insert", "NEW TABLE AS new_rows")
    add("fir", "DELETE", "rollup_mark_fir_delete", "OLD TABLE AS old_rows")
    add("fir", "UPDATE", "rollup_mark_fir_update", "OLD TABLE AS old_rows NEW TABLE AS new_rows")
    for table in CHILD_TABLES:
        add(table, "INSERT", f"rollup_mark_{table}_new_rows", "NEW TABLE AS new_rows")
        add(table, "DELETE", f"rollup_mark_{table}_old_rows", "OLD TABLE AS old_rows")
    # An UPDATE of a child row can move it to another FIR: mark both (two triggers, one per transition table).
    for table in CHILD_TABLES:
        found.append(
            (
                f"rollup_mark_{table}_update",
                table,
                f"CREATE TRIGGER rollup_mark_{table}_update AFTER UPDATE ON {table} "
                f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_{table}_update()",
            )
        )
    return found


def upgrade() -> None:
    op.create_index("ix_fir_station_id_registered_at", "fir", ["station_id", "registered_at"], unique=False)
    op.create_table(
        "rollup_dirty",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "day", name=op.f("pk_rollup_dirty")),
    )
    op.create_index(op.f("ix_rollup_dirty_marked_at"), "rollup_dirty", ["marked_at"], unique=False)

    def counts() -> list[sa.Column]:
        return [
            sa.Column("crime_head_id", sa.Integer(), nullable=False, comment="0: no section with a crime head"),
            sa.Column("law", sa.String(length=4), nullable=False, comment="IPC, BNS or SLL (special and local)"),
            sa.Column("status", FIR_STATUS, nullable=False),
            sa.Column("against_women", sa.Boolean(), nullable=False),
            sa.Column("against_sc_st", sa.Boolean(), nullable=False),
            sa.Column("firs", sa.BigInteger(), nullable=False),
            sa.Column("accused", sa.BigInteger(), nullable=False, comment="Accused named in these FIRs"),
            sa.Column("arrested", sa.BigInteger(), nullable=False, comment="Distinct people arrested or surrendered"),
        ]

    key = ["crime_head_id", "law", "status", "against_women", "against_sc_st"]
    op.create_table(
        "fir_rollup_day",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        *counts(),
        sa.PrimaryKeyConstraint("station_id", "day", *key, name=op.f("pk_fir_rollup_day")),
    )
    op.create_index(op.f("ix_fir_rollup_day_day"), "fir_rollup_day", ["day"], unique=False)
    op.create_index("ix_fir_rollup_day_district_id_day", "fir_rollup_day", ["district_id", "day"], unique=False)
    op.create_index(
        "ix_fir_rollup_day_pending",
        "fir_rollup_day",
        ["district_id", "day"],
        unique=False,
        postgresql_where=sa.text("status IN ('registered', 'under_investigation')"),
        postgresql_include=["station_id", "firs"],
    )
    op.create_table(
        "fir_rollup_month",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False, comment="First day of the month"),
        *counts(),
        sa.PrimaryKeyConstraint("district_id", "month", *key, name=op.f("pk_fir_rollup_month")),
    )
    op.create_index(op.f("ix_fir_rollup_month_month"), "fir_rollup_month", ["month"], unique=False)
    op.create_index(
        "ix_fir_rollup_month_pending",
        "fir_rollup_month",
        ["month"],
        unique=False,
        postgresql_where=sa.text("status IN ('registered', 'under_investigation')"),
    )
    op.create_table(
        "fir_rollup_state_month",
        sa.Column("month", sa.Date(), nullable=False, comment="First day of the month"),
        *counts(),
        sa.PrimaryKeyConstraint("month", *key, name=op.f("pk_fir_rollup_state_month")),
    )
    op.create_table(
        "ncrb_reference_count",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("crime_head_code", sa.String(length=40), nullable=False, comment="TOTAL for all IPC"),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["police_district.id"],
            name=op.f("fk_ncrb_reference_count_district_id_police_district"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("district_id", "year", "crime_head_code", name=op.f("pk_ncrb_reference_count")),
    )
    for name, body in FUNCTIONS.items():
        op.execute(_function(name, body))
    for table in CHILD_TABLES:
        op.execute(
            _function(
                f"rollup_mark_{table}_update",
                MARK.format(
                    rows=f"SELECT f.station_id, {DAY.format(t='f')} AS day FROM fir f WHERE f.id IN "
                    f"(SELECT fir_id FROM new_rows UNION SELECT fir_id FROM old_rows)"
                ),
            )
        )
    for _name, _table, statement in _triggers():
        op.execute(statement)


def downgrade() -> None:
    for name, table, _statement in _triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name in [*FUNCTIONS, *(f"rollup_mark_{table}_update" for table in CHILD_TABLES)]:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("ncrb_reference_count")
    op.drop_table("fir_rollup_state_month")
    op.drop_index(op.f("ix_fir_rollup_month_month"), table_name="fir_rollup_month")
    op.drop_table("fir_rollup_month")
    op.drop_index("ix_fir_rollup_day_district_id_day", table_name="fir_rollup_day")
    op.drop_index(op.f("ix_fir_rollup_day_day"), table_name="fir_rollup_day")
    op.drop_table("fir_rollup_day")
    op.drop_index(op.f("ix_rollup_dirty_marked_at"), table_name="rollup_dirty")
    op.drop_table("rollup_dirty")
    op.drop_index("ix_fir_station_id_registered_at", table_name="fir")
