"""The cctns command line against the test database: upgrade is idempotent, errors are one sentence."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cctns.cli import app
from records.models import AuditEntry, User
from tests.support import free_port

runner = CliRunner()


@pytest.fixture
def on_test_database(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Engine:
    monkeypatch.setenv("CCTNS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("db", "generate", "serve", "demo", "user", "stations"):
        assert command in result.output


def test_db_upgrade_twice_changes_nothing(on_test_database: Engine) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "already at revision" in result.output
    assert "(0 changed)" in result.output


def test_a_malformed_database_url_is_one_sentence_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_DATABASE_URL", "postgres//oops")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "CCTNS_DATABASE_URL" in result.output


def test_an_unreachable_server_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/cctns")
    result = runner.invoke(app, ["db", "status"])
    assert result.exit_code == 2
    assert "Cannot reach PostgreSQL" in result.output and "Traceback" not in result.output


def test_user_create_stores_a_hash_and_refuses_a_duplicate(on_test_database: Engine) -> None:
    arguments = [
        "user",
        "create",
        "cli.analyst",
        "--role",
        "hq",
        "--full-name",
        "HQ analyst",
        "--password",
        "a long test password",
    ]
    try:
        first = runner.invoke(app, arguments)
        assert first.exit_code == 0, first.output
        assert "Created user 'cli.analyst' (hq" in first.output
        with Session(on_test_database) as session:
            user_id = session.scalar(sa.select(User.id).where(User.username == "cli.analyst"))
            entry = session.scalars(
                sa.select(AuditEntry).where(AuditEntry.entity_type == "user", AuditEntry.entity_id == str(user_id))
            ).one()
            assert entry.action == "create" and entry.detail["via"].startswith("command line (")
        again = runner.invoke(app, arguments)
        assert again.exit_code == 2 and "already taken" in again.output
        bad_role = runner.invoke(
            app, ["user", "create", "cli.sho", "--role", "station_officer", "--password", "a long test password"]
        )
        assert bad_role.exit_code == 2 and "station:" in bad_role.output
    finally:
        with on_test_database.begin() as connection:
            connection.execute(sa.delete(User).where(User.username.in_(["cli.analyst", "cli.sho"])))


def test_demo_logins_are_created_once_and_can_sign_in(engine: Engine) -> None:
    from cctns.demo_data import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users
    from records.database import Database
    from records.users import verify_password

    names = [username for username, *_ in DEMO_USERS]
    with engine.begin() as connection:
        connection.execute(sa.delete(User).where(User.username.in_(names)))
    try:
        ensure_demo_users(Database(engine))
        ensure_demo_users(Database(engine))  # a second start adds nothing and fails on nothing
        with Session(engine) as session:
            users = list(session.scalars(sa.select(User).where(User.username.in_(names))))
            assert sorted(user.username for user in users) == sorted(names)
            assert all(verify_password(user.password_hash, DEMO_PASSWORD) for user in users)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.delete(User).where(User.username.in_(names)))


def test_serve_stops_cleanly_on_sigterm(engine: Engine, tmp_path: Path) -> None:
    """A service manager stops the server with SIGTERM: it must run its shutdown (threads, index, the embedded
    PostgreSQL), not die by the signal (uvicorn raises SIGTERM again after its own graceful shutdown)."""
    port = free_port()
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", "from cctns.cli import app; app()", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/docs", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)
        assert server.poll() is None, server.communicate()[0]
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 128 + signal.SIGTERM, f"exit {server.returncode}: {output[-2000:]}"
