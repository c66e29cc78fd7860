"""federated search across states: the owner's sharing level of an FIR, and the national node's search index

``fir_sharing`` (a state node): the level a station set for one of its FIRs outside the state (visible, pointer,
invisible); no row is visible. ``network_search_record``, ``network_search_party`` and
``network_search_identifier`` (a national node): what a federated search reads, derived from each exchange
record the node stores, in the same transaction (``exchange.search.index``): one row per record with what a hit
shows, one per named person with the phonetic keys of their name and their relative's name, one per vehicle
registration or mobile number. Withheld people (protected victims, children) never get a row.
``network_search_pending``: the records of ``national_record`` (migration 0015) stored, replaced or deleted and not
yet indexed, written by this migration's trigger on that table (row by row, fired always, as 0013 set every
trigger of ours), drained before every national search.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_QUEUE = """
CREATE FUNCTION network_search_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO network_search_pending (state_code, record_id)
    VALUES (COALESCE(NEW.state_code, OLD.state_code), COALESCE(NEW.record_id, OLD.record_id))
    ON CONFLICT DO NOTHING;
    IF TG_OP = 'UPDATE' AND (OLD.state_code, OLD.record_id) IS DISTINCT FROM (NEW.state_code, NEW.record_id) THEN
        INSERT INTO network_search_pending (state_code, record_id) VALUES (OLD.state_code, OLD.record_id)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "network_search_pending",
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("state_code", "record_id", name=op.f("pk_network_search_pending")),
    )
    op.execute(_QUEUE)
    op.execute(
        "CREATE TRIGGER network_search_queue AFTER INSERT OR UPDATE OR DELETE ON national_record "
        "FOR EACH ROW EXECUTE FUNCTION network_search_queue()"
    )
    op.execute("ALTER TABLE national_record ENABLE ALWAYS TRIGGER network_search_queue")
    op.create_table(
        "network_search_record",
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("fir_key", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "sharing", sa.String(length=10), nullable=False, comment="The owner's level; a protected case is invisible"
        ),
        sa.Column("station", sa.String(length=40), nullable=False, comment="National station code"),
        sa.Column("station_name", sa.String(length=120), nullable=True),
        sa.Column("station_name_hi", sa.String(length=120), nullable=True),
        sa.Column("district", sa.String(length=24), nullable=False, comment="National district code"),
        sa.Column("district_name", sa.String(length=120), nullable=True),
        sa.Column("district_name_hi", sa.String(length=120), nullable=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("io_name", sa.String(length=120), nullable=True),
        sa.Column("io_rank", sa.String(length=40), nullable=True),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the national node stored this version",
        ),
        sa.CheckConstraint(
            "sharing IN ('visible', 'pointer', 'invisible')", name=op.f("ck_network_search_record_sharing_known")
        ),
        sa.PrimaryKeyConstraint("state_code", "fir_key", name=op.f("pk_network_search_record")),
    )
    op.create_index("ix_network_search_record_fir_number", "network_search_record", ["year", "serial"], unique=False)
    op.create_table(
        "network_search_identifier",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("fir_key", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=20), nullable=False, comment="BR01AB1234; 10 mobile digits"),
        sa.CheckConstraint("kind IN ('vehicle', 'mobile')", name=op.f("ck_network_search_identifier_kind_known")),
        sa.ForeignKeyConstraint(
            ["state_code", "fir_key"],
            ["network_search_record.state_code", "network_search_record.fir_key"],
            name=op.f("fk_network_search_identifier_state_code_network_search_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_search_identifier")),
    )
    op.create_index("ix_network_search_identifier_value", "network_search_identifier", ["kind", "value"], unique=False)
    op.create_table(
        "network_search_party",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("fir_key", sa.String(length=60), nullable=False),
        sa.Column("person", sa.String(length=24), nullable=False, comment="The state's person reference, 10-P4711"),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("name", sa.Text(), nullable=False, comment="As written"),
        sa.Column("relative_name", sa.Text(), nullable=True),
        sa.Column(
            "name_keys",
            postgresql.ARRAY(sa.Text()),
            nullable=False,
            comment="Phonetic keys of every token of the name and aliases, with their variants",
        ),
        sa.Column("relative_keys", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("age", sa.SmallInteger(), nullable=True),
        sa.Column("gender", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["state_code", "fir_key"],
            ["network_search_record.state_code", "network_search_record.fir_key"],
            name=op.f("fk_network_search_party_state_code_network_search_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_search_party")),
    )
    op.create_index(
        "ix_network_search_party_name_keys", "network_search_party", ["name_keys"], unique=False, postgresql_using="gin"
    )
    op.create_index("ix_network_search_party_record", "network_search_party", ["state_code", "fir_key"], unique=False)
    op.create_table(
        "fir_sharing",
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False, comment="visible, pointer or invisible"),
        sa.Column("reason", sa.Text(), nullable=True, comment="Why the station chose it, for its own record"),
        sa.Column("set_by_user_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("level IN ('visible', 'pointer', 'invisible')", name=op.f("ck_fir_sharing_level_known")),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_sharing_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["set_by_user_id"], ["app_user.id"], name=op.f("fk_fir_sharing_set_by_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("fir_id", name=op.f("pk_fir_sharing")),
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER network_search_queue ON national_record")
    op.execute("DROP FUNCTION network_search_queue()")
    op.drop_table("network_search_pending")
    op.drop_table("fir_sharing")
    op.drop_index("ix_network_search_party_record", table_name="network_search_party")
    op.drop_index("ix_network_search_party_name_keys", table_name="network_search_party", postgresql_using="gin")
    op.drop_table("network_search_party")
    op.drop_index("ix_network_search_identifier_value", table_name="network_search_identifier")
    op.drop_table("network_search_identifier")
    op.drop_index("ix_network_search_record_fir_number", table_name="network_search_record")
    op.drop_table("network_search_record")
