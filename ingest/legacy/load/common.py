"""What the merges of a batch share: what the profile reads, whom the audit rows name, and what a merge reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reads:
    """Which records after registration the profile maps: only those are written, or removed when a re-run's
    row no longer gives them (a profile that does not read final reports leaves imported ones alone)."""

    transfers: bool = False
    final_reports: bool = False
    court_results: bool = False
    arrests: bool = False


READS_NOTHING = Reads()


def row_of(prefix: str, columns: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


@dataclass(frozen=True)
class AuditAs:
    """Who the audit rows of an import's writes name: a user id (None for the operator at the command line) and
    what goes into each row's detail besides the job and the FIR (``{"via": ...}``)."""

    user_id: int | None = None
    via: dict[str, Any] = field(default_factory=dict)


AS_OPERATOR = AuditAs()  # the operator at the command line


@dataclass
class MergeResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    bulk: int = 0  # of the inserted, those COPYed straight into the tables
    refused: dict[int, tuple[str, str]] = field(default_factory=dict)  # src_row -> (reason, message)

    def plus(self, other: MergeResult) -> MergeResult:
        """The two results of one batch's rows written in two ways (bulk and merged)."""
        return MergeResult(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.bulk + other.bulk,
            {**self.refused, **other.refused},
        )
