"""Load NCRB's published *Crime in India* district tables (IPC) as a reference series beside FIR counts.

Reads the files of ``../shared/data/ncrb_district_ipc`` (or any folder holding them), Bihar's rows only:

* ``01_District_wise_crimes_committed_IPC_2001_2012.csv`` and ``..._2013.csv``: one column per crime head, matched
  to our heads by ``crime_heads.csv``'s ``ncrb_column``; ``TOTAL IPC CRIMES`` is stored as head ``TOTAL``.
* ``..._2014.csv``: 93 columns with new names; ``Total Cognizable IPC crimes`` as ``TOTAL`` and the heads whose
  names match ours (case and punctuation aside).
* ``districtwise-ipc-crimes-2017-onwards.csv``: leaf categories only, no total column; ``TOTAL`` is their sum,
  ``MURDER``, ``RAPE``, ``ROBBERY``, ``DACOITY``, ``DOWRY_DEATH`` and ``ARSON`` are their own columns.

District names go through the crosswalk (``district_name_alias``, ``records.reference.districts.district_index``);
rows that are not places (state total, ATS, EOU) are skipped, other unknown names are reported, never guessed.
Loading again replaces the years and districts it covers.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import NcrbReferenceCount
from records.reference import read_reference_table
from records.reference.districts import district_index, district_key, is_known_non_district

STATE = "BIHAR"
TOTAL = "TOTAL"
WIDE_FILES = (
    "01_District_wise_crimes_committed_IPC_2001_2012.csv",
    "01_District_wise_crimes_committed_IPC_2013.csv",
    "01_District_wise_crimes_committed_IPC_2014.csv",
)
LONG_FILE = "districtwise-ipc-crimes-2017-onwards.csv"
TOTAL_COLUMNS = {"TOTALIPCCRIMES", "TOTALCOGNIZABLEIPCCRIMES"}
LONG_HEADS = {
    "murder": "MURDER",
    "rape": "RAPE",
    "robbery": "ROBBERY",
    "dacoity": "DACOITY",
    "dowry_deaths": "DOWRY_DEATH",
    "arson": "ARSON",
}
LONG_NOT_COUNTS = {"id", "year", "state_name", "state_code", "district_name", "district_code", "registration_circles"}


class NcrbFileError(Exception):
    """The folder holds none of the expected files, or a file is not the table it should be."""


@dataclass
class NcrbLoadReport:
    files: list[str] = field(default_factory=list)
    rows: int = 0
    years: set[int] = field(default_factory=set)
    source_of_year: dict[int, str] = field(default_factory=dict)
    unknown_districts: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        years = f"{min(self.years)}-{max(self.years)}" if self.years else "none"
        unknown = (
            f"; names not in the crosswalk: {', '.join(sorted(self.unknown_districts))}"
            if self.unknown_districts
            else ""
        )
        return f"{self.rows:,} counts from {len(self.files)} files, years {years}{unknown}"


def _head_columns() -> dict[str, str]:
    """NCRB column key -> our crime-head code."""
    return {
        district_key(row["ncrb_column"]): row["code"]
        for row in read_reference_table("crime_heads")
        if row["ncrb_column"]
    }


def _number(text: str | None) -> int:
    try:
        return int(float(text)) if text and text.strip() else 0
    except ValueError:
        return 0


def read_ncrb_folder(folder: Path, districts: dict[str, int]) -> tuple[dict[tuple[int, int, str], int], NcrbLoadReport]:
    """Counts by (district id, year, head code) from every known file in ``folder``."""
    report = NcrbLoadReport()
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    heads = _head_columns()
    for name in WIDE_FILES:
        path = folder / name
        if not path.exists():
            continue
        report.files.append(name)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = {column: district_key(column) for column in reader.fieldnames or []}
            state_column = next((c for c in columns if columns[c] in {"STATEUT", "STATESUTS"}), None)
            if state_column is None or "District" not in {c.title() for c in columns}:
                raise NcrbFileError(f"{path}: no STATE/UT and DISTRICT columns; is this an NCRB district table?")
            district_column = next(c for c in columns if c.title() == "District")
            year_column = next(c for c in columns if c.title() == "Year")
            for row in reader:
                if district_key(row[state_column] or "") != STATE:
                    continue
                place = row[district_column] or ""
                district_id = districts.get(district_key(place))
                if district_id is None:
                    if not is_known_non_district(place):
                        report.unknown_districts.add(place.strip())
                    continue
                year = int(row[year_column])
                report.years.add(year)
                report.source_of_year[year] = name
                for column, key in columns.items():
                    head = TOTAL if key in TOTAL_COLUMNS else heads.get(key)
                    if head:
                        counts[(district_id, year, head)] += _number(row[column])
    path = folder / LONG_FILE
    if path.exists():
        report.files.append(LONG_FILE)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "registration_circles" not in (reader.fieldnames or []):
                raise NcrbFileError(f"{path}: no registration_circles column; is this the 2017-onwards table?")
            for row in reader:
                if district_key(row["state_name"] or "") != STATE:
                    continue
                place = row["registration_circles"] or ""
                district_id = districts.get(district_key(place))
                if district_id is None:
                    if not is_known_non_district(place):
                        report.unknown_districts.add(place.strip())
                    continue
                year = int(row["year"])
                report.years.add(year)
                report.source_of_year[year] = LONG_FILE
                for column, value in row.items():
                    if column in LONG_NOT_COUNTS or column is None:
                        continue
                    counts[(district_id, year, TOTAL)] += _number(value)
                    if column in LONG_HEADS:
                        counts[(district_id, year, LONG_HEADS[column])] += _number(value)
    if not report.files:
        raise NcrbFileError(
            f"{folder} holds none of the NCRB district tables ({', '.join((*WIDE_FILES, LONG_FILE))}); "
            "point to the folder that does (e.g. ../shared/data/ncrb_district_ipc)."
        )
    return dict(counts), report


def load_ncrb_reference(session: Session, folder: Path) -> NcrbLoadReport:
    """Replace the reference series for the years and districts the files cover. Never commits."""
    districts = {key: district.id for key, district in district_index(session).items()}
    counts, report = read_ncrb_folder(folder, districts)
    keys = {(district_id, year) for district_id, year, _ in counts}
    years = sorted({year for _, year in keys})
    session.execute(sa.delete(NcrbReferenceCount).where(NcrbReferenceCount.year.in_(years)))
    source = report.source_of_year
    rows = [
        {"district_id": d, "year": y, "crime_head_code": h, "count": c, "source_file": source[y]}
        for (d, y, h), c in counts.items()
    ]
    for start in range(0, len(rows), 5000):
        session.execute(sa.insert(NcrbReferenceCount), rows[start : start + 5000])
    report.rows = len(rows)
    return report
