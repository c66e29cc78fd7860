"""New property items COPYed into fir_property, FIR by FIR: the items of an imported FIR that has none from this
source yet go the bulk way together; any other FIR's items go to the merge (which pairs them with earlier ones)."""

from __future__ import annotations

from collections import defaultdict
from operator import attrgetter
from typing import Any

import psycopg

from ingest.legacy.load.bulk.common import BulkSettings, FirKey, checks_off, copy_into, find_firs, having_rows
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
    holding = having_rows(
        cursor, [fir.id for fir in firs.values()], "fir_property", "AND t.import_source = %s", (source,)
    )
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
