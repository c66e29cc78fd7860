"""side effects from triggers: outbox rows for every change a search document shows, person-matching queue rows for
every person newly named in an FIR, at most one outbox row per record per transaction

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns of each table that search documents show (indexes/documents.py reads them; keep the two in step).
# A row inserted or deleted, or updated in any of these columns, queues the documents it feeds; an UPDATE that
# changes none of them (a bookkeeping column: updated_at, version, import_job_id) changes no document.
DOCUMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "fir": ("id", "station_id", "year", "serial", "registered_at", "status", "brief_facts", "place_address"),
    "fir_section": ("fir_id", "section_id", "position"),
    "fir_property": ("fir_id", "vehicle_registration"),
    "seizure": ("fir_id", "vehicle_registration"),
    "fir_party": (
        "fir_id",
        "person_id",
        "role",
        "accused_number",
        "name_as_given",
        "relative_name_as_given",
        "mobile_as_given",
    ),
    "person": (
        "id",
        "name",
        "relative_name",
        "relation_kind",
        "gender",
        "date_of_birth",
        "age_years",
        "age_recorded_on",
        "is_wanted",
        "is_proclaimed_offender",
    ),
    "person_alias": ("person_id", "alias"),
    "person_address": ("person_id", "address", "village_or_town"),
    "person_mobile": ("person_id", "number"),
}
# The documents a row feeds: (entity type, the row's column holding its id).
FEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "fir": (("fir", "id"),),
    "fir_section": (("fir", "fir_id"),),
    "fir_property": (("fir", "fir_id"),),
    "seizure": (("fir", "fir_id"),),
    "fir_party": (("fir", "fir_id"), ("person", "person_id")),
    "person": (("person", "id"),),
    "person_alias": (("person", "person_id"),),
    "person_address": (("person", "person_id"),),
    "person_mobile": (("person", "person_id"),),
}
# A party row that exists reaches its person's document through its FIR (the relay rebuilds everyone an FIR names),
# so only a row deleted, or updated away, queues the person itself: the FIR no longer leads to them.
ONLY_WHEN_GONE = {("fir_party", "person")}
# The person columns an FIR's document shows (its parties' names): changing one queues every FIR naming the person.
PERSON_COLUMNS_IN_FIR_DOCUMENTS = ("id", "name", "relative_name")

# Set by a bulk load that indexes everything afterwards (the sample generator) for its own transaction only.
SKIP = "current_setting('cctns.side_effects', true) IS NOT DISTINCT FROM 'skip'"

# One outbox row per record and transaction: a second change in the same transaction finds its own row (ON CONFLICT
# on the transaction's id) and a delete wins over an upsert; rows of other transactions (the relay may be indexing
# them right now) are never touched, so a writer never waits for the relay either.
OUTBOX = (
    "INSERT INTO outbox (entity_type, entity_id, operation, txid) "
    "SELECT entity_type, entity_id, min(operation), txid_current() FROM ({rows}) AS changed "
    "GROUP BY entity_type, entity_id "
    "ON CONFLICT (entity_type, entity_id, txid) DO UPDATE SET operation = EXCLUDED.operation "
    "WHERE EXCLUDED.operation = 'delete'"
)
# A person newly named in an FIR is matched against everyone else (issue 8), once per FIR and transaction; not a
# person a transferred FIR copies from its zero FIR (matched when that was registered).
MATCH_QUEUE = (
    "INSERT INTO person_match_queue (person_id, fir_id) "
    "SELECT DISTINCT n.person_id, n.fir_id FROM new_rows n "
    "WHERE NOT EXISTS (SELECT 1 FROM person_match_queue q "
    "                  WHERE q.txid = txid_current() AND q.person_id = n.person_id AND q.fir_id = n.fir_id) "
    "AND NOT EXISTS (SELECT 1 FROM fir f JOIN fir_party z ON z.fir_id = f.zero_fir_origin_id "
    "                WHERE f.id = n.fir_id AND z.person_id = n.person_id)"
)


def _fed(table: str, rows: str, operation: str, gone: bool) -> str:
    """SELECT (entity_type, entity_id, operation) of the documents fed by ``rows`` (rows of ``table``; ``gone``: rows
    as they were before a DELETE or UPDATE)."""
    return " UNION ALL ".join(
        f"SELECT '{entity}'::varchar AS entity_type, {column} AS entity_id, '{operation}'::varchar AS operation "
        f"FROM {rows}"
        for entity, column in FEEDS[table]
        if gone or (table, entity) not in ONLY_WHEN_GONE
    )


def _changed(columns: Sequence[str], this: str, other: str) -> str:
    """Rows of transition table ``this`` whose ``columns`` no row of ``other`` has: what an UPDATE changed."""
    listed = ", ".join(columns)
    return f"(SELECT {listed} FROM {this} EXCEPT SELECT {listed} FROM {other}) AS {this}_changed"


def _rows(table: str, event: str) -> str:
    if event == "INSERT":
        return _fed(table, "new_rows", "upsert", gone=False)
    if event == "DELETE":
        return _fed(table, "old_rows", "delete" if table in ("fir", "person") else "upsert", gone=True)
    columns = DOCUMENT_COLUMNS[table]
    rows = [
        _fed(table, _changed(columns, "new_rows", "old_rows"), "upsert", gone=False),
        _fed(table, _changed(columns, "old_rows", "new_rows"), "upsert", gone=True),
    ]
    if table == "person":
        renamed = _changed(PERSON_COLUMNS_IN_FIR_DOCUMENTS, "new_rows", "old_rows")
        rows.append(
            "SELECT 'fir'::varchar, fp.fir_id, 'upsert'::varchar "
            f"FROM fir_party fp WHERE fp.person_id IN (SELECT id FROM {renamed})"
        )
    return " UNION ALL ".join(rows)


REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _functions() -> dict[str, str]:
    found = {
        f"outbox_{table}_{event.lower()}": OUTBOX.format(rows=_rows(table, event))
        for table in DOCUMENT_COLUMNS
        for event in REFERENCING
    }
    found["match_queue_fir_party_insert"] = MATCH_QUEUE
    return found


def _triggers() -> list[tuple[str, str, str]]:
    """(trigger name, table, CREATE TRIGGER statement): statement-level, with transition tables, so a statement of
    any size (a COPY of a million rows included) makes one set-based INSERT."""
    found = [
        (f"outbox_{table}_{event.lower()}", table, event, REFERENCING[event])
        for table in DOCUMENT_COLUMNS
        for event in REFERENCING
    ]
    found.append(("match_queue_fir_party_insert", "fir_party", "INSERT", REFERENCING["INSERT"]))
    return [
        (
            name,
            table,
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        )
        for name, table, event, referencing in found
    ]


def _function(name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT {SKIP} THEN {body}; END IF; RETURN NULL; END $$"
    )


def upgrade() -> None:
    op.add_column(
        "outbox",
        sa.Column(
            "txid",
            sa.BigInteger(),
            nullable=True,
            comment="The writing transaction (txid_current()), set by the triggers; rows written otherwise have none",
        ),
    )
    op.create_unique_constraint(
        op.f("uq_outbox_entity_type_entity_id_txid"), "outbox", ["entity_type", "entity_id", "txid"]
    )
    op.add_column(
        "person_match_queue",
        sa.Column(
            "txid",
            sa.BigInteger(),
            server_default=sa.text("txid_current()"),
            nullable=False,
            comment="The writing transaction: a person is queued once per FIR and transaction",
        ),
    )
    op.create_index(
        "ix_person_match_queue_txid_person_id", "person_match_queue", ["txid", "person_id", "fir_id"], unique=False
    )
    for name, body in _functions().items():
        op.execute(_function(name, body))
    for _name, _table, statement in _triggers():
        op.execute(statement)


def downgrade() -> None:
    for name, table, _statement in _triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name in _functions():
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_person_match_queue_txid_person_id", table_name="person_match_queue")
    op.drop_column("person_match_queue", "txid")
    op.drop_constraint(op.f("uq_outbox_entity_type_entity_id_txid"), "outbox", type_="unique")
    op.drop_column("outbox", "txid")
