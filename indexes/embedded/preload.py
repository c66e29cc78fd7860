"""Reading an index's files into memory before the first searches need them."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def preload_files(directory: Path, budget: int | None = None, chunk: int = 4 << 20) -> int:
    """Read an index's files once so the operating system keeps them in memory, as Elasticsearch's
    ``index.store.preload`` does: otherwise the first searches after a start or a switch read their pages from
    disk, tens of milliseconds each on millions of documents. Skipped when the files are larger than ``budget``
    bytes (default: half the memory available); returns the bytes read."""
    sizes: dict[Path, int] = {}
    with contextlib.suppress(OSError):  # a switch may remove the directory, a merge its files
        for path in directory.iterdir():
            if path.is_file():
                sizes[path] = path.stat().st_size
    total = sum(sizes.values())
    if budget is None:
        available = _memory_available()
        budget = available // 2 if available is not None else total
    if total > budget:
        logger.info("not preloading %s: %d MB of index, more than %d MB", directory, total >> 20, budget >> 20)
        return 0
    buffer, done = bytearray(chunk), 0
    for path in sizes:
        try:
            with open(path, "rb", buffering=0) as handle:
                while read := handle.readinto(buffer):
                    done += read
        except OSError:  # a merge removed it: its successor was just written, so it is in memory
            continue
    return done


def _memory_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None
