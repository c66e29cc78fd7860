"""Merging ``stage_property`` into fir_property (items have no key: an FIR's imported items are replaced as a
set), and removing at a job's end the earlier items no staged item took over."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.load.common import MergeResult
from ingest.legacy.load.ids import live_fir_rows, resolve_property_ids
from ingest.legacy.staged import StagedProperty

PROPERTY_DATA = StagedProperty._fields[4:]  # the item's own columns, after its source row and its FIR's key


def merge_properties(cursor: psycopg.Cursor[Any], job_id: int, source: str, update: bool) -> MergeResult:
    """Merge ``stage_property`` into fir_property. An item has no key of its own, so an FIR's imported items are
    replaced as a set, in two parts. Here, each staged item equal to an item an earlier import of this source
    wrote (``import_job_id`` another job) takes it over, marked as this job's (unchanged); the k-th equal staged
    item of an FIR pairs with its k-th equal earlier item; the other staged items are inserted as this job's.
    Nothing is removed here, so an FIR's items split by a batch boundary (or by a kill and a resumed run) still
    find their earlier twins; ``remove_unlisted_properties`` ends the job by removing the earlier items no
    staged item took over. With ``on_existing: skip`` an FIR that has earlier items keeps them and gets none.
    Rows of an unknown FIR are refused."""
    result = MergeResult()
    result.refused.update(resolve_property_ids(cursor))
    live = live_fir_rows(cursor, "stage_property", "prop_no")
    if live:
        result.refused.update(live)
        cursor.execute(
            "UPDATE stage_property_ids i SET fir_id = NULL FROM stage_property s "
            "WHERE s.prop_no = i.prop_no AND s.src_row = ANY(%s)",
            (list(live),),
        )
    data = ", ".join(PROPERTY_DATA)
    same = " AND ".join(f"o.{c} IS NOT DISTINCT FROM s.{c}" for c in PROPERTY_DATA)
    params = {"source": source, "job": job_id}
    cursor.execute(
        f"""
        WITH earlier AS (
            SELECT p.id, p.fir_id, {", ".join(f"p.{c}" for c in PROPERTY_DATA)},
                   row_number() OVER (PARTITION BY p.fir_id, {data} ORDER BY p.id) AS k
            FROM fir_property p WHERE p.fir_id IN (SELECT fir_id FROM stage_property_ids)
            AND p.import_source = %(source)s AND p.import_job_id IS DISTINCT FROM %(job)s
        ), staged AS (
            SELECT i.prop_no, i.fir_id, {", ".join(f"s.{c}" for c in PROPERTY_DATA)},
                   row_number() OVER (PARTITION BY i.fir_id, {data} ORDER BY s.prop_no) AS k
            FROM stage_property s JOIN stage_property_ids i ON i.prop_no = s.prop_no WHERE i.fir_id IS NOT NULL
        )
        UPDATE stage_property_ids i SET property_id = o.id FROM staged s JOIN earlier o
            ON o.fir_id = s.fir_id AND o.k = s.k AND {same}
        WHERE i.prop_no = s.prop_no
        """,
        params,
    )
    if update:
        cursor.execute(
            "UPDATE fir_property p SET import_job_id = %(job)s FROM stage_property_ids i WHERE p.id = i.property_id",
            params,
        )
        kept = ""
    else:
        kept = """AND NOT EXISTS (SELECT 1 FROM fir_property p WHERE p.fir_id = i.fir_id
                  AND p.import_source = %(source)s::varchar AND p.import_job_id IS DISTINCT FROM %(job)s::bigint)"""
    cursor.execute(
        f"""
        WITH inserted AS (
            INSERT INTO fir_property (fir_id, {data}, import_source, import_job_id)
            SELECT i.fir_id, {", ".join(f"s.{c}" for c in PROPERTY_DATA)}, %(source)s::varchar, %(job)s::bigint
            FROM stage_property s JOIN stage_property_ids i ON i.prop_no = s.prop_no
            WHERE i.fir_id IS NOT NULL AND i.property_id IS NULL {kept}
            ORDER BY s.prop_no
            RETURNING fir_id
        )
        SELECT count(*) FROM inserted
        """,
        params,
    )
    counts = cursor.fetchone()
    result.inserted = counts[0] if counts else 0
    staged = cursor.execute("SELECT count(*) FROM stage_property_ids WHERE fir_id IS NOT NULL").fetchone()
    result.unchanged = (staged[0] if staged else 0) - result.inserted
    return result


def remove_unlisted_properties(cursor: psycopg.Cursor[Any], job_id: int, source: str) -> int:
    """End a job that read a property file (with ``on_existing: update``): the items an earlier import of this
    source wrote that no item of the file took over are removed, from every FIR of the job's FIR file and every
    FIR the property file lists (the triggers queue those FIRs for the search index); returns how many FIRs lost
    items."""
    cursor.execute(
        """
        WITH firs AS (
            SELECT f.id FROM import_job_key k
            JOIN fir f ON f.station_id = k.station_id AND f.year = k.year AND f.serial = k.serial
            WHERE k.job_id = %(job)s
            UNION
            SELECT fir_id FROM fir_property WHERE import_job_id = %(job)s
        ), removed AS (
            DELETE FROM fir_property p USING firs
            WHERE p.fir_id = firs.id AND p.import_source = %(source)s AND p.import_job_id IS DISTINCT FROM %(job)s
            RETURNING p.fir_id
        )
        SELECT count(DISTINCT fir_id) FROM removed
        """,
        {"job": job_id, "source": source},
    )
    row = cursor.fetchone()
    return row[0] if row else 0


# Every table an import grows. Autovacuum may be off, or not yet round to them: a table grown from nothing
