"""Adding or updating police stations from a user's CSV (``cctns stations load``): every row checked first,
each bad one reported with its row number, and nothing written unless all are good; each change audited."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.audit import Actor
from records.models import PoliceDistrict, PoliceStation
from records.reference.districts import district_index, district_key, is_known_non_district
from records.reference.upsert import assign, cell

STATION_CODE_MAX = 24
STATION_NAME_MAX = 120
STATION_CODE_PATTERN = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
STATION_COLUMNS = ("district", "name_en", "name_hi", "code", "latitude", "longitude")
_REQUIRED_STATION_COLUMNS = ("district", "name_en")


class StationFileError(ValueError):
    """A stations CSV had bad rows; nothing was loaded. ``errors`` lists every one with its row number."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(f"{count} bad row{'s' if count != 1 else ''} in the stations file:\n" + "\n".join(errors))


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


def generated_code(district: PoliceDistrict, name_en: str, taken: set[str]) -> str:
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
        header = [cell(name).lower() for name in reader.fieldnames or []]
        missing = [name for name in _REQUIRED_STATION_COLUMNS if name not in header]
        if missing:
            expected = ",".join(STATION_COLUMNS)
            raise StationFileError([f"row 1 (header): missing column(s) {', '.join(missing)}; expected {expected}"])
        reader.fieldnames = header
        raw_rows = [(reader.line_num, row) for row in reader if any(cell(value) for value in row.values())]

    index = district_index(session)
    errors: list[str] = []
    parsed: list[_StationRow] = []
    seen_names: dict[tuple[int, str], int] = {}
    seen_codes: dict[str, int] = {}
    for line, row in raw_rows:
        where = f"row {line}"
        before = len(errors)
        district_text = cell(row.get("district"))
        district = index.get(district_key(district_text)) if district_text else None
        if not district_text:
            errors.append(f"{where}: district is empty")
        elif district is None or is_known_non_district(district_text):
            errors.append(f"{where}: unknown district {district_text!r}")
            district = None
        name_en = " ".join(cell(row.get("name_en")).split())
        if not name_en:
            errors.append(f"{where}: name_en is empty")
        elif len(name_en) > STATION_NAME_MAX:
            errors.append(f"{where}: name_en is longer than {STATION_NAME_MAX} characters")
        name_hi = " ".join(cell(row.get("name_hi")).split()) or None
        if name_hi and len(name_hi) > STATION_NAME_MAX:
            errors.append(f"{where}: name_hi is longer than {STATION_NAME_MAX} characters")
        code = cell(row.get("code")).upper() or None
        if code and (len(code) > STATION_CODE_MAX or not STATION_CODE_PATTERN.match(code)):
            errors.append(
                f"{where}: code {code!r} must be at most {STATION_CODE_MAX} capital letters, digits and hyphens"
            )
        latitude_text, longitude_text = cell(row.get("latitude")), cell(row.get("longitude"))
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
            code = item.code or generated_code(item.district, item.name_en, taken)
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
            if assign(target, values):
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
