"""Flags on a person's dossier: habitual offender (N FIRs as accused within any Y years), wanted, proclaimed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def habitual(fir_dates: Iterable[date], firs: int, years: int) -> bool:
    """True when ``firs`` FIRs (as accused or suspect) fall within some window of ``years`` years."""
    days = sorted(fir_dates)
    for index in range(len(days) - firs + 1):
        first, last = days[index], days[index + firs - 1]
        try:
            window_end = first.replace(year=first.year + years)
        except ValueError:  # 29 February
            window_end = date(first.year + years, 3, 1)
        if last < window_end:
            return True
    return False
