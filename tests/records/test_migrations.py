"""Migrations: a fresh database reaches head; a second run does nothing; downgrade removes everything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine, make_url

from records.database import create_db_engine
from records.migrate import alembic_config, current_revision, head_revision, upgrade_schema
from records.models import Base
from tests.support import scratch_name


@pytest.fixture
def scratch_engine(database_url: str) -> Iterator[Engine]:
    server = make_url(database_url)
    scratch = scratch_name(database_url, "migrations")  # per test database: parallel runs never share it
    admin = create_db_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{scratch}"'))
    engine = create_db_engine(server.set(database=scratch))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_creates_every_table_and_a_second_run_does_nothing(scratch_engine: Engine) -> None:
    before, after = upgrade_schema(scratch_engine)
    assert (before, after) == (None, head_revision())
    tables = set(sa.inspect(scratch_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables

    assert upgrade_schema(scratch_engine) == (head_revision(), head_revision())


def test_the_migrations_match_the_models(scratch_engine: Engine) -> None:
    """Autogenerate finds nothing to add: the committed migrations describe the models exactly."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade_schema(scratch_engine)
    with scratch_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_downgrade_to_base_removes_tables_and_types(scratch_engine: Engine) -> None:
    upgrade_schema(scratch_engine)
    with scratch_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
        assert current_revision(connection) is None
        enum_types = connection.execute(sa.text("SELECT count(*) FROM pg_type WHERE typtype = 'e'")).scalar()
    assert enum_types == 0
    assert set(sa.inspect(scratch_engine).get_table_names()) <= {"alembic_version"}
