"""One batch of an import: its source rows converted (in the converting thread), then staged, merged and counted,
with its rejected rows, inside the batch's transaction (``ingest.legacy.job`` commits it with the progress mark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg

from ingest.legacy.load import staging
from ingest.legacy.load.bulk.common import BulkSettings
from ingest.legacy.load.bulk.firs import write_new_firs
from ingest.legacy.load.bulk.parties import write_new_parties
from ingest.legacy.load.bulk.persons import write_new_people
from ingest.legacy.load.bulk.properties import write_new_properties
from ingest.legacy.load.common import AuditAs, MergeResult, Reads
from ingest.legacy.load.firs import merge_firs
from ingest.legacy.load.parties import merge_parties
from ingest.legacy.load.persons import merge_persons
from ingest.legacy.load.properties import merge_properties
from ingest.legacy.readers import SourceRow
from ingest.legacy.rejects import copy_rejects
from ingest.legacy.report import FileCounts
from ingest.legacy.rows.converter import RowConverter
from ingest.legacy.rows.fields import Problem, RowRejected
from ingest.legacy.staged import StagedFir, StagedParty, StagedPerson, StagedProperty, StagedRows


@dataclass
class ConvertedBatch:
    """A batch of source rows, converted: staged rows for the database, and the rejected rows' problems."""

    rows: list[SourceRow]
    staged: StagedRows
    rejects: dict[int, list[Problem]]


@dataclass(frozen=True)
class MergeSettings:
    """How an import's batches are written: the source's name, whether a changed row updates (``on_existing``),
    what the profile reads, whom the audit rows name, whether the numbering counters are locked (not in a check: it
    would hold them until it ends), and how new rows are bulk-loaded (None: every row merged)."""

    source: str
    update: bool
    reads: Reads
    audit_as: AuditAs
    lock_numbers: bool
    bulk: BulkSettings | None = None


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
    """Write a converted batch (new rows the bulk way, the rest merged), count it, and store its rejects (the rows
    the database refused too)."""
    batch, staged = converted.rows, converted.staged
    rejects = {number: list(problems) for number, problems in converted.rejects.items()}  # a retry starts over
    results: list[MergeResult] = []
    if kind == "firs":
        # An FIR row's people and parties are counted with it: the row is the unit read, accepted or rejected.
        results.append(_write_firs(cursor, job_id, staged.firs, settings))
        refused = set(results[0].refused)
        if staged.persons:
            _write_people(cursor, [row for row in staged.persons if row.src_row not in refused], settings)
        if staged.parties:
            parties = [row for row in staged.parties if row.src_row not in refused]
            _write_parties(cursor, parties, settings, firs_checked=True)
    elif kind == "persons":
        results.append(_write_people(cursor, staged.persons, settings))
    elif kind == "properties":
        results.append(_write_properties(cursor, job_id, staged.properties, settings))
    else:
        results.append(_write_parties(cursor, staged.parties, settings))
    for result in results:
        for src_row, (reason, message) in result.refused.items():
            rejects.setdefault(src_row, []).append(Problem(reason, "row", message))
        counts.inserted += result.inserted
        counts.updated += result.updated
        counts.unchanged += result.unchanged
        counts.bulk += result.bulk
    counts.read += len(batch)
    counts.rejected += len(rejects)
    counts.accepted = counts.read - counts.rejected
    for problems in rejects.values():
        counts.reasons.update({problem.reason for problem in problems})
    copy_rejects(cursor, job_id, file_name, batch, rejects)


def _write_firs(
    cursor: psycopg.Cursor[Any], job_id: int, firs: list[StagedFir], settings: MergeSettings
) -> MergeResult:
    done = MergeResult()
    if settings.bulk is not None:
        firs, done = write_new_firs(cursor, job_id, settings.source, firs, settings.reads, settings.audit_as,
                                    settings.bulk, settings.lock_numbers)  # fmt: skip
    if firs:
        staging.copy_rows(cursor, "stage_fir", StagedFir, firs)
        merged = merge_firs(cursor, job_id, settings.source, settings.update, settings.reads, settings.audit_as,
                            settings.lock_numbers)  # fmt: skip
        done = done.plus(merged)
    return done


def _write_people(cursor: psycopg.Cursor[Any], persons: list[StagedPerson], settings: MergeSettings) -> MergeResult:
    done = MergeResult()
    if settings.bulk is not None:
        persons, done = write_new_people(cursor, settings.source, persons, settings.bulk)
    if persons:
        staging.copy_people(cursor, persons)
        done = done.plus(merge_persons(cursor, settings.source, settings.update))
    return done


def _write_parties(cursor: psycopg.Cursor[Any], parties: list[StagedParty], settings: MergeSettings,
                   firs_checked: bool = False) -> MergeResult:  # fmt: skip
    done = MergeResult()
    if settings.bulk is not None:
        parties, done = write_new_parties(cursor, settings.source, parties, settings.reads, settings.bulk)
    if parties:
        staging.copy_rows(cursor, "stage_party", StagedParty, parties)
        merged = merge_parties(cursor, settings.source, settings.update, settings.reads, firs_checked=firs_checked)
        done = done.plus(merged)
    return done


def _write_properties(cursor: psycopg.Cursor[Any], job_id: int, items: list[StagedProperty],
                      settings: MergeSettings) -> MergeResult:  # fmt: skip
    done = MergeResult()
    if settings.bulk is not None:
        items, done = write_new_properties(cursor, job_id, settings.source, items, settings.bulk)
    if items:
        staging.copy_rows(cursor, "stage_property", StagedProperty, items)
        done = done.plus(merge_properties(cursor, job_id, settings.source, settings.update))
    return done
