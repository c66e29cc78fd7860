"""Merging ``stage_party`` into fir_party and arrest: a person's part in an FIR, by (FIR, person, role)."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.load.common import READS_NOTHING, MergeResult, Reads, row_of
from ingest.legacy.load.ids import live_fir_rows, resolve_party_ids

PARTY_DATA = (
    "accused_number", "name_as_given", "relative_name_as_given", "age_as_given", "address_as_given", "mobile_as_given",
)  # fmt: skip


def merge_parties(
    cursor: psycopg.Cursor[Any], source: str, update: bool, reads: Reads = READS_NOTHING, firs_checked: bool = False
) -> MergeResult:
    """Merge ``stage_party`` into fir_party (and arrest); rows whose FIR or person is missing, or whose FIR was
    registered live, are refused (``firs_checked``: the FIRs are the batch's own, just merged: not live)."""
    result = MergeResult()
    result.refused.update(resolve_party_ids(cursor, source))
    if not firs_checked:
        result.refused.update(live_fir_rows(cursor, "stage_party", "party_no"))
    for src_row, accused_number in cursor.execute(
        """
        SELECT s.src_row, s.accused_number FROM stage_party s JOIN stage_party_ids i ON i.party_no = s.party_no
        WHERE i.fir_id IS NOT NULL AND i.person_id IS NOT NULL AND s.accused_number IS NOT NULL AND (
            EXISTS (SELECT 1 FROM fir_party p WHERE p.fir_id = i.fir_id AND p.accused_number = s.accused_number
                    AND p.person_id <> i.person_id)
            OR EXISTS (SELECT 1 FROM stage_party o WHERE o.station_id = s.station_id AND o.year = s.year
                       AND o.serial = s.serial AND o.accused_number = s.accused_number AND o.src_row < s.src_row
                       AND o.person_key <> s.person_key))
        """
    ).fetchall():
        result.refused[src_row] = (
            "accused_number_taken",
            f"accused number A{accused_number} of this FIR is already another person; renumber or remove one",
        )
    if result.refused:
        cursor.execute("DELETE FROM stage_party WHERE src_row = ANY(%s)", (list(result.refused),))
    change = (
        f"WHERE {row_of('fir_party', PARTY_DATA)} IS DISTINCT FROM {row_of('EXCLUDED', PARTY_DATA)}"
        if update
        else "WHERE false"
    )
    cursor.execute(
        f"""
        WITH written AS (
            INSERT INTO fir_party (fir_id, person_id, role, {", ".join(PARTY_DATA)}, added_at)
            SELECT DISTINCT ON (i.fir_id, i.person_id, s.role) i.fir_id, i.person_id, s.role,
                   {", ".join(f"s.{c}" for c in PARTY_DATA)}, i.registered_at
            FROM stage_party s JOIN stage_party_ids i ON i.party_no = s.party_no
            WHERE i.fir_id IS NOT NULL AND i.person_id IS NOT NULL
            ORDER BY i.fir_id, i.person_id, s.role, s.src_row
            ON CONFLICT (fir_id, person_id, role) DO UPDATE SET
                {", ".join(f"{c} = EXCLUDED.{c}" for c in PARTY_DATA)}
            {change}
            RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FROM written
        """
    )
    counts = cursor.fetchone()
    assert counts is not None
    result.inserted, result.updated = counts[0], counts[1] - counts[0]
    staged = cursor.execute("SELECT count(*) FROM stage_party").fetchone()
    result.unchanged = (staged[0] if staged else 0) - counts[1]
    if reads.arrests:
        _merge_arrests(cursor, source, update)
    return result


def _merge_arrests(cursor: psycopg.Cursor[Any], source: str, update: bool) -> None:
    """Each party row's arrest (one per FIR and person from a source): written, changed, or removed when the row
    no longer gives one."""
    removal = (
        """, removed AS (
            DELETE FROM arrest a USING wanted w WHERE w.arrested_at IS NULL AND a.fir_id = w.fir_id
            AND a.person_id = w.person_id AND a.import_source = %(source)s
        )"""
        if update
        else ""
    )
    conflict = (
        "DO UPDATE SET kind = EXCLUDED.kind, at = EXCLUDED.at "
        "WHERE (arrest.kind, arrest.at) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.at)"
        if update
        else "DO NOTHING"
    )
    cursor.execute(
        f"""
        WITH wanted AS (  -- a person named twice in an FIR (accused and suspect): the row giving an arrest
            SELECT DISTINCT ON (i.fir_id, i.person_id) i.fir_id, i.person_id, s.arrest_kind, s.arrested_at
            FROM stage_party s JOIN stage_party_ids i ON i.party_no = s.party_no
            WHERE i.fir_id IS NOT NULL AND i.person_id IS NOT NULL
            ORDER BY i.fir_id, i.person_id, s.arrested_at IS NULL, s.src_row
        ){removal}
        INSERT INTO arrest (fir_id, person_id, kind, at, import_source)
        SELECT fir_id, person_id, arrest_kind, arrested_at, %(source)s FROM wanted
        WHERE arrested_at IS NOT NULL ORDER BY fir_id, person_id
        ON CONFLICT (fir_id, person_id, import_source) WHERE import_source IS NOT NULL {conflict}
        """,
        {"source": source},
    )
