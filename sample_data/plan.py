"""Where and when the generated FIRs are registered.

**Plan.** The N FIRs are spread over cells (year x station) by one multinomial draw with probability
year volume x district share x station weight, from ``numpy.random.default_rng(seed)``. Cells are walked
year by year, station by station in plan order; a cell's registration times are drawn from its own
``random.Random("<seed>:cell:<year>:<station>")`` (month factors, day, hour) and sorted, so positions 1, 2,
... in a cell are in time order and become serials 1, 2, ... in an empty database.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from records.display import IST
from sample_data import dice
from sample_data.profile import MONTH_FACTORS, year_weights
from sample_data.stations import PlannedStation, StationPlan


@dataclass(frozen=True, slots=True)
class Cell:
    station: PlannedStation
    year: int
    count: int
    first_ordinal: int


class RegistrationPlan:
    """The N FIRs of one generation spread over cells (year x station), and each cell's registration times."""

    def __init__(
        self,
        stations: StationPlan,
        firs: int,
        seed: int,
        today: date,
        district_factor: Callable[[str, int], float],
    ) -> None:
        self.stations = stations
        self.firs = firs
        self.seed = seed
        self.today = today
        self.district_factor = district_factor
        self.cells = self._allocate()
        self.cell_starts = [cell.first_ordinal for cell in self.cells]
        self._day_tables: dict[int, tuple[list[date], list[float]]] = {}
        self._cell_times: tuple[int, list[datetime]] | None = None

    def district_firs_share(self) -> dict[str, float]:
        """district_code -> share of this generation's FIRs, so repeat offenders live where the FIRs are."""
        plan, years = self.stations, year_weights(self.today)
        mass = {
            code: share * sum(weight * self.district_factor(code, year) for year, weight in years.items())
            for code, share in plan.district_weight.items()
        }
        total = sum(mass.values())
        return {code: value / total for code, value in mass.items()}

    def _allocate(self) -> list[Cell]:
        years = year_weights(self.today)
        plan = self.stations
        probabilities = np.array(
            [
                weight
                * plan.district_weight[planned.district.code]
                * self.district_factor(planned.district.code, year)
                * planned.weight
                for year, weight in years.items()
                for planned in plan.stations
            ],
            dtype=np.float64,
        )
        probabilities /= probabilities.sum()
        counts = np.random.default_rng(self.seed).multinomial(self.firs, probabilities)
        cells, ordinal, index = [], 0, 0
        for year in years:
            for planned in plan.stations:
                count = int(counts[index])
                index += 1
                if count:
                    cells.append(Cell(planned, year, count, ordinal))
                    ordinal += count
        return cells

    def _days(self, year: int) -> tuple[list[date], list[float]]:
        table = self._day_tables.get(year)
        if table is None:
            days, cumulative, running = [], [], 0.0
            day = date(year, 1, 1)
            while day.year == year and day < self.today:
                running += MONTH_FACTORS[day.month - 1]
                days.append(day)
                cumulative.append(running)
                day += timedelta(days=1)
            table = (days, cumulative)
            self._day_tables[year] = table
        return table

    def registration_times(self, cell_index: int) -> list[datetime]:
        if self._cell_times is not None and self._cell_times[0] == cell_index:
            return self._cell_times[1]
        cell = self.cells[cell_index]
        rng = random.Random(f"{self.seed}:cell:{cell.year}:{cell.station.station.code}")
        days, cumulative = self._days(cell.year)
        total = cumulative[-1]
        times = []
        for _ in range(cell.count):
            day = days[min(bisect.bisect(cumulative, rng.random() * total), len(days) - 1)]
            hour = dice.pick(rng, (8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 6, 7))
            times.append(datetime(day.year, day.month, day.day, hour, dice.below(rng, 60), tzinfo=IST))
        times.sort()
        self._cell_times = (cell_index, times)
        return times
