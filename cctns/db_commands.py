"""``cctns db ...`` (the schema and the reference data) and ``cctns stations load`` (police stations from a CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from cctns.cli_support import console, fail, opened_database, writing_session
from records.audit import Actor
from records.database import Database, session_scope
from records.migrate import current_revision, head_revision, upgrade_schema
from records.reference.load import StationFileError, load_reference_data, load_stations_csv

db_app = typer.Typer(help="Database schema and reference data.", no_args_is_help=True)
stations_app = typer.Typer(help="Police stations.", no_args_is_help=True)


def migrate_and_load_reference(database: Database) -> None:
    before, after = upgrade_schema(database.engine)
    if before == after:
        console.print(f"Schema: already at revision {after}, nothing to do.")
    else:
        console.print(f"Schema: upgraded from {before or 'an empty database'} to revision {after}.")
    with session_scope(database) as session:
        report = load_reference_data(session)
        if report.changed:
            detail = {"inserted": report.inserted, "updated": report.updated, "summary": str(report)}
            Actor.command_line().audit(session, "load", "reference_data", None, detail)
    console.print(f"Reference data: {report}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the schema to the latest revision and load reference data (safe to re-run)."""
    with opened_database() as database:
        migrate_and_load_reference(database)


@db_app.command("status")
def db_status() -> None:
    """Show where the database is, its schema revision and how many records it holds."""
    with opened_database() as database:
        with database.engine.connect() as connection:
            revision = current_revision(connection)
            counts = (
                {
                    table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                    for table in ("police_district", "police_station", "section", "fir", "person", "app_user")
                }
                if revision
                else {}
            )
        typer.echo(f"database: {database.url.render_as_string(hide_password=True)}")
        typer.echo(f"schema revision: {revision or 'none'} (latest {head_revision()})")
        for table, count in counts.items():
            typer.echo(f"{table}: {count:,}")


@stations_app.command("load")
def stations_load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV of stations.")],
) -> None:
    """Add or update police stations from a CSV (columns: district,name_en,name_hi,code,latitude,longitude)."""
    try:
        with writing_session() as session:
            report = load_stations_csv(session, file, actor=Actor.command_line())
    except StationFileError as error:
        raise fail(f"{file} was not loaded; fix these rows and run again:\n" + "\n".join(error.errors)) from None
    typer.echo(f"Stations: {report}")
