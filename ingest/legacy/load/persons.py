"""Merging ``stage_person`` into person (+ aliases, addresses, mobiles) by the source's person key."""

from __future__ import annotations

from typing import Any

import psycopg

from ingest.legacy.load.common import MergeResult, row_of
from ingest.legacy.load.ids import resolve_person_keys

PERSON_DATA = (
    "name", "name_script", "relative_name", "relation_kind", "gender", "age_years", "age_recorded_on",
    "identifying_marks", "caste_category", "is_wanted", "is_proclaimed_offender", "is_synthetic", "synthetic_identity",
)  # fmt: skip


def merge_persons(cursor: psycopg.Cursor[Any], source: str, update: bool) -> MergeResult:
    """Merge ``stage_person`` into person (+ aliases, addresses, mobiles) by the source's person key."""
    result = MergeResult()
    resolve_person_keys(cursor, source)
    person_data = ", ".join(PERSON_DATA)
    change = (
        f"WHERE {row_of('person', PERSON_DATA)} IS DISTINCT FROM {row_of('EXCLUDED', PERSON_DATA)}"
        if update
        else "WHERE false"
    )
    cursor.execute(
        f"""
        WITH written AS (
            INSERT INTO person (id, {person_data}, created_at, updated_at)
            SELECT pk.person_id, {", ".join(f"s.{c}" for c in PERSON_DATA)},
                   coalesce(s.age_recorded_on::timestamptz, now()), coalesce(s.age_recorded_on::timestamptz, now())
            FROM stage_person s JOIN stage_person_key pk ON pk.key = s.key
            ORDER BY pk.person_id
            ON CONFLICT (id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in PERSON_DATA)},
                updated_at = now()
            {change}
            RETURNING id, (xmax = 0) AS inserted
        )
        INSERT INTO stage_person_done SELECT id, inserted FROM written
        """
    )
    cursor.execute("ANALYZE stage_person_done")
    counts = cursor.execute("SELECT count(*) FILTER (WHERE inserted), count(*) FROM stage_person_done").fetchone()
    assert counts is not None
    result.inserted, result.updated = counts[0], counts[1] - counts[0]
    staged = cursor.execute("SELECT count(*) FROM stage_person").fetchone()
    result.unchanged = (staged[0] if staged else 0) - counts[1]
    cursor.execute(
        """
        WITH old AS (SELECT person_id FROM stage_person_done WHERE NOT inserted)
        , a AS (DELETE FROM person_alias WHERE person_id IN (SELECT person_id FROM old))
        , b AS (DELETE FROM person_address WHERE person_id IN (SELECT person_id FROM old))
        DELETE FROM person_mobile WHERE person_id IN (SELECT person_id FROM old)
        """
    )
    joined = (
        "FROM stage_person_done d JOIN stage_person_key pk ON pk.person_id = d.person_id "
        "JOIN stage_person s ON s.key = pk.key"
    )
    cursor.execute(
        f"INSERT INTO person_mobile (person_id, number) SELECT DISTINCT d.person_id, m {joined}, unnest(s.mobiles) AS m"
    )
    cursor.execute(
        f"INSERT INTO person_alias (person_id, alias, script) SELECT d.person_id, left(a->>'alias', 200), "
        f"coalesce(a->>'script', 'latin')::script {joined}, jsonb_array_elements(s.aliases) AS a "
        "WHERE coalesce(a->>'alias', '') <> ''"
    )
    cursor.execute(
        f"""
        INSERT INTO person_address (person_id, kind, address, village_or_town, police_station_id, district_id,
                                    pincode)
        SELECT d.person_id, left(coalesce(a->>'kind', 'present'), 16), a->>'address', left(a->>'village_or_town', 120),
               (a->>'police_station_id')::int, (a->>'district_id')::int,
               CASE WHEN a->>'pincode' ~ '^[0-9]{{6}}$' THEN a->>'pincode' END
        {joined}, jsonb_array_elements(s.addresses) AS a WHERE coalesce(a->>'address', '') <> ''
        """
    )
    return result
