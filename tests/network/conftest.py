"""The ``network`` fixture: three real deployments (Bihar 10, Uttar Pradesh 09, the national node), started once
for the test session (``tests.network.nodes``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.network.nodes import Network, start_network


@pytest.fixture(scope="session")
def network(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    started = start_network(database_url, tmp_path_factory.mktemp("network"))
    try:
        yield started
    finally:
        started.close()
