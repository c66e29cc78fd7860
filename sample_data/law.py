"""Which act and sections an FIR of a crime head cites on a date.

Sections come from the reference table (each row names its crime head); an act is cited only while in force
(the acts table's ``in_force_from`` / ``in_force_until``): the IPC until 30 June 2024 and the BNS from 1 July
2024, the Bihar Excise Act until 1 October 2016 and the Bihar Prohibition and Excise Act from the next day.
Special-law cases often also cite penal-code sections (an SC/ST atrocity case a hurt section, a dowry case
the cruelty section): ``COMPANIONS`` says which head those are drawn from.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from sample_data import dice
from sample_data.reference import SectionRef

BNS_FROM = date(2024, 7, 1)
PENAL_CODES = ("IPC", "BNS")
DEFAULT_PERIODS: dict[str, tuple[date | None, date | None]] = {
    "IPC": (None, date(2024, 6, 30)),
    "BNS": (BNS_FROM, None),
}
COMMON_INTENTION = {"IPC": "34", "BNS": "3(5)"}
COMPANIONS = {
    "SC_ST_ATROCITIES": "HURT",
    "POCSO": "ASSAULT_ON_WOMEN",
    "DOWRY_PROHIBITION": "CRUELTY_BY_HUSBAND",
    "DOWRY_DEATH": "CRUELTY_BY_HUSBAND",
    "CYBER_CRIME": "CHEATING",
    "ARMS_ACT": "OTHER_IPC",
    "KIDNAPPING_ABDUCTION": "OTHER_IPC",
}
FALLBACK_HEAD = "OTHER_IPC"

Citation = tuple[str, str]  # (act code, section number)
Period = tuple[date | None, date | None]  # first and last day in force; None: open


def _in_force(period: Period, on: date) -> bool:
    start, end = period
    return (start is None or start <= on) and (end is None or on <= end)


class SectionCatalog:
    """Sections per crime head, filtered to the acts in force on the FIR's date."""

    def __init__(self, sections: Iterable[SectionRef], act_periods: Mapping[str, Period] | None = None) -> None:
        self.periods: dict[str, Period] = {**DEFAULT_PERIODS, **(act_periods or {})}
        self._by_head: dict[str, list[Citation]] = defaultdict(list)
        self.known: set[Citation] = set()
        for section in sections:
            self.known.add((section.act_code, section.number))
            if section.crime_head_code:
                self._by_head[section.crime_head_code].append((section.act_code, section.number))
        if not {"IPC", "BNS"} <= {act for act, _ in self.known}:
            raise ValueError("the sections reference table has no IPC or no BNS sections")
        # Dates where the set of acts in force changes: candidates are cached per stretch between them.
        self._boundaries = sorted(
            {start for start, _ in self.periods.values() if start}
            | {end.fromordinal(end.toordinal() + 1) for _, end in self.periods.values() if end}
        )
        self._cache: dict[tuple[str, int], list[Citation]] = {}

    def candidates(self, head: str, on: date) -> list[Citation]:
        """Sections an FIR of ``head`` registered on ``on`` may cite (empty if none of its acts was in force)."""
        key = (head, bisect.bisect(self._boundaries, on))
        found = self._cache.get(key)
        if found is None:
            periods = self.periods
            found = [c for c in self._by_head.get(head, []) if _in_force(periods.get(c[0], (None, None)), on)]
            self._cache[key] = found
        return found

    def head_on(self, head: str, on: date) -> str:
        """``head``, or the fallback head when no act of it was in force on ``on`` (POCSO before Nov 2012)."""
        return head if self.candidates(head, on) else FALLBACK_HEAD

    def choose(self, rng: random.Random, head: str, on: date, accused: int) -> list[Citation]:
        """One FIR's sections: a main one, sometimes a second of the head, companions and common intention."""
        pool = self.candidates(head, on) or self.candidates(FALLBACK_HEAD, on)
        if not pool:
            raise ValueError(f"no section in the reference table for crime head {head} on {on}")
        main = pool[0] if len(pool) == 1 or rng.random() < 0.5 else pool[dice.below(rng, len(pool))]
        chosen = [main]
        if len(pool) > 1 and rng.random() < 0.3:
            extra = pool[dice.below(rng, len(pool))]
            if extra not in chosen:
                chosen.append(extra)
        companion = COMPANIONS.get(head)
        if companion and rng.random() < 0.6:
            options = [c for c in self.candidates(companion, on) if c[0] in PENAL_CODES]
            if options:
                extra = options[dice.below(rng, len(options))]
                if extra not in chosen:
                    chosen.append(extra)
        if accused >= 2:
            code = "BNS" if on >= BNS_FROM else "IPC"
            citation = (code, COMMON_INTENTION[code])
            if citation in self.known and citation not in chosen and any(act == code for act, _ in chosen):
                chosen.append(citation)
        return chosen


def citation_text(citations: list[Citation]) -> str:
    """'IPC 379, 411' or 'BNS 303(2)'; several acts joined by '; ' ('IPC 302, 34; ARMS 27')."""
    groups: dict[str, list[str]] = {}
    for act, number in citations:
        groups.setdefault(act, []).append(number)
    return "; ".join(f"{act} {', '.join(numbers)}" for act, numbers in groups.items())
