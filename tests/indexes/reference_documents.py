"""The document builders as they were before issue 20 made them cheaper: slow, plain, kept only to check that the
fast builders in ``indexes.documents`` build exactly the same documents (``test_document_equivalence``).

A verbatim copy of the old ``indexes/documents.py`` builders, with the old ``index_name_fields``
(people/names/indexed.py) and ``vehicle_numbers`` (then in indexes/searchbox.py) beside them, so a change to either fast
path is checked against these.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cases.reading.sections import CITED_SECTIONS
from indexes.engine import Document
from indexes.schema import DocumentKind, document_id
from indexes.vehicle_marks import BH_SERIES_MARK, VEHICLE_MARK, registration
from indexes.words import keyword_words
from people.identifiers import mobile_digits
from people.names.forms import whole_name, written_name
from people.names.indexed import _indexed_forms
from people.names.scripts import ascii_digits
from records.display import IST
from records.models import Act, CrimeHead, FirSection, Section

_NAME_FIELD_SUFFIXES = ("keys", "phonetic", "loose")


def vehicle_numbers(text: str) -> list[str]:
    text = ascii_digits(text)
    found = [registration(match) for pattern in (VEHICLE_MARK, BH_SERIES_MARK) for match in pattern.finditer(text)]
    return list(dict.fromkeys(number for number in found if number))


def index_name_fields(
    names: Iterable[str], relatives: Iterable[str], aliases: set[str] | None = None
) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {"names": [], "name_whole": []}
    for prefix, values in (("name", names), ("relative", relatives)):
        merged: list[list[str]] = [[], [], []]
        several = False
        for value in values:
            if not value:
                continue
            written, forms = _indexed_forms(value)
            if prefix == "name":
                fields["names"] += written
                if whole := whole_name(value):
                    fields["name_whole"] += (whole,) if value in (aliases or set()) else (whole, written_name(value))
            several = several or bool(merged[0])
            for into, found in zip(merged, forms, strict=True):
                into += found
        for suffix, found in zip(_NAME_FIELD_SUFFIXES, merged, strict=True):
            fields[f"{prefix}_{suffix}"] = list(dict.fromkeys(found)) if several else found
    fields["names"] = list(dict.fromkeys(fields["names"]))
    fields["name_whole"] = [whole for whole in dict.fromkeys(fields["name_whole"]) if whole]
    return fields


def person_name_fields(names: list[str], relatives: list[str], aliases: set[str]) -> dict[str, list[str]]:
    return index_name_fields(names, relatives, aliases)


FACTS_IN_SUMMARY = 240
FIRS_IN_PERSON_SUMMARY = 50


def _station_keys(name: str, name_hi: str, code: str) -> tuple[str, ...]:
    """Since the search-box fix for Hindi station names: the words of both names and the code, by the word rule."""
    return tuple(keyword_words(name, name_hi, code))


def build_documents(connection: Connection, kind: DocumentKind, ids: Sequence[int]) -> list[Document]:
    builder = build_fir_documents if kind is DocumentKind.FIR else build_person_documents
    return builder(connection, ids)


def checksum(document: Document) -> str:
    """A short hash of everything in the document but its checksum."""
    content = {key: value for key, value in document.items() if key != "checksum"}
    encoded = orjson.dumps(content, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.blake2b(encoded, digest_size=10).hexdigest()


def _rows(connection: Connection, sql: str, ids: Sequence[int]) -> list[sa.Row[Any]]:
    return list(connection.execute(sa.text(sql), {"ids": list(ids)}))


def _unique(values: Any) -> list[Any]:
    """The values in first-seen order, once each, without None and empty strings."""
    kept = dict.fromkeys(values)
    kept.pop(None, None)
    kept.pop("", None)
    return list(kept)


def _json_text(value: Any) -> str:
    """Compact JSON text, names kept in their own script (orjson: a quarter of the build time went to json)."""
    return orjson.dumps(value).decode()


def _day(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):  # a timestamp's day in India (IST), as issue 22's walk found it should be
        return (value.astimezone(IST) if value.tzinfo else value).date().isoformat()
    return value.isoformat()


def _finish(document: Document) -> Document:
    document["checksum"] = checksum(document)
    return document


# --- FIR documents -------------------------------------------------------------------------------------------

_FIR_SQL = """
SELECT f.id, f.year, f.serial, f.registered_at, f.status, f.brief_facts, f.place_address,
       s.id AS station_id, s.code AS station_code, s.name_en AS station_name, s.name_hi AS station_name_hi,
       d.id AS district_id, d.name_en AS district_name
FROM fir f JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id
WHERE f.id = ANY(:ids)
"""
# Batches read child rows by their indexed key, then the rows they point to by primary key: a join in one
# query lets the planner misjudge the batch and read all of ``person`` or ``fir`` for every batch.
_FIR_PARTIES_SQL = """
SELECT fir_id, person_id, role, accused_number, name_as_given, relative_name_as_given, mobile_as_given
FROM fir_party WHERE fir_id = ANY(:ids) ORDER BY fir_id, id
"""
_PARTY_NAMES_SQL = "SELECT id, name, relative_name FROM person WHERE id = ANY(:ids)"
_FIR_VEHICLES_SQL = """
SELECT fir_id, vehicle_registration FROM fir_property
WHERE fir_id = ANY(:ids) AND vehicle_registration IS NOT NULL
UNION
SELECT fir_id, vehicle_registration FROM seizure WHERE fir_id = ANY(:ids) AND vehicle_registration IS NOT NULL
ORDER BY 1, 2
"""


# The one FIR-sections join, narrowed to what a document shows (no act names or section titles on the hot path).
_CITED_FOR_DOCUMENTS = CITED_SECTIONS.with_only_columns(
    FirSection.fir_id, Act.code.label("act"), Section.number, CrimeHead.code.label("crime_head")
)


def _sections_of(connection: Connection, fir_ids: Sequence[int]) -> dict[int, list[sa.Row[Any]]]:
    sections: dict[int, list[sa.Row[Any]]] = defaultdict(list)
    for row in connection.execute(_CITED_FOR_DOCUMENTS.where(FirSection.fir_id.in_(list(fir_ids)))):
        sections[row.fir_id].append(row)
    return sections


def build_fir_documents(connection: Connection, ids: Sequence[int]) -> list[Document]:
    sections = _sections_of(connection, ids)
    parties: dict[int, list[sa.Row[Any]]] = defaultdict(list)
    for row in _rows(connection, _FIR_PARTIES_SQL, ids):
        parties[row.fir_id].append(row)
    people = {
        row.id: row
        for row in _rows(connection, _PARTY_NAMES_SQL, list({p.person_id for rows in parties.values() for p in rows}))
    }
    vehicles: dict[int, list[str]] = defaultdict(list)
    for row in _rows(connection, _FIR_VEHICLES_SQL, ids):
        vehicles[row.fir_id].append(row.vehicle_registration)

    documents = []
    for fir in _rows(connection, _FIR_SQL, ids):
        fir_sections, fir_parties = sections[fir.id], parties[fir.id]
        number = f"{fir.serial}/{fir.year}"
        document: Document = {
            "id": document_id(DocumentKind.FIR, fir.id),
            "kind": DocumentKind.FIR.value,
            **index_name_fields(
                _unique(name for party in fir_parties for name in (party.name_as_given, people[party.person_id].name)),
                _unique(
                    name
                    for party in fir_parties
                    for name in (party.relative_name_as_given, people[party.person_id].relative_name)
                ),
            ),
            "mobiles": _unique(mobile_digits(party.mobile_as_given) for party in fir_parties),
            "district_ids": [fir.district_id],
            "station_ids": [fir.station_id],
            "crime_heads": _unique(row.crime_head for row in fir_sections),
            "sections": _unique(f"{row.act} {row.number}" for row in fir_sections),
            "statuses": [fir.status],
            "roles": _unique(party.role for party in fir_parties),
            "registered_on": [_day(fir.registered_at)],
            "fir_id": fir.id,
            "fir_number": number,
            "fir_year": fir.year,
            "station_keys": list(_station_keys(fir.station_name, fir.station_name_hi, fir.station_code)),
            # Property and seizure rows, and any number written in the facts ("... motorcycle BR31AB4521 ...").
            "vehicles": _unique([*vehicles[fir.id], *vehicle_numbers(fir.brief_facts or "")]),
            "facts": fir.brief_facts or "",
            "person_ids": _unique(party.person_id for party in fir_parties),
        }
        document["summary"] = _json_text(
            {
                "fir_id": fir.id,
                "number": number,
                "station": fir.station_name,
                "station_hi": fir.station_name_hi,
                "station_code": fir.station_code,
                "district": fir.district_name,
                "registered_at": fir.registered_at.isoformat(),
                "status": fir.status,
                "sections": document["sections"],
                "crime_heads": document["crime_heads"],
                "parties": [
                    {
                        "person_id": party.person_id,
                        "name": party.name_as_given,
                        "role": party.role,
                        "accused_number": party.accused_number,
                    }
                    for party in fir_parties
                ],
                "facts": (fir.brief_facts or "")[:FACTS_IN_SUMMARY],
            },
        )
        documents.append(_finish(document))
    return documents


# --- person documents ----------------------------------------------------------------------------------------

_PERSON_SQL = """
SELECT id, name, relative_name, relation_kind, gender, date_of_birth, age_years, age_recorded_on,
       is_wanted, is_proclaimed_offender
FROM person WHERE id = ANY(:ids)
"""
_PERSON_ALIASES_SQL = "SELECT person_id, alias FROM person_alias WHERE person_id = ANY(:ids) ORDER BY id"
_PERSON_ADDRESSES_SQL = """
SELECT person_id, address, village_or_town FROM person_address WHERE person_id = ANY(:ids) ORDER BY id
"""
_PERSON_MOBILES_SQL = "SELECT person_id, number FROM person_mobile WHERE person_id = ANY(:ids) ORDER BY id"
_PERSON_PARTIES_SQL = """
SELECT id, person_id, fir_id, role, name_as_given, relative_name_as_given, mobile_as_given
FROM fir_party WHERE person_id = ANY(:ids)
"""
_PARTY_FIRS_SQL = """
SELECT f.id, f.year, f.serial, f.registered_at, f.status,
       s.id AS station_id, s.name_en AS station_name, d.id AS district_id, d.name_en AS district_name
FROM fir f JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id
WHERE f.id = ANY(:ids)
"""


class _Appearance(NamedTuple):
    """One person named in one FIR: the party row with the FIR's particulars (a tuple: millions are made)."""

    party_id: int
    fir_id: int
    role: str
    name_as_given: str | None
    relative_name_as_given: str | None
    mobile_as_given: str | None
    year: int
    serial: int
    registered_at: datetime
    status: str
    station_id: int
    station_name: str
    district_id: int
    district_name: str


def _appearances(connection: Connection, ids: Sequence[int]) -> dict[int, list[_Appearance]]:
    """Each person's FIRs, newest first."""
    parties = _rows(connection, _PERSON_PARTIES_SQL, ids)
    firs = {row.id: row for row in _rows(connection, _PARTY_FIRS_SQL, list({row.fir_id for row in parties}))}
    found: dict[int, list[_Appearance]] = defaultdict(list)
    for party in parties:
        fir = firs[party.fir_id]
        found[party.person_id].append(
            _Appearance(
                party.id,
                fir.id,
                party.role,
                party.name_as_given,
                party.relative_name_as_given,
                party.mobile_as_given,
                fir.year,
                fir.serial,
                fir.registered_at,
                fir.status,
                fir.station_id,
                fir.station_name,
                fir.district_id,
                fir.district_name,
            )
        )
    for rows in found.values():
        rows.sort(key=lambda row: (-row.registered_at.timestamp(), -row.fir_id, row.party_id))
    return found


def age_today(date_of_birth: date | None, age_years: int | None, recorded_on: date | None, today: date) -> int | None:
    """Age now, from the date of birth, or from an age stated on a known day."""
    if date_of_birth is not None:
        return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    if age_years is None:
        return None
    return age_years + (today.year - recorded_on.year if recorded_on else 0)


def build_person_documents(connection: Connection, ids: Sequence[int], today: date | None = None) -> list[Document]:
    today = today or date.today()
    grouped: dict[str, dict[int, list[sa.Row[Any]]]] = {}
    for name, sql in (
        ("aliases", _PERSON_ALIASES_SQL),
        ("addresses", _PERSON_ADDRESSES_SQL),
        ("mobiles", _PERSON_MOBILES_SQL),
    ):
        grouped[name] = defaultdict(list)
        for row in _rows(connection, sql, ids):
            grouped[name][row.person_id].append(row)

    appearances_of = _appearances(connection, ids)
    sections = _sections_of(connection, list({row.fir_id for rows in appearances_of.values() for row in rows}))
    documents = []
    for person in _rows(connection, _PERSON_SQL, ids):
        aliases = [row.alias for row in grouped["aliases"][person.id]]
        addresses = grouped["addresses"][person.id]
        appearances = appearances_of.get(person.id, [])
        age = age_today(person.date_of_birth, person.age_years, person.age_recorded_on, today)
        document: Document = {
            "id": document_id(DocumentKind.PERSON, person.id),
            "kind": DocumentKind.PERSON.value,
            **person_name_fields(
                _unique([person.name, *aliases, *(row.name_as_given for row in appearances)]),
                _unique([person.relative_name, *(row.relative_name_as_given for row in appearances)]),
                set(aliases) - {person.name, *(row.name_as_given for row in appearances)},
            ),
            "mobiles": _unique(
                [
                    *(row.number for row in grouped["mobiles"][person.id]),
                    *(mobile_digits(row.mobile_as_given) for row in appearances),
                ]
            ),
            "district_ids": _unique(row.district_id for row in appearances),
            "station_ids": _unique(row.station_id for row in appearances),
            "crime_heads": _unique(cited.crime_head for row in appearances for cited in sections[row.fir_id]),
            "sections": _unique(f"{cited.act} {cited.number}" for row in appearances for cited in sections[row.fir_id]),
            "statuses": _unique(row.status for row in appearances),
            "roles": _unique(row.role for row in appearances),
            "registered_on": _unique(_day(row.registered_at) for row in appearances),
            "person_id": person.id,
            "age": age,
            "addresses": _unique(
                ", ".join(part for part in (row.address, row.village_or_town) if part) for row in addresses
            ),
            "fir_ids": _unique(row.fir_id for row in appearances),
        }
        if age is None:
            del document["age"]
        document["summary"] = _json_text(
            {
                "person_id": person.id,
                "name": person.name,
                "relative_name": person.relative_name,
                "relation_kind": person.relation_kind,
                "gender": person.gender,
                "age": age,
                "aliases": aliases,
                "mobiles": document["mobiles"],
                "addresses": document["addresses"][:2],
                "wanted": person.is_wanted,
                "proclaimed_offender": person.is_proclaimed_offender,
                "fir_count": len(document["fir_ids"]),
                "firs": [
                    {
                        "fir_id": row.fir_id,
                        "number": f"{row.serial}/{row.year}",
                        "station": row.station_name,
                        "district": row.district_name,
                        "role": row.role,
                        "status": row.status,
                        "registered_on": _day(row.registered_at),
                    }
                    for row in appearances[:FIRS_IN_PERSON_SUMMARY]
                ],
            },
        )
        documents.append(_finish(document))
    return documents
