"""The shipped table of offences whose victims are never identified to the public (``data/protected_offences.csv``).

Read here, with the other reference tables; applied by ``records.victim_identity``, checked against the acts and
sections by ``records.reference.load``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from records.reference import read_reference_table


@dataclass(frozen=True)
class ProtectedOffence:
    """One row of ``protected_offences.csv``: an act's section (with its sub-sections), or the whole act."""

    act_code: str
    number: str | None  # None: every section of the act
    source: str

    def covers(self, act_code: str, number: str) -> bool:
        if act_code != self.act_code:
            return False
        return self.number is None or number == self.number or number.startswith(f"{self.number}(")


@cache
def protected_offences() -> tuple[ProtectedOffence, ...]:
    """The shipped table, read once."""
    return tuple(
        ProtectedOffence(row["act_code"].strip(), row["number"].strip() or None, row["source"].strip())
        for row in read_reference_table("protected_offences")
    )
