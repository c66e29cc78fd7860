"""The cctns command line against the test database: upgrade is idempotent, errors are one sentence."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cctns.cli import app
from records.audit import Actor
from records.models import AuditEntry, Role, User
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
    PostgreSQL), not die by the signal (uvicorn raises SIGTERM again after its own graceful shutdown), and within
    10 s even while an upload is in flight (uvicorn waited for it for ever: the request is cancelled after
    REQUEST_GRACE_SECONDS, an unfinished upload is not stored)."""
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
    upload = None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/docs", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)
        assert server.poll() is None, server.communicate()[0]
        # A station's upload of a large legacy file, half sent when the service is stopped.
        upload = socket.create_connection(("127.0.0.1", port))
        upload.sendall(
            b"POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000000\r\n\r\n--b\r\n"
        )
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        try:
            output, _ = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("`cctns serve` was still running 10 s after SIGTERM")
        assert time.monotonic() - stopping < 10
    finally:
        if upload is not None:
            upload.close()
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == 128 + signal.SIGTERM, f"exit {server.returncode}: {output[-2000:]}"


@pytest.fixture
def patna_station(on_test_database: Engine) -> Iterator[str]:
    """A committed Patna station (the reference data has Vaishali's only); deleted after the test."""
    from records.models import PoliceDistrict, PoliceStation

    code = "TEST-PATNA-CLI"
    with Session(on_test_database) as session, session.begin():
        patna = session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "PATNA"))
        session.add(PoliceStation(district_id=patna, code=code, name_en="Kotwali (CLI test)", name_hi="कोतवाली"))
    yield code
    with on_test_database.begin() as connection:
        connection.execute(sa.delete(User).where(User.username.like("cli.patna%")))
        connection.execute(sa.delete(PoliceStation).where(PoliceStation.code == code))


def test_user_create_refuses_a_station_outside_the_district(patna_station: str, on_test_database: Engine) -> None:
    base = ["user", "create", "cli.patna", "--role", "station_officer", "--password", "a long test password"]
    mixed = runner.invoke(app, [*base, "--station", patna_station, "--district", "VAISHALI"])
    assert mixed.exit_code == 2, mixed.output
    assert f"station: {patna_station} is in district PATNA, not VAISHALI" in " ".join(mixed.output.split())
    with Session(on_test_database) as session:
        assert session.scalar(sa.select(User.id).where(User.username == "cli.patna")) is None
    right = runner.invoke(app, [*base, "--station", patna_station, "--district", "PATNA"])
    assert right.exit_code == 0, right.output


def _commit_user(engine: Engine, username: str, **values: object) -> int:
    from records.users import create_user

    with Session(engine) as session, session.begin():
        user = create_user(
            session, actor=Actor(), username=username, full_name="", role=Role.HQ, password="a long test password"
        )
        for name, value in values.items():
            setattr(user, name, value)
        session.flush()
        return user.id


def test_user_unlock_releases_a_locked_account_and_is_audited(on_test_database: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    from records.models import AuditEntry

    user_id = _commit_user(
        on_test_database, "cli.locked", failed_logins=3, locked_until=datetime.now(UTC) + timedelta(hours=1)
    )
    try:
        result = runner.invoke(app, ["user", "unlock", "CLI.Locked"])
        assert result.exit_code == 0, result.output
        with Session(on_test_database) as session:
            user = session.get(User, user_id)
            assert user is not None and user.locked_until is None and user.failed_logins == 0
            entry = session.scalar(
                sa.select(AuditEntry).where(AuditEntry.action == "unlock", AuditEntry.entity_id == str(user_id))
            )
            assert (
                entry is not None
                and entry.detail["via"].startswith("command line (")
                and entry.detail["before"]["locked_until"]
            )
        missing = runner.invoke(app, ["user", "unlock", "cli.nobody"])
        assert missing.exit_code == 2 and "No user is named" in missing.output
    finally:
        with on_test_database.begin() as connection:
            connection.execute(
                sa.delete(AuditEntry).where(AuditEntry.entity_type == "user", AuditEntry.entity_id == str(user_id))
            )
            connection.execute(sa.delete(User).where(User.id == user_id))


def test_production_refuses_to_serve_while_demo_logins_have_the_demo_password(
    on_test_database: Engine, tmp_path: Path
) -> None:
    """`cctns demo` prints the demo password: in production `cctns serve` must not let it in."""
    from cctns.demo_data import DEMO_USERS, demo_logins_left, ensure_demo_users
    from records.database import Database
    from records.models import AuditEntry

    names = [username for username, *_ in DEMO_USERS]
    database = Database(on_test_database)
    with on_test_database.begin() as connection:
        connection.execute(sa.delete(User).where(User.username.in_(names)))
    ensure_demo_users(database)
    env = {
        **os.environ,
        "CCTNS_DATABASE_URL": on_test_database.url.render_as_string(hide_password=False),
        "CCTNS_DATA_DIR": str(tmp_path),
        "CCTNS_ENVIRONMENT": "production",
        "CCTNS_SECRET_KEY": "a-production-secret-of-more-than-32-characters",
    }
    command = [sys.executable, "-c", "from cctns.cli import app; app()", "serve", "--port", str(free_port())]
    try:
        try:
            refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("`cctns serve` started in production with the demo logins in place")
        output = " ".join((refused.stdout + refused.stderr).split())
        assert refused.returncode == 2, output
        assert "Refusing to start in production" in output and "investigator" in output
        assert "cctns user deactivate NAME" in output and "cctns user password NAME" in output
        assert "Traceback" not in output
        # Disable one and re-password the others: nothing is left to refuse.
        assert runner.invoke(app, ["user", "deactivate", "investigator"]).exit_code == 0
        for name in names[1:]:
            result = runner.invoke(app, ["user", "password", name, "--password", "a new long password"])
            assert result.exit_code == 0, result.output
        too_short = runner.invoke(app, ["user", "password", names[1], "--password", "short"])
        assert too_short.exit_code == 2 and "password: must be at least" in too_short.output
        assert demo_logins_left(database) == []
    finally:
        with on_test_database.begin() as connection:
            ids = list(connection.scalars(sa.select(User.id).where(User.username.in_(names))))
            connection.execute(
                sa.delete(AuditEntry).where(
                    sa.or_(AuditEntry.user_id.in_(ids), AuditEntry.entity_id.in_([str(i) for i in ids]))
                )
            )
            connection.execute(sa.delete(User).where(User.username.in_(names)))


def test_sms_list_shows_when_in_ist_and_says_so(on_test_database: Engine) -> None:
    """Issue 23 item 13: stored in UTC, shown in India Standard Time with its label."""
    from datetime import UTC, datetime

    from records.models import SmsMessage

    with Session(on_test_database) as session, session.begin():
        message = SmsMessage(
            idempotency_key="test-sms-list-ist",
            to_number="9000012345",
            body="Your complaint was received.",
            language="en",
            kind="complaint_received",
            created_at=datetime(2026, 12, 7, 20, 0, 5, tzinfo=UTC),
        )
        session.add(message)
    try:
        result = runner.invoke(app, ["sms", "list", "--to", "9000012345"])
        assert result.exit_code == 0, result.output
        assert "08-12-2026 01:30:05 IST  to 9000012345" in result.output
    finally:
        with Session(on_test_database) as session, session.begin():
            session.execute(sa.delete(SmsMessage).where(SmsMessage.idempotency_key == "test-sms-list-ist"))
