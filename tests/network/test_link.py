"""The harness's cuttable line (``tests.network.nodes.Link``) forwards each write at once: with Nagle's algorithm
on its sockets, the second part of a request or answer written in two parts (HTTP's headers, then its body) waited
for the delayed acknowledgement of the first, some 40 ms a turn: about 85 ms a call through one hop."""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator

import pytest

from tests.network.nodes import Link

PAUSE = 0.002  # between the two parts, so that they reach the Link as two writes


def _write_in_two(sock: socket.socket, first: bytes) -> None:
    sock.sendall(first)
    time.sleep(PAUSE)
    sock.sendall(b"END")


def _read_to_end(sock: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"END"):
        part = sock.recv(65536)
        if not part:
            raise ConnectionError("closed before the end")
        data += part
    return data


@pytest.fixture()
def echo_port() -> Iterator[int]:
    """A server that answers each request, written in two parts, with an answer in two parts."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while True:
                try:
                    _read_to_end(conn)
                except (ConnectionError, OSError):
                    return
                _write_in_two(conn, b"HEADERS" * 40)

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield int(listener.getsockname()[1])
    listener.close()


def test_a_call_through_the_link_waits_for_no_acknowledgement(echo_port: int) -> None:
    link = Link("test", echo_port)
    try:
        with socket.create_connection(("127.0.0.1", link.port)) as client:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            took = []
            for _ in range(12):
                started = time.perf_counter()
                _write_in_two(client, b"headers" * 40)
                _read_to_end(client)
                took.append(time.perf_counter() - started)
            with link._lock:
                forwarding = list(link._open)
            assert len(forwarding) == 2
            assert all(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) for sock in forwarding)
    finally:
        link.close()
    # Two pauses a call; with Nagle's algorithm each call took 40 ms or more (the delayed acknowledgement).
    assert statistics.median(took) < 0.035, took
