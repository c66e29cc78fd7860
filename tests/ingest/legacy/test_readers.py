"""Reading CSV in any delimiter and encoding, Excel sheets and JSON Lines, with operator-facing row numbers."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from ingest.legacy.readers import ReadError, read_header, read_rows

ROWS = [
    ["station", "fir no", "name"],
    ["Hajipur Sadar", "12/2010", "राम कुमार पिता श्याम लाल"],
    ["Lalganj", "3/2011", "Müller"],
]


def write_csv(path: Path, delimiter: str, encoding: str) -> Path:
    path.write_text("\n".join(delimiter.join(row) for row in ROWS) + "\n", encoding=encoding)
    return path


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (",", "utf-8-sig"), (";", "utf-8"), ("\t", "utf-16"), ("|", "utf-16-le"), (",", "utf-16-be")],
)
def test_csv_any_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path = write_csv(tmp_path / "in.csv", delimiter, encoding)
    # without a BOM nobody can tell UTF-16 BE from LE: the profile names it
    rows = list(read_rows(path, encoding="utf-16-be")) if encoding == "utf-16-be" else list(read_rows(path))
    assert [row.number for row in rows] == [2, 3]  # as a spreadsheet numbers them, the header being row 1
    assert rows[0].values == dict(zip(ROWS[0], ROWS[1], strict=True))
    assert rows[1].values["name"] == "Müller"


def test_windows_1252_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("station,name\nLalganj,Müller café\n".encode("cp1252"))
    [row] = list(read_rows(path))
    assert row.values["name"] == "Müller café"


def test_a_wrong_declared_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", ",", "utf-16")
    with pytest.raises(ReadError, match="encoding"):
        list(read_rows(path, encoding="ascii"))


def test_a_repeated_column_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("a,b,a\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ReadError, match="'a' appears twice"):
        list(read_rows(path))


def test_excel_every_sheet_or_the_one_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "2010"
    for row in ROWS:
        first.append(row)
    second = workbook.create_sheet("2011")
    second.append(ROWS[0])
    second.append(["Bidupur", 7, "Mohan"])
    workbook.create_sheet("empty")
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    every = list(read_rows(path))
    assert [(row.sheet, row.shown) for row in every] == [("2010", 2), ("2010", 3), ("2011", 2)]
    assert [row.number for row in every] == [2, 3, 5]  # the progress mark keeps increasing across sheets
    assert every[2].values["fir no"] == 7
    assert [row.values["station"] for row in read_rows(path, sheet="2011")] == ["Bidupur"]
    with pytest.raises(ReadError, match="no sheet 'x'; its sheets are 2010, 2011, empty"):
        list(read_rows(path, sheet="x"))
    assert read_header(path) == ROWS[0]


def test_json_lines_with_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"key": 1}) + "\n{not json\n\n" + json.dumps({"key": 2}) + "\n", encoding="utf-8")
    rows = list(read_rows(path))
    assert [row.number for row in rows] == [1, 2, 4]
    assert "__error__" in rows[1].values and "line 2 is not JSON" in rows[1].values["__error__"]


def test_old_xls_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match=r"save it as \.xlsx or CSV"):
        list(read_rows(path))
