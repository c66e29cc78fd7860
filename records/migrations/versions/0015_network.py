"""the nationwide network: peers, the national node's copy of records, the feed from a state to the national node

Issue 25. ``network_peer`` lists the nodes this node talks to (the hash of the key each presents). The national node
keeps ``national_record`` (one row per state code and record id, the newest version only), the answers it gave
(``network_received_message``), its rejections and the stations' heartbeats. A state node's feed is one more
consumer of the same design as the outbox (0011): triggers append a row to ``network_feed_queue`` for every FIR a
transaction changed (the FIR itself, its sections, parties, arrests, seizures, reports and court results, and every
FIR naming a person whose name, relative, gender or age changed), one row per FIR and transaction; no writer writes
one. The sender turns the queue into stored messages, keeps each FIR's standing (``network_feed_fir``) and the
daily reconciliation reports (``network_reconciliation``).

Like every trigger of ours the feed's fire always (0013), also in a bulk load with ``session_replication_role =
replica``, and step aside for a transaction that set ``cctns.side_effects = 'skip'`` (the sample generator; its
FIRs are queued afterwards with ``cctns network feed backfill``). A look-up of the FIRs naming a person is made row
by row through ``fir_party``'s index on ``person_id`` (``LATERAL ... OFFSET 0``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SKIP = "current_setting('cctns.side_effects', true) IS NOT DISTINCT FROM 'skip'"
# The tables whose rows belong to one FIR (by ``fir_id``) and are part of its exchange record.
FIR_CHILDREN = ("fir_section", "fir_party", "arrest", "seizure", "final_report", "court_disposal")
# The person columns an exchange record shows (name, relative, gender, age): a change queues every FIR naming them.
PERSON_COLUMNS = ("id", "name", "relative_name", "relation_kind", "gender", "date_of_birth", "age_years")
QUEUE = (
    "INSERT INTO network_feed_queue (fir_id, operation) SELECT DISTINCT fir_id, '{operation}'::feed_queue_operation "
    "FROM ({rows}) AS changed ON CONFLICT (fir_id, txid) DO {on_conflict}"
)
NOTHING = "NOTHING"
BECOMES_DELETE = "UPDATE SET operation = 'delete'"
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
_PERSON_CHANGED = (
    "SELECT fp.fir_id FROM (SELECT {columns} FROM new_rows EXCEPT SELECT {columns} FROM old_rows) AS p "
    "CROSS JOIN LATERAL (SELECT fir_id FROM fir_party WHERE person_id = p.id OFFSET 0) AS fp"
).format(columns=", ".join(PERSON_COLUMNS))
_ALIAS_CHANGED = (
    "SELECT fp.fir_id FROM (SELECT DISTINCT person_id FROM {rows}) AS p "
    "CROSS JOIN LATERAL (SELECT fir_id FROM fir_party WHERE person_id = p.person_id OFFSET 0) AS fp"
)


def _statements() -> list[tuple[str, str, str, str]]:
    """(function name, table, event, the INSERT the function runs)."""
    found = [
        (
            "network_feed_fir_insert",
            "fir",
            "INSERT",
            QUEUE.format(operation="change", rows="SELECT id AS fir_id FROM new_rows", on_conflict=NOTHING),
        ),
        (
            "network_feed_fir_update",
            "fir",
            "UPDATE",
            QUEUE.format(operation="change", rows="SELECT id AS fir_id FROM new_rows", on_conflict=NOTHING),
        ),
        (
            "network_feed_fir_delete",
            "fir",
            "DELETE",
            QUEUE.format(operation="delete", rows="SELECT id AS fir_id FROM old_rows", on_conflict=BECOMES_DELETE),
        ),
    ]
    for table in FIR_CHILDREN:
        for event in REFERENCING:
            rows = "SELECT fir_id FROM new_rows" if event != "DELETE" else "SELECT fir_id FROM old_rows"
            if event == "UPDATE":
                rows += " UNION ALL SELECT fir_id FROM old_rows"
            found.append(
                (
                    f"network_feed_{table}_{event.lower()}",
                    table,
                    event,
                    QUEUE.format(operation="change", rows=rows, on_conflict=NOTHING),
                )
            )
    found.append(
        (
            "network_feed_person_update",
            "person",
            "UPDATE",
            QUEUE.format(operation="change", rows=_PERSON_CHANGED, on_conflict=NOTHING),
        )
    )
    for event, rows in (("INSERT", "new_rows"), ("DELETE", "old_rows")):
        found.append(
            (
                f"network_feed_person_alias_{event.lower()}",
                "person_alias",
                event,
                QUEUE.format(operation="change", rows=_ALIAS_CHANGED.format(rows=rows), on_conflict=NOTHING),
            )
        )
    return found


def _create_triggers() -> None:
    for name, table, event, body in _statements():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF NOT {SKIP} THEN {body}; END IF; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {REFERENCING[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
        op.execute(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {name}")


def upgrade() -> None:
    peer_role = postgresql.ENUM("state", "national", name="peer_role")
    peer_role.create(op.get_bind())
    op.create_table(
        "network_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=2), nullable=False, comment="State code (10, 09), 00 the national node"),
        sa.Column("role", postgresql.ENUM(name="peer_role", create_type=False), nullable=False),
        sa.Column(
            "name", sa.String(length=100), nullable=False, comment="Shown in logs and pages: Bihar, Uttar Pradesh"
        ),
        sa.Column("base_url", sa.Text(), nullable=False, comment="Where the peer answers: http(s)://host:port"),
        sa.Column("key_hash", sa.String(length=80), nullable=False, comment="sha256$hex of the key it presents"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column(
            "last_seen_at", sa.DateTime(timezone=True), nullable=True, comment="Its last authenticated call to us"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_peer")),
        sa.UniqueConstraint("code", name=op.f("uq_network_peer_code")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_network_peer_key_hash")),
    )
    op.create_table(
        "national_record",
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False, comment="The FIR key: station/year/serial"),
        sa.Column("kind", sa.String(length=16), server_default="fir", nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "station_code", sa.String(length=32), nullable=False, comment="National station code: 10-VAISHALI-..."
        ),
        sa.Column("district_code", sa.String(length=24), nullable=False, comment="National district code: 10-VAISHALI"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False, comment="Day of registration, India Standard Time"),
        sa.Column(
            "record",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The record's fir object as received",
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("deleted_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("state_code", "record_id", name=op.f("pk_national_record")),
    )
    op.create_index("ix_national_record_state_code_registered_on", "national_record", ["state_code", "registered_on"])
    op.create_index("ix_national_record_station_year_serial", "national_record", ["station_code", "year", "serial"])
    op.create_table(
        "network_received_message",
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column(
            "ignored",
            sa.Integer(),
            nullable=False,
            comment="Repeats and older versions: already held, nothing changed",
        ),
        sa.Column("answer", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("state_code", "sequence", name=op.f("pk_network_received_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_network_received_message_message_id")),
    )
    op.create_table(
        "national_rejection",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("station_code", sa.String(length=32), nullable=True),
        sa.Column("message_sequence", sa.Integer(), nullable=False),
        sa.Column("problems", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="[{path, reason}]"),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_rejection")),
    )
    op.create_index("ix_national_rejection_state_code_received_at", "national_rejection", ["state_code", "received_at"])
    op.create_table(
        "network_heartbeat",
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False, comment="National station code"),
        sa.Column("day", sa.Date(), nullable=False, comment="India Standard Time"),
        sa.Column("district_code", sa.String(length=24), nullable=False),
        sa.Column("station_name", sa.String(length=120), nullable=False),
        sa.Column(
            "firs_registered",
            sa.Integer(),
            nullable=False,
            comment="FIRs the station registered that day; 0: a zero report",
        ),
        sa.Column(
            "last_serial",
            sa.Integer(),
            nullable=True,
            comment="The station's highest serial of the day's year so far",
        ),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False, comment="When the state made the report"),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("state_code", "station_code", "day", name=op.f("pk_network_heartbeat")),
    )
    op.create_table(
        "network_feed_queue",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False, comment="No foreign key: a deleted FIR's row stays"),
        sa.Column("operation", sa.Enum("change", "delete", name="feed_queue_operation"), nullable=False),
        sa.Column("txid", sa.BigInteger(), server_default=sa.text("txid_current()"), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_network_feed_queue")),
        sa.UniqueConstraint("fir_id", "txid", name=op.f("uq_network_feed_queue_fir_id_txid")),
    )
    op.create_table(
        "network_feed_message",
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False, comment="1, 2, 3 ... no gaps"),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted", sa.Integer(), nullable=True),
        sa.Column("rejected", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_network_feed_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_network_feed_message_message_id")),
    )
    op.create_table(
        "network_feed_fir",
        sa.Column("fir_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("fir_key", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False, comment="India Standard Time"),
        sa.Column(
            "standing",
            sa.Enum("held", "sending", "accepted", "rejected", "deleted", name="feed_standing"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False, comment="The version held back, or sent last"),
        sa.Column("message_sequence", sa.Integer(), nullable=True, comment="The message that carried it last"),
        sa.Column(
            "reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="Held: [{rule, path, reason_en, reason_hi}]; rejected: [{path, reason}]",
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column(
            "accepted_version",
            sa.Integer(),
            nullable=True,
            comment="The newest version the national node accepted",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_network_feed_fir_station_id_police_station")
        ),
        sa.PrimaryKeyConstraint("fir_id", name=op.f("pk_network_feed_fir")),
    )
    op.create_index("ix_network_feed_fir_station_id_standing", "network_feed_fir", ["station_id", "standing"])
    op.create_table(
        "network_reconciliation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("side", postgresql.ENUM(name="peer_role", create_type=False), nullable=False),
        sa.Column("state_code", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_reconciliation")),
        sa.UniqueConstraint("side", "state_code", "day", name=op.f("uq_network_reconciliation_side_state_code_day")),
    )
    _create_triggers()


def downgrade() -> None:
    for name, table, _event, _body in _statements():
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    for table in (
        "network_reconciliation",
        "network_feed_fir",
        "network_feed_message",
        "network_feed_queue",
        "network_heartbeat",
        "national_rejection",
        "network_received_message",
        "national_record",
        "network_peer",
    ):
        op.drop_table(table)
    for enum_type in ("peer_role", "feed_queue_operation", "feed_standing"):
        op.execute(f"DROP TYPE {enum_type}")
