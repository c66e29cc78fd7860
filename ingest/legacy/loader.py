"""Writing a batch of converted rows: COPY into session-private staging tables, then a few set-based
statements merge them into the real tables by natural key, write the outbox rows for the search index in
bulk (``INSERT ... SELECT``), and report which rows the database itself refused (a duplicate key in the
file, a party whose FIR or person is not there).

Natural keys: an FIR is (station, year, FIR number); a person is the source system's key for it
(``import_record_key``); a party is (FIR, person, role). A row that matches and differs updates (or is
skipped with ``on_existing: skip``); a row that matches and is the same changes nothing, so a re-run of a
file leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

STAGE_TABLES = """
CREATE TEMP TABLE IF NOT EXISTS stage_fir (
    src_row bigint, station_id int, year smallint, serial int, registered_at timestamptz,
    occurrence_from timestamptz, occurrence_to timestamptz, info_received_at timestamptz, gd_entry_number varchar(40),
    information_type information_type, place_address text, place_distance_km numeric(7, 2), place_direction direction,
    beat varchar(60), brief_facts text, property_value_total numeric(14, 2), delay_reason text, io_name varchar(120),
    io_rank varchar(40),
    status fir_status, is_synthetic boolean, section_ids int[], sections_as_given text,
    crime_head_as_given varchar(200), status_as_given varchar(80)
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_person (
    src_row bigint, key text, name varchar(200), name_script script, relative_name varchar(200),
    relation_kind relation_kind,
    gender gender, age_years smallint, age_recorded_on date, identifying_marks text, caste_category varchar(8),
    is_wanted boolean, is_proclaimed_offender boolean, is_synthetic boolean, synthetic_identity bigint,
    mobiles text[], aliases jsonb, addresses jsonb, person_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_party (
    src_row bigint, station_id int, year smallint, serial int, person_key text, role party_role,
    accused_number smallint, name_as_given varchar(200), relative_name_as_given varchar(200),
    age_as_given smallint, address_as_given text, mobile_as_given varchar(20)
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_fir_match (
    src_row bigint, fir_id bigint, old_status fir_status, changed boolean
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_fir_done (src_row bigint, fir_id bigint, inserted boolean) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_person_done (person_id bigint, inserted boolean) ON COMMIT DELETE ROWS;
CREATE INDEX IF NOT EXISTS stage_fir_row ON stage_fir (src_row);
CREATE INDEX IF NOT EXISTS stage_fir_key ON stage_fir (station_id, year, serial);
CREATE INDEX IF NOT EXISTS stage_person_key ON stage_person (key);
CREATE INDEX IF NOT EXISTS stage_person_id ON stage_person (person_id);
CREATE INDEX IF NOT EXISTS stage_party_row ON stage_party (src_row);
CREATE INDEX IF NOT EXISTS stage_party_key ON stage_party (station_id, year, serial);
CREATE INDEX IF NOT EXISTS stage_fir_match_row ON stage_fir_match (src_row);
CREATE INDEX IF NOT EXISTS stage_fir_done_row ON stage_fir_done (src_row);
CREATE INDEX IF NOT EXISTS stage_person_done_id ON stage_person_done (person_id);
"""

SESSION_SETTINGS = "SET jit = off; SET work_mem = '64MB'"
SESSION_RESET = "RESET jit; RESET work_mem"

FIR_COLUMNS = (
    "src_row", "station_id", "year", "serial", "registered_at", "occurrence_from", "occurrence_to",
    "info_received_at", "gd_entry_number", "information_type", "place_address", "place_distance_km",
    "place_direction", "beat", "brief_facts", "property_value_total", "delay_reason", "io_name", "io_rank", "status",
    "is_synthetic", "section_ids", "sections_as_given", "crime_head_as_given", "status_as_given",
)  # fmt: skip
PERSON_COLUMNS = (
    "src_row", "key", "name", "name_script", "relative_name", "relation_kind", "gender", "age_years",
    "age_recorded_on", "identifying_marks", "caste_category", "is_wanted", "is_proclaimed_offender", "is_synthetic",
    "synthetic_identity", "mobiles", "aliases", "addresses",
)  # fmt: skip
PARTY_COLUMNS = (
    "src_row", "station_id", "year", "serial", "person_key", "role", "accused_number", "name_as_given",
    "relative_name_as_given", "age_as_given", "address_as_given", "mobile_as_given",
)  # fmt: skip

# FIR columns written from the staging row (the same list compares old and new).
_FIR_DATA = (
    "registered_at", "occurrence_from", "occurrence_to", "info_received_at", "gd_entry_number", "information_type",
    "place_address", "place_distance_km", "place_direction", "beat", "brief_facts", "property_value_total",
    "delay_reason", "io_name", "io_rank", "status", "is_synthetic",
)  # fmt: skip
_PERSON_DATA = (
    "name", "name_script", "relative_name", "relation_kind", "gender", "age_years", "age_recorded_on",
    "identifying_marks", "caste_category", "is_wanted", "is_proclaimed_offender", "is_synthetic", "synthetic_identity",
)  # fmt: skip
_PARTY_DATA = (
    "accused_number", "name_as_given", "relative_name_as_given", "age_as_given", "address_as_given", "mobile_as_given",
)  # fmt: skip


_JOIN_COLUMNS = {"src_row", "station_id", "year", "serial", "key", "person_key"}


def _row(prefix: str, columns: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


@dataclass
class MergeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: dict[int, tuple[str, str]] = field(default_factory=dict)  # src_row -> (reason, message)
    outbox: int = 0


def ensure_stage_tables(cursor: psycopg.Cursor[Any]) -> None:
    cursor.execute(STAGE_TABLES)


def copy_rows(cursor: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    # Temporary tables have no statistics until analysed; the join columns are enough for good plans.
    cursor.execute(f"ANALYZE {table} ({', '.join(c for c in columns if c in _JOIN_COLUMNS)})")


def merge_firs(cursor: psycopg.Cursor[Any], job_id: int, source: str, update: bool) -> MergeResult:
    """Merge ``stage_fir`` into fir, fir_section, fir_status_change, fir_legacy_record, outbox."""
    result = MergeResult()
    # A key met earlier in this job (another source row) is a duplicate in the file: refuse the later row.
    cursor.execute(
        "INSERT INTO import_job_key (job_id, station_id, year, serial, source_row) "
        "SELECT %s, station_id, year, serial, min(src_row) FROM stage_fir GROUP BY station_id, year, serial "
        "ON CONFLICT DO NOTHING",
        (job_id,),
    )
    for src_row, first in cursor.execute(
        "SELECT s.src_row, k.source_row FROM stage_fir s JOIN import_job_key k ON k.job_id = %s "
        "AND k.station_id = s.station_id AND k.year = s.year AND k.serial = s.serial WHERE k.source_row <> s.src_row",
        (job_id,),
    ).fetchall():
        result.refused[src_row] = ("duplicate_in_file", f"the same station, year and FIR number as row {first}")
    if result.refused:
        cursor.execute("DELETE FROM stage_fir WHERE src_row = ANY(%s)", (list(result.refused),))
    fir_data = ", ".join(_FIR_DATA)
    cursor.execute(
        f"""
        INSERT INTO stage_fir_match (src_row, fir_id, old_status, changed)
        SELECT s.src_row, f.id, f.status,
               {_row("f", _FIR_DATA)} IS DISTINCT FROM {_row("s", _FIR_DATA)}
               OR coalesce((SELECT array_agg(fs.section_id ORDER BY fs.position) FROM fir_section fs
                            WHERE fs.fir_id = f.id), '{{}}') IS DISTINCT FROM s.section_ids
               OR (SELECT ROW(l.source, l.sections_as_given, l.crime_head_as_given, l.status_as_given)
                   FROM fir_legacy_record l WHERE l.fir_id = f.id)
                  IS DISTINCT FROM ROW(%s::varchar, s.sections_as_given, s.crime_head_as_given, s.status_as_given)
        FROM stage_fir s JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        """,
        (source,),
    )
    cursor.execute(
        f"""
        WITH inserted AS (
            INSERT INTO fir (station_id, year, serial, {fir_data}, created_at, updated_at)
            SELECT s.station_id, s.year, s.serial, {", ".join(f"s.{c}" for c in _FIR_DATA)}, s.registered_at,
                   s.registered_at
            FROM stage_fir s WHERE NOT EXISTS (SELECT 1 FROM stage_fir_match m WHERE m.src_row = s.src_row)
            ORDER BY s.station_id, s.year, s.serial
            RETURNING id, station_id, year, serial
        )
        INSERT INTO stage_fir_done (src_row, fir_id, inserted)
        SELECT s.src_row, i.id, true FROM inserted i
        JOIN stage_fir s ON s.station_id = i.station_id AND s.year = i.year AND s.serial = i.serial
        """
    )
    result.inserted = cursor.rowcount
    if update:
        cursor.execute(
            f"""
            UPDATE fir f SET {", ".join(f"{c} = s.{c}" for c in _FIR_DATA)}, version = f.version + 1,
                   updated_at = now()
            FROM stage_fir_match m JOIN stage_fir s ON s.src_row = m.src_row
            WHERE f.id = m.fir_id AND m.changed
            """
        )
        result.updated = cursor.rowcount
        cursor.execute(
            "INSERT INTO stage_fir_done (src_row, fir_id, inserted) SELECT src_row, fir_id, false "
            "FROM stage_fir_match WHERE changed"
        )
    matched = cursor.execute("SELECT count(*) FROM stage_fir_match").fetchone()
    result.unchanged = (matched[0] if matched else 0) - result.updated
    cursor.execute("DELETE FROM fir_section WHERE fir_id IN (SELECT fir_id FROM stage_fir_done WHERE NOT inserted)")
    cursor.execute(
        """
        INSERT INTO fir_section (fir_id, section_id, position)
        SELECT d.fir_id, u.section_id, u.ord - 1
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row,
             unnest(s.section_ids) WITH ORDINALITY AS u(section_id, ord)
        """
    )
    cursor.execute(
        """
        INSERT INTO fir_legacy_record (fir_id, source, sections_as_given, crime_head_as_given, status_as_given)
        SELECT d.fir_id, %s, s.sections_as_given, left(s.crime_head_as_given, 200), left(s.status_as_given, 80)
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row
        ON CONFLICT (fir_id) DO UPDATE SET source = EXCLUDED.source, sections_as_given = EXCLUDED.sections_as_given,
            crime_head_as_given = EXCLUDED.crime_head_as_given, status_as_given = EXCLUDED.status_as_given
        """,
        (source,),
    )
    cursor.execute(
        """
        INSERT INTO fir_status_change (fir_id, from_status, to_status, changed_at, note)
        SELECT d.fir_id, NULL, s.status, s.registered_at, 'imported from legacy records'
        FROM stage_fir_done d JOIN stage_fir s ON s.src_row = d.src_row WHERE d.inserted
        UNION ALL
        SELECT m.fir_id, m.old_status, s.status, now(), 'changed by a legacy import'
        FROM stage_fir_match m JOIN stage_fir s ON s.src_row = m.src_row
        JOIN stage_fir_done d ON d.src_row = m.src_row
        WHERE m.old_status IS DISTINCT FROM s.status
        """
    )
    # Legacy numbers are historical; the counter only moves up so new registrations never reuse one.
    cursor.execute(
        """
        INSERT INTO fir_number_counter (station_id, year, last_serial)
        SELECT station_id, year, max(serial) FROM stage_fir GROUP BY station_id, year
        ON CONFLICT (station_id, year) DO UPDATE SET last_serial = EXCLUDED.last_serial
        WHERE fir_number_counter.last_serial < EXCLUDED.last_serial
        """
    )
    cursor.execute(
        "INSERT INTO outbox (entity_type, entity_id, operation) SELECT 'fir', fir_id, 'upsert' FROM stage_fir_done"
    )
    result.outbox = cursor.rowcount
    return result


def merge_persons(cursor: psycopg.Cursor[Any], source: str, update: bool) -> MergeResult:
    """Merge ``stage_person`` into person (+ aliases, addresses, mobiles) by the source's person key."""
    result = MergeResult()
    cursor.execute(
        """
        INSERT INTO import_record_key (source, kind, key, entity_id)
        SELECT %s, 'person', s.key, nextval(pg_get_serial_sequence('person', 'id'))
        FROM (SELECT DISTINCT key FROM stage_person) s
        WHERE NOT EXISTS (SELECT 1 FROM import_record_key k WHERE k.source = %s AND k.kind = 'person'
                          AND k.key = s.key)
        """,
        (source, source),
    )
    cursor.execute(
        "UPDATE stage_person s SET person_id = k.entity_id FROM import_record_key k "
        "WHERE k.source = %s AND k.kind = 'person' AND k.key = s.key",
        (source,),
    )
    person_data = ", ".join(_PERSON_DATA)
    change = (
        f"WHERE {_row('person', _PERSON_DATA)} IS DISTINCT FROM {_row('EXCLUDED', _PERSON_DATA)}"
        if update
        else "WHERE false"
    )
    cursor.execute(
        f"""
        WITH written AS (
            INSERT INTO person (id, {person_data}, created_at, updated_at)
            SELECT s.person_id, {", ".join(f"s.{c}" for c in _PERSON_DATA)},
                   coalesce(s.age_recorded_on::timestamptz, now()), coalesce(s.age_recorded_on::timestamptz, now())
            FROM stage_person s
            ORDER BY s.person_id
            ON CONFLICT (id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in _PERSON_DATA)},
                updated_at = now()
            {change}
            RETURNING id, (xmax = 0) AS inserted
        )
        INSERT INTO stage_person_done SELECT id, inserted FROM written
        """
    )
    cursor.execute("ANALYZE stage_person_done; ANALYZE stage_person (person_id)")
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
    joined = "FROM stage_person_done d JOIN stage_person s ON s.person_id = d.person_id"
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
    cursor.execute(
        "INSERT INTO outbox (entity_type, entity_id, operation) SELECT 'person', person_id, 'upsert' "
        "FROM stage_person_done"
    )
    result.outbox = cursor.rowcount
    return result


def merge_parties(cursor: psycopg.Cursor[Any], source: str, update: bool) -> MergeResult:
    """Merge ``stage_party`` into fir_party; rows whose FIR or person is missing are refused."""
    result = MergeResult()
    for src_row, has_fir, _has_person, station_id, year, serial, key in cursor.execute(
        """
        SELECT s.src_row, f.id IS NOT NULL, k.entity_id IS NOT NULL, s.station_id, s.year, s.serial, s.person_key
        FROM stage_party s
        LEFT JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        LEFT JOIN import_record_key k ON k.source = %s AND k.kind = 'person' AND k.key = s.person_key
        WHERE f.id IS NULL OR k.entity_id IS NULL
        """,
        (source,),
    ).fetchall():
        if not has_fir:
            result.refused[src_row] = ("unknown_fir", f"no FIR {serial}/{year} of station id {station_id} was imported")
        else:
            result.refused[src_row] = ("unknown_person", f"no person with key {key!r} was imported")
    for src_row, accused_number in cursor.execute(
        """
        SELECT s.src_row, s.accused_number FROM stage_party s
        JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        JOIN import_record_key k ON k.source = %s AND k.kind = 'person' AND k.key = s.person_key
        WHERE s.accused_number IS NOT NULL AND (
            EXISTS (SELECT 1 FROM fir_party p WHERE p.fir_id = f.id AND p.accused_number = s.accused_number
                    AND p.person_id <> k.entity_id)
            OR EXISTS (SELECT 1 FROM stage_party o WHERE o.station_id = s.station_id AND o.year = s.year
                       AND o.serial = s.serial AND o.accused_number = s.accused_number AND o.src_row < s.src_row
                       AND o.person_key <> s.person_key))
        """,
        (source,),
    ).fetchall():
        result.refused[src_row] = (
            "accused_number_taken",
            f"accused number A{accused_number} of this FIR is already another person; renumber or remove one",
        )
    if result.refused:
        cursor.execute("DELETE FROM stage_party WHERE src_row = ANY(%s)", (list(result.refused),))
    change = (
        f"WHERE {_row('fir_party', _PARTY_DATA)} IS DISTINCT FROM {_row('EXCLUDED', _PARTY_DATA)}"
        if update
        else "WHERE false"
    )
    cursor.execute(
        f"""
        WITH written AS (
            INSERT INTO fir_party (fir_id, person_id, role, {", ".join(_PARTY_DATA)}, added_at)
            SELECT DISTINCT ON (f.id, k.entity_id, s.role) f.id, k.entity_id, s.role,
                   {", ".join(f"s.{c}" for c in _PARTY_DATA)}, f.registered_at
            FROM stage_party s
            JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
            JOIN import_record_key k ON k.source = %s AND k.kind = 'person' AND k.key = s.person_key
            ORDER BY f.id, k.entity_id, s.role, s.src_row
            ON CONFLICT (fir_id, person_id, role) DO UPDATE SET
                {", ".join(f"{c} = EXCLUDED.{c}" for c in _PARTY_DATA)}
            {change}
            RETURNING fir_id, person_id, (xmax = 0) AS inserted
        ), queued AS (
            INSERT INTO outbox (entity_type, entity_id, operation)
            SELECT DISTINCT 'fir', fir_id, 'upsert' FROM written
        ), to_match AS (  -- a person newly named in an FIR is matched against everyone else (issue 8)
            INSERT INTO person_match_queue (person_id, fir_id) SELECT person_id, fir_id FROM written WHERE inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FROM written
        """,
        (source,),
    )
    counts = cursor.fetchone()
    assert counts is not None
    result.inserted, result.updated = counts[0], counts[1] - counts[0]
    staged = cursor.execute("SELECT count(*) FROM stage_party").fetchone()
    result.unchanged = (staged[0] if staged else 0) - counts[1]
    return result


def collapse_outbox(cursor: psycopg.Cursor[Any], after_id: int) -> int:
    """Drop outbox rows (newer than ``after_id``) that a later row already covers: an older row of the same
    record, and a person's row when a later FIR row names them (the relay rebuilds everyone an FIR names).
    Each record is then indexed once, after its last change. Returns the rows dropped."""
    cursor.execute(
        "DELETE FROM outbox a USING outbox b WHERE a.id > %s AND b.id > a.id "
        "AND a.entity_type = b.entity_type AND a.entity_id = b.entity_id",
        (after_id,),
    )
    dropped = cursor.rowcount
    cursor.execute(
        """
        DELETE FROM outbox p WHERE p.id > %s AND p.entity_type = 'person' AND EXISTS (
            SELECT 1 FROM fir_party fp JOIN outbox f ON f.entity_type = 'fir' AND f.entity_id = fp.fir_id
            WHERE fp.person_id = p.entity_id AND f.id > p.id)
        """,
        (after_id,),
    )
    return dropped + cursor.rowcount
