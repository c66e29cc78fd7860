"""The stations FIRs are generated at: the real ones shipped in reference data, and synthetic ones elsewhere.

A district with stations in the reference data (Vaishali) uses those. Every other district gets synthetic
stations, about ``STATE_STATIONS`` in the state in all, shared in proportion to the district's share of
crime (at least 8; railway districts get a few GRP stations). Codes are ``<DISTRICT>-PS-017`` and
``<DISTRICT>-GRP-03``; names are made-up town-like names ("Bishunpur", "Sultanganj GRP") with the
district town first ("Gaya Town"). The plan depends only on the reference data and the profile, never on the
seed, so the same code always means the same station.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from sample_data.places import stable_rng, unique_place_names
from sample_data.reference import District, Reference, Station

STATE_STATIONS = 1_100
MIN_TERRITORIAL, MIN_RAILWAY = 8, 4


@dataclass(frozen=True, slots=True)
class PlannedStation:
    station: Station
    district: District
    weight: float  # share of its district's FIRs
    index: int  # position in the plan, stable


@dataclass(frozen=True)
class StationPlan:
    stations: tuple[PlannedStation, ...]
    district_weight: dict[str, float]  # district_code -> share of the state's FIRs

    def synthetic(self) -> list[Station]:
        return [planned.station for planned in self.stations if planned.station.is_synthetic]


def _synthetic_stations(district: District, count: int) -> list[Station]:
    rng = stable_rng("stations", district.code)
    railway = district.kind == "railway"
    town = district.name_en.replace(" Railway", "").replace(" Rly", "").strip()
    town_hi = district.name_hi.replace(" रेल", "").strip()
    places = unique_place_names(rng, count, taken={town})
    stations = []
    for number in range(1, count + 1):
        if number == 1:
            name_en, name_hi = f"{town} Town", f"{town_hi} नगर"
        else:
            place = places[number - 1]
            name_en, name_hi = place.latin, place.deva
        if railway:
            code = f"{district.code}-GRP-{number:02d}"
            name_en, name_hi = f"{name_en} GRP", f"{name_hi} रेल थाना"
        else:
            code = f"{district.code}-PS-{number:03d}"
        stations.append(Station(code, district.code, name_en, name_hi, is_synthetic=True))
    return stations


def plan_stations(reference: Reference, district_shares: dict[str, float]) -> StationPlan:
    """Every station FIRs may be generated at, with its weight; districts without a share get none."""
    real: dict[str, list[Station]] = {}
    for station in reference.stations:
        real.setdefault(station.district_code, []).append(station)
    planned: list[PlannedStation] = []
    weights: dict[str, float] = {}
    for district in reference.districts:
        share = district_shares.get(district.code, 0.0)
        if share <= 0 or district.kind == "special_unit":
            continue
        weights[district.code] = share
        stations = sorted(real.get(district.code, []), key=lambda station: station.code)
        if not stations:
            minimum = MIN_RAILWAY if district.kind == "railway" else MIN_TERRITORIAL
            stations = _synthetic_stations(district, max(minimum, round(STATE_STATIONS * share)))
        rng = stable_rng("station-weights", district.code)
        raw = [math.exp(rng.gauss(0.0, 0.45)) * (1.8 if i == 0 else 1.0) for i in range(len(stations))]
        total = sum(raw)
        first = len(planned)
        planned.extend(
            PlannedStation(station, district, value / total, first + i)
            for i, (station, value) in enumerate(zip(stations, raw, strict=True))
        )
    total_share = sum(weights.values())
    return StationPlan(tuple(planned), {code: share / total_share for code, share in weights.items()})


@cache
def default_plan() -> StationPlan:
    from sample_data.profile import district_shares
    from sample_data.reference import load_reference

    return plan_stations(load_reference(), district_shares())
