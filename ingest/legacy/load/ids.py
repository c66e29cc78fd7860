"""Each staged row's ids: a person key's person (a new id for a new key), a party or property row's FIR and
person, and the rows whose FIR was registered live, not imported (an import adds nothing to such an FIR).
A row whose FIR or person is not there is refused, with the reason."""

from __future__ import annotations

from typing import Any

import psycopg

Refused = dict[int, tuple[str, str]]  # source row -> (reason, message)


def resolve_person_keys(cursor: psycopg.Cursor[Any], source: str) -> None:
    """``stage_person_key``: each staged key's person, the one it was given before, else a new id (a narrow table,
    not an UPDATE of the wide staged rows); a new key is recorded in ``import_record_key``."""
    cursor.execute(
        """
        INSERT INTO stage_person_key (key, person_id, is_new)
        SELECT s.key, coalesce(k.entity_id, nextval(pg_get_serial_sequence('person', 'id'))), k.entity_id IS NULL
        FROM (SELECT DISTINCT key FROM stage_person) s
        LEFT JOIN import_record_key k ON k.source = %s AND k.kind = 'person' AND k.key = s.key
        """,
        (source,),
    )
    cursor.execute(
        "INSERT INTO import_record_key (source, kind, key, entity_id) "
        "SELECT %s, 'person', key, person_id FROM stage_person_key WHERE is_new",
        (source,),
    )
    cursor.execute("ANALYZE stage_person_key")


def resolve_party_ids(cursor: psycopg.Cursor[Any], source: str) -> Refused:
    """``stage_party_ids``: each party row's FIR and person, looked up once for the merge's checks and insert.
    Returns the rows whose FIR or person was not imported."""
    refused: Refused = {}
    cursor.execute(
        """
        INSERT INTO stage_party_ids (party_no, fir_id, person_id, registered_at)
        SELECT s.party_no, f.id, k.entity_id, f.registered_at FROM stage_party s
        LEFT JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        LEFT JOIN import_record_key k ON k.source = %s AND k.kind = 'person' AND k.key = s.person_key
        """,
        (source,),
    )
    cursor.execute("ANALYZE stage_party_ids")
    for src_row, has_fir, station_id, year, serial, key in cursor.execute(
        """
        SELECT s.src_row, i.fir_id IS NOT NULL, s.station_id, s.year, s.serial, s.person_key
        FROM stage_party_ids i JOIN stage_party s ON s.party_no = i.party_no
        WHERE i.fir_id IS NULL OR i.person_id IS NULL
        """
    ).fetchall():
        if not has_fir:
            refused[src_row] = ("unknown_fir", f"no FIR {serial}/{year} of station id {station_id} was imported")
        else:
            refused[src_row] = ("unknown_person", f"no person with key {key!r} was imported")
    return refused


def resolve_property_ids(cursor: psycopg.Cursor[Any]) -> Refused:
    """``stage_property_ids``: each property row's FIR. Returns the rows whose FIR was not imported."""
    refused: Refused = {}
    cursor.execute(
        """
        INSERT INTO stage_property_ids (prop_no, fir_id)
        SELECT s.prop_no, f.id FROM stage_property s
        LEFT JOIN fir f ON f.station_id = s.station_id AND f.year = s.year AND f.serial = s.serial
        """
    )
    cursor.execute("ANALYZE stage_property_ids")
    for src_row, station_id, year, serial in cursor.execute(
        "SELECT s.src_row, s.station_id, s.year, s.serial FROM stage_property s "
        "JOIN stage_property_ids i ON i.prop_no = s.prop_no WHERE i.fir_id IS NULL"
    ).fetchall():
        refused[src_row] = ("unknown_fir", f"no FIR {serial}/{year} of station id {station_id} was imported")
    return refused


def live_fir_rows(cursor: psycopg.Cursor[Any], staged: str, number: str) -> Refused:
    """The rows of a party or property file (table ``staged``, its ids in ``{staged}_ids`` by column ``number``)
    whose FIR was registered live, not imported: an import adds nothing to it."""
    return {
        src_row: ("live_fir", f"FIR {serial}/{year} of station {code} (id {fir_id}) was registered live in the "
                  "system, not imported; an import adds nothing to it")
        for src_row, fir_id, serial, year, code in cursor.execute(
            f"""
            SELECT s.src_row, f.id, f.serial, f.year, ps.code FROM {staged}_ids i
            JOIN {staged} s ON s.{number} = i.{number} JOIN fir f ON f.id = i.fir_id
            JOIN police_station ps ON ps.id = f.station_id
            WHERE NOT EXISTS (SELECT 1 FROM fir_legacy_record l WHERE l.fir_id = i.fir_id)
            """
        ).fetchall()
    }  # fmt: skip
