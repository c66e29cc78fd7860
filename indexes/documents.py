"""Search documents built from PostgreSQL rows, many at a time, by key.

Each builder takes ids and returns one document per id that still exists (an id missing from the result was
deleted), in id order. Documents are plain dicts with the fields of :mod:`indexes.schema`; their ``checksum`` hashes the
content so ``cctns index verify`` can compare the index with PostgreSQL without reading both in full.

Set-based SQL (a handful of queries per batch, not one per row) keeps a full rebuild of millions of records
fast.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from indexes.document_parts import (
    day,
    fetch_rows,
    grouped,
    id_array,
    json_text,
    sections_of,
    unique,
    with_checksum,
)
from indexes.engine import Document
from indexes.schema import DocumentKind, document_id
from indexes.vehicle_marks import vehicle_numbers
from indexes.words import keyword_words
from people.identifiers import mobile_digits
from people.names.indexed import index_name_fields

FACTS_IN_SUMMARY = 240
FIRS_IN_PERSON_SUMMARY = 50


@functools.lru_cache(maxsize=4096)
def _station_keys(name: str, name_hi: str, code: str) -> tuple[str, ...]:
    """The words of the station's names in both scripts and of its code: what the search box looks up the words
    typed before an FIR number in ("Hajipur Sadar 10/2020", "हाजीपुर सदर १०/२०२०")."""
    return tuple(keyword_words(name, name_hi or "", code))


def build_documents(connection: Connection, kind: DocumentKind, ids: Sequence[int]) -> list[Document]:
    builder = build_fir_documents if kind is DocumentKind.FIR else build_person_documents
    return builder(connection, ids)


def iter_all_ids(connection: Connection, kind: DocumentKind, batch_size: int = 2000) -> Iterator[list[int]]:
    """Every id of this kind, in batches, by keyset so a long rebuild never holds a huge result."""
    table = "fir" if kind is DocumentKind.FIR else "person"
    last = 0
    while True:
        ids = list(
            connection.execute(
                sa.text(f"SELECT id FROM {table} WHERE id > :last ORDER BY id LIMIT :n"),
                {"last": last, "n": batch_size},
            ).scalars()
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def count_rows(connection: Connection, kind: DocumentKind) -> int:
    table = "fir" if kind is DocumentKind.FIR else "person"
    return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


# --- FIR documents -------------------------------------------------------------------------------------------

# Each query returns plain tuples, unpacked by position in the loops below: keep the columns and the loops in step.
_FIR_SQL = """
SELECT f.id, f.year, f.serial, f.registered_at, f.status, f.brief_facts,
       s.id, s.code, s.name_en, s.name_hi, d.id, d.name_en
FROM fir f JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id
WHERE f.id = ANY(%(ids)s::bigint[]) ORDER BY f.id
"""
# Batches read child rows by their indexed key, then the rows they point to by primary key: a join in one
# query lets the planner misjudge the batch and read all of ``person`` or ``fir`` for every batch.
_FIR_PARTIES_SQL = """
SELECT fir_id, person_id, role, accused_number, name_as_given, relative_name_as_given, mobile_as_given
FROM fir_party WHERE fir_id = ANY(%(ids)s::bigint[]) ORDER BY fir_id, id
"""
_PARTY_NAMES_SQL = "SELECT id, name, relative_name FROM person WHERE id = ANY(%(ids)s::bigint[])"
_FIR_VEHICLES_SQL = """
SELECT fir_id, vehicle_registration FROM fir_property
WHERE fir_id = ANY(%(ids)s::bigint[]) AND vehicle_registration IS NOT NULL
UNION
SELECT fir_id, vehicle_registration FROM seizure
WHERE fir_id = ANY(%(ids)s::bigint[]) AND vehicle_registration IS NOT NULL
ORDER BY 1, 2
"""


def build_fir_documents(connection: Connection, ids: Sequence[int]) -> list[Document]:
    batch = id_array(ids)
    sections = sections_of(connection, batch)
    parties = grouped(fetch_rows(connection, _FIR_PARTIES_SQL, batch))
    people = {
        person_id: (name, relative)
        for person_id, name, relative in fetch_rows(
            connection, _PARTY_NAMES_SQL, id_array({party[1] for rows in parties.values() for party in rows})
        )
    }
    vehicles: dict[int, list[str]] = defaultdict(list)
    for fir_id, registration in fetch_rows(connection, _FIR_VEHICLES_SQL, batch):
        vehicles[fir_id].append(registration)

    documents = []
    no_parties: list[tuple[Any, ...]] = []
    for (
        fir_id,
        year,
        serial,
        registered_at,
        status,
        brief_facts,
        station_id,
        station_code,
        station_name,
        station_name_hi,
        district_id,
        district_name,
    ) in fetch_rows(connection, _FIR_SQL, batch):
        cited = sections.get(fir_id, ())
        names: list[str | None] = []
        relatives: list[str | None] = []
        mobiles: list[str | None] = []
        roles: list[str] = []
        person_ids: list[int] = []
        shown_parties = []
        for _, person_id, role, accused_number, name_as_given, relative_as_given, mobile_as_given in parties.get(
            fir_id, no_parties
        ):
            name, relative = people[person_id]
            names += (name_as_given, name)
            relatives += (relative_as_given, relative)
            mobiles.append(mobile_digits(mobile_as_given))
            roles.append(role)
            person_ids.append(person_id)
            shown_parties.append(
                {"person_id": person_id, "name": name_as_given, "role": role, "accused_number": accused_number}
            )
        facts = brief_facts or ""
        number = f"{serial}/{year}"
        crime_heads = unique([crime_head for _, crime_head in cited])
        labels = unique([label for label, _ in cited])
        document: Document = {
            "id": document_id(DocumentKind.FIR, fir_id),
            "kind": DocumentKind.FIR.value,
            **index_name_fields(unique(names), unique(relatives)),
            "mobiles": unique(mobiles),
            "district_ids": [district_id],
            "station_ids": [station_id],
            "crime_heads": crime_heads,
            "sections": labels,
            "statuses": [status],
            "roles": unique(roles),
            "registered_on": [day(registered_at)],
            "fir_id": fir_id,
            "fir_number": number,
            "fir_year": year,
            "station_keys": list(_station_keys(station_name, station_name_hi, station_code)),
            # Property and seizure rows, and any number written in the facts ("... motorcycle BR31AB4521 ...").
            "vehicles": unique([*vehicles.get(fir_id, ()), *vehicle_numbers(facts)]),
            "facts": facts,
            "person_ids": unique(person_ids),
        }
        document["summary"] = json_text(
            {
                "fir_id": fir_id,
                "number": number,
                "station": station_name,
                "station_hi": station_name_hi,
                "station_code": station_code,
                "district": district_name,
                "registered_at": registered_at.isoformat(),
                "status": status,
                "sections": labels,
                "crime_heads": crime_heads,
                "parties": shown_parties,
                "facts": facts[:FACTS_IN_SUMMARY],
            },
        )
        documents.append(with_checksum(document))
    return documents


# --- person documents ----------------------------------------------------------------------------------------

_PERSON_SQL = """
SELECT id, name, relative_name, relation_kind, gender, date_of_birth, age_years, age_recorded_on,
       is_wanted, is_proclaimed_offender
FROM person WHERE id = ANY(%(ids)s::bigint[]) ORDER BY id
"""
_PERSON_ALIASES_SQL = "SELECT person_id, alias FROM person_alias WHERE person_id = ANY(%(ids)s::bigint[]) ORDER BY id"
_PERSON_ADDRESSES_SQL = """
SELECT person_id, address, village_or_town FROM person_address WHERE person_id = ANY(%(ids)s::bigint[]) ORDER BY id
"""
_PERSON_MOBILES_SQL = "SELECT person_id, number FROM person_mobile WHERE person_id = ANY(%(ids)s::bigint[]) ORDER BY id"
_PERSON_PARTIES_SQL = """
SELECT person_id, id, fir_id, role, name_as_given, relative_name_as_given, mobile_as_given
FROM fir_party WHERE person_id = ANY(%(ids)s::bigint[])
"""
_PARTY_FIRS_SQL = """
SELECT f.id, f.year, f.serial, f.registered_at, f.status, s.id, s.name_en, d.id, d.name_en
FROM fir f JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id
WHERE f.id = ANY(%(ids)s::bigint[])
"""


class _Appearance(NamedTuple):
    """One person named in one FIR: the party row with the FIR's particulars (made once per party row)."""

    role: str
    name_as_given: str | None
    relative_name_as_given: str | None
    mobile_as_given: str | None
    fir: _PartyFir


class _PartyFir(NamedTuple):
    """An FIR as a person's document shows it, read once per batch however many of its people are in it."""

    fir_id: int
    number: str
    registered_on: str | None
    newest_first: tuple[float, int]  # sorts a person's FIRs newest first, then by id, highest first
    status: str
    station_id: int
    station_name: str
    district_id: int
    district_name: str


def _appearances(connection: Connection, ids: str) -> dict[int, list[_Appearance]]:
    """Each person's FIRs, newest first; ``ids`` from :func:`id_array`."""
    parties = fetch_rows(connection, _PERSON_PARTIES_SQL, ids)
    rows = fetch_rows(connection, _PARTY_FIRS_SQL, id_array({party[2] for party in parties}))
    firs = {
        fir_id: _PartyFir(
            fir_id,
            f"{serial}/{year}",
            day(registered_at),
            (-registered_at.timestamp(), -fir_id),
            status,
            station_id,
            station_name,
            district_id,
            district_name,
        )
        for fir_id, year, serial, registered_at, status, station_id, station_name, district_id, district_name in rows
    }
    found: dict[int, list[tuple[tuple[float, int], int, _Appearance]]] = defaultdict(list)
    for person_id, party_id, fir_id, role, name_as_given, relative_as_given, mobile_as_given in parties:
        fir = firs[fir_id]
        found[person_id].append(
            (fir.newest_first, party_id, _Appearance(role, name_as_given, relative_as_given, mobile_as_given, fir))
        )
    ordered: dict[int, list[_Appearance]] = {}
    for person_id, rows in found.items():
        if len(rows) > 1:
            rows.sort(key=lambda row: (row[0], row[1]))
        ordered[person_id] = [row[2] for row in rows]
    return ordered


def age_today(date_of_birth: date | None, age_years: int | None, recorded_on: date | None, today: date) -> int | None:
    """Age now, from the date of birth, or from an age stated on a known day."""
    if date_of_birth is not None:
        return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    if age_years is None:
        return None
    return age_years + (today.year - recorded_on.year if recorded_on else 0)


def build_person_documents(connection: Connection, ids: Sequence[int], today: date | None = None) -> list[Document]:
    today = today or date.today()
    batch = id_array(ids)
    aliases_of = grouped(fetch_rows(connection, _PERSON_ALIASES_SQL, batch))
    addresses_of = grouped(fetch_rows(connection, _PERSON_ADDRESSES_SQL, batch))
    mobiles_of = grouped(fetch_rows(connection, _PERSON_MOBILES_SQL, batch))
    appearances_of = _appearances(connection, batch)
    sections = sections_of(connection, id_array({row.fir.fir_id for rows in appearances_of.values() for row in rows}))
    documents = []
    none: list[Any] = []
    for (
        person_id,
        name,
        relative_name,
        relation_kind,
        gender,
        date_of_birth,
        age_years,
        age_recorded_on,
        is_wanted,
        is_proclaimed_offender,
    ) in fetch_rows(connection, _PERSON_SQL, batch):
        aliases = [alias for _, alias in aliases_of.get(person_id, none)]
        appearances = appearances_of.get(person_id, none)
        firs = [row.fir for row in appearances]
        cited = [section for fir in firs for section in sections.get(fir.fir_id, none)]
        age = age_today(date_of_birth, age_years, age_recorded_on, today)
        mobiles = unique(
            [
                *(number for _, number in mobiles_of.get(person_id, none)),
                *(mobile_digits(row.mobile_as_given) for row in appearances),
            ]
        )
        addresses = unique(
            [
                ", ".join(part for part in (address, village_or_town) if part)
                for _, address, village_or_town in addresses_of.get(person_id, none)
            ]
        )
        fir_ids = unique([fir.fir_id for fir in firs])
        document: Document = {
            "id": document_id(DocumentKind.PERSON, person_id),
            "kind": DocumentKind.PERSON.value,
            **index_name_fields(
                unique([name, *aliases, *(row.name_as_given for row in appearances)]),
                unique([relative_name, *(row.relative_name_as_given for row in appearances)]),
                set(aliases) - {name, *(row.name_as_given for row in appearances)},
            ),
            "mobiles": mobiles,
            "district_ids": unique([fir.district_id for fir in firs]),
            "station_ids": unique([fir.station_id for fir in firs]),
            "crime_heads": unique([crime_head for _, crime_head in cited]),
            "sections": unique([label for label, _ in cited]),
            "statuses": unique([fir.status for fir in firs]),
            "roles": unique([row.role for row in appearances]),
            "registered_on": unique([fir.registered_on for fir in firs]),
            "person_id": person_id,
        }
        if age is not None:
            document["age"] = age
        document["addresses"] = addresses
        document["fir_ids"] = fir_ids
        document["summary"] = json_text(
            {
                "person_id": person_id,
                "name": name,
                "relative_name": relative_name,
                "relation_kind": relation_kind,
                "gender": gender,
                "age": age,
                "aliases": aliases,
                "mobiles": mobiles,
                "addresses": addresses[:2],
                "wanted": is_wanted,
                "proclaimed_offender": is_proclaimed_offender,
                "fir_count": len(fir_ids),
                "firs": [
                    {
                        "fir_id": row.fir.fir_id,
                        "number": row.fir.number,
                        "station": row.fir.station_name,
                        "district": row.fir.district_name,
                        "role": row.role,
                        "status": row.fir.status,
                        "registered_on": row.fir.registered_on,
                    }
                    for row in appearances[:FIRS_IN_PERSON_SUMMARY]
                ],
            },
        )
        documents.append(with_checksum(document))
    return documents
