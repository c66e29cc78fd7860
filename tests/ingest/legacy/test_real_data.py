"""A real FIR export of a state police records system (Karnataka, 16,935 rows: Excel serial dates read as
month/day, its own act-section style, its own stage words) imported with a profile kept beside this test:
every row is accounted for, and counts per station, year and crime head, and per month of registration,
equal those computed straight from the file with openpyxl."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile

DATA = Path(__file__).parents[4] / "shared" / "data" / "fir_karnataka_ksp" / "crimedataset.xlsx"
PROFILE = Path(__file__).parent / "ksp_profile.yaml"


def counts_from_the_file() -> tuple[int, Counter[tuple[str, str, int, str]], Counter[tuple[int, int]]]:
    workbook = openpyxl.load_workbook(DATA, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows))
    district, station, year, month, head = (
        header.index(name) for name in ("District_Name", "UnitName", "Year", "Month", "CrimeHead_Name")
    )
    groups: Counter[tuple[str, str, int, str]] = Counter()
    months: Counter[tuple[int, int]] = Counter()
    total = 0
    for row in rows:
        if all(cell is None for cell in row):
            continue
        total += 1
        # as the import stores them: names with single spaces, crime heads trimmed ("Due To Other Causes ")
        key = (" ".join(row[district].split()), " ".join(row[station].split()), int(row[year]), row[head].strip())
        groups[key] += 1
        months[(int(row[year]), int(row[month]))] += 1
    workbook.close()
    return total, groups, months


@pytest.mark.slow
def test_the_karnataka_export_is_imported_row_for_row(scratch_database: Callable[[str], sa.Engine]) -> None:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (see ../shared/data/SOURCES.md)")
        pytest.skip(f"{DATA} is absent")
    total, groups, months = counts_from_the_file()
    engine = scratch_database("ksp")
    report = ImportRun(engine, DATA, load_profile(str(PROFILE))).run()
    totals = report.totals
    assert totals.read == total == totals.accepted + totals.rejected
    assert totals.rejected == 0, dict(totals.reasons)  # the profile maps every stage word and date of this file
    assert sorted(report.created_districts) == ["Bagalkot", "Ballari"]
    with engine.connect() as connection:
        imported = Counter(
            {
                (row.district, row.station, row.year, row.head): row.n
                for row in connection.execute(
                    sa.text(
                        "SELECT d.name_en AS district, s.name_en AS station, f.year, l.crime_head_as_given AS head, "
                        "count(*) AS n FROM fir f JOIN police_station s ON s.id = f.station_id "
                        "JOIN police_district d ON d.id = s.district_id JOIN fir_legacy_record l ON l.fir_id = f.id "
                        "GROUP BY 1, 2, 3, 4"
                    )
                )
            }
        )
        registered = Counter(
            {
                (int(row.y), int(row.m)): row.n
                for row in connection.execute(
                    sa.text(
                        "SELECT extract(year FROM registered_at AT TIME ZONE 'Asia/Kolkata') AS y, "
                        "extract(month FROM registered_at AT TIME ZONE 'Asia/Kolkata') AS m, count(*) AS n "
                        "FROM fir GROUP BY 1, 2"
                    )
                )
            }
        )
        ipc = connection.execute(
            sa.text(
                "SELECT count(DISTINCT fs.fir_id) FROM fir_section fs JOIN section s ON s.id = fs.section_id "
                "JOIN act a ON a.id = s.act_id WHERE a.code = 'IPC'"
            )
        ).scalar()
        outbox = connection.execute(sa.text("SELECT count(*) FROM outbox WHERE entity_type = 'fir'")).scalar()
    assert imported == groups
    assert registered == months  # Excel's month/day dates and the dd/mm/yyyy text both read right
    assert ipc and ipc > 0.4 * total  # IPC sections of "IPC 1860 U/s: 379" cells are linked to the section table
    assert outbox == total  # every FIR is queued for the search index
    again = ImportRun(engine, DATA, load_profile(str(PROFILE))).run()
    assert (again.totals.inserted, again.totals.updated, again.totals.unchanged) == (0, 0, total)
