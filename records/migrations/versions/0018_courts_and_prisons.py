"""courts and prisons (ICJS): offers to courts, the court's case (CNR, next hearing, disposal), court and prison events

``icjs_peer`` holds the courts and prisons this node talks to (code, kind, where a court takes offers, the hash of
the key each presents); ``icjs_court_offer`` is the store-and-forward outbox of what a station offers a court (the FIR or its charge sheet,
with the PDF copy as it stood); ``fir_court_case`` the case a court registered from an FIR (its CNR) and the court's
latest word on it; ``icjs_event`` every court or prison event received about an FIR, keyed by the sender's event id.
None of them reaches a search document or a count, so they get no outbox, matching or rollup trigger.

Revision ID: 0018
Revises: 0015 (the lead re-chains it after 0017)
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
    op.create_table(
        "fir_court_case",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("cnr", sa.String(length=16), nullable=False, comment="eCourts Case Number Record"),
        sa.Column("court_code", sa.String(length=6), nullable=False),
        sa.Column("court_name", sa.String(length=160), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("next_hearing_on", sa.Date(), nullable=True),
        sa.Column("next_hearing_purpose", sa.String(length=200), nullable=True),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("disposal_result", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_court_case_fir_id_fir"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_court_case")),
        sa.UniqueConstraint("cnr", name=op.f("uq_fir_court_case_cnr")),
    )
    op.create_index(op.f("ix_fir_court_case_fir_id"), "fir_court_case", ["fir_id"], unique=False)
    op.create_table(
        "icjs_court_offer",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "final_report_id", sa.BigInteger(), nullable=True, comment="The charge sheet offered (none: the FIR)"
        ),
        sa.Column("what", sa.String(length=16), nullable=False, comment="fir or charge_sheet"),
        sa.Column(
            "court_code",
            sa.String(length=6),
            nullable=False,
            comment="The court establishment's code (CNR's first six)",
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False, comment="The offer's event id; a resend keeps it"),
        sa.Column(
            "body",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The offer as sent, without the PDF",
        ),
        sa.Column("pdf", sa.LargeBinary(), nullable=False, comment="The FIR copy as it stood when offered"),
        sa.Column("queued_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("queued_by_user_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("what IN ('fir', 'charge_sheet')", name=op.f("ck_icjs_court_offer_known_what")),
        sa.ForeignKeyConstraint(
            ["final_report_id"],
            ["final_report.id"],
            name=op.f("fk_icjs_court_offer_final_report_id_final_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fir_id"], ["fir.id"], name=op.f("fk_icjs_court_offer_fir_id_fir"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["queued_by_user_id"], ["app_user.id"], name=op.f("fk_icjs_court_offer_queued_by_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_icjs_court_offer")),
        sa.UniqueConstraint("event_id", name=op.f("uq_icjs_court_offer_event_id")),
    )
    op.create_index(op.f("ix_icjs_court_offer_fir_id"), "icjs_court_offer", ["fir_id"], unique=False)
    op.create_index(
        "ix_icjs_court_offer_waiting",
        "icjs_court_offer",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("delivered_at IS NULL"),
    )
    op.create_table(
        "icjs_event",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False, comment="The sender's event id: a repeat is not applied"),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False, comment="court or prison"),
        sa.Column("sender", sa.String(length=24), nullable=False, comment="The court's or prison's code"),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="The event as received"),
        sa.Column("outcome", sa.String(length=500), nullable=False, comment="What the police side did with it"),
        sa.Column("notification_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("source IN ('court', 'prison')", name=op.f("ck_icjs_event_known_source")),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_icjs_event_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_icjs_event_notification_id_notification"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_icjs_event_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_icjs_event")),
        sa.UniqueConstraint("event_id", name=op.f("uq_icjs_event_event_id")),
    )
    op.create_index(op.f("ix_icjs_event_fir_id"), "icjs_event", ["fir_id"], unique=False)
    op.create_index("ix_icjs_event_received_at", "icjs_event", ["received_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_icjs_event_received_at", table_name="icjs_event")
    op.drop_index(op.f("ix_icjs_event_fir_id"), table_name="icjs_event")
    op.drop_table("icjs_event")
    op.drop_index(
        "ix_icjs_court_offer_waiting", table_name="icjs_court_offer", postgresql_where=sa.text("delivered_at IS NULL")
    )
    op.drop_index(op.f("ix_icjs_court_offer_fir_id"), table_name="icjs_court_offer")
    op.drop_table("icjs_court_offer")
    op.drop_index(op.f("ix_fir_court_case_fir_id"), table_name="fir_court_case")
    op.drop_table("fir_court_case")
    op.drop_table("icjs_peer")
