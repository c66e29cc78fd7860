"""Helpers several test packages share: scratch databases beside the test database, a free port, Chromium."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from records.database import sqlalchemy_url

if TYPE_CHECKING:
    from indexes.engine import SearchEngine

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium, installed by .ci/run
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)"
)


def screenshot_folder(kind: str) -> Path:
    """Where browser tests leave screenshots for people to look at: ``CCTNS_TEST_OUTPUT`` (default
    ``test-output/``) / ``kind``."""
    root = Path(os.environ.get("CCTNS_TEST_OUTPUT", Path(__file__).resolve().parents[1] / "test-output"))
    return root / kind


def server_url_of(database_url: str) -> str:
    """The server's maintenance database, from which scratch databases are created and dropped."""
    return sqlalchemy_url(database_url).set(database="postgres").render_as_string(hide_password=False)


def scratch_name(database_url: str, suffix: str) -> str:
    """A scratch database named after the test database, so parallel runs on one server never share one."""
    return f"{sqlalchemy_url(database_url).database}_{suffix}"[:63]


def free_port() -> int:
    """A TCP port nothing listens on now (the system's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


NO_ELASTICSEARCH = (
    "CCTNS_ELASTICSEARCH_URL is not set: no Elasticsearch server to test against (`.ci/elasticsearch start` runs one)"
)


def no_elasticsearch_reason() -> str:
    """Why the Elasticsearch tests skip: the reason .ci/run printed when Elasticsearch cannot run on this machine
    (``CCTNS_ELASTICSEARCH_UNAVAILABLE``: no Java or Maven), else that no server was named."""
    unavailable = os.environ.get("CCTNS_ELASTICSEARCH_UNAVAILABLE")
    return f"no Elasticsearch: {unavailable}" if unavailable else NO_ELASTICSEARCH


def elasticsearch_url_or_skip() -> str:
    """The test Elasticsearch server's URL (``CCTNS_ELASTICSEARCH_URL``); the test skips, saying why, without one."""
    url = os.environ.get("CCTNS_ELASTICSEARCH_URL")
    if not url:
        pytest.skip(no_elasticsearch_reason())
    return url


@contextmanager
def fresh_search_engine(kind: str, folder: Path) -> Iterator[SearchEngine]:
    """A ready, empty search engine of ``kind``: "embedded" in ``folder``, or "elasticsearch" on the server of
    ``CCTNS_ELASTICSEARCH_URL`` under a prefix of its own, whose indexes are dropped after (the test skips, saying
    so, without a server)."""
    if kind == "embedded":
        from indexes.embedded import TantivyEngine

        embedded = TantivyEngine(folder)
        embedded.ensure_ready()
        try:
            yield embedded
        finally:
            embedded.close()
        return
    url = elasticsearch_url_or_skip()
    from indexes.elasticsearch import ElasticsearchEngine

    served = ElasticsearchEngine(url, prefix=f"cctns-test-{uuid.uuid4().hex[:10]}")
    try:
        served.ensure_ready()
        yield served
    finally:
        served.close()
        served.drop_all()
