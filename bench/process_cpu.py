"""CPU time of processes on this machine from Linux ``/proc``: one process's, and that of the PostgreSQL backends
serving one database (the benchmarks' server runs here), so a benchmark on a shared machine counts its own
server work and not other sessions'."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of process ``pid`` so far (None when it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class BackendCpu:
    """CPU time of the PostgreSQL backends serving ``database`` on this machine (Linux /proc; the server must run
    here), sampled every quarter second so that a backend which exits (a pool's overflow connection) is counted up
    to its last sample. Shared processes (WAL writer, checkpointer, autovacuum) are not counted: other databases'
    work runs through them too."""

    def __init__(self, database: str, kinds: Callable[[], dict[int, str]] | None = None) -> None:
        self.marker = f" {database} "
        self.kinds = kinds  # client port -> who holds that connection, asked when a new backend is seen
        self.kind_of: dict[int, str] = {}
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.opened: set[int] = set()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _backends(self) -> dict[int, float]:
        found = {}
        ports = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
                if command.startswith("postgres: ") and self.marker in command:
                    used = process_cpu_seconds(int(entry.name))
                    if used is None:
                        continue
                    found[int(entry.name)] = used
                    client = command.split(self.marker, 1)[1].split(" ", 1)[0]  # 127.0.0.1(54321)
                    if client.endswith(")") and "(" in client:
                        ports[int(entry.name)] = int(client[client.rindex("(") + 1 : -1])
            except (OSError, ValueError):
                continue
        unknown = [pid for pid in ports if pid not in self.kind_of]
        if unknown and self.kinds is not None:
            try:
                kinds = self.kinds()
            except OSError:
                kinds = {}
            for pid in unknown:
                self.kind_of[pid] = kinds.get(ports[pid], "other")
        return found

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(0.25)

    def sample(self) -> None:
        for pid, used in self._backends().items():
            if pid not in self.first:  # a backend started since counts from its start
                self.first[pid] = 0.0
                self.opened.add(pid)
            self.last[pid] = used

    def __enter__(self) -> BackendCpu:
        self.first = self._backends()  # those alive now count from here
        self.last = dict(self.first)
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        self.thread.join()
        self.sample()

    @property
    def seconds(self) -> float:
        return sum(used - self.first.get(pid, 0.0) for pid, used in self.last.items())

    def seconds_of(self, kind: str) -> float:
        """CPU of the backends serving one kind of process (``api``, ``background``; ``other``: the bench's own)."""
        return sum(used - self.first.get(pid, 0.0) for pid, used in self.last.items() if self.kind_of.get(pid) == kind)

    @property
    def connections_opened(self) -> int:
        """Backends first seen after the start: connections opened during the run (a pool that closes and reopens
        them pays a backend's start and its cold catalog caches each time)."""
        return len(self.opened)
