"""Merging ``stage_fir`` into the FIR's tables: the FIR by its natural key (a duplicate key in the file and a
live FIR refused), its sections, what the source said as given, its status history, its final report and court
result, and its audit rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ingest.legacy.load.common import AS_OPERATOR, READS_NOTHING, AuditAs, MergeResult, Reads
from records.numbering import lock_counters_sql

# FIR columns written from the staging row (the same list compares old and new).
FIR_DATA = (
    "registered_at", "occurrence_from", "occurrence_to", "info_received_at", "gd_entry_number", "information_type",
    "place_address", "place_distance_km", "place_direction", "beat", "brief_facts", "property_value_total",
    "delay_reason", "io_name", "io_rank", "status", "is_synthetic",
)  # fmt: skip

TRANSFER_DATA = ("transferred_to_station_id", "transferred_at")


@dataclass(frozen=True)
class CaseOutcome:
    """A record after registration that an import keeps one of per FIR and source: its table, the staged FIR
    column that says the row gives one, and each of its columns with the staged column it comes from."""

    table: str
    given: str
    columns: tuple[tuple[str, str], ...]


# A court result is for the case as a whole: the row does not say whom it concerns.
FINAL_REPORT = CaseOutcome(
    "final_report", "report_kind", (("kind", "report_kind"), ("report_number", "report_number"),
                                    ("submitted_on", "report_on"))
)  # fmt: skip
COURT_RESULT = CaseOutcome(
    "court_disposal", "court_result", (("court", "court"), ("disposed_on", "court_on"), ("result", "court_result"))
)


def merge_firs(
    cursor: psycopg.Cursor[Any],
    job_id: int,
    source: str,
    update: bool,
    reads: Reads = READS_NOTHING,
    audit_as: AuditAs = AS_OPERATOR,
    lock_numbers: bool = True,
) -> MergeResult:
    """Merge ``stage_fir`` into fir, fir_section, fir_status_change, fir_legacy_record, final_report,
    court_disposal, audit_log. A check (rolled back at its end) passes ``lock_numbers=False``: it would
    hold the numbering counters of every station it reads until it ends."""
    result = MergeResult()
    data = FIR_DATA + (TRANSFER_DATA if reads.transfers else ())
    # A key met earlier in this job (another source row) is a duplicate in the file: refuse the later row.
    cursor.execute(
        "INSERT INTO import_job_key (job_id, station_id, year, serial, source_row) "
        "SELECT %s, station_id, year, serial, min(src_row) FROM stage_fir GROUP BY station_id, year, serial "
        "ON CONFLICT DO NOTHING",
        (job_id,),
    )
    for src_row, first in cursor.execute(
        "SELECT s.src_row, k.source_row FROM stage_fir s JOIN import_job_key k ON k.job_id = %s "
        "AND k.station_id = s.station_id AND k.year = s.year AND k.serial = s.serial WHERE k.source_row <> s.src_row",
        (job_id,),
    ).fetchall():
        result.refused[src_row] = ("duplicate_in_file", f"the same station, year and FIR number as row {first}")
    # Live registrations at these station-years wait until the batch commits (then they see its FIRs and step
    # over their serials), and a registration that went first is committed before the check below.
    if lock_numbers:
        cursor.execute(lock_counters_sql("stage_fir"))
    live = {
        src_row: ("live_fir", f"FIR {serial}/{year} of station {code} (id {fir_id}) was registered live in the "
                  "system, not imported; an import never changes it")
        for src_row, fir_id, serial, year, code in cursor.execute(
            """
            SELECT s.src_row, f.id, f.serial, f.year, ps.code FROM stage_fir s
            JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
            JOIN police_station ps ON ps.id = f.station_id
            WHERE NOT EXISTS (SELECT 1 FROM fir_legacy_record l WHERE l.fir_id = f.id)
            """
        ).fetchall()
    }  # fmt: skip
    result.refused.update(live)
    if result.refused:
        cursor.execute("DELETE FROM stage_fir WHERE src_row = ANY(%s)", (list(result.refused),))
    fir_data = ", ".join(data)
    read_outcomes = ((FINAL_REPORT, reads.final_reports), (COURT_RESULT, reads.court_results))
    outcomes = [kind for kind, read in read_outcomes if read]
    # What differs between the FIR and its row: each FIR column by name, then the sections, what the source
    # said as given, and each record after registration the profile reads.
    differs = [f"CASE WHEN f.{c} IS DISTINCT FROM s.{c} THEN '{c}' END" for c in data] + [
        """CASE WHEN coalesce((SELECT array_agg(fs.section_id ORDER BY fs.position) FROM fir_section fs
                               WHERE fs.fir_id = f.id), '{}') IS DISTINCT FROM s.section_ids THEN 'sections' END""",
        """CASE WHEN (SELECT ROW(l.source, l.sections_as_given, l.crime_head_as_given, l.status_as_given)
                      FROM fir_legacy_record l WHERE l.fir_id = f.id)
                     IS DISTINCT FROM ROW(%(source)s::varchar, s.sections_as_given, s.crime_head_as_given,
                                          s.status_as_given) THEN 'as_given' END""",
        *(f"CASE WHEN {_outcome_changed(kind)} THEN '{kind.table}' END" for kind in outcomes),
    ]
    cursor.execute(
        f"""
        INSERT INTO stage_fir_match (src_row, fir_id, old_status, changed, fields, before)
        SELECT s.src_row, f.id, f.status, cardinality(c.fields) > 0, c.fields,
               CASE WHEN cardinality(c.fields) > 0 THEN
                   (SELECT jsonb_object_agg(j.key, j.value) FROM jsonb_each(to_jsonb(f)) j WHERE j.key = ANY(c.fields))
               END
        FROM stage_fir s JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        CROSS JOIN LATERAL (SELECT array_remove(ARRAY[{", ".join(differs)}], NULL) AS fields) c
        """,
        {"source": source},
    )
    cursor.execute(
        f"""
        WITH inserted AS (
            INSERT INTO fir (station_id, year, serial, {fir_data}, created_at, updated_at)
            SELECT s.station_id, s.year, s.serial, {", ".join(f"s.{c}" for c in data)}, s.registered_at,
                   s.history_at[cardinality(s.history_at)]
            FROM stage_fir s WHERE NOT EXISTS (SELECT 1 FROM stage_fir_match m WHERE m.src_row = s.src_row)
            ORDER BY s.station_id, s.year, s.serial
            RETURNING id, station_id, year, serial
        )
        INSERT INTO stage_fir_done (src_row, fir_id, inserted)
        SELECT s.src_row, i.id, true FROM inserted i
        JOIN stage_fir s ON s.station_id = i.station_id AND s.year = i.year AND s.serial = i.serial
        """
    )
    result.inserted = cursor.rowcount
    if update:
        cursor.execute(
            f"""
            UPDATE fir f SET {", ".join(f"{c} = s.{c}" for c in data)}, version = f.version + 1,
                   updated_at = now()
            FROM stage_fir_match m JOIN stage_fir s ON s.src_row = m.src_row
            WHERE f.id = m.fir_id AND m.changed
            """
        )
        result.updated = cursor.rowcount
        cursor.execute(
            "INSERT INTO stage_fir_done (src_row, fir_id, inserted) SELECT src_row, fir_id, false "
            "FROM stage_fir_match WHERE changed"
        )
    matched = cursor.execute("SELECT count(*) FROM stage_fir_match").fetchone()
    result.unchanged = (matched[0] if matched else 0) - result.updated
    cursor.execute("DELETE FROM fir_section WHERE fir_id IN (SELECT fir_id FROM stage_fir_done WHERE NOT inserted)")
    cursor.execute(
        """
        INSERT INTO fir_section (fir_id, section_id, position)
        SELECT d.fir_id, u.section_id, u.ord - 1
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row,
             unnest(s.section_ids) WITH ORDINALITY AS u(section_id, ord)
        """
    )
    cursor.execute(
        """
        INSERT INTO fir_legacy_record (fir_id, source, sections_as_given, crime_head_as_given, status_as_given)
        SELECT d.fir_id, %s, s.sections_as_given, left(s.crime_head_as_given, 200), left(s.status_as_given, 80)
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row
        ON CONFLICT (fir_id) DO UPDATE SET source = EXCLUDED.source, sections_as_given = EXCLUDED.sections_as_given,
            crime_head_as_given = EXCLUDED.crime_head_as_given, status_as_given = EXCLUDED.status_as_given
        """,
        (source,),
    )
    # A new FIR gets every step to its status (``history``); a changed one the steps after the status it had, or,
    # when that status is not on the way (a status corrected backwards), one step to the new status.
    cursor.execute(
        """
        INSERT INTO fir_status_change (fir_id, from_status, to_status, changed_at, note)
        SELECT fir_id, from_status, to_status, changed_at, note FROM (
            SELECT d.fir_id, h.from_status, h.to_status, h.changed_at, h.note, h.ord
            FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row,
                 unnest(s.history_from, s.history_to, s.history_at, s.history_note)
                     WITH ORDINALITY AS h(from_status, to_status, changed_at, note, ord)
            WHERE d.inserted
            UNION ALL
            SELECT m.fir_id, h.from_status, h.to_status, h.changed_at, h.note, h.ord
            FROM stage_fir_match m JOIN stage_fir s ON s.src_row = m.src_row
            JOIN stage_fir_done d ON d.src_row = m.src_row,
                 unnest(s.history_from, s.history_to, s.history_at, s.history_note)
                     WITH ORDINALITY AS h(from_status, to_status, changed_at, note, ord)
            WHERE m.old_status IS DISTINCT FROM s.status AND h.ord > array_position(s.history_to, m.old_status)
            UNION ALL
            SELECT m.fir_id, m.old_status, s.status, now(), 'changed by a legacy import', 1
            FROM stage_fir_match m JOIN stage_fir s ON s.src_row = m.src_row
            JOIN stage_fir_done d ON d.src_row = m.src_row
            WHERE m.old_status IS DISTINCT FROM s.status AND array_position(s.history_to, m.old_status) IS NULL
        ) steps ORDER BY fir_id, ord
        """
    )
    for kind in outcomes:
        _merge_case_outcome(cursor, source, kind)
    _audit_firs(cursor, job_id, audit_as)
    return result


def _audit_firs(cursor: psycopg.Cursor[Any], job_id: int, audit_as: AuditAs) -> None:
    """One audit row per FIR the batch created or updated (an update's names the fields that changed, and the
    FIR's columns among them before and after)."""
    cursor.execute(
        """
        INSERT INTO audit_log (user_id, action, entity_type, entity_id, detail)
        SELECT %(user)s, CASE WHEN d.inserted THEN 'create' ELSE 'update' END, 'fir', d.fir_id::text,
               %(via)s::jsonb || jsonb_build_object('import_job_id', %(job)s::bigint,
                                                    'number', s.serial || '/' || s.year, 'station_id', s.station_id)
               || CASE WHEN d.inserted THEN '{}'::jsonb ELSE jsonb_build_object(
                      'fields', to_jsonb(m.fields), 'before', coalesce(m.before, '{}'),
                      'after', coalesce((SELECT jsonb_object_agg(j.key, j.value) FROM fir f, jsonb_each(to_jsonb(f)) j
                                         WHERE f.id = d.fir_id AND j.key = ANY(m.fields)), '{}')) END
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row
        LEFT JOIN stage_fir_match m ON m.src_row = d.src_row
        ORDER BY d.fir_id
        """,
        {"user": audit_as.user_id, "via": Jsonb(audit_as.via), "job": job_id},
    )


def _outcome_changed(kind: CaseOutcome) -> str:
    """SQL (for ``stage_fir_match``): the row's record of this kind differs from the one this source imported
    for FIR ``f`` (one given where none is, none where one is, or other values)."""
    same = " AND ".join(f"x.{column} IS NOT DISTINCT FROM s.{staged}" for column, staged in kind.columns)
    return f"""
               CASE WHEN s.{kind.given} IS NULL
                       THEN EXISTS (SELECT 1 FROM {kind.table} x WHERE x.fir_id = f.id
                                    AND x.import_source = %(source)s)
                       ELSE NOT EXISTS (SELECT 1 FROM {kind.table} x WHERE x.fir_id = f.id
                                        AND x.import_source = %(source)s AND {same}) END"""


def _merge_case_outcome(cursor: psycopg.Cursor[Any], source: str, kind: CaseOutcome) -> None:
    """The record of this kind each written FIR's row gives (one per FIR and source), or none when it gives none."""
    columns = ", ".join(column for column, _ in kind.columns)
    cursor.execute(
        f"""
        DELETE FROM {kind.table} x USING stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row
        WHERE NOT d.inserted AND s.{kind.given} IS NULL AND x.fir_id = d.fir_id AND x.import_source = %s
        """,
        (source,),
    )
    cursor.execute(
        f"""
        INSERT INTO {kind.table} (fir_id, {columns}, import_source)
        SELECT d.fir_id, {", ".join(f"s.{staged}" for _, staged in kind.columns)}, %s
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row WHERE s.{kind.given} IS NOT NULL
        ORDER BY d.fir_id
        ON CONFLICT (fir_id, import_source) WHERE import_source IS NOT NULL DO UPDATE SET
            {", ".join(f"{column} = EXCLUDED.{column}" for column, _ in kind.columns)}
        """,
        (source,),
    )
