"""A row's problems: each names its reason (counted in the import summary), its field and what is wrong. A row's
converter collects all of them rather than stopping at the first (``compiled`` reads the fields), so the rejects
file tells the operator everything to fix at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    reason: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "field": self.field, "message": self.message}


class RowRejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
