"""New parties of a batch COPYed into fir_party (and their arrests into arrest), FIR by FIR: an FIR's party rows go
the bulk way together, when the FIR was imported, names nobody yet, and every row's person is known and numbered
without a clash; any other FIR's rows go to the merge, which refuses or updates them as it always did."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from operator import attrgetter
from typing import Any

import psycopg

from ingest.legacy.load.bulk.common import (
    BulkSettings,
    FirKey,
    FoundFir,
    checks_off,
    copy_into,
    find_firs,
    find_people,
    having_rows,
)
from ingest.legacy.load.common import MergeResult, Reads
from ingest.legacy.load.parties import PARTY_DATA
from ingest.legacy.staged import StagedParty


def write_new_parties(cursor: psycopg.Cursor[Any], source: str, parties: list[StagedParty], reads: Reads,
                      settings: BulkSettings) -> tuple[list[StagedParty], MergeResult]:  # fmt: skip
    """Write the party rows of FIRs that name nobody yet; returns the other rows, for the merge, and what was
    inserted (a second row for the same FIR, person and role changes nothing, as in the merge)."""
    by_fir: dict[FirKey, list[StagedParty]] = defaultdict(list)
    rest: list[StagedParty] = []
    for row in parties:
        if row.station_id is None or row.year is None or row.serial is None or row.person_key is None:
            rest.append(row)
        else:
            by_fir[(row.station_id, row.year, row.serial)].append(row)
    firs = find_firs(cursor, by_fir)
    people = find_people(cursor, source, (row.person_key for rows in by_fir.values() for row in rows))  # type: ignore[misc]
    named = having_rows(cursor, [fir.id for fir in firs.values()], "fir_party")
    result = MergeResult()
    written: list[tuple[int, int, StagedParty, datetime | None]] = []  # FIR id, person id, row, FIR registered
    arrests: dict[tuple[int, int], StagedParty] = {}  # (FIR, person) -> the first of their rows giving an arrest
    for key, rows in by_fir.items():
        fir = firs.get(key)
        chosen = _bulk_rows(fir, rows, people) if fir is not None and fir.id not in named else None
        if chosen is None:
            rest.extend(rows)
            continue
        assert fir is not None
        written.extend((fir.id, person_id, row, fir.registered_at) for person_id, row in chosen)
        result.unchanged += len(rows) - len(chosen)
        for row in sorted(rows, key=attrgetter("src_row")):  # a row left out as a repeat may still give the arrest
            if row.arrested_at is not None:
                arrests.setdefault((fir.id, people[row.person_key]), row)  # type: ignore[index]
    result.inserted = result.bulk = len(written)
    rest.sort(key=attrgetter("src_row"))
    if not written:
        return rest, result
    values = attrgetter(*PARTY_DATA)
    with checks_off(cursor, settings.skip_checks):
        copy_into(
            cursor, "fir_party", ("fir_id", "person_id", "role", *PARTY_DATA, "added_at"),
            ((fir_id, person_id, row.role, *values(row), registered) for fir_id, person_id, row, registered in written),
        )  # fmt: skip
        if reads.arrests and arrests:
            copy_into(
                cursor, "arrest", ("fir_id", "person_id", "kind", "at", "import_source"),
                ((fir_id, person_id, row.arrest_kind, row.arrested_at, source)
                 for (fir_id, person_id), row in sorted(arrests.items())),
            )  # fmt: skip
    return rest, result


def _bulk_rows(fir: FoundFir, rows: list[StagedParty], people: dict[str, int]) -> list[tuple[int, StagedParty]] | None:
    """The rows of one FIR to write (the first of each person and role), or None when the FIR's rows need the merge:
    it was registered live, a person is unknown, or two people share an accused number."""
    if not fir.imported:
        return None
    chosen: list[tuple[int, StagedParty]] = []
    seen: set[tuple[int, str | None]] = set()
    numbered: dict[int, int] = {}
    for row in sorted(rows, key=attrgetter("src_row")):
        person_id = people.get(row.person_key)  # type: ignore[arg-type]
        if person_id is None:
            return None
        if row.accused_number is not None and numbered.setdefault(row.accused_number, person_id) != person_id:
            return None
        if (person_id, row.role) in seen:
            continue
        seen.add((person_id, row.role))
        chosen.append((person_id, row))
    return chosen
