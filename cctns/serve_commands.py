"""``cctns serve`` (the one app, with its background work) and ``cctns demo`` (everything on the embedded defaults
with sample data, then serve)."""

from __future__ import annotations

import gc
import os
import signal
from datetime import timedelta
from typing import Annotated, Any

import sqlalchemy as sa
import typer

from cctns.cli_support import console, current_database, fail, open_engine_or_fail, opened_database
from cctns.db_commands import migrate_and_load_reference
from cctns.generate_commands import run_generation
from cctns.person_commands import run_linking
from cctns.rollup_commands import ensure_rollups
from records.database import Database
from records.errors import ConfigurationError
from records.models import Fir
from records.settings import Settings, get_settings

# A stop (SIGTERM, Ctrl+C) ends within 10 s: requests in flight get REQUEST_GRACE_SECONDS to finish (then they
# are cancelled: an unfinished upload is not stored, the client retries), the background work finishes its
# current batch within cctns.asgi.BACKGROUND_GRACE_SECONDS and leaves the rest in PostgreSQL for the next start.
REQUEST_GRACE_SECONDS = 5
# How long uvicorn's supervisor waits for an API process to answer its liveness ping before it kills and replaces
# it. Its default, 5 s, is shorter than a worker's start on two loaded cores (the app's imports and the index's
# warm-up hold the interpreter): each worker was killed before it could serve and replaced, forever, and a worker
# busy with requests could be killed with them in flight (issue 21).
WORKER_HEALTHCHECK_SECONDS = 60


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _print_addresses(settings: Settings, by_worker: bool, shown_host: str, port: int, workers: int) -> None:
    base = f"http://{shown_host}:{port}"
    processes = f", {workers} API processes" if workers > 1 else ""
    console.print(f"[bold green]CCTNS is up:[/] {base}/  (Ctrl+C stops it{processes})")
    console.print(f"  search page: {base}/staff/search   API docs: {base}/docs")
    console.print(f"  citizen portal: {base}/portal/   complaints review: {base}/staff/complaints")
    where = (
        "kept in the sms_message table (`cctns sms list`)"
        if settings.sms_backend == "development"
        else (f"sent through {settings.sms_gateway_url}")
    )
    console.print(f"  SMS are sent by `cctns worker` and {where}" if by_worker else f"  SMS are {where}")
    console.print(f"  same person? review queue and alerts: {base}/staff/matches")
    console.print(f"  dashboards:  {base}/dashboards/ (log in at /staff/login)")
    if by_worker:
        console.print("  the search index is kept current by `cctns worker` (CCTNS_BROKER_URL is set)")


def serve_app(database: Database, host: str, port: int, workers: int = 1) -> None:
    """Serve the one ASGI app in ``workers`` processes, with its background work in a process of its own (or a
    broker's worker); the processes share nothing but PostgreSQL and the index on disk."""
    import uvicorn  # deferred, as the rest: keeps `cctns --help` quick

    from cctns.asgi import BACKGROUND_GRACE_SECONDS, create_app
    from cctns.demo_data import refuse_demo_logins_in_production
    from workers.background import background_work

    settings = get_settings()
    try:
        refuse_demo_logins_in_production(database, settings)
    except ConfigurationError as error:
        raise fail(str(error)) from None
    background = background_work(database.engine, settings, announce=lambda line: console.print(f"  {line}"))
    shown_host = "localhost" if host in {"0.0.0.0", "127.0.0.1"} else host
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "timeout_graceful_shutdown": REQUEST_GRACE_SECONDS,
    }
    search = None
    if workers == 1:
        search = open_engine_or_fail()
        search.warm_up()
        app: Any = create_app(database, search, background)
    else:
        # Each worker process opens its own connections from the environment (the embedded database's address
        # included) and builds the app with ``cctns.asgi.app_for_worker_process``; this process runs the background.
        os.environ["CCTNS_DATABASE_URL"] = database.url.render_as_string(hide_password=False)
        app = "cctns.asgi:app_for_worker_process"
        options.update(factory=True, workers=workers, timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
        background.start()
    _print_addresses(settings, background.by_worker, shown_host, port, workers)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler it found: make that
    # handler an exit, so the background work, the index and the embedded PostgreSQL are stopped as after Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        uvicorn.run(app, **options)
    finally:
        signal.signal(signal.SIGTERM, previous)
        still_running = app.state.background_still_running if search is not None else None
        if still_running is None:  # several workers, or the app's shutdown did not run: stop the work here
            still_running = background.stop(BACKGROUND_GRACE_SECONDS)
        if still_running:
            console.print(
                f"Stopped without waiting for {', '.join(still_running)} (its unfinished batch is redone at the next "
                "start)."
            )
        if search is not None:
            search.close()  # this process only reads the index: the background process writes it
        # The interpreter's last garbage collection walks the whole heap the app built (seconds on a busy machine,
        # past the time a supervisor gives a SIGTERM); the OS frees it at exit anyway.
        gc.freeze()


HostOption = Annotated[str, typer.Option(help="Interface to listen on.")]
PortOption = Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")]
WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        help="API processes answering requests (one per core is a good start); the background work runs in one "
        "more process, or in `cctns worker` with a broker.",
    ),
]


def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000, workers: WorkersOption = 1) -> None:
    """Serve the API (docs at /docs), the pages and the health check (/health)."""
    with current_database() as database:
        serve_app(database, host, port, workers)


def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    firs: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Sample FIRs to generate when the database has none (default: as many as give Vaishali its real "
            "volume in the last three years, about 57,000; fewer or more scale every district alike).",
        ),
    ] = None,
) -> None:
    """Start everything on the embedded defaults with sample data, and print the URL."""
    from cctns.demo_data import (  # deferred, as sample_data: keeps `cctns --help` quick
        demo_focus,
        ensure_demo_users,
        ensure_index_filled,
        ensure_open_data,
        shared_data_dir,
        today_in_india,
        use_boundaries,
    )
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
