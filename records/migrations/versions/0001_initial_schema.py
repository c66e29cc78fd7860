"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False, comment="IPC, BNS, ARMS, NDPS, ..."),
        sa.Column("short_name", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_hi", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("general", "procedure", "special_local", name="act_kind"), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=True, comment="First day offences are registered under it"),
        sa.Column("in_force_until", sa.Date(), nullable=True, comment="Last day (IPC: 2024-06-30)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act")),
        sa.UniqueConstraint("code", name=op.f("uq_act_code")),
    )
    op.create_table(
        "crime_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False, comment="e.g. MURDER, THEFT"),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_hi", sa.String(length=120), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("against_women", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("against_sc_st", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["crime_head.id"], name=op.f("fk_crime_head_parent_id_crime_head")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crime_head")),
        sa.UniqueConstraint("code", name=op.f("uq_crime_head_code")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False, comment="fir or person"),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "operation",
            sa.String(length=8),
            server_default="upsert",
            nullable=False,
            comment="upsert or delete",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False, comment="As written, in its own script"),
        sa.Column("name_script", sa.Enum("devanagari", "latin", "mixed", "other", name="script"), nullable=False),
        sa.Column("relative_name", sa.String(length=200), nullable=True, comment="Father's or husband's name"),
        sa.Column(
            "relation_kind",
            sa.Enum("father", "husband", "mother", "guardian", name="relation_kind"),
            nullable=True,
        ),
        sa.Column(
            "gender",
            sa.Enum("male", "female", "transgender", "unknown", name="gender"),
            server_default="unknown",
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("age_years", sa.SmallInteger(), nullable=True, comment="Age as stated when recorded"),
        sa.Column("age_recorded_on", sa.Date(), nullable=True, comment="Date age_years was stated"),
        sa.Column("identifying_marks", sa.Text(), nullable=True),
        sa.Column("caste_category", sa.String(length=8), nullable=True, comment="SC, ST, OBC, GEN (victims)"),
        sa.Column("is_wanted", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("is_proclaimed_offender", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("is_synthetic", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "synthetic_identity",
            sa.BigInteger(),
            nullable=True,
            comment="Generator's ground truth: records with the same value are one real person",
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False, comment="Census 2011 state code, e.g. 10"),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_hi", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state")),
        sa.UniqueConstraint("code", name=op.f("uq_state_code")),
    )
    op.create_table(
        "person_alias",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("script", sa.Enum("devanagari", "latin", "mixed", "other", name="script"), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_alias_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_alias")),
    )
    op.create_index(op.f("ix_person_alias_person_id"), "person_alias", ["person_id"], unique=False)
    op.create_table(
        "person_mobile",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=10), nullable=False, comment="10 digits, no +91 or 0"),
        sa.CheckConstraint("number ~ '^[6-9][0-9]{9}$'", name=op.f("ck_person_mobile_indian_mobile")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_mobile_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_mobile")),
        sa.UniqueConstraint("person_id", "number", name=op.f("uq_person_mobile_person_id_number")),
    )
    op.create_index(op.f("ix_person_mobile_number"), "person_mobile", ["number"], unique=False)
    op.create_table(
        "police_district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False, comment="e.g. VAISHALI, PATNA_RLY"),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_hi", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.Enum("territorial", "railway", "special_unit", name="district_kind"), nullable=False),
        sa.Column(
            "census_code",
            sa.String(length=8),
            nullable=True,
            comment="Census 2011 district code of the revenue district whose territory it polices",
        ),
        sa.Column(
            "population_2011",
            sa.BigInteger(),
            nullable=True,
            comment="Census 2011 population policed, for rates per lakh",
        ),
        sa.ForeignKeyConstraint(["state_id"], ["state.id"], name=op.f("fk_police_district_state_id_state")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_district")),
        sa.UniqueConstraint("code", name=op.f("uq_police_district_code")),
    )
    op.create_table(
        "section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False, comment="As cited: 302, 304B, 376(2), 64(1)"),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("title_hi", sa.String(length=300), nullable=True),
        sa.Column(
            "crime_head_id",
            sa.Integer(),
            nullable=True,
            comment="NCRB head an FIR under this section counts under",
        ),
        sa.Column("is_cognizable", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["act_id"], ["act.id"], name=op.f("fk_section_act_id_act")),
        sa.ForeignKeyConstraint(["crime_head_id"], ["crime_head.id"], name=op.f("fk_section_crime_head_id_crime_head")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section")),
        sa.UniqueConstraint("act_id", "number", name=op.f("uq_section_act_id_number")),
    )
    op.create_table(
        "district_name_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False, comment="ncrb, geojson, lgd, common"),
        sa.Column("name", sa.String(length=100), nullable=False, comment="Upper-cased as the source writes it"),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["police_district.id"],
            name=op.f("fk_district_name_alias_district_id_police_district"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_name_alias")),
        sa.UniqueConstraint("source", "name", name=op.f("uq_district_name_alias_source_name")),
    )
    op.create_table(
        "police_station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False, comment="e.g. VAISHALI-HAJIPUR-SADAR"),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_hi", sa.String(length=120), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "is_synthetic",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="Created by the sample-data generator",
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["police_district.id"],
            name=op.f("fk_police_station_district_id_police_district"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_station")),
        sa.UniqueConstraint("code", name=op.f("uq_police_station_code")),
        sa.UniqueConstraint("district_id", "name_en", name=op.f("uq_police_station_district_id_name_en")),
    )
    op.create_index(op.f("ix_police_station_district_id"), "police_station", ["district_id"], unique=False)
    op.create_table(
        "section_correspondence",
        sa.Column("ipc_section_id", sa.Integer(), nullable=False),
        sa.Column("bns_section_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["bns_section_id"], ["section.id"], name=op.f("fk_section_correspondence_bns_section_id_section")
        ),
        sa.ForeignKeyConstraint(
            ["ipc_section_id"], ["section.id"], name=op.f("fk_section_correspondence_ipc_section_id_section")
        ),
        sa.PrimaryKeyConstraint("ipc_section_id", "bns_section_id", name=op.f("pk_section_correspondence")),
    )
    op.create_table(
        "api_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("key_prefix", sa.String(length=16), nullable=False, comment="Public part, for lookup"),
        sa.Column("key_hash", sa.String(length=255), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_api_client_station_id_police_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("key_prefix", name=op.f("uq_api_client_key_prefix")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "hq", "investigator", "district_sp", "station_officer", name="user_role"),
            nullable=False,
        ),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("mobile", sa.String(length=10), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(role <> 'station_officer' OR station_id IS NOT NULL) AND (role <> 'district_sp' OR district_id IS NOT NULL)",
            name=op.f("ck_app_user_jurisdiction_for_role"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"], ["police_district.id"], name=op.f("fk_app_user_district_id_police_district")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["police_station.id"], name=op.f("fk_app_user_station_id_police_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_table(
        "fir_number_counter",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["police_station.id"],
            name=op.f("fk_fir_number_counter_station_id_police_station"),
        ),
        sa.PrimaryKeyConstraint("station_id", "year", name=op.f("pk_fir_number_counter")),
    )
    op.create_table(
        "person_address",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=16),
            server_default="present",
            nullable=False,
            comment="present, permanent",
        ),
        sa.Column("address", sa.Text(), nullable=False, comment="House, street, landmark as written"),
        sa.Column("village_or_town", sa.String(length=120), nullable=True),
        sa.Column("police_station_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("pincode", sa.String(length=6), nullable=True),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["police_district.id"],
            name=op.f("fk_person_address_district_id_police_district"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_address_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["police_station_id"],
            ["police_station.id"],
            name=op.f("fk_person_address_police_station_id_police_station"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_address")),
    )
    op.create_index(op.f("ix_person_address_person_id"), "person_address", ["person_id"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("api_client_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False, comment="read, create, update, search, login, ..."),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("client_address", postgresql.INET(), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.ForeignKeyConstraint(
            ["api_client_id"], ["api_client.id"], name=op.f("fk_audit_log_api_client_id_api_client")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_audit_log_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"], unique=False)
    op.create_table(
        "fir",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False, comment="Year of registration; numbering restarts"),
        sa.Column("serial", sa.Integer(), nullable=False, comment="FIR number within station and year, no gaps"),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurrence_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("occurrence_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "info_received_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Information reached the station",
        ),
        sa.Column("gd_entry_number", sa.String(length=40), nullable=True, comment="General diary entry no."),
        sa.Column("gd_entry_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "information_type",
            sa.Enum("oral", "written", "e_fir", "zero_fir", name="information_type"),
            nullable=False,
        ),
        sa.Column("place_address", sa.Text(), nullable=True),
        sa.Column("place_distance_km", sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column(
            "place_direction",
            sa.Enum("N", "NE", "E", "SE", "S", "SW", "W", "NW", name="direction"),
            nullable=True,
        ),
        sa.Column("beat", sa.String(length=60), nullable=True),
        sa.Column("place_latitude", sa.Float(), nullable=True),
        sa.Column("place_longitude", sa.Float(), nullable=True),
        sa.Column("brief_facts", sa.Text(), server_default="", nullable=False),
        sa.Column("property_value_total", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("delay_reason", sa.Text(), nullable=True),
        sa.Column("io_name", sa.String(length=120), nullable=True, comment="Investigating officer"),
        sa.Column("io_rank", sa.String(length=40), nullable=True),
        sa.Column("io_user_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "registered",
                "under_investigation",
                "charge_sheeted",
                "final_report_undetected",
                "final_report_false",
                "final_report_mistake_of_fact",
                "sent_to_court",
                "disposed",
                "transferred",
                name="fir_status",
            ),
            nullable=False,
        ),
        sa.Column("transferred_to_station_id", sa.Integer(), nullable=True),
        sa.Column("transferred_to_fir_id", sa.BigInteger(), nullable=True),
        sa.Column("transferred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "zero_fir_origin_id",
            sa.BigInteger(),
            nullable=True,
            comment="The zero FIR this one was registered from",
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False, comment="Optimistic concurrency"),
        sa.Column("is_synthetic", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "occurrence_to IS NULL OR occurrence_from IS NULL OR occurrence_to >= occurrence_from",
            name=op.f("ck_fir_occurrence_order"),
        ),
        sa.CheckConstraint("serial > 0", name=op.f("ck_fir_serial_positive")),
        sa.ForeignKeyConstraint(["io_user_id"], ["app_user.id"], name=op.f("fk_fir_io_user_id_app_user")),
        sa.ForeignKeyConstraint(["station_id"], ["police_station.id"], name=op.f("fk_fir_station_id_police_station")),
        sa.ForeignKeyConstraint(["transferred_to_fir_id"], ["fir.id"], name=op.f("fk_fir_transferred_to_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["transferred_to_station_id"],
            ["police_station.id"],
            name=op.f("fk_fir_transferred_to_station_id_police_station"),
        ),
        sa.ForeignKeyConstraint(["zero_fir_origin_id"], ["fir.id"], name=op.f("fk_fir_zero_fir_origin_id_fir")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir")),
        sa.UniqueConstraint("station_id", "year", "serial", name=op.f("uq_fir_station_id_year_serial")),
    )
    op.create_index("ix_fir_registered_at", "fir", ["registered_at"], unique=False)
    op.create_index("ix_fir_status", "fir", ["status"], unique=False)
    op.create_table(
        "arrest",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Enum("arrest", "surrender", name="arrest_kind"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("officer_name", sa.String(length=120), nullable=True),
        sa.Column("court_surrendered_in", sa.String(length=160), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_arrest_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_arrest_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrest")),
    )
    op.create_index(op.f("ix_arrest_fir_id"), "arrest", ["fir_id"], unique=False)
    op.create_index(op.f("ix_arrest_person_id"), "arrest", ["person_id"], unique=False)
    op.create_table(
        "court_disposal",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=True),
        sa.Column("court", sa.String(length=160), nullable=False),
        sa.Column("court_case_number", sa.String(length=60), nullable=True),
        sa.Column("disposed_on", sa.Date(), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "convicted",
                "acquitted",
                "discharged",
                "compounded",
                "withdrawn",
                "abated",
                name="court_result",
            ),
            nullable=False,
        ),
        sa.Column("sentence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_court_disposal_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_court_disposal_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_disposal")),
    )
    op.create_index(op.f("ix_court_disposal_fir_id"), "court_disposal", ["fir_id"], unique=False)
    op.create_table(
        "final_report",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("charge_sheet", "undetected", "false", "mistake_of_fact", name="final_report_kind"),
            nullable=False,
        ),
        sa.Column("report_number", sa.String(length=40), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("court", sa.String(length=160), nullable=True),
        sa.Column("is_supplementary", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_final_report_fir_id_fir"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_final_report")),
    )
    op.create_index(op.f("ix_final_report_fir_id"), "final_report", ["fir_id"], unique=False)
    op.create_table(
        "fir_party",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("complainant", "victim", "accused", "suspect", "witness", name="party_role"),
            nullable=False,
        ),
        sa.Column("accused_number", sa.SmallInteger(), nullable=True, comment="1 for A1, 2 for A2, ..."),
        sa.Column("name_as_given", sa.String(length=200), nullable=False),
        sa.Column("relative_name_as_given", sa.String(length=200), nullable=True),
        sa.Column("age_as_given", sa.SmallInteger(), nullable=True),
        sa.Column("address_as_given", sa.Text(), nullable=True),
        sa.Column("mobile_as_given", sa.String(length=20), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(role = 'accused') = (accused_number IS NOT NULL)",
            name=op.f("ck_fir_party_accused_number_for_accused"),
        ),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_party_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fir_party_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_party")),
        sa.UniqueConstraint("fir_id", "person_id", "role", name=op.f("uq_fir_party_fir_id_person_id_role")),
    )
    op.create_index(op.f("ix_fir_party_fir_id"), "fir_party", ["fir_id"], unique=False)
    op.create_index(op.f("ix_fir_party_person_id"), "fir_party", ["person_id"], unique=False)
    op.create_index(
        "uq_fir_party_accused_number",
        "fir_party",
        ["fir_id", "accused_number"],
        unique=True,
        postgresql_where=sa.text("accused_number IS NOT NULL"),
    )
    op.create_table(
        "fir_property",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "cash",
                "jewellery",
                "vehicle",
                "mobile_phone",
                "livestock",
                "documents",
                "liquor",
                "narcotics",
                "arms",
                "other",
                name="property_kind",
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("mobile_imei", sa.String(length=20), nullable=True),
        sa.Column(
            "vehicle_registration",
            sa.String(length=16),
            nullable=True,
            comment="Normalised, no spaces: BR01AB1234",
        ),
        sa.Column("vehicle_chassis", sa.String(length=32), nullable=True),
        sa.Column("vehicle_engine", sa.String(length=32), nullable=True),
        sa.Column("vehicle_make_model", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_property_fir_id_fir"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_property")),
    )
    op.create_index(op.f("ix_fir_property_fir_id"), "fir_property", ["fir_id"], unique=False)
    op.create_index(
        op.f("ix_fir_property_vehicle_registration"), "fir_property", ["vehicle_registration"], unique=False
    )
    op.create_table(
        "fir_section",
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_section_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["section_id"], ["section.id"], name=op.f("fk_fir_section_section_id_section")),
        sa.PrimaryKeyConstraint("fir_id", "section_id", name=op.f("pk_fir_section")),
    )
    op.create_index(op.f("ix_fir_section_section_id"), "fir_section", ["section_id"], unique=False)
    op.create_table(
        "fir_status_change",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "registered",
                "under_investigation",
                "charge_sheeted",
                "final_report_undetected",
                "final_report_false",
                "final_report_mistake_of_fact",
                "sent_to_court",
                "disposed",
                "transferred",
                name="fir_status",
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "registered",
                "under_investigation",
                "charge_sheeted",
                "final_report_undetected",
                "final_report_false",
                "final_report_mistake_of_fact",
                "sent_to_court",
                "disposed",
                "transferred",
                name="fir_status",
            ),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("changed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["app_user.id"],
            name=op.f("fk_fir_status_change_changed_by_user_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["fir_id"], ["fir.id"], name=op.f("fk_fir_status_change_fir_id_fir"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_status_change")),
    )
    op.create_index(op.f("ix_fir_status_change_fir_id"), "fir_status_change", ["fir_id"], unique=False)
    op.create_table(
        "seizure",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("fir_id", sa.BigInteger(), nullable=False),
        sa.Column("seized_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "cash",
                "jewellery",
                "vehicle",
                "mobile_phone",
                "livestock",
                "documents",
                "liquor",
                "narcotics",
                "arms",
                "other",
                name="property_kind",
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(length=60), nullable=True, comment="e.g. 12 litres, 250 g"),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("seized_from_person_id", sa.BigInteger(), nullable=True),
        sa.Column("officer_name", sa.String(length=120), nullable=True),
        sa.Column(
            "vehicle_registration",
            sa.String(length=16),
            nullable=True,
            comment="Normalised, no spaces: BR01AB1234",
        ),
        sa.Column("vehicle_chassis", sa.String(length=32), nullable=True),
        sa.Column("vehicle_engine", sa.String(length=32), nullable=True),
        sa.Column("vehicle_make_model", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_seizure_fir_id_fir"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["seized_from_person_id"], ["person.id"], name=op.f("fk_seizure_seized_from_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seizure")),
    )
    op.create_index(op.f("ix_seizure_fir_id"), "seizure", ["fir_id"], unique=False)
    op.create_index(op.f("ix_seizure_vehicle_registration"), "seizure", ["vehicle_registration"], unique=False)
    op.create_table(
        "final_report_accused",
        sa.Column("final_report_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("charged", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.ForeignKeyConstraint(
            ["final_report_id"],
            ["final_report.id"],
            name=op.f("fk_final_report_accused_final_report_id_final_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_final_report_accused_person_id_person")),
        sa.PrimaryKeyConstraint("final_report_id", "person_id", name=op.f("pk_final_report_accused")),
    )


def downgrade() -> None:
    op.drop_table("final_report_accused")
    op.drop_index(op.f("ix_seizure_vehicle_registration"), table_name="seizure")
    op.drop_index(op.f("ix_seizure_fir_id"), table_name="seizure")
    op.drop_table("seizure")
    op.drop_index(op.f("ix_fir_status_change_fir_id"), table_name="fir_status_change")
    op.drop_table("fir_status_change")
    op.drop_index(op.f("ix_fir_section_section_id"), table_name="fir_section")
    op.drop_table("fir_section")
    op.drop_index(op.f("ix_fir_property_vehicle_registration"), table_name="fir_property")
    op.drop_index(op.f("ix_fir_property_fir_id"), table_name="fir_property")
    op.drop_table("fir_property")
    op.drop_index(
        "uq_fir_party_accused_number",
        table_name="fir_party",
        postgresql_where=sa.text("accused_number IS NOT NULL"),
    )
    op.drop_index(op.f("ix_fir_party_person_id"), table_name="fir_party")
    op.drop_index(op.f("ix_fir_party_fir_id"), table_name="fir_party")
    op.drop_table("fir_party")
    op.drop_index(op.f("ix_final_report_fir_id"), table_name="final_report")
    op.drop_table("final_report")
    op.drop_index(op.f("ix_court_disposal_fir_id"), table_name="court_disposal")
    op.drop_table("court_disposal")
    op.drop_index(op.f("ix_arrest_person_id"), table_name="arrest")
    op.drop_index(op.f("ix_arrest_fir_id"), table_name="arrest")
    op.drop_table("arrest")
    op.drop_index("ix_fir_status", table_name="fir")
    op.drop_index("ix_fir_registered_at", table_name="fir")
    op.drop_table("fir")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_person_address_person_id"), table_name="person_address")
    op.drop_table("person_address")
    op.drop_table("fir_number_counter")
    op.drop_table("app_user")
    op.drop_table("api_client")
    op.drop_table("section_correspondence")
    op.drop_index(op.f("ix_police_station_district_id"), table_name="police_station")
    op.drop_table("police_station")
    op.drop_table("district_name_alias")
    op.drop_table("section")
    op.drop_table("police_district")
    op.drop_index(op.f("ix_person_mobile_number"), table_name="person_mobile")
    op.drop_table("person_mobile")
    op.drop_index(op.f("ix_person_alias_person_id"), table_name="person_alias")
    op.drop_table("person_alias")
    op.drop_table("state")
    op.drop_table("person")
    op.drop_table("outbox")
    op.drop_table("crime_head")
    op.drop_table("act")
    for enum_type in (
        "act_kind",
        "script",
        "relation_kind",
        "gender",
        "district_kind",
        "user_role",
        "information_type",
        "direction",
        "fir_status",
        "arrest_kind",
        "court_result",
        "final_report_kind",
        "party_role",
        "property_kind",
    ):
        op.execute(f"DROP TYPE IF EXISTS {enum_type}")
