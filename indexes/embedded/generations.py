"""The embedded engine's directory: generations of indexes, the live one named in CURRENT, and the lock.

Layout (the product passes ``<data_dir>/search``)::

    CURRENT              the live generation's name, e.g. "gen-000001", replaced atomically on a switch
    LOCK                 held (flock) while creating generations and switching
    gen-000001/fir/      one Tantivy index per document kind
    gen-000001/person/

A rebuild writes a new generation beside the live one; switching is replacing CURRENT. Every process reads
CURRENT before its searches, so it follows a switch made by another.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from indexes.embedded.errors import SearchIndexError
from indexes.embedded.kind_index import KindIndex
from indexes.schema import DocumentKind

CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
GENERATION_PATTERN = re.compile(r"^gen-(\d{6,})$")


def generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def _number(name: str) -> int:
    return int(name[4:])


class GenerationDirectory:
    """The directory ``path`` (created by :meth:`make`) and its generations."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._current: tuple[tuple[int, int, int], str] | None = None  # CURRENT's (inode, mtime, size), name

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Held (across processes) while generations are created and CURRENT is switched."""
        with open(self.path / LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def make(self) -> None:
        """Create the directory, or say in one sentence why it cannot be written."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            probe = self.path / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise SearchIndexError(
                f"Cannot write the search index in {self.path} ({error.strerror or error}); point CCTNS_DATA_DIR "
                "at a writable directory or give this user write permission there."
            ) from error

    def names(self) -> list[str]:
        """The generations on disk, oldest first."""
        return sorted(
            (entry.name for entry in self.path.iterdir() if entry.is_dir() and GENERATION_PATTERN.match(entry.name)),
            key=_number,
        )

    def next_name(self) -> str:
        """The name of a generation after every one on disk."""
        existing = self.names()
        return generation_name(_number(existing[-1]) + 1 if existing else 1)

    def remove_older_than(self, name: str) -> None:
        """Delete the generations before ``name``: the old live one and any abandoned older rebuild. Other
        processes' open files stay readable (POSIX) until their next search follows CURRENT."""
        for older in self.names():
            if _number(older) < _number(name):
                shutil.rmtree(self.path / older, ignore_errors=True)

    def create(self, name: str) -> None:
        """An empty index of every kind in generation ``name`` (harmless when it exists)."""
        for kind in DocumentKind:
            directory = self.path / name / kind.value
            directory.mkdir(parents=True, exist_ok=True)
            KindIndex(kind, directory)  # creates meta.json if missing

    def write_current(self, name: str) -> None:
        """Make ``name`` the live generation, atomically and durably."""
        temporary = self.path / f"{CURRENT_FILE}.{os.getpid()}.tmp"
        with open(temporary, "w") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path / CURRENT_FILE)
        directory = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def read_current(self) -> str | None:
        """The live generation, re-read only when the CURRENT file was replaced."""
        try:
            stat = os.stat(self.path / CURRENT_FILE)
        except FileNotFoundError:
            return None
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._current is None or self._current[0] != signature:
            name = (self.path / CURRENT_FILE).read_text().strip()
            if not GENERATION_PATTERN.match(name):
                raise SearchIndexError(
                    f"{self.path / CURRENT_FILE} names {name!r}, not a generation; run `cctns index rebuild`."
                )
            self._current = (signature, name)
        return self._current[1]
