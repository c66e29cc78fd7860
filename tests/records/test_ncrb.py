"""NCRB's published district tables load as a reference series through the district-name crosswalk."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.ncrb import NcrbFileError, load_ncrb_reference

FOLDER = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ncrb_district_ipc"
pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"NCRB tables not found at {FOLDER}")


def _file_total(year: int) -> int:
    """Bihar's own TOTAL row of the 2001-2012 file for ``year``."""
    with (FOLDER / "01_District_wise_crimes_committed_IPC_2001_2012.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["STATE/UT"] == "BIHAR" and row["DISTRICT"].strip().upper() == "TOTAL" and int(row["YEAR"]) == year:
                return int(row["TOTAL IPC CRIMES"])
    raise AssertionError(f"no Bihar TOTAL row for {year}")


def test_every_bihar_district_row_maps_and_sums_to_the_published_total(db_session: Session) -> None:
    report = load_ncrb_reference(db_session, FOLDER)
    assert report.unknown_districts == set()
    assert {2001, 2012, 2013, 2014, 2017, 2022} <= report.years
    for year in (2001, 2008, 2012):
        loaded = db_session.execute(
            sa.text("SELECT sum(count) FROM ncrb_reference_count WHERE year = :y AND crime_head_code = 'TOTAL'"),
            {"y": year},
        ).scalar_one()
        assert loaded == _file_total(year)
    araria_2001 = dict(
        db_session.execute(
            sa.text(
                "SELECT r.crime_head_code, r.count FROM ncrb_reference_count r JOIN police_district d "
                "ON d.id = r.district_id WHERE d.code = 'ARARIA' AND r.year = 2001"
            )
        ).all()
    )
    assert araria_2001["MURDER"] == 47 and araria_2001["TOTAL"] == 2069
    # Loading again replaces, never doubles.
    again = load_ncrb_reference(db_session, FOLDER)
    assert again.rows == report.rows
    assert db_session.execute(sa.text("SELECT count(*) FROM ncrb_reference_count")).scalar_one() == report.rows


def test_a_folder_without_the_tables_is_refused_with_what_to_do(db_session: Session, tmp_path: Path) -> None:
    with pytest.raises(NcrbFileError, match="none of the NCRB district tables"):
        load_ncrb_reference(db_session, tmp_path)
