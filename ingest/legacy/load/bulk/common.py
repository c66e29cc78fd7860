"""What the bulk writers share: ids from a table's sequence, COPY of ready rows, the per-row foreign-key checks
turned off around them, and index look-ups of FIRs and people by their keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import psycopg

FirKey = tuple[int, int, int]  # station id, year, serial
_SEPARATOR = "\x1f"  # the unit separator: in no key, number or array literal


def packed(values: Iterable[object]) -> str:
    """Values as one text parameter, for :func:`unpacked` in the SQL: psycopg dumps a Python list element by element
    in Python (a sixth of the bulk writer's time), one string in C."""
    texts = list(map(str, values))
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # text is cleaned of control characters before this
        raise ValueError("a value to look up holds the unit separator (U+001F)")
    return joined


def unpacked(sql_type: str) -> str:
    """SQL for the array of ``sql_type`` a :func:`packed` parameter holds."""
    return f"string_to_array(%s, E'\\x1f')::{sql_type}[]"


def allocate_ids(cursor: psycopg.Cursor[Any], table: str, count: int) -> list[int]:
    """``count`` new ids of ``table`` from its sequence, in one statement."""
    if count == 0:
        return []
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table, count))
    return [row[0] for row in cursor.fetchall()]


def copy_into(cursor: psycopg.Cursor[Any], table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``) into ``table``; returns how many."""
    written = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def may_skip_checks(cursor: psycopg.Cursor[Any]) -> bool:
    """Whether this connection's role may turn the per-row foreign-key checks off (a superuser, or a role granted
    ``SET`` on ``session_replication_role``)."""
    try:
        with cursor.connection.transaction():
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL session_replication_role = origin")
        return True
    except psycopg.errors.InsufficientPrivilege:
        return False


@contextmanager
def checks_off(cursor: psycopg.Cursor[Any], allowed: bool) -> Iterator[None]:
    """The block's statements without per-row foreign-key checks (their parents were checked set-based): only
    triggers that fire always (ours, migration 0013) fire. Back on after the block; an error aborts the
    transaction, which ends the setting with it."""
    if allowed:
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    if allowed:
        cursor.execute("SET LOCAL session_replication_role = origin")


def transaction_now(cursor: psycopg.Cursor[Any]) -> datetime:
    """``now()`` of the transaction: what a column's ``now()`` default gives the rows it writes."""
    row = cursor.execute("SELECT now()").fetchone()
    assert row is not None
    return row[0]


class FoundFir(NamedTuple):
    id: int
    registered_at: datetime | None
    imported: bool  # it has a legacy record: an import wrote it (not a live registration)


def find_firs(cursor: psycopg.Cursor[Any], keys: Iterable[FirKey]) -> dict[FirKey, FoundFir]:
    """The FIRs with these keys, each found through the key's unique index, however large the table and whatever its
    statistics say (``OFFSET 0``: the planner may not flatten the look-up into a hash join over the whole table)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    stations, years, serials = zip(*wanted, strict=True)
    cursor.execute(
        f"""
        SELECT k.station_id, k.year, k.serial, f.id, f.registered_at,
               EXISTS (SELECT 1 FROM fir_legacy_record l WHERE l.fir_id = f.id)
        FROM unnest({unpacked("int")}, {unpacked("int")}, {unpacked("int")}) AS k(station_id, year, serial)
        CROSS JOIN LATERAL (SELECT id, registered_at FROM fir
                            WHERE station_id = k.station_id AND year = k.year AND serial = k.serial OFFSET 0) f
        """,
        (packed(stations), packed(years), packed(serials)),
    )
    return {(row[0], row[1], row[2]): FoundFir(row[3], row[4], row[5]) for row in cursor.fetchall()}


def find_people(cursor: psycopg.Cursor[Any], source: str, keys: Iterable[str]) -> dict[str, int]:
    """The people imported from ``source`` under these keys, each through the key table's primary key."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    cursor.execute(
        f"""
        SELECT k.key, r.entity_id FROM unnest({unpacked("varchar")}) AS k(key)
        CROSS JOIN LATERAL (SELECT entity_id FROM import_record_key
                            WHERE source = %s AND kind = 'person' AND key = k.key OFFSET 0) r
        """,
        (packed(wanted), source),
    )
    return dict(cursor.fetchall())


def having_rows(cursor: psycopg.Cursor[Any], fir_ids: list[int], table: str, condition: str = "",
                params: Sequence[Any] = ()) -> set[int]:  # fmt: skip
    """Which of ``fir_ids`` have a row in ``table`` (by its ``fir_id`` index, one look-up per FIR)."""
    if not fir_ids:
        return set()
    cursor.execute(
        f"SELECT f.id FROM unnest({unpacked('bigint')}) AS f(id) CROSS JOIN LATERAL "
        f"(SELECT 1 FROM {table} t WHERE t.fir_id = f.id {condition} LIMIT 1) AS found",
        (packed(fir_ids), *params),
    )
    return {row[0] for row in cursor.fetchall()}


@dataclass
class BulkSettings:
    """How a job's bulk writes run: whether the per-row foreign-key checks may be turned off."""

    skip_checks: bool
