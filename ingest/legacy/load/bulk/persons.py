"""New people of a batch (source keys never imported) COPYed into person with their mobiles, aliases and addresses,
and their keys into ``import_record_key`` (a later import finds them by it)."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import psycopg

from ingest.legacy.load.bulk.common import (
    BulkSettings,
    allocate_ids,
    checks_off,
    copy_into,
    find_people,
    transaction_now,
)
from ingest.legacy.load.common import MergeResult
from ingest.legacy.load.persons import PERSON_DATA
from ingest.legacy.staged import StagedPerson


def write_new_people(cursor: psycopg.Cursor[Any], source: str, persons: list[StagedPerson],
                     settings: BulkSettings) -> tuple[list[StagedPerson], MergeResult]:  # fmt: skip
    """Write the people of ``persons`` whose key was never imported from ``source`` (the first row of each key);
    returns the other rows, for the merge, and what was inserted."""
    existing = find_people(cursor, source, (row.key for row in persons))
    new: list[StagedPerson] = []
    rest: list[StagedPerson] = []
    taken = set(existing)
    for row in persons:
        if row.key in taken:
            rest.append(row)
        else:
            taken.add(row.key)
            new.append(row)
    result = MergeResult(inserted=len(new), bulk=len(new))
    if not new:
        return rest, result
    ids = allocate_ids(cursor, "person", len(new))
    now = transaction_now(cursor)
    values = attrgetter(*PERSON_DATA)
    pairs = list(zip(ids, new, strict=True))
    with checks_off(cursor, settings.skip_checks):
        copy_into(
            cursor, "person", ("id", *PERSON_DATA, "created_at", "updated_at"),
            ((person_id, *values(row), row.age_recorded_on or now, row.age_recorded_on or now)
             for person_id, row in pairs),
        )  # fmt: skip
        copy_into(
            cursor, "person_mobile", ("person_id", "number"),
            ((person_id, number) for person_id, row in pairs for number in row.mobiles),
        )  # fmt: skip
        copy_into(
            cursor, "person_alias", ("person_id", "alias", "script"),
            ((person_id, *alias) for person_id, row in pairs for alias in row.aliases),
        )  # fmt: skip
        copy_into(
            cursor, "person_address",
            ("person_id", "kind", "address", "village_or_town", "police_station_id", "district_id", "pincode"),
            ((person_id, *address) for person_id, row in pairs for address in row.addresses),
        )  # fmt: skip
        copy_into(
            cursor, "import_record_key", ("source", "kind", "key", "entity_id"),
            ((source, "person", row.key, person_id) for person_id, row in pairs),
        )  # fmt: skip
    return rest, result
