"""side-effect triggers fire in bulk loads too (ENABLE ALWAYS), and the matching queue keeps one row per person, FIR
and transaction by a unique index instead of a look-up that depended on the planner's statistics

A bulk load (``ingest.legacy.bulk``) turns the per-row foreign-key checks off for its own statements with
``session_replication_role = replica`` (it has checked every parent set-based). That setting also silences triggers
enabled the default way ("origin"), so every trigger of ours is set to fire always: the outbox, the matching queue and
the rollup marks stay the one place that decides what a write must reindex, match or recount, for the bulk load as
for every other writer. ``tests/records/test_side_effect_triggers.py`` fails on a trigger that is not.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every trigger of ours (not the foreign keys' internal ones) in the schema, set to ``state``.
_EACH_TRIGGER = """
DO $$ DECLARE t record; BEGIN
    FOR t IN SELECT tg.tgname, c.relname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT tg.tgisinternal AND n.nspname = current_schema() LOOP
        EXECUTE format('ALTER TABLE %I ENABLE {state} TRIGGER %I', t.relname, t.tgname);
    END LOOP;
END $$
"""

# As 0011's, with the queue's own unique index in place of the NOT EXISTS look-up: a bulk COPY of tens of thousands
# of party rows planned that look-up on an "empty" queue (stale statistics) and scanned the queue once per row.
_MATCH_QUEUE = """
CREATE OR REPLACE FUNCTION match_queue_fir_party_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT current_setting('cctns.side_effects', true) IS NOT DISTINCT FROM 'skip' THEN
        INSERT INTO person_match_queue (person_id, fir_id)
        SELECT DISTINCT n.person_id, n.fir_id FROM new_rows n
        WHERE NOT EXISTS (SELECT 1 FROM fir f JOIN fir_party z ON z.fir_id = f.zero_fir_origin_id
                          WHERE f.id = n.fir_id AND z.person_id = n.person_id)
        {check};
    END IF;
    RETURN NULL;
END $$
"""
_NEW_CHECK = "ON CONFLICT (txid, person_id, fir_id) DO NOTHING"
_OLD_CHECK = (
    "AND NOT EXISTS (SELECT 1 FROM person_match_queue q "
    "WHERE q.txid = txid_current() AND q.person_id = n.person_id AND q.fir_id = n.fir_id)"
)


def upgrade() -> None:
    op.execute(_EACH_TRIGGER.format(state="ALWAYS"))
    op.execute(
        "DELETE FROM person_match_queue a USING person_match_queue b WHERE a.id > b.id AND a.txid = b.txid "
        "AND a.person_id = b.person_id AND a.fir_id IS NOT DISTINCT FROM b.fir_id"
    )
    op.drop_index("ix_person_match_queue_txid_person_id", table_name="person_match_queue")
    op.create_index(
        "ux_person_match_queue_txid_person_id_fir_id",
        "person_match_queue",
        ["txid", "person_id", "fir_id"],
        unique=True,
    )
    op.execute(_MATCH_QUEUE.format(check=_NEW_CHECK))


def downgrade() -> None:
    op.execute(_MATCH_QUEUE.format(check=_OLD_CHECK))
    op.drop_index("ux_person_match_queue_txid_person_id_fir_id", table_name="person_match_queue")
    op.create_index(
        "ix_person_match_queue_txid_person_id", "person_match_queue", ["txid", "person_id", "fir_id"], unique=False
    )
    op.execute(_EACH_TRIGGER.format(state=""))
