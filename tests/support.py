"""Helpers several test packages share: scratch databases beside the test database, a free port, Chromium."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from records.database import sqlalchemy_url

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
