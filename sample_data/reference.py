"""The slice of the shipped reference data the generator needs: districts, real stations, sections.

Read from ``records/reference/data`` through ``records.reference.read_reference_table`` so that generating files
needs no database; tests may build a ``Reference`` by hand.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from records import reference as shipped

STATION_TABLES = ("police_stations", "stations")


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name_en: str
    name_hi: str
    kind: str  # territorial, railway, special_unit


@dataclass(frozen=True, slots=True)
class Station:
    code: str
    district_code: str
    name_en: str
    name_hi: str
    latitude: float | None = None
    longitude: float | None = None
    is_synthetic: bool = False


@dataclass(frozen=True, slots=True)
class SectionRef:
    act_code: str
    number: str
    crime_head_code: str  # empty for general sections such as IPC 34


@dataclass(frozen=True)
class Reference:
    districts: tuple[District, ...]
    stations: tuple[Station, ...]
    sections: tuple[SectionRef, ...]
    act_periods: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)  # first, last day


def _float(text: str | None) -> float | None:
    return float(text) if text and text.strip() else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text.strip()) if text and text.strip() else None


def _reader(directory: Path | None) -> Callable[[str], list[dict[str, str]]]:
    if directory is None:
        return shipped.read_reference_table

    def read(name: str) -> list[dict[str, str]]:
        with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return read


def load_reference(directory: Path | None = None) -> Reference:
    """Districts, real stations and sections as shipped (or from CSVs of the same shape in ``directory``)."""
    read = _reader(directory)
    folder = shipped.DATA_DIR if directory is None else directory
    station_table = next((name for name in STATION_TABLES if (folder / f"{name}.csv").exists()), None)
    districts = tuple(
        District(row["code"], row["name_en"], row["name_hi"], row.get("kind") or "territorial")
        for row in read("districts")
    )
    stations = tuple(
        Station(
            code=row["code"],
            district_code=row["district_code"],
            name_en=row["name_en"],
            name_hi=row["name_hi"],
            latitude=_float(row.get("latitude")),
            longitude=_float(row.get("longitude")),
        )
        for row in (read(station_table) if station_table else [])
    )
    sections = tuple(
        SectionRef(row["act_code"], row["number"], row.get("crime_head_code") or "") for row in read("sections")
    )
    act_periods = (
        {row["code"]: (_date(row.get("in_force_from")), _date(row.get("in_force_until"))) for row in read("acts")}
        if (folder / "acts.csv").exists()
        else {}
    )
    return Reference(districts, stations, sections, act_periods)
