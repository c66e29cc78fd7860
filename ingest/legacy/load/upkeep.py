"""What an import does after its batches for the rest of the system: the planner's statistics of the tables it
grew, and the outbox collapsed to one row per record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from ingest.legacy.report import FileCounts

# Every table an import grows. Autovacuum may be off, or not yet round to them: a table grown from nothing
# to millions of rows without ANALYZE is planned as if it were empty or average, and the outbox drain's
# lookups by person (``person_id = ANY(...)``) become sequential scans of millions of rows.
IMPORTED_TABLES = (
    "fir", "fir_section", "fir_party", "fir_property", "fir_status_change", "fir_legacy_record", "arrest",
    "person", "person_address", "person_mobile", "person_alias", "person_match_queue", "import_record_key", "outbox",
)  # fmt: skip
ANALYZE_FROM_ROWS = 50_000  # fewer new rows than this leave the planner's picture about right


MERGED_ROWS_FOR_STATISTICS = 1_000  # fewer merged rows are planned well enough on older statistics


@dataclass
class StatisticsSchedule:
    """When a running job refreshes the planner's statistics: each time the rows inserted double, if since the last
    refresh at least ``MERGED_ROWS_FOR_STATISTICS`` rows took the merge, whose set-based statements are planned on
    them. Rows COPYed the bulk way need none (their look-ups, and the triggers', go through indexes whatever the
    statistics say; the planner scales the stored row counts by a table's current size), so a first-time load
    refreshes them only at its end: a round over the 14 tables cost about 2 s of server CPU, seven rounds on
    200,000 FIRs."""

    inserted: int = 0  # rows inserted at the last refresh
    merged: int = 0  # rows merged (accepted, not bulk) at the last refresh

    def due(self, totals: FileCounts) -> bool:
        merged = totals.accepted - totals.bulk
        return merged - self.merged >= MERGED_ROWS_FOR_STATISTICS and totals.inserted >= max(
            ANALYZE_FROM_ROWS, 2 * self.inserted
        )

    def done(self, totals: FileCounts) -> None:
        self.inserted, self.merged = totals.inserted, totals.accepted - totals.bulk


def analyze_imported_tables(cursor: psycopg.Cursor[Any]) -> None:
    """Refresh the planner's statistics of the tables an import grows (a sample of each: seconds, not minutes)."""
    for table in IMPORTED_TABLES:
        cursor.execute(f"ANALYZE {table}")


def collapse_outbox(cursor: psycopg.Cursor[Any], after_id: int) -> int:
    """Drop outbox rows (newer than ``after_id``) that a later row already covers: an older row of the same
    record, and a person's row when an FIR row written later or in the same transaction names them (the relay
    rebuilds everyone an FIR names, reading what that transaction committed: the triggers write a batch's FIR
    rows before its people's). Each record is then indexed once, after its last change. Returns the rows
    dropped."""
    cursor.execute(
        "DELETE FROM outbox a USING outbox b WHERE a.id > %s AND b.id > a.id "
        "AND a.entity_type = b.entity_type AND a.entity_id = b.entity_id",
        (after_id,),
    )
    dropped = cursor.rowcount
    cursor.execute(
        """
        DELETE FROM outbox p WHERE p.id > %s AND p.entity_type = 'person' AND EXISTS (
            SELECT 1 FROM fir_party fp JOIN outbox f ON f.entity_type = 'fir' AND f.entity_id = fp.fir_id
            WHERE fp.person_id = p.entity_id AND (f.id > p.id OR f.txid = p.txid))
        """,
        (after_id,),
    )
    return dropped + cursor.rowcount
