"""Load the shipped reference data into the database, and police stations from a user's CSV.

``load_reference_data`` upserts every table in ``data/`` by its natural key (state code, district code, alias
``(source, name)``, station code, act code, crime-head code, section ``(act, number)``, correspondence pair).
It compares before it writes, so a second run changes nothing and says so; it never deletes a row (stations
and sections are referenced by FIRs) and never commits: the caller owns the transaction.

Decisions written into the data (see also the CSV headers):

* **State.** One state, Bihar (Census 2011 code ``10``), kept here as constants: every district belongs to it.
* **Districts.** 44 police districts: 40 territorial (the 38 revenue districts, with West Champaran policed
  as Bettiah and Bagaha and Bhagalpur as Bhagalpur and Naugachhia) and 4 railway. Codes follow the names the
  police use (``BETTIAH``, ``MOTIHARI``, ``KAIMUR``, ``PURNIA``, ``NAWADA``, ``PATNA_RLY`` ...).
* **census_code.** The Census 2011 code of the revenue district whose territory the police district polices.
  Bagaha and Naugachhia reference their parent (203 West Champaran, 224 Bhagalpur), so two police districts
  share a census code and a map colours the parent polygon with their sum; railway districts police no
  territory and have none.
* **population_2011.** Census 2011 district totals (they add up to Bihar's 10,40,99,452). Naugachhia is the
  Census 2011 total of the seven blocks of Naugachhia subdivision (Naugachhia, Bihpur, Kharik, Narayanpur,
  Rangra Chowk, Gopalpur, Ismailpur: 7,46,089), subtracted from Bhagalpur (30,37,766 -> 22,91,677). Bagaha is
  an estimate for Bagaha subdivision (13,70,000: Bagaha-I 3,98,000 and Ramnagar 2,49,102 from the census,
  the other five blocks estimated), subtracted from West Champaran (39,35,042 -> Bettiah 25,65,042). Railway
  districts have none (rates per lakh are not meaningful for them).
* **Crosswalk.** ``district_aliases.csv`` holds every name a source gives a police district, upper-cased: NCRB
  tables (2001-2014 ``DISTRICT``; 2017+ ``registration_circles``, the police district, and ``district_name``,
  the revenue district, which maps to the territorial district of the same headquarters), the boundary file,
  LGD and common spellings. NCRB rows that are not places (``NCRB_NON_DISTRICT_UNITS``: the state total and
  the Anti Terrorist Squad and Economic Offences Unit that report from Patna since 2014) map to no district.
* **Sections.** IPC and BNS sections stations cite, each with its NCRB crime head; sections that only qualify
  another (IPC 34, 149, 109, 114, 511; BNS 3(5), 190, 49, 54, 62) have none. Every IPC section has its BNS
  counterpart(s) in ``ipc_bns_correspondence.csv`` except ``IPC_WITHOUT_BNS_COUNTERPART`` (309 attempt to
  suicide, 377 unnatural offences), kept because legacy FIRs cite them.
* **Protected offences.** ``protected_offences.csv`` lists the sections (or whole acts) whose victims are never
  identified to the public, each with its source; it is read at run time by ``records.victim_identity`` and only
  checked here (every row a known act and a section of ``sections.csv``, every row with a source).
* ``crime_heads.csv`` also names each head's column in the NCRB 2001-2012 district table (``ncrb_column``);
  the ``crime_head`` table has no such column yet, so it stays in the CSV (read it with
  ``records.reference.read_reference_table("crime_heads")``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import (
    Act,
    ActKind,
    CrimeHead,
    DistrictKind,
    DistrictNameAlias,
    PoliceDistrict,
    PoliceStation,
    Section,
    SectionCorrespondence,
    State,
)
from records.models.base import Base
from records.reference import read_reference_table
from records.reference.protected_offences import protected_offences

STATE_CODE = "10"
STATE_NAME_EN = "Bihar"
STATE_NAME_HI = "बिहार"

# Rows of the NCRB district tables that are not police districts (compared with ``district_key``).
NCRB_NON_DISTRICT_UNITS = frozenset({"TOTAL", "ZZ TOTAL", "ANTI TERRORIST SQUAD", "ECONOMIC OFFENCES UNIT"})
IPC_WITHOUT_BNS_COUNTERPART = frozenset({"309", "377"})

STATION_CODE_MAX = 24
STATION_NAME_MAX = 120
_STATION_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class ReferenceDataError(ValueError):
    """The shipped reference CSVs contradict themselves (an unknown code, a missing section...)."""


class StationFileError(ValueError):
    """A stations CSV had bad rows; nothing was loaded. ``errors`` lists every one with its row number."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(f"{count} bad row{'s' if count != 1 else ''} in the stations file:\n" + "\n".join(errors))


@dataclass
class TableCount:
    """Rows of one table in the data, and how many of them this run inserted or updated."""

    total: int = 0
    inserted: int = 0
    updated: int = 0

    @property
    def changed(self) -> int:
        return self.inserted + self.updated


@dataclass
class ReferenceLoadReport:
    """What ``load_reference_data`` did, table by table."""

    states: TableCount = field(default_factory=TableCount)
    districts: TableCount = field(default_factory=TableCount)
    district_aliases: TableCount = field(default_factory=TableCount)
    stations: TableCount = field(default_factory=TableCount)
    acts: TableCount = field(default_factory=TableCount)
    crime_heads: TableCount = field(default_factory=TableCount)
    sections: TableCount = field(default_factory=TableCount)
    correspondences: TableCount = field(default_factory=TableCount)

    def tables(self) -> dict[str, TableCount]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @property
    def inserted(self) -> int:
        return sum(count.inserted for count in self.tables().values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.tables().values())

    @property
    def changed(self) -> int:
        return self.inserted + self.updated

    def __str__(self) -> str:
        labels = {
            "states": ("state", "states"),
            "districts": ("district", "districts"),
            "district_aliases": ("district name", "district names"),
            "stations": ("station", "stations"),
            "acts": ("act", "acts"),
            "crime_heads": ("crime head", "crime heads"),
            "sections": ("section", "sections"),
            "correspondences": ("IPC-BNS correspondence", "IPC-BNS correspondences"),
        }
        parts = [
            f"{count.total} {labels[name][0] if count.total == 1 else labels[name][1]}"
            for name, count in self.tables().items()
        ]
        if self.changed:
            changes = f"{self.changed} changed: {self.inserted} inserted, {self.updated} updated"
        else:
            changes = "0 changed"
        return f"{', '.join(parts)} ({changes})"


@dataclass
class StationLoadReport:
    """What ``load_stations_csv`` did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __str__(self) -> str:
        return f"{self.total} in file: {self.inserted} added, {self.updated} updated, {self.unchanged} unchanged"


# --- small parsers ------------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def _optional(value: str | None) -> str | None:
    return _text(value) or None


def _bool(value: str | None, where: str) -> bool | None:
    text = _text(value).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ReferenceDataError(f"{where}: {value!r} is not true/false")


def _int(value: str | None, where: str) -> int | None:
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ReferenceDataError(f"{where}: {value!r} is not a whole number") from None


def _date(value: str | None, where: str) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReferenceDataError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _float(value: str | None, where: str) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ReferenceDataError(f"{where}: {value!r} is not a number") from None


def district_key(name: str) -> str:
    """Compare key for district names: upper-case letters and digits only ('Kaimur(Bhabhua)' = 'KAIMUR (BHABHUA)').

    Devanagari keeps its vowel signs, so Hindi names compare too.
    """
    text = unicodedata.normalize("NFC", name).upper()
    return "".join(ch for ch in text if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc"))


_NON_DISTRICT_KEYS = frozenset(district_key(name) for name in NCRB_NON_DISTRICT_UNITS)


def is_known_non_district(name: str) -> bool:
    """True for NCRB rows that are not places: the state total and state-level units (ATS, EOU)."""
    return district_key(name) in _NON_DISTRICT_KEYS


# --- generic compare-then-write upsert ----------------------------------------------------------------------


def _sync(
    session: Session,
    model: type[Base],
    key_of: Callable[[Any], tuple[Any, ...]],
    rows: Iterable[Mapping[str, Any]],
    key_columns: tuple[str, ...],
    count: TableCount,
) -> dict[tuple[Any, ...], Any]:
    """Insert missing rows and update differing ones (matched on ``key_columns``); return all by key."""
    existing = {key_of(obj): obj for obj in session.scalars(sa.select(model))}
    for values in rows:
        key = tuple(values[column] for column in key_columns)
        count.total += 1
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            session.add(obj)
            existing[key] = obj
            count.inserted += 1
        elif _assign(obj, values):
            count.updated += 1
    session.flush()
    return existing


def _assign(obj: Any, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# --- the shipped reference data -----------------------------------------------------------------------------


def load_reference_data(session: Session) -> ReferenceLoadReport:
    """Upsert the shipped reference data (``records/reference/data``); idempotent, never commits."""
    report = ReferenceLoadReport()
    state = _load_state(session, report.states)
    districts = _load_districts(session, state, report.districts)
    _load_aliases(session, districts, report.district_aliases)
    _load_stations(session, districts, report.stations)
    acts = _load_acts(session, report.acts)
    heads = _load_crime_heads(session, report.crime_heads)
    sections = _load_sections(session, acts, heads, report.sections)
    _load_correspondences(session, acts, sections, report.correspondences)
    _check_protected_offences(acts, sections)
    return report


def _load_state(session: Session, count: TableCount) -> State:
    rows = [{"code": STATE_CODE, "name_en": STATE_NAME_EN, "name_hi": STATE_NAME_HI}]
    states = _sync(session, State, lambda s: (s.code,), rows, ("code",), count)
    return states[(STATE_CODE,)]


def _load_districts(session: Session, state: State, count: TableCount) -> dict[str, PoliceDistrict]:
    rows = []
    for number, row in enumerate(read_reference_table("districts"), start=2):
        where = f"districts.csv row {number}"
        try:
            kind = DistrictKind(_text(row["kind"]))
        except ValueError:
            raise ReferenceDataError(f"{where}: unknown kind {row['kind']!r}") from None
        rows.append(
            {
                "code": _text(row["code"]),
                "state_id": state.id,
                "name_en": _text(row["name_en"]),
                "name_hi": _text(row["name_hi"]),
                "kind": kind,
                "census_code": _optional(row["census_code"]),
                "population_2011": _int(row["population_2011"], where),
            }
        )
    found = _sync(session, PoliceDistrict, lambda d: (d.code,), rows, ("code",), count)
    return {key[0]: district for key, district in found.items()}


def _load_aliases(session: Session, districts: Mapping[str, PoliceDistrict], count: TableCount) -> None:
    rows = []
    for number, row in enumerate(read_reference_table("district_aliases"), start=2):
        code = _text(row["district_code"])
        if code not in districts:
            raise ReferenceDataError(f"district_aliases.csv row {number}: unknown district code {code!r}")
        rows.append(
            {
                "source": _text(row["source"]).lower(),
                "name": " ".join(row["name"].split()).upper(),
                "district_id": districts[code].id,
            }
        )
    _sync(session, DistrictNameAlias, lambda a: (a.source, a.name), rows, ("source", "name"), count)


def _load_stations(session: Session, districts: Mapping[str, PoliceDistrict], count: TableCount) -> None:
    existing = {station.code: station for station in session.scalars(sa.select(PoliceStation))}
    by_name = {(station.district_id, station.name_en): station for station in existing.values()}
    for number, row in enumerate(read_reference_table("stations"), start=2):
        where = f"stations.csv row {number}"
        district_code = _text(row["district_code"])
        if district_code not in districts:
            raise ReferenceDataError(f"{where}: unknown district code {district_code!r}")
        values = {
            "code": _text(row["code"]),
            "district_id": districts[district_code].id,
            "name_en": _text(row["name_en"]),
            "name_hi": _text(row["name_hi"]),
            "latitude": _float(row.get("latitude"), where),
            "longitude": _float(row.get("longitude"), where),
        }
        count.total += 1
        # Same code, or a station loaded earlier under another code with the same district and name.
        station = existing.get(values["code"]) or by_name.get((values["district_id"], values["name_en"]))
        if station is None:
            station = PoliceStation(**values)
            session.add(station)
            count.inserted += 1
        elif _assign(station, values):
            count.updated += 1
        existing[station.code] = station
        by_name[(station.district_id, station.name_en)] = station
    session.flush()


def _load_acts(session: Session, count: TableCount) -> dict[str, Act]:
    rows = []
    for number, row in enumerate(read_reference_table("acts"), start=2):
        where = f"acts.csv row {number}"
        try:
            kind = ActKind(_text(row["kind"]))
        except ValueError:
            raise ReferenceDataError(f"{where}: unknown kind {row['kind']!r}") from None
        rows.append(
            {
                "code": _text(row["code"]),
                "short_name": _text(row["short_name"]),
                "name_en": _text(row["name_en"]),
                "name_hi": _text(row["name_hi"]),
                "year": _int(row["year"], where),
                "kind": kind,
                "in_force_from": _date(row["in_force_from"], where),
                "in_force_until": _date(row["in_force_until"], where),
            }
        )
    found = _sync(session, Act, lambda a: (a.code,), rows, ("code",), count)
    return {key[0]: act for key, act in found.items()}


def _load_crime_heads(session: Session, count: TableCount) -> dict[str, CrimeHead]:
    heads = {head.code: head for head in session.scalars(sa.select(CrimeHead))}
    for number, row in enumerate(read_reference_table("crime_heads"), start=2):
        where = f"crime_heads.csv row {number}"
        parent_code = _text(row["parent_code"])
        if parent_code and parent_code not in heads:
            raise ReferenceDataError(f"{where}: parent {parent_code!r} must be listed (and loaded) before its child")
        values = {
            "code": _text(row["code"]),
            "name_en": _text(row["name_en"]),
            "name_hi": _text(row["name_hi"]),
            "parent_id": heads[parent_code].id if parent_code else None,
            "against_women": bool(_bool(row["against_women"], where)),
            "against_sc_st": bool(_bool(row["against_sc_st"], where)),
            "sort_order": _int(row["sort_order"], where) or 0,
        }
        count.total += 1
        head = heads.get(values["code"])
        if head is None:
            head = CrimeHead(**values)
            session.add(head)
            session.flush()  # a later row may name it as parent
            heads[head.code] = head
            count.inserted += 1
        elif _assign(head, values):
            count.updated += 1
    session.flush()
    return heads


def _load_sections(
    session: Session, acts: Mapping[str, Act], heads: Mapping[str, CrimeHead], count: TableCount
) -> dict[tuple[int, str], Section]:
    rows = []
    for number, row in enumerate(read_reference_table("sections"), start=2):
        where = f"sections.csv row {number}"
        act_code = _text(row["act_code"])
        if act_code not in acts:
            raise ReferenceDataError(f"{where}: unknown act code {act_code!r}")
        head_code = _text(row["crime_head_code"])
        if head_code and head_code not in heads:
            raise ReferenceDataError(f"{where}: unknown crime head {head_code!r}")
        rows.append(
            {
                "act_id": acts[act_code].id,
                "number": _text(row["number"]),
                "title_en": _text(row["title_en"]),
                "title_hi": _optional(row["title_hi"]),
                "crime_head_id": heads[head_code].id if head_code else None,
                "is_cognizable": _bool(row["is_cognizable"], where),
            }
        )
    return _sync(session, Section, lambda s: (s.act_id, s.number), rows, ("act_id", "number"), count)


def _load_correspondences(
    session: Session, acts: Mapping[str, Act], sections: Mapping[tuple[int, str], Section], count: TableCount
) -> None:
    ipc, bns = acts.get("IPC"), acts.get("BNS")
    if ipc is None or bns is None:
        raise ReferenceDataError("acts.csv must define IPC and BNS for the correspondence table")
    rows = []
    for number, row in enumerate(read_reference_table("ipc_bns_correspondence"), start=2):
        where = f"ipc_bns_correspondence.csv row {number}"
        ipc_section = sections.get((ipc.id, _text(row["ipc_section"])))
        bns_section = sections.get((bns.id, _text(row["bns_section"])))
        if ipc_section is None or bns_section is None:
            missing = f"IPC {row['ipc_section']}" if ipc_section is None else f"BNS {row['bns_section']}"
            raise ReferenceDataError(f"{where}: {missing} is not in sections.csv")
        rows.append(
            {"ipc_section_id": ipc_section.id, "bns_section_id": bns_section.id, "note": _optional(row["note"])}
        )
    _sync(
        session,
        SectionCorrespondence,
        lambda c: (c.ipc_section_id, c.bns_section_id),
        rows,
        ("ipc_section_id", "bns_section_id"),
        count,
    )


def _check_protected_offences(acts: Mapping[str, Act], sections: Mapping[tuple[int, str], Section]) -> None:
    """Every row of ``protected_offences.csv`` names a known act and a section of it (or the whole act) and
    says where the protection comes from; the table itself is read at run time (``records.victim_identity``)."""
    code_of = {act.id: code for code, act in acts.items()}
    shipped = [(code_of[act_id], number) for act_id, number in sections if act_id in code_of]
    for row, offence in enumerate(protected_offences(), start=2):
        where = f"protected_offences.csv row {row}"
        if offence.act_code not in acts:
            raise ReferenceDataError(f"{where}: unknown act code {offence.act_code!r}")
        if not offence.source:
            raise ReferenceDataError(f"{where}: source is empty (say which law or review protects the victim)")
        if offence.number and not any(offence.covers(act, number) for act, number in shipped):
            raise ReferenceDataError(f"{where}: {offence.act_code} {offence.number} is not in sections.csv")


# --- district look-up ---------------------------------------------------------------------------------------


def district_index(session: Session) -> dict[str, PoliceDistrict]:
    """Every name a district goes by (code, English and Hindi name, crosswalk aliases), by ``district_key``.

    For bulk look-ups (imports): load once, then ``index.get(district_key(name))``. Codes win over names, and
    names over aliases, should two ever share a key.
    """
    index: dict[str, PoliceDistrict] = {}
    districts = list(session.scalars(sa.select(PoliceDistrict).order_by(PoliceDistrict.code)))
    for attribute in ("code", "name_en", "name_hi"):
        for district in districts:
            index.setdefault(district_key(getattr(district, attribute)), district)
    by_id = {district.id: district for district in districts}
    aliases = session.execute(
        sa.select(DistrictNameAlias.name, DistrictNameAlias.district_id).order_by(DistrictNameAlias.id)
    )
    for name, district_id in aliases:
        index.setdefault(district_key(name), by_id[district_id])
    index.pop("", None)
    return index


def resolve_district(session: Session, name: str) -> PoliceDistrict | None:
    """The police district called ``name`` (a code, its name in English or Hindi, or any crosswalk alias).

    Case, spaces and punctuation do not matter ('patna rly.' finds PATNA_RLY). None if unknown, and for the
    NCRB rows that are not places (``is_known_non_district``).
    """
    key = district_key(name or "")
    if not key or key in _NON_DISTRICT_KEYS:
        return None
    return district_index(session).get(key)


# --- stations from a user's file ----------------------------------------------------------------------------

STATION_COLUMNS = ("district", "name_en", "name_hi", "code", "latitude", "longitude")
_REQUIRED_STATION_COLUMNS = ("district", "name_en")


@dataclass
class _StationRow:
    row: int
    district: PoliceDistrict
    name_en: str
    name_hi: str | None
    code: str | None
    latitude: float | None
    longitude: float | None


def _coordinate(text: str, low: float, high: float, label: str, errors: list[str], where: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors.append(f"{where}: {label} {text!r} is not a number")
        return None
    if not low <= value <= high:
        errors.append(f"{where}: {label} {text!r} is outside {low:g}..{high:g}")
        return None
    return value


def _generated_code(district: PoliceDistrict, name_en: str, taken: set[str]) -> str:
    """``DISTRICT-NAME`` in capitals and hyphens, cut to fit and numbered if taken."""
    slug = re.sub(r"[^A-Z0-9]+", "-", unicodedata.normalize("NFKD", name_en).upper()).strip("-") or "STATION"
    prefix = re.sub(r"[^A-Z0-9]+", "-", district.code.upper()).strip("-")
    base = f"{prefix}-{slug}"[:STATION_CODE_MAX].rstrip("-")
    code, serial = base, 2
    while code in taken:
        suffix = f"-{serial}"
        code = base[: STATION_CODE_MAX - len(suffix)].rstrip("-") + suffix
        serial += 1
    return code


def load_stations_csv(session: Session, path: Path, *, actor: Actor) -> StationLoadReport:
    """Add or update police stations from a CSV (``district,name_en,name_hi,code,latitude,longitude``).

    ``district`` is a district code or any name in the crosswalk; ``name_hi``, ``code`` and the coordinates may
    be empty (an empty cell keeps what an existing station has; a new station gets ``name_hi`` = ``name_en`` and
    a code made from district and name). A station with the same district and ``name_en`` (ignoring case) is
    updated, not duplicated; each station added or changed is audited as ``actor``'s (before and after). Every
    bad row is reported with its row number, counting the header as row 1 as a spreadsheet does; if any row is
    bad, ``StationFileError`` is raised and nothing is written. Never commits.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [_text(name).lower() for name in reader.fieldnames or []]
        missing = [name for name in _REQUIRED_STATION_COLUMNS if name not in header]
        if missing:
            expected = ",".join(STATION_COLUMNS)
            raise StationFileError([f"row 1 (header): missing column(s) {', '.join(missing)}; expected {expected}"])
        reader.fieldnames = header
        raw_rows = [(reader.line_num, row) for row in reader if any(_text(value) for value in row.values())]

    index = district_index(session)
    errors: list[str] = []
    parsed: list[_StationRow] = []
    seen_names: dict[tuple[int, str], int] = {}
    seen_codes: dict[str, int] = {}
    for line, row in raw_rows:
        where = f"row {line}"
        before = len(errors)
        district_text = _text(row.get("district"))
        district = index.get(district_key(district_text)) if district_text else None
        if not district_text:
            errors.append(f"{where}: district is empty")
        elif district is None or is_known_non_district(district_text):
            errors.append(f"{where}: unknown district {district_text!r}")
            district = None
        name_en = " ".join(_text(row.get("name_en")).split())
        if not name_en:
            errors.append(f"{where}: name_en is empty")
        elif len(name_en) > STATION_NAME_MAX:
            errors.append(f"{where}: name_en is longer than {STATION_NAME_MAX} characters")
        name_hi = " ".join(_text(row.get("name_hi")).split()) or None
        if name_hi and len(name_hi) > STATION_NAME_MAX:
            errors.append(f"{where}: name_hi is longer than {STATION_NAME_MAX} characters")
        code = _text(row.get("code")).upper() or None
        if code and (len(code) > STATION_CODE_MAX or not _STATION_CODE.match(code)):
            errors.append(
                f"{where}: code {code!r} must be at most {STATION_CODE_MAX} capital letters, digits and hyphens"
            )
        latitude_text, longitude_text = _text(row.get("latitude")), _text(row.get("longitude"))
        latitude = _coordinate(latitude_text, -90, 90, "latitude", errors, where)
        longitude = _coordinate(longitude_text, -180, 180, "longitude", errors, where)
        if bool(latitude_text) != bool(longitude_text):
            errors.append(f"{where}: give both latitude and longitude, or neither")
        if district is not None and name_en:
            name_key = (district.id, name_en.casefold())
            if name_key in seen_names:
                errors.append(f"{where}: station {name_en!r} of {district.code} is also on row {seen_names[name_key]}")
            seen_names.setdefault(name_key, line)
        if code:
            if code in seen_codes:
                errors.append(f"{where}: code {code!r} is also on row {seen_codes[code]}")
            seen_codes.setdefault(code, line)
        if len(errors) == before and district is not None:
            parsed.append(_StationRow(line, district, name_en, name_hi, code, latitude, longitude))

    stations = list(session.scalars(sa.select(PoliceStation)))
    by_name = {(station.district_id, station.name_en.casefold()): station for station in stations}
    by_code = {station.code: station for station in stations}
    targets: list[tuple[_StationRow, PoliceStation | None]] = []
    for item in parsed:
        target = by_name.get((item.district.id, item.name_en.casefold()))
        owner = by_code.get(item.code) if item.code else None
        if owner is not None and owner is not target:
            errors.append(
                f"row {item.row}: code {item.code!r} already belongs to station {owner.name_en!r} "
                f"of {owner.district.code}"
            )
        targets.append((item, target))
    if errors:
        raise StationFileError(errors)

    report = StationLoadReport()
    taken = set(by_code) | {item.code for item in parsed if item.code}
    for item, target in targets:
        values: dict[str, Any] = {"name_en": item.name_en}
        if item.name_hi:
            values["name_hi"] = item.name_hi
        if item.latitude is not None and item.longitude is not None:
            values["latitude"], values["longitude"] = item.latitude, item.longitude
        if target is None:
            code = item.code or _generated_code(item.district, item.name_en, taken)
            taken.add(code)
            values.setdefault("name_hi", item.name_en)
            station = PoliceStation(district_id=item.district.id, code=code, **values)
            session.add(station)
            session.flush()
            actor.audit(session, "create", "police_station", station.id, {"code": code, **_plain(values)})
            report.inserted += 1
        else:
            if item.code:
                values["code"] = item.code
            before = {name: getattr(target, name) for name in values}
            if _assign(target, values):
                changed = {
                    name: [_plain_value(before[name]), _plain_value(value)]
                    for name, value in values.items()
                    if before[name] != value
                }
                actor.audit(session, "update", "police_station", target.id, {"code": target.code, "changed": changed})
                report.updated += 1
            else:
                report.unchanged += 1
    session.flush()
    return report


def _plain_value(value: Any) -> Any:
    """A value as the audit log's JSON holds it (coordinates are Decimals)."""
    return str(value) if isinstance(value, Decimal) else value


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain_value(value) for name, value in values.items()}
