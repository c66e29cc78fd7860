"""hit, verify, act: confirmation requests between nodes, and cross-state person candidates

``confirmation_request`` holds one side of a request to the station that owns a record ("is this still so?"): the
asking node's row and the owning node's row share ``request_id``. Delivery is store and forward (``delivered_at``,
``attempts``, ``next_attempt_at``, ``last_error``), so a cut link delays a request or an answer and loses neither.
``cross_state_candidate`` (national node) holds pairs of people of two states that may be one person, with each
state's decision; it links two person references and merges nothing.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cross_state_candidate",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("state_a", sa.String(length=2), nullable=False),
        sa.Column("person_a", sa.String(length=24), nullable=False, comment="Person reference of state A (10-P4711)"),
        sa.Column("name_a", sa.String(length=200), nullable=False, comment="As state A's record writes it"),
        sa.Column(
            "records_a", postgresql.JSONB(astext_type=Text()), nullable=False, comment="FIR keys naming person A"
        ),
        sa.Column("state_b", sa.String(length=2), nullable=False),
        sa.Column("person_b", sa.String(length=24), nullable=False),
        sa.Column("name_b", sa.String(length=200), nullable=False),
        sa.Column("records_b", postgresql.JSONB(astext_type=Text()), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=Text()), nullable=False, comment="Why, in words"),
        sa.Column("proposed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("decision_a", sa.String(length=9), nullable=True, comment="State A's officer: confirmed or rejected"),
        sa.Column("decided_a_by", sa.String(length=160), nullable=True),
        sa.Column("decided_a_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_b", sa.String(length=9), nullable=True),
        sa.Column("decided_b_by", sa.String(length=160), nullable=True),
        sa.Column("decided_b_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "decision_a IS NULL OR decision_a IN ('confirmed', 'rejected')",
            name=op.f("ck_cross_state_candidate_known_a"),
        ),
        sa.CheckConstraint(
            "decision_b IS NULL OR decision_b IN ('confirmed', 'rejected')",
            name=op.f("ck_cross_state_candidate_known_b"),
        ),
        sa.CheckConstraint("person_a < person_b", name=op.f("ck_cross_state_candidate_ordered_pair")),
        sa.CheckConstraint("state_a <> state_b", name=op.f("ck_cross_state_candidate_across_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_state_candidate")),
        sa.UniqueConstraint("person_a", "person_b", name=op.f("uq_cross_state_candidate_person_a_person_b")),
    )
    op.create_index("ix_cross_state_candidate_state_a", "cross_state_candidate", ["state_a"], unique=False)
    op.create_index("ix_cross_state_candidate_state_b", "cross_state_candidate", ["state_b"], unique=False)
    op.create_table(
        "confirmation_request",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("request_id", sa.UUID(), nullable=False, comment="Made by the asking node"),
        sa.Column(
            "side", sa.String(length=5), nullable=False, comment="asked: this node asked; owner: this node answers"
        ),
        sa.Column("requesting_state", sa.String(length=2), nullable=False),
        sa.Column("owning_state", sa.String(length=2), nullable=False),
        sa.Column("fir_key", sa.String(length=60), nullable=False, comment="The record as the national copy names it"),
        sa.Column("person_ref", sa.String(length=24), nullable=True, comment="The person of the record asked about"),
        sa.Column("fir_id", sa.BigInteger(), nullable=True, comment="Owner side: the FIR asked about"),
        sa.Column(
            "station_id",
            sa.Integer(),
            nullable=True,
            comment="Owner side: the station that answers; asked side: the asker's",
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("case_reference", sa.String(length=100), nullable=False),
        sa.Column("requested_by_user_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=120), nullable=False),
        sa.Column(
            "requested_by_place", sa.String(length=160), nullable=False, comment="The asker's station or unit, as named"
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_by", sa.DateTime(timezone=True), nullable=False, comment="The deadline for the answer"),
        sa.Column("outcome", sa.String(length=14), nullable=True, comment="confirmed, not_confirmed or partly"),
        sa.Column("answer_note", sa.Text(), nullable=True),
        sa.Column("answered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=120), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "refused_reason",
            sa.Text(),
            nullable=True,
            comment="Why the owning node refused the request (e.g. no such record); nothing more is sent",
        ),
        sa.Column(
            "delivered_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Asked side: the owner accepted the request; owner side: the asker accepted the answer",
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('confirmed', 'not_confirmed', 'partly')",
            name=op.f("ck_confirmation_request_known_outcome"),
        ),
        sa.CheckConstraint("side IN ('asked', 'owner')", name=op.f("ck_confirmation_request_known_side")),
        sa.CheckConstraint(
            "(outcome IS NULL) = (answered_at IS NULL)", name=op.f("ck_confirmation_request_answer_whole")
        ),
        sa.CheckConstraint("answer_by > requested_at", name=op.f("ck_confirmation_request_deadline_after_request")),
        sa.CheckConstraint("requesting_state <> owning_state", name=op.f("ck_confirmation_request_across_states")),
        sa.ForeignKeyConstraint(
            ["answered_by_user_id"], ["app_user.id"], name=op.f("fk_confirmation_request_answered_by_user_id_app_user")
        ),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_confirmation_request_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["requested_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_confirmation_request_requested_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_confirmation_request_station_id_police_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confirmation_request")),
        sa.UniqueConstraint("request_id", "side", name=op.f("uq_confirmation_request_request_id_side")),
    )
    op.create_index(
        "ix_confirmation_request_side_station",
        "confirmation_request",
        ["side", "station_id", "answer_by"],
        unique=False,
    )
    op.create_index(
        "ix_confirmation_request_to_deliver",
        "confirmation_request",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("delivered_at IS NULL AND refused_reason IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("confirmation_request")
    op.drop_table("cross_state_candidate")
