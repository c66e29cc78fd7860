"""Shared fixtures: a real PostgreSQL database, migrated and loaded once; each test in a rolled-back transaction.

Where the database comes from, in order:
1. ``CCTNS_TEST_DATABASE_URL`` (``.ci/run`` sets it to the machine's server);
2. a server on 127.0.0.1:5432 accepting user ``postgres`` (database ``cctns_test`` is created if missing);
3. otherwise an embedded PostgreSQL started for the test session in a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.database import EmbeddedPostgres, create_db_engine, sqlalchemy_url
from records.migrate import upgrade_schema
from records.reference.load import load_reference_data

LOCAL_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEST_DATABASE = "cctns_test"


def _create_database_if_missing(server_url: str, name: str) -> str:
    admin = create_db_engine(server_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return sqlalchemy_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("CCTNS_TEST_DATABASE_URL")
    if configured:
        url = sqlalchemy_url(configured)
        server = url.set(database="postgres").render_as_string(hide_password=False)
        yield _create_database_if_missing(server, url.database or TEST_DATABASE)
        return
    try:
        yield _create_database_if_missing(LOCAL_SERVER_URL, TEST_DATABASE)
        return
    except sa.exc.OperationalError:
        pass
    embedded = EmbeddedPostgres(Path(tmp_path_factory.mktemp("embedded")) / "postgres")
    server_url = embedded.start()
    try:
        yield _create_database_if_missing(server_url, TEST_DATABASE)
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    upgrade_schema(engine)
    with Session(engine) as session, session.begin():
        load_reference_data(session)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test; commits become savepoints."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


def pytest_configure(config: pytest.Config) -> None:
    """Browser assertions wait up to 20 s instead of Playwright's 5: on these 2-core machines the suite runs beside
    a server, its background process and Chromium, and a page that is right but slow under that load failed the
    run (the matches page once took longer than 5 s at load 14). A wrong page still fails, only later."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # the browser tests skip without Playwright
        return
    expect.set_options(timeout=20_000)
