"""the case diary: the investigating officer's dated entries on an FIR, which the database keeps append-only

``case_diary_entry`` holds one row per entry, numbered 1, 2, 3 ... within its FIR. Entries are never edited or
deleted: ``case_diary_append_only`` refuses every UPDATE and DELETE (row by row, before it happens, so also a
DELETE of a whole FIR that still has a diary). A correction is a new entry naming the earlier one of the same FIR.
The trigger fires always (as 0013 set every trigger of ours), so ``session_replication_role = replica`` does not
silence it. TRUNCATE is left to the table's owner (a scratch or test database emptied whole), not to a writer.

The diary reaches no search document and no dashboard count (it is the investigation's own record, read only by
staff who may read the case, ``records.access``), so it gets no outbox, matching or rollup trigger.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFUSE = """
CREATE FUNCTION case_diary_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case diary entries are never % (entry % of FIR id %); write a new entry that corrects it',
        CASE TG_OP WHEN 'UPDATE' THEN 'edited' ELSE 'deleted' END, OLD.entry_number, OLD.fir_id
        USING ERRCODE = 'restrict_violation';
END $$
"""


def upgrade() -> None:
    op.create_table(
        "case_diary_entry",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False, comment="Never cascades: the diary outlives nothing"),
        sa.Column(
            "entry_number", sa.Integer(), nullable=False, comment="1, 2, 3 ... within the FIR, in the order written"
        ),
        sa.Column(
            "entry_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the proceedings the entry records took place",
        ),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "corrects_entry_number", sa.Integer(), nullable=True, comment="The earlier entry of this FIR it corrects"
        ),
        sa.Column("written_by_user_id", sa.Integer(), nullable=False),
        sa.Column(
            "written_by_name", sa.String(length=120), nullable=False, comment="The officer's name when they wrote it"
        ),
        sa.Column("written_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("entry_number > 0", name=op.f("ck_case_diary_entry_entry_number_positive")),
        sa.CheckConstraint(
            "corrects_entry_number IS NULL OR corrects_entry_number < entry_number",
            name=op.f("ck_case_diary_entry_corrects_an_earlier_entry"),
        ),
        sa.CheckConstraint("length(btrim(text)) > 0", name=op.f("ck_case_diary_entry_text_not_empty")),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_case_diary_entry_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["written_by_user_id"], ["app_user.id"], name=op.f("fk_case_diary_entry_written_by_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_diary_entry")),
        sa.UniqueConstraint("fir_id", "entry_number", name=op.f("uq_case_diary_entry_fir_id_entry_number")),
        sa.ForeignKeyConstraint(
            ["fir_id", "corrects_entry_number"],
            ["case_diary_entry.fir_id", "case_diary_entry.entry_number"],
            name="fk_case_diary_entry_corrects_same_fir",
        ),
    )
    op.execute(_REFUSE)
    op.execute(
        "CREATE TRIGGER case_diary_append_only BEFORE UPDATE OR DELETE ON case_diary_entry "
        "FOR EACH ROW EXECUTE FUNCTION case_diary_refuse_change()"
    )
    op.execute("ALTER TABLE case_diary_entry ENABLE ALWAYS TRIGGER case_diary_append_only")


def downgrade() -> None:
    op.drop_table("case_diary_entry")
    op.execute("DROP FUNCTION case_diary_refuse_change()")
