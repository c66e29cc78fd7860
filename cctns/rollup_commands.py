"""``cctns rollups ...`` (the dashboards' rollup tables) and ``cctns ncrb ...`` (NCRB's published tables and
NCRB-format tables from our FIRs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from cctns.cli_support import console, current_database, fail, writing_session
from records.audit import Actor
from records.database import Database
from records.ncrb import NcrbFileError, load_ncrb_reference
from records.rollups import backlog, drain_rollups, rebuild_rollups

rollups_app = typer.Typer(help="The dashboards' rollup tables: rebuild, refresh, status.", no_args_is_help=True)
ncrb_app = typer.Typer(help="NCRB district tables: load the published series, export ours.", no_args_is_help=True)


def ensure_rollups(database: Database) -> None:
    """Bring the rollups up to date before serving (first demo start, after a bulk load), with a message."""
    engine = database.engine
    with engine.connect() as connection:
        waiting = backlog(connection)
        empty = not connection.execute(sa.text("SELECT EXISTS (SELECT 1 FROM fir_rollup_day)")).scalar()
        firs = connection.execute(sa.text("SELECT EXISTS (SELECT 1 FROM fir)")).scalar()
    if firs and empty:
        console.print("Dashboards: computing rollups from every FIR ...")
        console.print(f"Dashboards: {rebuild_rollups(engine)}.")
    elif waiting:
        console.print(f"Dashboards: {drain_rollups(engine)}.")


@rollups_app.command("rebuild")
def rollups_rebuild() -> None:
    """Recompute every rollup row from the FIR tables (after restoring a backup, or to check the incremental path)."""
    with current_database() as database:
        report = rebuild_rollups(database.engine, progress=lambda message: console.print(f"  {message} ..."))
    typer.echo(f"Rollups: {report}.")


@rollups_app.command("refresh")
def rollups_refresh() -> None:
    """Recompute every (station, day) marked as changed, once, and return (the worker does this every few seconds)."""
    with current_database() as database:
        report = drain_rollups(database.engine)
    typer.echo(f"Rollups: {report}.")


@rollups_app.command("status")
def rollups_status() -> None:
    """Rollup rows, and station-days waiting to be recomputed with the age of the oldest."""
    with current_database() as database, database.engine.connect() as connection:
        days = connection.execute(sa.text("SELECT count(*), coalesce(sum(firs), 0) FROM fir_rollup_day")).one()
        months = connection.execute(sa.text("SELECT count(*) FROM fir_rollup_month")).scalar()
        waiting = connection.execute(
            sa.text("SELECT count(*), EXTRACT(EPOCH FROM now() - min(marked_at)) FROM rollup_dirty")
        ).one()
    typer.echo(f"day rollup: {days[0]:,} rows counting {days[1]:,} FIRs; month rollup: {months:,} rows")
    age = f", oldest {waiting[1]:.0f} s" if waiting[0] else ""
    typer.echo(f"waiting: {waiting[0]:,} station-days{age}")


@ncrb_app.command("load")
def ncrb_load(
    folder: Annotated[
        Path, typer.Argument(help="Folder of NCRB district IPC tables, e.g. ../shared/data/ncrb_district_ipc")
    ],
) -> None:
    """Load NCRB's published district tables (Bihar) as the reference series shown beside FIR counts."""
    if not folder.is_dir():
        raise fail(f"{folder} is not a folder; give the folder holding the NCRB CSV files.")
    with writing_session(NcrbFileError) as session:
        report = load_ncrb_reference(session, folder)
        detail = {"folder": str(folder), "files": report.files, "rows": report.rows, "summary": str(report)}
        Actor.command_line().audit(session, "load", "ncrb_reference", None, detail)
    typer.echo(f"NCRB reference series: {report}.")


@ncrb_app.command("table")
def ncrb_table_command(
    year: Annotated[int, typer.Option(min=2000, max=2100, help="Calendar year of registration.")],
    out: Annotated[Path, typer.Option(help="File to write: .csv or .xlsx.")],
) -> None:
    """Write the district x crime-head table of a year in NCRB's Crime in India layout, from the FIRs."""
    from dashboards.data.ncrb import ncrb_table  # deferred: keeps `cctns --help` quick
    from dashboards.data.reference import load_reference
    from records.spreadsheet_cells import write_frame

    if out.suffix.lower() not in {".csv", ".xlsx"}:
        raise fail(f"--out must end in .csv or .xlsx (got {out.name}).")
    with current_database() as database:
        table = ncrb_table(database.engine, year, load_reference(database.engine))
    kind = "csv" if out.suffix.lower() == ".csv" else "xlsx"
    write_frame(table, out, kind, sheet_name=f"Districts {year}")
    typer.echo(f"Wrote {out}: {len(table) - 1} districts and the state total for {year}.")
