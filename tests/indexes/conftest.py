"""Fixtures for search tests: a committed database of generated FIRs (the relay and workers read committed
rows from other connections and processes), and an embedded index in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from indexes.embedded import TantivyEngine
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of

GENERATED_FIRS = 300


@pytest.fixture(scope="session")
def generated_database(database_url: str) -> Iterator[sa.Engine]:
    """A database of its own with reference data and a few hundred generated FIRs, committed; read-only use."""
    name = scratch_name(database_url, "generated")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=GENERATED_FIRS, seed=7, parallel=False)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


@pytest.fixture
def search_engine(tmp_path: Path) -> Iterator[TantivyEngine]:
    engine = TantivyEngine(tmp_path / "search")
    engine.ensure_ready()
    yield engine
    engine.close()
