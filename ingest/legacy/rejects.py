"""The rows an import rejects: written with their batch (``import_reject``: each row as read, with every problem
of it), and read back as the CSV the operator fixes the file from."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from ingest.legacy.readers import SourceRow
from ingest.legacy.rows.fields import Problem
from records.spreadsheet_cells import safe_row


def copy_rejects(
    cursor: psycopg.Cursor[Any], job_id: int, file_name: str, batch: list[SourceRow], rejects: dict[int, list[Problem]]
) -> None:
    """Store a batch's rejected rows (by source row number) with their problems."""
    if not rejects:
        return
    by_number = {row.number: row for row in batch}
    with cursor.copy("COPY import_reject (job_id, file_name, source_row, reasons, data) FROM STDIN") as copy:
        for number, problems in rejects.items():
            source_row = by_number[number]
            data = dict(source_row.values)
            if source_row.sheet:
                data["__sheet__"] = source_row.sheet
                data["__row__"] = source_row.shown
            copy.write_row(
                (job_id, file_name, number, json.dumps([p.as_dict() for p in problems], ensure_ascii=False),
                 json.dumps(data, ensure_ascii=False, default=str))
            )  # fmt: skip


def write_rejects_csv(engine: sa.Engine, job_id: int, out: Path | Any) -> int:
    """The job's rejected rows as CSV: file, row, reason codes, what is wrong, then the row as read (every cell
    safe to open in a spreadsheet: ``records.spreadsheet_cells``)."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT file_name, source_row, reasons, data FROM import_reject WHERE job_id = :job "
                "ORDER BY file_name, source_row"
            ),
            {"job": job_id},
        ).all()
    columns: dict[str, None] = {}
    sheets = any("__sheet__" in row.data for row in rows)
    for row in rows:
        for key in row.data:
            if key not in {"__sheet__", "__row__"}:
                columns.setdefault(key, None)
    handle = out.open("w", encoding="utf-8-sig", newline="") if isinstance(out, Path) else out
    try:
        writer = csv.writer(handle)
        header = ["file", *(["sheet"] if sheets else []), "source_row", "reasons", "details", *columns]
        writer.writerow(safe_row(header))
        for row in rows:
            codes = ";".join(dict.fromkeys(problem["reason"] for problem in row.reasons))
            details = " | ".join(f"{problem['field']}: {problem['message']}" for problem in row.reasons)
            where = (
                [row.data.get("__sheet__", ""), row.data.get("__row__", row.source_row)] if sheets else [row.source_row]
            )
            writer.writerow(safe_row([row.file_name, *where, codes, details, *(row.data.get(c, "") for c in columns)]))
    finally:
        if isinstance(out, Path):
            handle.close()
    return len(rows)
