"""reference data shown in search documents queues the FIRs showing it (a station's name, code or district, a
district's name, a section's number, act or crime head, an act's or crime head's code); an FIR's place, which no
document shows, no longer queues it

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0011's outbox statement (one row per record and transaction) and skip switch, written there once.
side_effects = importlib.import_module("records.migrations.versions.0011_side_effect_triggers")

# The columns of each reference table that search documents show (indexes/documents.py reads them through the FIR;
# keep the two in step), and the FIRs showing a row of it (``{changed}``: the ids of the rows whose shown columns
# changed). Person documents show them through the person's FIRs, which the relay rebuilds with each queued FIR.
# Only an UPDATE matters: a reference row inserted is shown by no FIR yet, and one an FIR shows cannot be deleted.
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "police_station": ("code", "name_en", "name_hi", "district_id"),
    "police_district": ("name_en",),
    "section": ("number", "act_id", "crime_head_id"),
    "act": ("code",),
    "crime_head": ("code",),
}
FIRS_SHOWING: dict[str, str] = {
    "police_station": "SELECT id AS fir_id FROM fir WHERE station_id IN ({changed})",
    "police_district": (
        "SELECT f.id AS fir_id FROM fir f JOIN police_station s ON s.id = f.station_id "
        "WHERE s.district_id IN ({changed})"
    ),
    "section": "SELECT fir_id FROM fir_section WHERE section_id IN ({changed})",
    "act": (
        "SELECT fs.fir_id FROM fir_section fs JOIN section s ON s.id = fs.section_id WHERE s.act_id IN ({changed})"
    ),
    "crime_head": (
        "SELECT fs.fir_id FROM fir_section fs JOIN section s ON s.id = fs.section_id "
        "WHERE s.crime_head_id IN ({changed})"
    ),
}
# The FIR columns documents show: 0011's list but place_address (shown by no document: a change to it rebuilt the
# FIR's document, and everyone's it names, for nothing).
FIR_COLUMNS = tuple(column for column in side_effects.DOCUMENT_COLUMNS["fir"] if column != "place_address")


def _changed(table: str) -> str:
    """The ids of the updated rows whose shown columns changed: ``cctns db upgrade`` re-upserts the reference data,
    and writing a value a row already holds changes no document."""
    columns = REFERENCE_COLUMNS[table]
    new = ", ".join(f"n.{column}" for column in columns)
    old = ", ".join(f"o.{column}" for column in columns)
    return f"SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ({new}) IS DISTINCT FROM ({old})"


def _reference_rows(table: str) -> str:
    firs = FIRS_SHOWING[table].format(changed=_changed(table))
    return (
        "SELECT 'fir'::varchar AS entity_type, fir_id AS entity_id, 'upsert'::varchar AS operation "
        f"FROM ({firs}) AS showing"
    )


def _fir_update_rows(columns: Sequence[str]) -> str:
    """0011's rows for an UPDATE of ``fir``, over ``columns``."""
    return " UNION ALL ".join(
        [
            side_effects._fed("fir", side_effects._changed(columns, "new_rows", "old_rows"), "upsert", gone=False),
            side_effects._fed("fir", side_effects._changed(columns, "old_rows", "new_rows"), "upsert", gone=True),
        ]
    )


def _function(name: str, body: str) -> str:
    """0011's trigger function, replacing one of the same name."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT {side_effects.SKIP} THEN {body}; END IF; RETURN NULL; END $$"
    )


def upgrade() -> None:
    for table in REFERENCE_COLUMNS:
        name = f"outbox_{table}_update"
        op.execute(_function(name, side_effects.OUTBOX.format(rows=_reference_rows(table))))
        op.execute(
            f"CREATE TRIGGER {name} AFTER UPDATE ON {table} REFERENCING {side_effects.REFERENCING['UPDATE']} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    op.execute(_function("outbox_fir_update", side_effects.OUTBOX.format(rows=_fir_update_rows(FIR_COLUMNS))))


def downgrade() -> None:
    op.execute(_function("outbox_fir_update", side_effects.OUTBOX.format(rows=side_effects._rows("fir", "UPDATE"))))
    for table in REFERENCE_COLUMNS:
        op.execute(f"DROP TRIGGER IF EXISTS outbox_{table}_update ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS outbox_{table}_update()")
