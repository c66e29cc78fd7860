"""``cctns index ...``: keep the search index true to PostgreSQL, and ``cctns worker`` for the Celery relay."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cctns.cli_support import current_database, fail, index_with_progress, open_engine_or_fail, opened_database
from indexes.documents import count_rows
from indexes.rebuild import rebuild_index
from indexes.schema import DocumentKind
from indexes.sync import DRAIN_BUILDERS, drain_outbox, outbox_lag
from indexes.verify import verify_index
from records.settings import get_settings

DEFAULT_WORKERS = os.cpu_count() or 1

index_app = typer.Typer(help="The search index: sync, rebuild, verify, status.", no_args_is_help=True)


@index_app.command("sync")
def index_sync(
    batch_size: Annotated[
        int,
        typer.Option(
            min=1, max=100_000, help="Outbox rows per batch: one engine commit each, then the rows are deleted."
        ),
    ] = 10_000,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Processes building documents for big batches (default: CPU cores - 1)."),
    ] = DRAIN_BUILDERS,
) -> None:
    """Index every change waiting in the outbox, once, and return (fast for the backlog an import leaves)."""
    with current_database() as database:
        engine = open_engine_or_fail()
        try:
            report = drain_outbox(database.engine, engine, batch_size, workers=workers)
        finally:
            engine.close()
    typer.echo(
        f"Synced {report.events:,} outbox events in {report.batches} batches: {report.upserted:,} documents "
        f"written, {report.deleted:,} deleted, in {report.seconds:.1f} s."
    )


@index_app.command("rebuild")
def index_rebuild(
    batch_size: Annotated[int, typer.Option(min=100, max=20_000, help="Records read per batch.")] = 2000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes building documents (default: one per CPU core).")
    ] = DEFAULT_WORKERS,
) -> None:
    """Build a fresh index beside the live one from PostgreSQL and switch to it in one step."""
    with current_database() as database:
        engine = open_engine_or_fail()
        try:
            counts = index_with_progress(
                lambda progress: rebuild_index(database.engine, engine, batch_size, progress, workers), "Rebuilding"
            )
        finally:
            engine.close()
    typer.echo(f"Rebuilt and switched: {counts}.")


@index_app.command("verify")
def index_verify(
    repair: Annotated[bool, typer.Option(help="Fix what differs (--no-repair only reports).")] = True,
) -> None:
    """Compare every document with PostgreSQL; repair missing, stale and orphaned documents."""
    with current_database() as database:
        engine = open_engine_or_fail()
        try:
            report = index_with_progress(
                lambda progress: verify_index(database.engine, engine, repair=repair, progress=progress), "Verifying"
            )
        finally:
            engine.close()
    for kind in DocumentKind:
        typer.echo(
            f"{kind.value}: {report.checked[kind.value]:,} checked, {report.missing[kind.value]:,} missing, "
            f"{report.stale[kind.value]:,} stale, {report.extra[kind.value]:,} extra"
        )
    drift = report.drift
    if drift and not repair:
        typer.echo(f"{drift:,} documents differ from PostgreSQL; run `cctns index verify` to repair them.")
        raise typer.Exit(1)
    typer.echo(f"Repaired {drift:,} documents." if drift else "The index matches PostgreSQL.")


@index_app.command("status")
def index_status() -> None:
    """Documents in the index, records in PostgreSQL and the outbox lag."""
    with opened_database() as database, database.engine.connect() as connection:
        engine = open_engine_or_fail()
        try:
            for kind in DocumentKind:
                typer.echo(
                    f"{kind.value}: {engine.count(kind):,} indexed, {count_rows(connection, kind):,} in PostgreSQL"
                )
        finally:
            engine.close()
        lag = outbox_lag(connection)
    age = f", oldest {lag.oldest_age_seconds:.1f} s old" if lag.oldest_age_seconds is not None else ""
    typer.echo(f"outbox: {lag.pending:,} changes waiting{age}")


def worker(
    concurrency: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
) -> None:
    """Run the Celery worker (with its beat) that keeps the search index current; needs CCTNS_BROKER_URL."""
    from workers.celery_app import create_celery_app  # deferred: keeps `cctns --help` quick

    settings = get_settings()
    if not settings.broker_url:
        raise fail(
            "CCTNS_BROKER_URL is not set: set it (e.g. amqp://guest:guest@127.0.0.1:5672//), or run without a "
            "worker: `cctns serve` relays the outbox in-process when no broker is configured."
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    celery = create_celery_app(settings)
    celery.worker_main(
        [
            "worker",
            "--beat",
            f"--schedule={settings.data_dir / 'celerybeat-schedule'}",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            f"--queues={settings.worker_queue}",
            # A node name of its own: two workers named celery@<host> (two on one machine) fight over one
            # exclusive control queue on the broker and the second one stops.
            f"--hostname=cctns-{os.getpid()}@%h",
        ]
    )
