"""One batch of an import: its source rows converted (in the converting thread), then staged, merged and counted,
with its rejected rows, inside the batch's transaction (``ingest.legacy.job`` commits it with the progress mark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from ingest.legacy.load import staging
from ingest.legacy.load.common import AuditAs, Reads
from ingest.legacy.load.firs import merge_firs
from ingest.legacy.load.parties import merge_parties
from ingest.legacy.load.persons import merge_persons
from ingest.legacy.load.properties import merge_properties
from ingest.legacy.readers import SourceRow
from ingest.legacy.rejects import copy_rejects
from ingest.legacy.report import FileCounts
from ingest.legacy.rows.converter import RowConverter
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedRows


@dataclass
class ConvertedBatch:
    """A batch of source rows, converted: staged rows for the database, and the rejected rows' problems."""

    rows: list[SourceRow]
    staged: StagedRows
    rejects: dict[int, list[Problem]]


@dataclass(frozen=True)
class MergeSettings:
    """How an import's batches are merged: the source's name, whether a changed row updates (``on_existing``),
    what the profile reads, whom the audit rows name, and whether the numbering counters are locked (not in a
    check: it would hold them until it ends)."""

    source: str
    update: bool
    reads: Reads
    audit_as: AuditAs
    lock_numbers: bool


def convert_batch(cursor: psycopg.Cursor[Any], kind: str, batch: list[SourceRow], converter: RowConverter,
                  seen_persons: set[str]) -> ConvertedBatch:  # fmt: skip
    """Convert a batch of one file (``kind``: firs, persons, parties, properties); ``seen_persons`` holds the
    person keys of the file's earlier batches (a key met twice is refused)."""
    staged = StagedRows.empty()
    rejects: dict[int, list[Problem]] = {}
    for row in batch:
        try:
            if kind == "firs":
                converter.fir(cursor, row.number, row.values, staged)
            elif kind == "properties":
                converter.property(cursor, row.number, row.values, staged)
            elif kind == "persons":
                key = converter.person(row.number, row.values, staged)
                if key in seen_persons:
                    staged.persons.pop()
                    raise RowRejected([Problem("duplicate_in_file", "key", f"person key {key!r} appears twice")])
                seen_persons.add(key)
            else:
                converter.party(cursor, row.number, row.values, staged)
        except RowRejected as rejected:
            rejects[row.number] = rejected.problems
    return ConvertedBatch(batch, staged, rejects)


def write_batch(cursor: psycopg.Cursor[Any], kind: str, file_name: str, converted: ConvertedBatch,
                counts: FileCounts, job_id: int, settings: MergeSettings) -> None:  # fmt: skip
    """Stage, merge and count a converted batch, and store its rejects (the rows the database refused too)."""
    batch, staged = converted.rows, converted.staged
    rejects = {number: list(problems) for number, problems in converted.rejects.items()}  # a retry starts over
    source, update, reads = settings.source, settings.update, settings.reads
    staging.copy_staged(cursor, staged)
    results = []
    if kind == "firs":
        result = merge_firs(cursor, job_id, source, update, reads, settings.audit_as, settings.lock_numbers)
        results.append(result)
        if result.refused:
            refused = list(result.refused)
            cursor.execute("DELETE FROM stage_person WHERE src_row = ANY(%s)", (refused,))
            cursor.execute("DELETE FROM stage_party WHERE src_row = ANY(%s)", (refused,))
        if staged.persons:
            merge_persons(cursor, source, update)
        if staged.parties:
            merge_parties(cursor, source, update, reads, firs_checked=True)
    elif kind == "persons":
        results.append(merge_persons(cursor, source, update))
    elif kind == "properties":
        results.append(merge_properties(cursor, job_id, source, update))
    else:
        results.append(merge_parties(cursor, source, update, reads))
    for result in results:
        for src_row, (reason, message) in result.refused.items():
            rejects.setdefault(src_row, []).append(Problem(reason, "row", message))
        counts.inserted += result.inserted
        counts.updated += result.updated
        counts.unchanged += result.unchanged
    counts.read += len(batch)
    counts.rejected += len(rejects)
    counts.accepted = counts.read - counts.rejected
    for problems in rejects.values():
        counts.reasons.update({problem.reason for problem in problems})
    copy_rejects(cursor, job_id, file_name, batch, rejects)
