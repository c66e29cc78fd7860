"""What an import reports: counts per file (``read == accepted + rejected`` at every commit), the job's totals
and state, and the failure that stops it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


class ImportFailure(RuntimeError):
    """The import cannot start or cannot go on; the message says what to do."""


COUNTS = ("read", "accepted", "rejected", "inserted", "updated", "unchanged", "bulk")


@dataclass
class FileCounts:
    """A file's rows so far: each read row is accepted or rejected (a row the database refused is rejected too);
    an accepted row inserted, updated or left unchanged its record; ``bulk``: of the inserted, the records COPYed
    straight into their tables (``load.bulk``), not merged. ``reasons``: rows rejected per reason."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bulk: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in COUNTS}, "reasons": dict(self.reasons)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileCounts:
        return cls(*(int(data.get(name, 0)) for name in COUNTS), Counter(data.get("reasons", {})))

    def add(self, other: FileCounts) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)


@dataclass
class ImportReport:
    job_id: int | None
    files: dict[str, FileCounts]
    total_rows: int | None = None
    seconds: float = 0.0
    resumed: bool = False
    resumed_after: dict[str, int] = field(default_factory=dict)
    created_stations: list[str] = field(default_factory=list)
    created_districts: list[str] = field(default_factory=list)
    checked_only: bool = False
    status: str = "running"
    outbox_collapsed: int = 0  # outbox rows dropped because a later row covers their record
    not_read: list[str] = field(default_factory=list)  # files and columns the profile does not read

    @property
    def totals(self) -> FileCounts:
        total = FileCounts()
        for counts in self.files.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "status": self.status,
            "checked_only": self.checked_only,
            "total_rows": self.total_rows,
            "seconds": round(self.seconds, 3),
            "resumed": self.resumed,
            "totals": self.totals.as_dict(),
            "files": {name: counts.as_dict() for name, counts in self.files.items()},
            "created_stations": self.created_stations,
            "created_districts": self.created_districts,
            "not_read": self.not_read,
        }
