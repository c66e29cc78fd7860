"""What the ``cctns`` commands share: the console, a failure in one line, the database opened at the current
schema, progress bars, the search index. It imports no command module (``cctns.cli`` assembles those)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import Session

from indexes.document_builders import Progress as IndexProgress
from indexes.engine import SearchEngine
from indexes.factory import open_search_engine
from indexes.schema import DocumentKind
from records.database import Database, open_database, session_scope
from records.errors import ConfigurationError
from records.migrate import current_revision, head_revision
from records.settings import Settings, get_settings

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


def require_current_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        revision = current_revision(connection)
    if revision != head_revision():
        raise fail(
            f"The database schema is at revision {revision or 'none'} but this version needs "
            f"{head_revision()}; run `cctns db upgrade` first."
        )


@contextlib.contextmanager
def current_database() -> Iterator[Database]:
    """The database opened and at the schema this version needs (else the command ends in one line)."""
    with opened_database() as database:
        require_current_schema(database)
        yield database


@contextlib.contextmanager
def writing_session(*refused: type[Exception]) -> Iterator[Session]:
    """A session on the current database, committed when the block ends; an error of a ``refused`` kind (the
    input was wrong) rolls it back and ends the command with the error's sentence."""
    with current_database() as database:
        try:
            with session_scope(database) as session:
                yield session
        except refused as error:
            raise fail(str(error)) from None


def progress_bar(description: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
    )


def open_engine_or_fail() -> SearchEngine:
    try:
        return open_search_engine(get_settings())
    except (ConfigurationError, OSError, ConnectionError) as error:
        raise fail(f"The search index could not be opened: {error}") from None


Result = TypeVar("Result")


def index_with_progress(run: Callable[[IndexProgress], Result], description: str) -> Result:
    """Call ``run(progress)`` showing one progress bar per document kind."""
    with progress_bar(description) as progress:
        tasks: dict[DocumentKind, int] = {}

        def advance(kind: DocumentKind, done: int, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(kind.value, total=total, rate="")
            elapsed = progress.tasks[tasks[kind]].elapsed or 0
            rate = f"{kind.value}: {done / elapsed:,.0f} docs/s" if elapsed else kind.value
            progress.update(tasks[kind], completed=done, total=total, rate=rate)

        return run(advance)
