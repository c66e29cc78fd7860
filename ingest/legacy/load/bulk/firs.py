"""New FIRs of a batch COPYed into fir and the tables that come with it: sections, what the source said as given,
status history, final report and court result (when the profile reads them), the job's key of each FIR (a later row
with the same key is a duplicate in the file) and one audit row each."""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import psycopg

from ingest.legacy.load.bulk.common import (
    BulkSettings,
    FirKey,
    allocate_ids,
    checks_off,
    copy_into,
    find_firs,
    packed,
    unpacked,
)
from ingest.legacy.load.common import AuditAs, MergeResult, Reads
from ingest.legacy.load.firs import COURT_RESULT, FINAL_REPORT, FIR_DATA, TRANSFER_DATA, CaseOutcome
from ingest.legacy.staged import StagedFir
from records.numbering import lock_counters_sql

_to_json = json.JSONEncoder(ensure_ascii=False).encode


def write_new_firs(cursor: psycopg.Cursor[Any], job_id: int, source: str, firs: list[StagedFir], reads: Reads,
                   audit_as: AuditAs, settings: BulkSettings,
                   lock_numbers: bool) -> tuple[list[StagedFir], MergeResult]:  # fmt: skip
    """Write the FIRs of ``firs`` whose key no FIR has (the first row of each key); returns the other rows, for the
    merge, and what was inserted. ``lock_numbers``: as the merge's (not in a check, which would hold the counters
    until it ends)."""
    keyed = [row for row in firs if _has_key(row)]
    if lock_numbers and keyed:
        # As the merge does: a live registration at these station-years waits until the batch commits.
        stations = sorted({(row.station_id, row.year) for row in keyed})
        cursor.execute(
            lock_counters_sql(f"unnest({unpacked('int')}, {unpacked('smallint')}) AS s(station_id, year)"),
            (packed(s for s, _ in stations), packed(y for _, y in stations)),
        )
    existing = find_firs(cursor, (_key(row) for row in keyed))
    new: list[StagedFir] = []
    rest: list[StagedFir] = []
    taken: set[FirKey] = set(existing)
    for row in firs:
        key = _key(row) if _has_key(row) else None
        if key is None or key in taken:
            rest.append(row)
        else:
            taken.add(key)
            new.append(row)
    result = MergeResult(inserted=len(new), bulk=len(new))
    if not new:
        return rest, result
    ids = allocate_ids(cursor, "fir", len(new))
    data = FIR_DATA + (TRANSFER_DATA if reads.transfers else ())
    values = attrgetter(*data)
    with checks_off(cursor, settings.skip_checks):
        copy_into(
            cursor, "fir", ("id", "station_id", "year", "serial", *data, "created_at", "updated_at"),
            ((fir_id, row.station_id, row.year, row.serial, *values(row), row.registered_at, _last(row.history_at))
             for fir_id, row in zip(ids, new, strict=True)),
        )  # fmt: skip
        copy_into(
            cursor, "fir_section", ("fir_id", "section_id", "position"),
            ((fir_id, section_id, position) for fir_id, row in zip(ids, new, strict=True)
             for position, section_id in enumerate(row.section_ids)),
        )  # fmt: skip
        copy_into(
            cursor, "fir_legacy_record",
            ("fir_id", "source", "sections_as_given", "crime_head_as_given", "status_as_given"),
            ((fir_id, source, row.sections_as_given, _left(row.crime_head_as_given, 200),
              _left(row.status_as_given, 80)) for fir_id, row in zip(ids, new, strict=True)),
        )  # fmt: skip
        arrays = ", ".join([unpacked("bigint")] + [unpacked("text")] * 4)
        cursor.execute(
            f"""
            INSERT INTO fir_status_change (fir_id, from_status, to_status, changed_at, note)
            SELECT x.fir_id, h.from_status, h.to_status, h.changed_at, h.note
            FROM unnest({arrays}) AS x(fir_id, hf, ht, ha, hn)
            CROSS JOIN LATERAL unnest(x.hf::fir_status[], x.ht::fir_status[], x.ha::timestamptz[], x.hn::text[])
                WITH ORDINALITY AS h(from_status, to_status, changed_at, note, ord)
            ORDER BY x.fir_id, h.ord
            """,
            (packed(ids), packed(r.history_from for r in new), packed(r.history_to for r in new),
             packed(r.history_at for r in new), packed(r.history_note for r in new)),
        )  # fmt: skip
        for kind, read in ((FINAL_REPORT, reads.final_reports), (COURT_RESULT, reads.court_results)):
            if read:
                _write_case_outcome(cursor, source, kind, ids, new)
        copy_into(
            cursor, "import_job_key", ("job_id", "station_id", "year", "serial", "source_row"),
            ((job_id, row.station_id, row.year, row.serial, row.src_row) for row in new),
        )  # fmt: skip
        via = dict(audit_as.via)
        copy_into(
            cursor, "audit_log", ("user_id", "action", "entity_type", "entity_id", "detail"),
            ((audit_as.user_id, "create", "fir", str(fir_id),
              _to_json({**via, "import_job_id": job_id, "number": f"{row.serial}/{row.year}",
                        "station_id": row.station_id}))
             for fir_id, row in zip(ids, new, strict=True)),
        )  # fmt: skip
    return rest, result


def _write_case_outcome(cursor: psycopg.Cursor[Any], source: str, kind: CaseOutcome, ids: list[int],
                        new: list[StagedFir]) -> None:  # fmt: skip
    """The final report or court result each new FIR's row gives."""
    given = attrgetter(*(staged for _, staged in kind.columns))
    copy_into(
        cursor, kind.table, ("fir_id", *(column for column, _ in kind.columns), "import_source"),
        ((fir_id, *given(row), source) for fir_id, row in zip(ids, new, strict=True)
         if getattr(row, kind.given) is not None),
    )  # fmt: skip


def _has_key(row: StagedFir) -> bool:
    return row.station_id is not None and row.year is not None and row.serial is not None


def _key(row: StagedFir) -> FirKey:
    return (row.station_id, row.year, row.serial)  # type: ignore[return-value]


def _left(text: str | None, length: int) -> str | None:
    return text[:length] if text is not None else None


def _last(array_literal: str) -> str | None:
    """The last element of a PostgreSQL array literal of timestamps (as the converters write it: each quoted)."""
    inner = array_literal.strip()[1:-1]
    if not inner:
        return None
    last = inner.rsplit(",", 1)[-1].strip()
    return None if last == "NULL" else last.strip('"')
