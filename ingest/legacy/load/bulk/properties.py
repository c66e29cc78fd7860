"""New property items COPYed into fir_property, FIR by FIR: the items of an imported FIR that has none from this
source yet go the bulk way together; any other FIR's items go to the merge (which pairs them with earlier ones)."""

from __future__ import annotations

from collections import defaultdict
from operator import attrgetter
from typing import Any

import psycopg

from ingest.legacy.load.bulk.common import BulkSettings, FirKey, checks_off, copy_into, find_firs
from ingest.legacy.load.common import MergeResult
from ingest.legacy.load.properties import PROPERTY_DATA
from ingest.legacy.staged import StagedProperty


def write_new_properties(cursor: psycopg.Cursor[Any], job_id: int, source: str, items: list[StagedProperty],
                         settings: BulkSettings) -> tuple[list[StagedProperty], MergeResult]:  # fmt: skip
    """Write the items of imported FIRs that have no item from ``source``; returns the other rows, for the merge,
    and what was inserted."""
    by_fir: dict[FirKey, list[StagedProperty]] = defaultdict(list)
    rest: list[StagedProperty] = []
    for row in items:
        if row.station_id is None or row.year is None or row.serial is None:
            rest.append(row)
        else:
            by_fir[(row.station_id, row.year, row.serial)].append(row)
    firs = find_firs(cursor, by_fir)
    holding = _firs_with_items(cursor, source, [fir.id for fir in firs.values()])
    written: list[tuple[int, StagedProperty]] = []
    for key, rows in by_fir.items():
        fir = firs.get(key)
        if fir is None or not fir.imported or fir.id in holding:
            rest.extend(rows)
        else:
            written.extend((fir.id, row) for row in rows)
    rest.sort(key=attrgetter("src_row"))
    if written:
        values = attrgetter(*PROPERTY_DATA)
        with checks_off(cursor, settings.skip_checks):
            copy_into(
                cursor, "fir_property", ("fir_id", *PROPERTY_DATA, "import_source", "import_job_id"),
                ((fir_id, *values(row), source, job_id) for fir_id, row in written),
            )  # fmt: skip
    return rest, MergeResult(inserted=len(written), bulk=len(written))


def _firs_with_items(cursor: psycopg.Cursor[Any], source: str, fir_ids: list[int]) -> set[int]:
    if not fir_ids:
        return set()
    cursor.execute(
        "SELECT f.id FROM unnest(%s::bigint[]) AS f(id) "
        "WHERE EXISTS (SELECT 1 FROM fir_property p WHERE p.fir_id = f.id AND p.import_source = %s)",
        (fir_ids, source),
    )
    return {row[0] for row in cursor.fetchall()}
