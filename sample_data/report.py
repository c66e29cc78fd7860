"""What a generation did: rows written per table (or file) and how long it took."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GenerationReport:
    firs: int
    seed: int
    rows: dict[str, int] = field(default_factory=dict)  # table or file name -> rows written
    stations_created: int = 0
    foreign_keys_checked: bool = True
    seconds: float = 0.0

    @property
    def firs_per_second(self) -> float:
        return self.firs / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        people = self.rows.get("person", self.rows.get("persons.jsonl", 0))
        created = f", {self.stations_created:,} synthetic stations created" if self.stations_created else ""
        return (
            f"{self.firs:,} FIRs and {people:,} person records (seed {self.seed}) in {self.seconds:.1f} s "
            f"({self.firs_per_second:,.0f} FIRs/s){created}"
        )
