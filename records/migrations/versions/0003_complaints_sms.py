"""complaints filed online, their history, attachments and codes; SMS messages; portal rate limits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 06:51:19.758335
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("bucket", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hit")),
    )
    op.create_index("ix_rate_limit_hit_bucket_subject_at", "rate_limit_hit", ["bucket", "subject", "at"], unique=False)
    op.create_table(
        "complaint",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("tracking_number", sa.String(length=24), nullable=False, comment="Given to the citizen"),
        sa.Column("station_id", sa.Integer(), nullable=False, comment="Station it is with now"),
        sa.Column("filed_station_id", sa.Integer(), nullable=False, comment="As filed"),
        sa.Column(
            "status",
            sa.Enum(
                "awaiting_confirmation",
                "received",
                "acknowledged",
                "enquiry_assigned",
                "transferred",
                "converted",
                "closed",
                name="complaint_status",
            ),
            nullable=False,
        ),
        sa.Column(
            "category",
            sa.Enum(
                "theft",
                "cyber_fraud",
                "cheating",
                "assault",
                "threat",
                "harassment_of_women",
                "sexual_offence",
                "child_abuse",
                "domestic_violence",
                "missing_person",
                "lost_article",
                "property_dispute",
                "other",
                name="complaint_category",
            ),
            nullable=False,
        ),
        sa.Column("complainant_name", sa.String(length=200), nullable=False),
        sa.Column("relative_name", sa.String(length=200), nullable=True),
        sa.Column("mobile", sa.String(length=10), nullable=False, comment="10 digits, confirmed by a code"),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False, comment="hi or en: the language of its SMS"),
        sa.Column("occurred_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occurred_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enquiry_officer_name", sa.String(length=120), nullable=True),
        sa.Column("enquiry_officer_rank", sa.String(length=40), nullable=True),
        sa.Column("fir_id", sa.BigInteger(), nullable=True, comment="FIR registered from it"),
        sa.Column("closed_reason", sa.String(length=1000), nullable=True),
        sa.Column("submitted_from", sa.String(length=45), nullable=True, comment="Client IP address"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["filed_station_id"], ["police_station.id"], name=op.f("fk_complaint_filed_station_id_police_station")
        ),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_complaint_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_complaint_station_id_police_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("fir_id", name=op.f("uq_complaint_fir_id")),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_complaint_tracking_number")),
    )
    op.create_index(op.f("ix_complaint_mobile"), "complaint", ["mobile"], unique=False)
    op.create_index("ix_complaint_station_status", "complaint", ["station_id", "status"], unique=False)
    op.create_table(
        "complaint_attachment",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("complaint_id", sa.BigInteger(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column(
            "content_type", sa.String(length=40), nullable=False, comment="Detected from the content's first bytes"
        ),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_attachment_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_attachment")),
    )
    op.create_index(
        op.f("ix_complaint_attachment_complaint_id"), "complaint_attachment", ["complaint_id"], unique=False
    )
    op.create_table(
        "complaint_event",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("complaint_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "awaiting_confirmation",
                "received",
                "acknowledged",
                "enquiry_assigned",
                "transferred",
                "converted",
                "closed",
                name="complaint_status",
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "awaiting_confirmation",
                "received",
                "acknowledged",
                "enquiry_assigned",
                "transferred",
                "converted",
                "closed",
                name="complaint_status",
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("station_id", sa.Integer(), nullable=True, comment="Station after it"),
        sa.Column("note", sa.String(length=1000), nullable=True, comment="Shown to the citizen"),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_event_complaint_id_complaint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_complaint_event_station_id_police_station")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_complaint_event_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_event")),
    )
    op.create_index(op.f("ix_complaint_event_complaint_id"), "complaint_event", ["complaint_id"], unique=False)
    op.create_table(
        "one_time_code",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("complaint_id", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False, comment="confirm or status"),
        sa.Column(
            "code_hash", sa.String(length=64), nullable=False, comment="HMAC-SHA256 of the code with the secret key"
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaint.id"], name=op.f("fk_one_time_code_complaint_id_complaint"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_one_time_code")),
    )
    op.create_index(op.f("ix_one_time_code_complaint_id"), "one_time_code", ["complaint_id"], unique=False)
    op.create_table(
        "sms_message",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column(
            "idempotency_key",
            sa.String(length=100),
            nullable=False,
            comment="One message per event; also sent to the gateway to drop repeats",
        ),
        sa.Column("to_number", sa.String(length=16), nullable=False, comment="10-digit Indian mobile number"),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False, comment="hi (Unicode, UCS-2 on the air) or en"),
        sa.Column("kind", sa.String(length=32), nullable=False, comment="otp, complaint_received, fir_registered, ..."),
        sa.Column("complaint_id", sa.BigInteger(), nullable=True),
        sa.Column("fir_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("pending", "queued", "sending", "sent", "delivered", "failed", name="sms_status"),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=True, comment="development or http"),
        sa.Column("provider_message_id", sa.String(length=100), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaint.id"], name=op.f("fk_sms_message_complaint_id_complaint"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_sms_message_fir_id_fir"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_message")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_sms_message_idempotency_key")),
    )
    op.create_index(op.f("ix_sms_message_complaint_id"), "sms_message", ["complaint_id"], unique=False)
    op.create_index("ix_sms_message_status_next_attempt_at", "sms_message", ["status", "next_attempt_at"], unique=False)
    op.create_index(op.f("ix_sms_message_to_number"), "sms_message", ["to_number"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sms_message_to_number"), table_name="sms_message")
    op.drop_index("ix_sms_message_status_next_attempt_at", table_name="sms_message")
    op.drop_index(op.f("ix_sms_message_complaint_id"), table_name="sms_message")
    op.drop_table("sms_message")
    op.drop_index(op.f("ix_one_time_code_complaint_id"), table_name="one_time_code")
    op.drop_table("one_time_code")
    op.drop_index(op.f("ix_complaint_event_complaint_id"), table_name="complaint_event")
    op.drop_table("complaint_event")
    op.drop_index(op.f("ix_complaint_attachment_complaint_id"), table_name="complaint_attachment")
    op.drop_table("complaint_attachment")
    op.drop_index("ix_complaint_station_status", table_name="complaint")
    op.drop_index(op.f("ix_complaint_mobile"), table_name="complaint")
    op.drop_table("complaint")
    op.drop_index("ix_rate_limit_hit_bucket_subject_at", table_name="rate_limit_hit")
    op.drop_table("rate_limit_hit")
    for name in ("sms_status", "complaint_category", "complaint_status"):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
