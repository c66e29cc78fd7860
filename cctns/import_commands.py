"""``cctns import``: bulk import of legacy FIR records with a mapping profile, with a progress bar.

cctns import FILE_OR_FOLDER --mapping PROFILE [--district CODE] [--sheet NAME] [--check] [--rejects OUT.csv]
cctns import FILE --draft-profile OUT.yaml

Whoever runs it is the server's operator: they import into any station (or, with ``--district``, only into that
district's stations, as its SP would), and the audit log names them ``{"via": "command line (<login name>)"}``
(``ingest.legacy.importer``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cctns.cli_support import console, current_database, fail
from ingest.legacy.draft import draft_profile as draft
from ingest.legacy.importer import Importer
from ingest.legacy.job import DEFAULT_BATCH_ROWS, ImportRun
from ingest.legacy.profile import ProfileError, load_profile
from ingest.legacy.readers import ReadError
from ingest.legacy.rejects import write_rejects_csv
from ingest.legacy.report import ImportFailure, ImportReport


def print_summary(report: ImportReport, rejects_path: Path | None) -> None:
    totals = report.totals
    title = "Check (nothing written)" if report.checked_only else f"Import job {report.job_id}"
    table = Table(title=title, title_justify="left")
    for column in ("file", "read", "accepted", "rejected", "new", "updated", "unchanged"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for name, counts in [*report.files.items(), ("total", totals)]:
        table.add_row(
            name, *(f"{value:,}" for value in (counts.read, counts.accepted, counts.rejected, counts.inserted,
                                                counts.updated, counts.unchanged))
        )  # fmt: skip
    console.print(table)
    if totals.bulk:
        console.print(f"{totals.bulk:,} of the new records were COPYed straight into their tables (new rows); "
                      "the rest were merged")  # fmt: skip
    if totals.reasons:
        reasons = Table(title="Rejected rows per reason (a row may have several)", title_justify="left")
        reasons.add_column("reason")
        reasons.add_column("rows", justify="right")
        for reason, count in totals.reasons.most_common():
            reasons.add_row(reason, f"{count:,}")
        console.print(reasons)
    if report.not_read:
        console.print(
            "[yellow]Not imported: the profile does not read these (map them in the profile to keep them):[/]"
        )
        for line in report.not_read:
            console.print(f"  {line}")
    if report.created_districts:
        console.print(f"Districts created: {', '.join(report.created_districts)}")
    if report.created_stations:
        shown = ", ".join(report.created_stations[:10])
        more = f" and {len(report.created_stations) - 10} more" if len(report.created_stations) > 10 else ""
        console.print(f"Stations created: {shown}{more}")
    rate = totals.read / report.seconds if report.seconds else 0
    console.print(
        f"{totals.read:,} rows read = {totals.accepted:,} accepted + {totals.rejected:,} rejected, "
        f"in {report.seconds:,.1f} s ({rate:,.0f} rows/s)."
    )
    if report.resumed:
        console.print(f"Resumed an unfinished import after rows {report.resumed_after}.")
    if rejects_path is not None and totals.rejected:
        console.print(f"Rejected rows with their reasons: {rejects_path}  (fix them there and import that file again)")
    if not report.checked_only and totals.accepted:
        console.print("Imported records reach the search index through the outbox: `cctns index sync` (or the relay).")


def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, Excel (.xlsx), JSON Lines file, or an export folder.")],
    mapping: Annotated[
        str | None,
        typer.Option("--mapping", "-m", help="Profile: a shipped name (cctns-export) or a .yaml/.toml file."),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel: read only this sheet (default: every sheet).")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Validate the profile against the file; write nothing.")
    ] = False,
    draft_profile: Annotated[
        Path | None, typer.Option("--draft-profile", help="Write a starting profile from the file's header here.")
    ] = None,
    rejects: Annotated[
        Path | None, typer.Option(help="Where to write rejected rows (default: FILE.rejects.csv beside it).")
    ] = None,
    batch_rows: Annotated[int, typer.Option(min=1, max=200_000, help="Rows per committed batch.")] = DEFAULT_BATCH_ROWS,
    district: Annotated[
        str | None,
        typer.Option(help="Import only into this district's stations (its code); other rows are rejected."),
    ] = None,
) -> None:
    """Import legacy FIR records (2008 on) with a mapping profile; nothing is lost, nothing doubled."""
    if not file.exists():
        raise fail(f"{file} does not exist.")
    if draft_profile is not None:
        try:
            text = draft(file, sheet)
        except ReadError as error:
            raise fail(str(error)) from None
        draft_profile.write_text(text, encoding="utf-8")
        console.print(f"Wrote {draft_profile}: edit it, then `cctns import {file} --mapping {draft_profile} --check`.")
        return
    if mapping is None:
        raise fail("Give a mapping profile with --mapping (or draft one with --draft-profile OUT.yaml).")
    try:
        profile = load_profile(mapping)
    except ProfileError as error:
        raise fail(str(error)) from None
    if sheet is not None:
        profile.sheet = sheet
    rejects_path = rejects or (
        file / "rejects.csv" if file.is_dir() else file.with_suffix(file.suffix + ".rejects.csv")
    )
    with current_database() as database:
        importer = Importer.operator(_district_id(database.engine, district) if district else None)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[done]}"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[rejected]}"),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("Checking" if check else "Importing", total=None, rate="", rejected="", done="")

            def advance(report: ImportReport) -> None:
                totals = report.totals
                elapsed = report.seconds or 1e-9
                bar.update(
                    task,
                    completed=totals.read,
                    total=max(report.total_rows or 0, totals.read) or None,
                    rate=f"{totals.read / elapsed:,.0f} rows/s",
                    done=f"{totals.read:,}/{report.total_rows:,} rows"
                    if report.total_rows
                    else f"{totals.read:,} rows",
                    rejected=f"{totals.rejected:,} rejected",
                )

            try:
                run = ImportRun(
                    database.engine, file, profile, batch_rows=batch_rows, progress=advance, importer=importer
                )
                report = run.check() if check else run.run()
            except (ProfileError, ImportFailure, ReadError) as error:
                raise fail(str(error)) from None
        written = None
        if report.totals.rejected and report.job_id is not None and not check:
            try:
                write_rejects_csv(database.engine, report.job_id, rejects_path)
                written = rejects_path
            except OSError as error:
                console.print(f"Could not write {rejects_path} ({error.strerror}); use --rejects to choose a path.")
        print_summary(report, written)
        if check and report.totals.rejected:
            console.print("The check found rows that would be rejected; fix the profile or the file, or import anyway.")


def _district_id(engine: sa.Engine, code: str) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            sa.text("SELECT id FROM police_district WHERE upper(code) = upper(:code)"), {"code": code}
        ).scalar()
    if found is None:
        raise fail(f"no district with code {code!r} (the codes are police_district.code, e.g. VAISHALI)")
    return int(found)
