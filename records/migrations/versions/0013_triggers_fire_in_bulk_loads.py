"""side-effect triggers fire in bulk loads too (ENABLE ALWAYS), the matching queue keeps one row per person, FIR
and transaction by a unique index instead of a look-up that depended on the planner's statistics, and the triggers
that look FIRs up by id do so through the index whatever the size of the statement

A bulk load (``ingest.legacy.bulk``) turns the per-row foreign-key checks off for its own statements with
``session_replication_role = replica`` (it has checked every parent set-based). That setting also silences triggers
enabled the default way ("origin"), so every trigger of ours is set to fire always: the outbox, the matching queue and
the rollup marks stay the one place that decides what a write must reindex, match or recount, for the bulk load as
for every other writer. ``tests/records/test_side_effect_triggers.py`` fails on a trigger that is not.

A COPY of 20,000 party rows made the rollup trigger join them to ``fir`` by hashing: a scan of every FIR per
statement (186 ms at 200,000 FIRs, ten times that at 2,000,000), so a load slowed as it grew. The look-ups of FIRs by
id (rollup marks of child rows, the matching queue's zero-FIR check, the FIRs of a renamed person) are now made
row by row through the primary key (``LATERAL ... OFFSET 0``, which the planner may not flatten into a hash join).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

import importlib
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
        WHERE {zero_fir_check}
        {check};
    END IF;
    RETURN NULL;
END $$
"""
_NEW_CHECK = "ON CONFLICT (txid, person_id, fir_id) DO NOTHING"
# A person a transferred FIR copies from its zero FIR is not matched again (0011): the FIR's zero-FIR origin read
# per row through the primary key (an anti-join over ``fir`` was planned as a scan of it; under OR it stays a
# per-row look-up, and it is NULL but for a transferred FIR).
_NEW_ZERO_FIR_CHECK = (
    "((SELECT f.zero_fir_origin_id FROM fir f WHERE f.id = n.fir_id) IS NULL OR NOT EXISTS ("
    "SELECT 1 FROM fir f JOIN fir_party z ON z.fir_id = f.zero_fir_origin_id "
    "WHERE f.id = n.fir_id AND z.person_id = n.person_id))"
)
_OLD_ZERO_FIR_CHECK = (
    "NOT EXISTS (SELECT 1 FROM fir f JOIN fir_party z ON z.fir_id = f.zero_fir_origin_id "
    "WHERE f.id = n.fir_id AND z.person_id = n.person_id)"
)

side_effects = importlib.import_module("records.migrations.versions.0011_side_effect_triggers")
rollups = importlib.import_module("records.migrations.versions.0006_rollups")

# The rollup marks of a child row (0006): its FIR's station and day, the FIR read by id through the primary key.
_ROLLUP_CHILD = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO rollup_dirty (station_id, day)
    SELECT DISTINCT f.station_id, ((f.registered_at AT TIME ZONE 'Asia/Kolkata')::date)
    FROM (SELECT DISTINCT fir_id FROM {rows}) c
    CROSS JOIN LATERAL (SELECT station_id, registered_at FROM fir WHERE id = c.fir_id OFFSET 0) f
    WHERE f.station_id IS NOT NULL
    ON CONFLICT (station_id, day) DO UPDATE SET marked_at = now();
    RETURN NULL;
END $$
"""
_CHILD_ROWS = {
    "new_rows": "new_rows",
    "old_rows": "old_rows",
    "update": "(SELECT fir_id FROM new_rows UNION SELECT fir_id FROM old_rows) AS both_rows",
}


def _person_update_rows(fenced: bool) -> str:
    """0011's outbox rows for an UPDATE of ``person``; ``fenced``: the FIRs naming a renamed person read through
    the party table's person index, row by row."""
    columns = side_effects.DOCUMENT_COLUMNS["person"]
    renamed = side_effects._changed(side_effects.PERSON_COLUMNS_IN_FIR_DOCUMENTS, "new_rows", "old_rows")
    naming = (
        f"FROM (SELECT id FROM {renamed}) r "
        "CROSS JOIN LATERAL (SELECT fir_id FROM fir_party WHERE person_id = r.id OFFSET 0) fp"
        if fenced
        else f"FROM fir_party fp WHERE fp.person_id IN (SELECT id FROM {renamed})"
    )
    return " UNION ALL ".join(
        [
            side_effects._fed("person", side_effects._changed(columns, "new_rows", "old_rows"), "upsert", gone=False),
            side_effects._fed("person", side_effects._changed(columns, "old_rows", "new_rows"), "upsert", gone=True),
            f"SELECT 'fir'::varchar, fp.fir_id, 'upsert'::varchar {naming}",
        ]
    )


def _person_update_function(fenced: bool) -> str:
    body = side_effects.OUTBOX.format(rows=_person_update_rows(fenced))
    return (
        "CREATE OR REPLACE FUNCTION outbox_person_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT {side_effects.SKIP} THEN {body}; END IF; RETURN NULL; END $$"
    )


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
    op.execute(_MATCH_QUEUE.format(check=_NEW_CHECK, zero_fir_check=_NEW_ZERO_FIR_CHECK))
    for table in rollups.CHILD_TABLES:
        for suffix, rows in _CHILD_ROWS.items():
            op.execute(_ROLLUP_CHILD.format(name=f"rollup_mark_{table}_{suffix}", rows=rows))
    op.execute(_person_update_function(fenced=True))


def downgrade() -> None:
    op.execute(_person_update_function(fenced=False))
    for name, body in rollups.FUNCTIONS.items():
        if name.startswith(tuple(f"rollup_mark_{table}_" for table in rollups.CHILD_TABLES)):
            op.execute(rollups._function(name, body).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    for table in rollups.CHILD_TABLES:  # 0006 wrote the update functions inline: the same marks over both rows
        op.execute(_ROLLUP_CHILD.format(name=f"rollup_mark_{table}_update", rows=_CHILD_ROWS["update"]))
    op.execute(_MATCH_QUEUE.format(check=_OLD_CHECK, zero_fir_check=_OLD_ZERO_FIR_CHECK))
    op.drop_index("ux_person_match_queue_txid_person_id_fir_id", table_name="person_match_queue")
    op.create_index(
        "ix_person_match_queue_txid_person_id", "person_match_queue", ["txid", "person_id", "fir_id"], unique=False
    )
    op.execute(_EACH_TRIGGER.format(state=""))
