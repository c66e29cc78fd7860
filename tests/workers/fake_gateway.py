"""A real HTTP server on 127.0.0.1 standing in for an SMS provider: it fails the first ``failures`` requests
for each idempotency key with 503, then accepts; a repeat of an accepted key is answered but not counted as a
new message (as real gateways do with a client reference)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Gateway:
    url: str
    failures: int = 0
    delay: float = 0.0
    status_for_all: int | None = None
    requests: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def fake_gateway(failures: int = 0, delay: float = 0.0, status_for_all: int | None = None) -> Iterator[Gateway]:
    state = Gateway(url="", failures=failures, delay=delay, status_for_all=status_for_all)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode("utf-8")
            key = self.headers.get("Idempotency-Key", "")
            if state.delay:
                time.sleep(state.delay)
            with state.lock:
                state.requests[key] += 1
                state.headers.append(dict(self.headers))
                try:
                    state.bodies.append(json.loads(raw))
                except ValueError:
                    state.bodies.append({"raw": raw})
                if state.status_for_all is not None:
                    status = state.status_for_all
                elif state.requests[key] <= state.failures:
                    status = 503
                else:
                    status = 200
                    if state.accepted[key] == 0:
                        state.accepted[key] = 1
            body = json.dumps({"message_id": f"gw-{key}"} if status == 200 else {"error": "busy"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
