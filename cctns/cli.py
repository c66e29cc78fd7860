"""The ``cctns`` command line.

Every command reads settings from ``CCTNS_`` environment variables (see ``records/settings.py``). With no
``CCTNS_DATABASE_URL`` the commands start the embedded PostgreSQL in the data directory and stop it on exit.
"""

from __future__ import annotations

import contextlib
import getpass
import signal
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import Session

from cctns.import_commands import import_command
from cctns.index_commands import index_app, worker
from cctns.person_commands import persons_app, run_linking, start_person_matcher
from cctns.rollup_commands import ncrb_app, rollups_app
from cctns.sms_commands import sms_app, start_sms_sender
from records.database import Database, open_database, session_scope
from records.errors import ConfigurationError
from records.migrate import current_revision, head_revision, upgrade_schema
from records.models import Fir, Role, User
from records.settings import Settings, get_settings

if TYPE_CHECKING:
    from sample_data.firs import Inputs

app = typer.Typer(
    help="CCTNS Bihar: FIRs and criminal records, searchable across every police station.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema and reference data.", no_args_is_help=True)
user_app = typer.Typer(help="Users of the system.", no_args_is_help=True)
stations_app = typer.Typer(help="Police stations.", no_args_is_help=True)
api_client_app = typer.Typer(help="API keys of stations' own systems.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(stations_app, name="stations")
app.add_typer(api_client_app, name="api-client")
app.add_typer(index_app, name="index")
app.command("worker")(worker)
app.add_typer(sms_app, name="sms")
app.command("import")(import_command)
app.add_typer(persons_app, name="persons")
app.add_typer(rollups_app, name="rollups")
app.add_typer(ncrb_app, name="ncrb")

console = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code)


@contextlib.contextmanager
def opened_database(settings: Settings | None = None) -> Iterator[Database]:
    """Open the configured (or embedded) database; configuration problems end the command in one line."""
    try:
        settings = settings or get_settings()
        if not settings.database_url:
            console.print(f"Starting the embedded PostgreSQL in {settings.postgres_data_dir} ...")
        database = open_database(settings)
    except ConfigurationError as error:
        raise fail(str(error)) from None
    try:
        yield database
    finally:
        database.close()


def migrate_and_load_reference(database: Database) -> None:
    from records.audit import Actor
    from records.reference.load import load_reference_data

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


def require_current_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        revision = current_revision(connection)
    if revision != head_revision():
        raise fail(
            f"The database schema is at revision {revision or 'none'} but this version needs "
            f"{head_revision()}; run `cctns db upgrade` first."
        )


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


def progress_bar(description: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
    )


def run_generation(database: Database, firs: int, seed: int, inputs: Inputs | None = None) -> None:
    from sample_data import generate_into_database

    with progress_bar("Generating FIRs") as progress:
        task = progress.add_task("generate", total=firs, rate="")

        def advance(done: int, total: int) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            rate = f"{done / elapsed:,.0f} FIRs/s" if elapsed else ""
            progress.update(task, completed=done, total=total, rate=rate)

        report = generate_into_database(database.engine, firs=firs, seed=seed, progress=advance, inputs=inputs)
    console.print(f"Generated: {report}")


@app.command()
def generate(
    firs: Annotated[int, typer.Option(min=1, help="How many FIRs to generate.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
    out: Annotated[
        Path | None, typer.Option(help="Write CSV and JSON Lines files to this folder instead of the database.")
    ] = None,
) -> None:
    """Generate synthetic, Bihar-shaped FIRs with their people (every record is marked synthetic)."""
    if out is not None:
        from sample_data import generate_to_files

        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise fail(f"Cannot create the output folder {out} ({error.strerror}); choose another --out.") from None
        with progress_bar("Writing FIRs") as progress:
            task = progress.add_task("generate", total=firs, rate="")
            report = generate_to_files(
                out, firs=firs, seed=seed, progress=lambda done, total: progress.update(task, completed=done)
            )
        console.print(f"Wrote {out}: {report}")
        return
    with opened_database() as database:
        require_current_schema(database)
        run_generation(database, firs, seed)


# A stop (SIGTERM, Ctrl+C) ends within 10 s: requests in flight get REQUEST_GRACE_SECONDS to finish (then they
# are cancelled: an unfinished upload is not stored, the client retries), the background loops finish their
# current batch within BACKGROUND_GRACE_SECONDS and leave the rest in PostgreSQL for the next start.
REQUEST_GRACE_SECONDS = 5
BACKGROUND_GRACE_SECONDS = 3.0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve_app(database: Database, host: str, port: int) -> None:
    """Serve the one ASGI app; with no broker configured, relay the outbox to the index in-process."""
    import uvicorn

    from cctns.asgi import create_app
    from cctns.demo_data import refuse_demo_logins_in_production
    from cctns.index_commands import open_engine_or_fail
    from workers.background import stop_all
    from workers.relay import InProcessRelay
    from workers.rollups import InProcessRollups

    settings = get_settings()
    try:
        refuse_demo_logins_in_production(database, settings)
    except ConfigurationError as error:
        raise fail(str(error)) from None
    search = open_engine_or_fail()
    search.warm_up()
    relay = (
        None if settings.broker_url else InProcessRelay(database.engine, search, batch_size=settings.relay_batch_size)
    )
    shown_host = "localhost" if host in {"0.0.0.0", "127.0.0.1"} else host
    console.print(f"[bold green]CCTNS is up:[/] http://{shown_host}:{port}/  (Ctrl+C stops it)")
    console.print(f"  search page: http://{shown_host}:{port}/staff/search   API docs: http://{shown_host}:{port}/docs")
    sms_sender = start_sms_sender(database, settings, shown_host, port)
    matcher = start_person_matcher(database, settings, shown_host, port)
    console.print(f"  dashboards:  http://{shown_host}:{port}/dashboards/ (log in at /staff/login)")
    rollups = None if settings.broker_url else InProcessRollups(database.engine)
    if rollups is not None:
        rollups.start()
    if relay is None:
        console.print("  the search index is kept current by `cctns worker` (CCTNS_BROKER_URL is set)")
    else:
        relay.start()
    from workers.imports import resume_unfinished

    if resumed := resume_unfinished(database.engine, settings.broker_url):
        console.print(f"  resuming unfinished imports: jobs {', '.join(map(str, resumed))}")
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler it found: make that
    # handler an exit, so the threads, the index and the embedded PostgreSQL are stopped as after Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.run(
            create_app(database, search),
            host=host,
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=REQUEST_GRACE_SECONDS,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
        still_running = stop_all([relay, sms_sender, matcher, rollups], BACKGROUND_GRACE_SECONDS)
        if still_running:
            console.print(
                f"Stopped without waiting for {', '.join(still_running)} (its unfinished batch is redone at the next "
                "start)."
            )
        if relay is None or "outbox-relay" not in still_running:
            search.close()  # never under a relay still writing to it


HostOption = Annotated[str, typer.Option(help="Interface to listen on.")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")]


@app.command()
def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Serve the API (docs at /docs) and health check (/health)."""
    with opened_database() as database:
        require_current_schema(database)
        serve_app(database, host, port)


@app.command()
def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    firs: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Sample FIRs to generate when the database has none (default: as many as give Vaishali its real "
            "volume in the latest year, about 40,000; fewer or more scale every district alike).",
        ),
    ] = None,
) -> None:
    """Start everything on the embedded defaults with sample data, and print the URL."""
    from cctns.demo_data import (
        demo_focus,
        ensure_demo_users,
        ensure_index_filled,
        ensure_open_data,
        shared_data_dir,
        today_in_india,
        use_boundaries,
    )
    from cctns.rollup_commands import ensure_rollups
    from sample_data import default_inputs

    with opened_database() as database:
        migrate_and_load_reference(database)
        with database.sessions() as session:
            existing = session.scalar(sa.select(sa.func.count(Fir.id))) or 0
        today = today_in_india()
        focus = demo_focus(today)
        inputs = default_inputs(today, focus)
        firs = inputs.focus_firs() if firs is None else firs
        if existing == 0 and firs > 0:
            console.print(
                f"Sample data: Vaishali's stations at their real volume from {focus.full_from_year}, earlier years "
                f"and the other districts thinner, registered up to {today - timedelta(days=1):%d %b %Y}."
            )
            run_generation(database, firs, seed=1, inputs=inputs)
            run_linking(database, get_settings(), resume=False)
        else:
            console.print(f"Sample data: {existing:,} FIRs already present.")
        open_data = ensure_open_data(database, get_settings(), shared_data_dir())
        for message in open_data.messages:
            console.print(message, highlight=False)
        use_boundaries(open_data.boundaries)
        ensure_index_filled(database)
        ensure_demo_users(database)
        ensure_rollups(database)
        serve_app(database, host, port)


NewPasswordOption = Annotated[
    str | None,
    typer.Option(
        help="Password; asked for when omitted (or set CCTNS_NEW_USER_PASSWORD).", envvar="CCTNS_NEW_USER_PASSWORD"
    ),
]


def _new_password(password: str | None) -> str:
    """The password given, or asked for twice on a terminal."""
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise fail("No password given; pass --password or set CCTNS_NEW_USER_PASSWORD.")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise fail("The two passwords differ; run the command again.")
    return password


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . _ -")],
    role: Annotated[Role, typer.Option(help="What the user may do.")],
    full_name: Annotated[str, typer.Option(help="Name and rank as shown in the audit log.")] = "",
    station: Annotated[str | None, typer.Option(help="Station code (station officers).")] = None,
    district: Annotated[str | None, typer.Option(help="District code (district SPs).")] = None,
    password: NewPasswordOption = None,
) -> None:
    """Create a user with a role and, for station officers and district SPs, their jurisdiction."""
    from cases.normalise import clean_text
    from records.audit import Actor
    from records.users import UserInputError, create_user

    password = _new_password(password)
    with opened_database() as database:
        require_current_schema(database)
        try:
            with session_scope(database) as session:
                user = create_user(
                    session,
                    username=username,
                    full_name=clean_text(full_name),
                    role=role,
                    password=password,
                    station_code=station,
                    district_code=district,
                    actor=Actor.command_line(),
                )
                summary = f"Created user {user.username!r} ({user.role.value}, id {user.id})."
        except UserInputError as error:
            raise fail(str(error)) from None
    typer.echo(summary)


def _user_named(session: Session, username: str) -> User:
    user = session.scalar(sa.select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise fail(f"No user is named {username!r}; GET /api/v1/admin/users lists them.")
    return user


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="The locked user's login name.")]) -> None:
    """Release an account locked after wrong passwords, and clear its failed logins."""
    from records.audit import Actor
    from search_api.logins import unlock

    with opened_database() as database:
        require_current_schema(database)
        with session_scope(database) as session:
            user = _user_named(session, username)
            unlock(session, user, actor=Actor.command_line())
            name = user.username
    typer.echo(f"Unlocked user {name!r}.")


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="The user's login name.")], password: NewPasswordOption = None
) -> None:
    """Give a user a new password (their failed logins and lock are cleared too)."""
    from records.audit import Actor
    from records.users import UserInputError, set_password
    from search_api.logins import clear_lock

    password = _new_password(password)
    with opened_database() as database:
        require_current_schema(database)
        try:
            with session_scope(database) as session:
                user = _user_named(session, username)
                set_password(user, password)
                clear_lock(session, user)
                Actor.command_line().audit(session, "set_password", "user", user.id, {"username": user.username})
                name = user.username
        except UserInputError as error:
            raise fail(str(error)) from None
    typer.echo(f"New password set for {name!r}.")


@user_app.command("deactivate")
def user_deactivate(username: Annotated[str, typer.Argument(help="The user's login name.")]) -> None:
    """Disable a user: their tokens stop working at once and they cannot log in."""
    from records.audit import Actor
    from records.users import deactivate

    with opened_database() as database:
        require_current_schema(database)
        with session_scope(database) as session:
            user = _user_named(session, username)
            deactivate(session, user, actor=Actor.command_line())
            name = user.username
    typer.echo(f"Deactivated user {name!r}.")


@api_client_app.command("create")
def api_client_create(
    name: Annotated[str, typer.Argument(help="What the system is, e.g. 'Hajipur Sadar PS records system'.")],
    station: Annotated[str, typer.Option(help="Code of the one station the key may act for.")],
) -> None:
    """Create an API key bound to one station; the key is printed once and stored only as a hash."""
    from records.api_keys import issue_api_key
    from records.audit import Actor
    from records.users import UserInputError

    with opened_database() as database:
        require_current_schema(database)
        try:
            with session_scope(database) as session:
                client, key = issue_api_key(session, name=name, station_code=station, actor=Actor.command_line())
                client_id = client.id
        except UserInputError as error:
            raise fail(str(error)) from None
    console.print(f"Created API client {client_id} for {station.upper()}. Its key (shown only now):")
    typer.echo(key)


@api_client_app.command("revoke")
def api_client_revoke(client_id: Annotated[int, typer.Argument(help="The API client's id.")]) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    from records.api_keys import revoke_api_key
    from records.audit import Actor
    from records.models import ApiClient

    with opened_database() as database:
        require_current_schema(database)
        with session_scope(database) as session:
            client = session.get(ApiClient, client_id)
            if client is None:
                raise fail(f"No API client has id {client_id}; GET /api/v1/admin/api-clients lists them.")
            revoke_api_key(session, client, actor=Actor.command_line())
    typer.echo(f"Revoked API client {client_id}.")


@stations_app.command("load")
def stations_load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV of stations.")],
) -> None:
    """Add or update police stations from a CSV (columns: district,name_en,name_hi,code,latitude,longitude)."""
    from records.audit import Actor
    from records.reference.station_file import StationFileError, load_stations_csv

    with opened_database() as database:
        require_current_schema(database)
        try:
            with session_scope(database) as session:
                report = load_stations_csv(session, file, actor=Actor.command_line())
        except StationFileError as error:
            raise fail(f"{file} was not loaded; fix these rows and run again:\n" + "\n".join(error.errors)) from None
    typer.echo(f"Stations: {report}")


if __name__ == "__main__":
    app()
