"""The parts every search document is built from: rows read by a batch's ids as plain tuples, the sections FIRs
cite, values kept once each in first-seen order, days, compact JSON and the checksum (:mod:`indexes.documents`
builds the documents from them)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from cases.reading.sections import CITED_SECTIONS
from indexes.engine import Document
from records.display import IST
from records.models import Act, CrimeHead, FirSection, Section


def checksum(document: Document) -> str:
    """A short hash of everything in the document but its checksum."""
    content = (
        {key: value for key, value in document.items() if key != "checksum"} if "checksum" in document else document
    )
    encoded = orjson.dumps(content, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(encoded, digest_size=10).hexdigest()


def id_array(ids: Iterable[int]) -> str:
    """Ids as one PostgreSQL array literal (the queries cast it to ``bigint[]``): written once per batch and sent
    as one text value, where a list of ints is converted element by element in Python for every query."""
    return "{" + ",".join(map(str, ids)) + "}"


def fetch_rows(connection: Connection, sql: str, ids: str) -> list[tuple[Any, ...]]:
    """Plain tuples from the driver's own cursor, in the connection's transaction (SQLAlchemy's result rows cost
    more Python per row than the little the builders do with each); ``ids`` from :func:`id_array`."""
    with connection.connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids})
        return cursor.fetchall()


def unique(values: Any) -> list[Any]:
    """The values in first-seen order, once each, without None and empty strings."""
    kept = dict.fromkeys(values)
    kept.pop(None, None)
    kept.pop("", None)
    return list(kept)


def json_text(value: Any) -> str:
    """Compact JSON text, names kept in their own script (orjson: a quarter of the build time went to json)."""
    return orjson.dumps(value).decode()


def day(value: datetime | date | None) -> str | None:
    """The day of a date or timestamp, ISO-written ("2026-12-07"); a timestamp's day in India (IST), as the
    officer who registered it and the one who searches by date count days: an FIR of 08-12-2026 03:53 IST is
    of the 8th, though it is still the 7th in UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (value.astimezone(IST) if value.tzinfo else value).date().isoformat()
    return value.isoformat()


def with_checksum(document: Document) -> Document:
    """The document with its checksum added."""
    document["checksum"] = checksum(document)
    return document


# The one FIR-sections join, narrowed to what a document shows (no act names or section titles on the hot path),
# each section's label ("BNS 303(2)") put together by PostgreSQL.
SECTIONS_SQL = str(
    CITED_SECTIONS.with_only_columns(
        FirSection.fir_id,
        (Act.code + sa.literal_column("' '") + Section.number).label("section"),
        CrimeHead.code.label("crime_head"),
    )
    .where(FirSection.fir_id == sa.any_(sa.cast(sa.bindparam("ids"), postgresql.ARRAY(sa.BigInteger))))
    .compile(dialect=postgresql.psycopg.dialect())
)


def sections_of(connection: Connection, fir_ids: str) -> dict[int, list[tuple[str, str | None]]]:
    """Each FIR's cited sections, in its order: (label, crime head); ``fir_ids`` from :func:`id_array`."""
    sections: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for fir_id, section, crime_head in fetch_rows(connection, SECTIONS_SQL, fir_ids):
        sections[fir_id].append((section, crime_head))
    return sections


def grouped(rows: list[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, ...]]]:
    """Rows by their first column, in row order."""
    by_key: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_key[row[0]].append(row)
    return by_key
