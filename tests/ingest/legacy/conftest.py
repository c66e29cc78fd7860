"""Fixtures for legacy-import tests: imports commit in batches (and a test kills one mid-way), so they run
against scratch databases of their own, named after the test database so parallel runs do not collide."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from tests.support import scratch_name, server_url_of

HERE = Path(__file__).parent


@pytest.fixture
def scratch_database(database_url: str) -> Iterator[Callable[[str], sa.Engine]]:
    """Makes fresh migrated databases (with reference data) on demand; drops them after the test."""
    made: list[tuple[str, sa.Engine]] = []

    def make(suffix: str) -> sa.Engine:
        name = scratch_name(database_url, suffix)
        engine = fresh_database(server_url_of(database_url), name)
        made.append((name, engine))
        return engine

    yield make
    for name, engine in made:
        engine.dispose()
        drop_database(server_url_of(database_url), name)


@pytest.fixture(scope="module")
def module_database(database_url: str, request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """One scratch database for a module's tests (each test uses its own stations or files)."""
    name = scratch_name(database_url, request.module.__name__.rsplit(".", 1)[-1][-20:])
    engine = fresh_database(server_url_of(database_url), name)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


@pytest.fixture
def clean(module_database: sa.Engine) -> Iterator[sa.Engine]:
    """The module's database without FIRs or people from an earlier test."""
    yield module_database
    with module_database.begin() as connection:
        connection.execute(sa.text("TRUNCATE fir, person, import_job, import_record_key, outbox CASCADE"))
        connection.execute(sa.text("DELETE FROM fir_number_counter"))
