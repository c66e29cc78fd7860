"""one peer registry: courts and prisons move from ``icjs_peer`` into ``network_peer``; candidate decisions stored
and forwarded


Issue 25 (wave 2). ``network_peer`` gains the roles ``court`` and ``prison``, a code long enough for an eCourts
establishment code (``BRVS01``) or a prison's (``10-BEUR_PATNA``), a longer name, and a base URL that a prison may
lack (it takes no calls); the rows of ``icjs_peer`` move over with their key hashes (the keys they present do not
change) and ``icjs_peer`` is dropped. A court or prison whose key hash a node already presents cannot move: the
upgrade stops naming it rather than drop either.

``candidate_decision`` keeps a state's decision on a cross-state candidate until the national node has it (store
and forward, as ``confirmation_request``); no search document or count reads it, so it gets no trigger.

``peer_role`` is made anew with the four values rather than altered (``ALTER TYPE ... ADD VALUE`` leaves a value
unusable until the transaction commits, and every migration runs in one transaction). The downgrade moves courts and
prisons back into a new ``icjs_peer`` and makes ``peer_role`` of two values again.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE_COLUMNS = (("network_peer", "role"), ("network_reconciliation", "side"))
CODE_COMMENT = "State code (10, 09), 00 the national node, BRVS01 a court, 10-BEUR_PATNA"


def _replace_peer_role(values: tuple[str, ...]) -> None:
    """``peer_role`` with ``values``, the columns of that type converted by their text."""
    op.execute("ALTER TYPE peer_role RENAME TO peer_role_old")
    op.execute("CREATE TYPE peer_role AS ENUM (" + ", ".join(f"'{value}'" for value in values) + ")")
    for table, column in ROLE_COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE peer_role USING {column}::text::peer_role")
    op.execute("DROP TYPE peer_role_old")


def upgrade() -> None:
    _replace_peer_role(("state", "national", "court", "prison"))
    clash = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT i.code, n.code FROM icjs_peer i JOIN network_peer n "
                "ON n.key_hash = i.key_hash OR upper(n.code) = upper(i.code)"
            )
        )
        .all()
    )
    if clash:
        named = ", ".join(f"{icjs} (clashes with peer {node})" for icjs, node in clash)
        raise RuntimeError(f"cannot move into network_peer, same key or code as a node: {named}")
    op.alter_column(
        "network_peer",
        "code",
        type_=sa.String(length=24),
        existing_type=sa.String(length=2),
        existing_nullable=False,
        comment=CODE_COMMENT,
        existing_comment="State code (10, 09), 00 the national node",
    )
    op.alter_column(
        "network_peer",
        "name",
        type_=sa.String(length=160),
        existing_type=sa.String(length=100),
        existing_nullable=False,
        comment="Shown in logs and pages: Bihar, a court's name",
        existing_comment="Shown in logs and pages: Bihar, Uttar Pradesh",
    )
    op.alter_column(
        "network_peer",
        "base_url",
        nullable=True,
        existing_type=sa.Text(),
        comment="Where the peer answers: http(s)://host:port (a prison: none)",
        existing_comment="Where the peer answers: http(s)://host:port",
    )
    op.create_check_constraint(
        op.f("ck_network_peer_answers_somewhere"), "network_peer", "role = 'prison' OR base_url IS NOT NULL"
    )
    op.execute(
        "INSERT INTO network_peer (code, role, name, base_url, key_hash, created_at, last_seen_at) "
        "SELECT code, kind::peer_role, name, base_url, key_hash, created_at, last_seen_at FROM icjs_peer"
    )
    op.drop_table("icjs_peer")
    op.create_table(
        "candidate_decision",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("candidate_id", sa.BigInteger(), nullable=False, comment="The national node's candidate id"),
        sa.Column("person_ref", sa.String(length=24), nullable=False, comment="This state's person: 10-P4711"),
        sa.Column("decision", sa.String(length=9), nullable=False, comment="confirmed or rejected"),
        sa.Column(
            "message",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The decision message as sent",
        ),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column(
            "national_status",
            sa.String(length=24),
            nullable=True,
            comment="The candidate's status as the national node answered the decision",
        ),
        sa.Column("refused_reason", sa.Text(), nullable=True, comment="Why the national node refused it for good"),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True, comment="The national node accepted it"),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("decision IN ('confirmed', 'rejected')", name=op.f("ck_candidate_decision_known_decision")),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"], ["app_user.id"], name=op.f("fk_candidate_decision_decided_by_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_decision")),
    )
    op.create_index(
        "ix_candidate_decision_to_deliver",
        "candidate_decision",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("delivered_at IS NULL AND refused_reason IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_candidate_decision_to_deliver",
        table_name="candidate_decision",
        postgresql_where=sa.text("delivered_at IS NULL AND refused_reason IS NULL"),
    )
    op.drop_table("candidate_decision")
    op.create_table(
        "icjs_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False, comment="BRVS01 (court), 10-BEUR_PATNA (prison)"),
        sa.Column("kind", sa.String(length=8), nullable=False, comment="court or prison"),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("base_url", sa.Text(), nullable=True, comment="Where a court takes offers"),
        sa.Column("key_hash", sa.String(length=80), nullable=False, comment="sha256$hex of the key it presents"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('court', 'prison')", name=op.f("ck_icjs_peer_known_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_icjs_peer")),
        sa.UniqueConstraint("code", name=op.f("uq_icjs_peer_code")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_icjs_peer_key_hash")),
    )
    op.execute(
        "INSERT INTO icjs_peer (code, kind, name, base_url, key_hash, created_at, last_seen_at) "
        "SELECT code, role::text, name, base_url, key_hash, created_at, last_seen_at FROM network_peer "
        "WHERE role IN ('court', 'prison')"
    )
    op.execute("DELETE FROM network_peer WHERE role IN ('court', 'prison')")
    op.drop_constraint(op.f("ck_network_peer_answers_somewhere"), "network_peer", type_="check")
    op.execute("DELETE FROM network_reconciliation WHERE side IN ('court', 'prison')")  # none are written
    _replace_peer_role(("state", "national"))
    op.alter_column(
        "network_peer",
        "base_url",
        nullable=False,
        existing_type=sa.Text(),
        comment="Where the peer answers: http(s)://host:port",
        existing_comment="Where the peer answers: http(s)://host:port (a prison: none)",
    )
    op.alter_column(
        "network_peer",
        "name",
        type_=sa.String(length=100),
        existing_type=sa.String(length=160),
        existing_nullable=False,
        comment="Shown in logs and pages: Bihar, Uttar Pradesh",
        existing_comment="Shown in logs and pages: Bihar, a court's name",
    )
    op.alter_column(
        "network_peer",
        "code",
        type_=sa.String(length=2),
        existing_type=sa.String(length=24),
        existing_nullable=False,
        comment="State code (10, 09), 00 the national node",
        existing_comment=CODE_COMMENT,
    )
