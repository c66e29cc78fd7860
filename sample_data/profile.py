"""How much crime, where and of what kind: the Bihar profile the generator samples from.

District shares, the crime-head mix and the state's yearly IPC volume are facts derived once from NCRB
tables by ``derive_profile.py`` and stored in ``data/``; monthly factors and the time trends of a few special
laws are estimates written here (NCRB's district tables have no months).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# Special and local laws' share of FIRs (crime_head_mix.csv): NCRB's yearly volume counts IPC crimes only.
SPECIAL_LAW_HEADS = frozenset({"PROHIBITION_EXCISE", "ARMS_ACT", "SC_ST_ATROCITIES", "OTHER_SLL", "DOWRY_PROHIBITION",
                               "NDPS_ACT", "MOTOR_VEHICLES", "POCSO", "CYBER_CRIME"})  # fmt: skip
FIRST_YEAR = 2008
DEFAULT_TODAY = date(2026, 11, 1)

# Relative FIR volume per calendar month (estimate): more crime in the hot pre-monsoon months and around
# the harvest and festival season, less in the cold months.
MONTH_FACTORS = (0.88, 0.86, 0.97, 1.05, 1.12, 1.10, 1.04, 1.00, 0.98, 1.02, 1.01, 0.97)

PROHIBITION_FROM = date(2016, 4, 5)  # Bihar's total prohibition; excise cases before it were far fewer
POCSO_FROM = date(2012, 11, 14)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def district_shares() -> dict[str, float]:
    """district_code -> share of the state's FIRs (sums to 1)."""
    rows = {row["district_code"]: float(row["share"]) for row in _read("bihar_profile.csv")}
    total = sum(rows.values())
    return {code: share / total for code, share in rows.items()}


@cache
def crime_head_mix() -> dict[str, float]:
    """crime_head_code -> share of all FIRs, IPC heads from NCRB and special-law heads estimated (sums to 1)."""
    rows = {row["crime_head_code"]: float(row["share"]) for row in _read("crime_head_mix.csv")}
    total = sum(rows.values())
    return {code: share / total for code, share in rows.items()}


@cache
def yearly_volume() -> dict[int, int]:
    """year -> Bihar's IPC crimes that year (NCRB, interpolated 2015-2016, extrapolated after 2022)."""
    return {int(row["year"]): int(row["ipc_crimes"]) for row in _read("yearly_volume.csv")}


def year_weights(today: date) -> dict[int, float]:
    """Relative FIR volume per year from FIRST_YEAR to ``today``'s year, the last year cut at ``today``."""
    volumes = yearly_volume()
    last_known = max(volumes)
    weights: dict[int, float] = {}
    for year in range(FIRST_YEAR, today.year + 1):
        volume = volumes.get(year) or volumes[last_known]
        if year == today.year:
            volume *= (today - date(year, 1, 1)).days / 365.0
        if volume > 0:
            weights[year] = float(volume)
    return weights


def head_year_factor(head: str, year: int) -> float:
    """Time trend of heads whose share moved a lot since 2008 (estimates): prohibition, POCSO, cyber crime."""
    if head == "PROHIBITION_EXCISE":
        return 0.2 if year < PROHIBITION_FROM.year else (0.7 if year == PROHIBITION_FROM.year else 1.0)
    if head == "POCSO":
        return 0.0 if year < POCSO_FROM.year else (0.15 if year == POCSO_FROM.year else 1.0)
    if head == "CYBER_CRIME":
        return min(1.6, 0.15 + 0.1 * max(0, year - FIRST_YEAR))
    return 1.0


def ipc_share() -> float:
    """Share of FIRs under the IPC/BNS (the rest are special and local laws), from the crime-head mix."""
    return sum(share for head, share in crime_head_mix().items() if head not in SPECIAL_LAW_HEADS)


@dataclass(frozen=True)
class Focus:
    """One district generated at its real volume, the rest of the state as a thinner sample (the demo).

    From ``full_from_year`` on, the district's expected FIRs a year are what NCRB's IPC volume gives it (state
    volume x district share, divided by the IPC share so that its IPC/BNS FIRs match NCRB's IPC count); earlier
    years of the district get ``earlier_fraction`` of that, halving back from the full years until that floor;
    every other district gets ``rest_fraction`` of its real volume in every year.
    """

    district_code: str
    full_from_year: int
    earlier_fraction: float
    rest_fraction: float

    def factor(self, district_code: str, year: int) -> float:
        """Share of a district's real yearly volume generated for ``year``."""
        if district_code != self.district_code:
            return self.rest_fraction
        if year >= self.full_from_year:
            return 1.0
        return max(self.earlier_fraction, 0.5 ** (self.full_from_year - year))

    def expected_firs(self, shares: dict[str, float], today: date) -> float:
        """The FIRs to generate so that the district gets its real volume (``shares`` sum to 1)."""
        per_ipc = 1.0 / ipc_share()
        return sum(
            volume * per_ipc * share * self.factor(code, year)
            for year, volume in year_weights(today).items()
            for code, share in shares.items()
        )


@dataclass(frozen=True)
class HeadTable:
    """Cumulative weights of crime heads for one year, for fast sampling with ``bisect``."""

    heads: tuple[str, ...]
    cumulative: tuple[float, ...]


def head_table(year: int) -> HeadTable:
    mix = crime_head_mix()
    heads = tuple(mix)
    running, cumulative = 0.0, []
    for head in heads:
        running += mix[head] * head_year_factor(head, year)
        cumulative.append(running)
    return HeadTable(heads, tuple(value / running for value in cumulative))
