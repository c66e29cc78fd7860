"""The FIR generator: chunks of FIRs with everything each holds.

Where and when each FIR is registered is planned by ``sample_data.plan``; who it names is drawn by
``sample_data.parties``; what happens to it after registration by ``sample_data.case_life``.

**Chunks.** FIRs are made ``CHUNK_FIRS`` at a time from ``random.Random("<seed>:chunk:<k>")``; a chunk
depends only on the seed and its index (persons are numbered within it, identities are derived from ids), so
worker processes can make chunks in any order. Nothing reads the clock or global random state: same seed,
same N and same ``today`` give the same chunks, byte for byte.

**Content.** Crime head by the year's mix; sections of the IPC before 1 July 2024 and of the BNS from then;
occurrence before registration (sometimes days before, with a delay reason); complainant, victims,
accused (some drawn from the repeat-offender pool), witnesses; property; the status history a case of that
age plausibly has (recent: registered / under investigation; older: charge-sheeted and in court, final
report undetected / false / mistake of fact, or disposed by a court), with arrests, seizures, the final
report and court disposals to match.
"""

from __future__ import annotations

import bisect
import gc
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sample_data import dice, goods, texts
from sample_data.case_life import live
from sample_data.head_groups import POLICE_CASES, PROPERTY_CASES
from sample_data.law import SectionCatalog
from sample_data.parties import draw_parties
from sample_data.people import People
from sample_data.places import DIRECTION_HI, DIRECTIONS, LANDMARKS_EN, LANDMARKS_HI, rto_codes, villages_of
from sample_data.plan import Cell, RegistrationPlan
from sample_data.profile import DEFAULT_TODAY, Focus, HeadTable, head_table
from sample_data.reference import Reference
from sample_data.rows import (
    Chunk,
    FirRow,
    PartyRow,
    PersonRow,
    PropertyRow,
    SeizureRow,
)
from sample_data.stations import StationPlan, plan_stations

CHUNK_FIRS = 5_000
STOLEN_GOODS = (goods.phone, goods.cash, goods.jewellery, goods.livestock, goods.household)
# NCRB 2017-2022: about two thirds of Bihar's thefts are of motor vehicles.
VEHICLE_THEFT_SHARE = 0.62
MAX_PARTIES = 24  # complainant + victim + 15 accused + 2 witnesses fit; one-off identity = base + FIR * 24 + n
DELAY_REASONS_EN = ("complainant was busy with treatment of the injured", "family tried to settle the matter",
                    "complainant searched for the property first", "complainant was out of station")  # fmt: skip
DELAY_REASONS_HI = ("घायल के इलाज में व्यस्त रहने के कारण", "आपसी समझौते के प्रयास के कारण",
                    "पहले स्वयं खोजबीन करने के कारण", "वादी के बाहर रहने के कारण")  # fmt: skip


@dataclass(frozen=True)
class Inputs:
    """What a generation needs besides seed and N: reference data, profile, station plan, sections, "today"."""

    reference: Reference
    district_shares: dict[str, float]
    today: date
    plan: StationPlan
    catalog: SectionCatalog
    focus: Focus | None = None

    @classmethod
    def build(
        cls,
        reference: Reference,
        district_shares: dict[str, float],
        today: date = DEFAULT_TODAY,
        focus: Focus | None = None,
    ) -> Inputs:
        plan = plan_stations(reference, district_shares)
        catalog = SectionCatalog(reference.sections, reference.act_periods)
        return cls(reference, district_shares, today, plan, catalog, focus)

    def district_factor(self, district_code: str, year: int) -> float:
        """Weight of a district's year beside its real share: 1 without a focus district."""
        return 1.0 if self.focus is None else self.focus.factor(district_code, year)

    def focus_firs(self) -> int:
        """How many FIRs give the focus district its real volume up to ``today`` (0 without a focus)."""
        return 0 if self.focus is None else round(self.focus.expected_firs(self.plan.district_weight, self.today))


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a chunk's many small, acyclic objects are made (a third faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fmt_date(day: date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


class Generator:
    """Walks the plan and yields chunks of FIRs with their people; one instance per generation."""

    def __init__(self, inputs: Inputs, firs: int, seed: int, chunk_firs: int = CHUNK_FIRS) -> None:
        if firs < 0:
            raise ValueError("the number of FIRs must be zero or more")
        self.inputs = inputs
        self.firs = firs
        self.seed = seed
        self.chunk_firs = chunk_firs
        self.today = inputs.today
        self.plan = RegistrationPlan(inputs.plan, firs, seed, inputs.today, inputs.district_factor)
        self.people = People(seed, inputs.plan, firs, self.plan.district_firs_share() if inputs.focus else None)
        self.rto = rto_codes(
            sorted({p.district.code for p in inputs.plan.stations if p.district.kind == "territorial"})
        )
        self.cells = self.plan.cells
        self._next_person = 1
        self._head_tables: dict[int, HeadTable] = {}

    # -- chunks -----------------------------------------------------------------------------------------

    @property
    def chunk_count(self) -> int:
        return -(-self.firs // self.chunk_firs)

    def chunks(self, indices: Iterable[int] | None = None) -> Iterator[Chunk]:
        """The chunks (all, in order, by default); each depends only on the seed and its index."""
        for index in range(self.chunk_count) if indices is None else indices:
            yield self.chunk(index)

    def chunk(self, index: int) -> Chunk:
        """Chunk ``index``: FIRs ``index * chunk_firs ...``, persons keyed 1, 2, ... within the chunk."""
        start = index * self.chunk_firs
        rng = random.Random(f"{self.seed}:chunk:{index}")
        firs: list[FirRow] = []
        persons: list[PersonRow] = []
        self._next_person = 1
        cell_index = bisect.bisect(self.plan.cell_starts, start) - 1
        position = start - self.cells[cell_index].first_ordinal
        with paused_gc():
            for ordinal in range(start, min(start + self.chunk_firs, self.firs)):
                cell = self.cells[cell_index]
                times = self.plan.registration_times(cell_index)
                position += 1
                firs.append(self._fir(rng, ordinal, cell, position, times[position - 1], persons))
                if position == cell.count:
                    cell_index, position = cell_index + 1, 0
        return Chunk(index, start, firs, persons)

    # -- one FIR ------------------------------------------------------------------------------------------

    def _head(self, rng: random.Random, year: int) -> str:
        table = self._head_tables.get(year)
        if table is None:
            table = self._head_tables[year] = head_table(year)
        return table.heads[min(bisect.bisect(table.cumulative, rng.random()), len(table.heads) - 1)]

    def _new_key(self) -> int:
        key = self._next_person
        self._next_person += 1
        return key

    def _fir(self, rng: random.Random, ordinal: int, cell: Cell, position: int, registered: datetime,
             persons: list[PersonRow]) -> FirRow:  # fmt: skip
        planned = cell.station
        station, district = planned.station, planned.district
        day = registered.date()
        head = self.inputs.catalog.head_on(self._head(rng, cell.year), day)
        hindi = rng.random() < 0.6

        # When: occurrence before registration, sometimes days before with a reason.
        delay_reason = None
        if rng.random() < 0.08 and head not in POLICE_CASES:
            occurred = registered - timedelta(days=dice.between(rng, 2, 40), minutes=dice.below(rng, 1440))
            delay_reason = (DELAY_REASONS_HI if hindi else DELAY_REASONS_EN)[dice.below(rng, 4)]
        elif head in POLICE_CASES:
            occurred = registered - timedelta(minutes=dice.between(rng, 30, 300))
        else:
            occurred = registered - timedelta(minutes=int(rng.expovariate(1 / 600)) + 20)
        occurrence_to = None
        if rng.random() < 0.4:
            occurrence_to = occurred + timedelta(minutes=dice.pick(rng, (0, 15, 30, 60, 120)))
        info_received = registered - timedelta(minutes=dice.between(rng, 0, 45))
        if info_received < occurred:
            info_received = registered
        info_type = self._information_type(rng, cell.year, head)

        # Where.
        villages = villages_of(station.code)
        village = villages[dice.below(rng, len(villages))]
        landmark_index = dice.below(rng, len(LANDMARKS_EN))
        direction = DIRECTIONS[dice.below(rng, 8)]
        distance = dice.between(rng, 1, 250) / 10 if rng.random() < 0.85 else dice.between(rng, 1, 10) / 20
        beat_number = dice.between(rng, 1, 9)
        if hindi:
            landmark = LANDMARKS_HI[landmark_index]
            place = f"ग्राम {village.deva}, {landmark}, थाना से {distance} किमी {DIRECTION_HI[direction]}"
            beat = f"बीट संख्या {beat_number}"
        else:
            place = f"Village {village.latin}, {LANDMARKS_EN[landmark_index]}, {distance} km {direction} of PS"
            beat = f"Beat No. {beat_number}"
        lat = lon = None
        if station.latitude is not None and station.longitude is not None:
            lat = round(station.latitude + rng.uniform(-0.12, 0.12), 5)
            lon = round(station.longitude + rng.uniform(-0.12, 0.12), 5)

        # Who.
        io_number = dice.between(rng, 1, 3)
        io_name, io_rank = self.people.officer_name(planned, io_number)
        identity_base = self.people.one_off_base + ordinal * MAX_PARTIES
        parties, victim_name = draw_parties(
            rng, self.people, self._new_key, head, planned, day, hindi, io_number, persons, identity_base
        )
        accused = [party for party in parties if party.role == "accused"]

        # What: sections, property, facts.
        sections = self.inputs.catalog.choose(rng, head, day, len(accused))
        vehicle_theft = head == "THEFT" and rng.random() < VEHICLE_THEFT_SHARE
        properties = self._properties(rng, head, district.code, vehicle_theft)
        total_value = sum(item.value for item in properties if item.value) or None
        seizures, seized = self._seizures(rng, head, occurred, place, accused, io_name, district.code)
        fields = {
            "complainant": parties[0].name_as_given,
            "accused": ", ".join(party.name_as_given for party in accused) or texts.UNKNOWN["hi" if hindi else "en"],
            "victim": victim_name or ("उनके परिजन" if hindi else "a family member"),
            "village": village.deva if hindi else village.latin,
            "date": _fmt_date(occurred.date()),
            "time": f"{occurred.hour:02d}:{occurred.minute:02d}",
            "place": LANDMARKS_HI[landmark_index] if hindi else LANDMARKS_EN[landmark_index],
            "item": properties[0].description if properties else (seized[0] if seized else "household goods"),
            "quantity": seized[1] if seized else "",
        }
        rto = self.rto.get(district.code, 1)
        # Made only when the chosen template names them (each draw moves the generator).
        lazy = {
            "vehicle": lambda: (
                next((p.vehicle_registration for p in properties if p.vehicle_registration), None)
                or goods.registration(rng, rto)
            ),
            "phone": lambda: f"{dice.span(rng, 6, 10)}{dice.below(rng, 10**9):09d}",
            "amount": lambda: f"{total_value or dice.steps(rng, 5_000, 300_000, 1000):,}",
        }
        facts_head = "THEFT_VEHICLE" if vehicle_theft else head
        facts = texts.brief_facts(rng, facts_head, hindi, texts.Fields(fields, lazy))

        fir = FirRow(
            ordinal=ordinal,
            station_code=station.code,
            district_code=district.code,
            year=cell.year,
            position=position,
            registered_at=registered,
            occurrence_from=occurred,
            occurrence_to=occurrence_to,
            info_received_at=info_received,
            gd_entry_number=str(dice.between(rng, 1, 1400)),
            gd_entry_at=info_received,
            information_type=info_type,
            place_address=place,
            place_distance_km=f"{distance:.2f}",
            place_direction=direction,
            beat=beat,
            place_latitude=lat,
            place_longitude=lon,
            crime_head=head,
            sections=sections,
            brief_facts=facts,
            property_value_total=total_value,
            delay_reason=delay_reason,
            io_name=io_name,
            io_rank=io_rank,
            status="registered",
            parties=parties,
            properties=properties,
            seizures=seizures,
        )
        live(rng, fir, planned, accused, self.today, self.people.district_stations)
        return fir

    def _information_type(self, rng: random.Random, year: int, head: str) -> str:
        roll = rng.random()
        if roll < 0.012:
            return "zero_fir"
        if year >= 2019 and roll < (0.14 if head in PROPERTY_CASES else 0.06):
            return "e_fir"
        if head in POLICE_CASES:
            return "written"
        return "written" if roll < 0.7 else "oral"

    def _properties(self, rng: random.Random, head: str, district: str, vehicle_theft: bool) -> list[PropertyRow]:
        rto = self.rto.get(district, 1)
        if vehicle_theft:
            return [goods.vehicle(rng, rto)]
        if head == "THEFT":
            return [dice.pick(rng, STOLEN_GOODS)(rng)]
        if head == "BURGLARY":
            return [goods.jewellery(rng), goods.cash(rng, 2_000, 80_000)] + ([goods.household(rng)] if
                                                                            rng.random() < 0.5 else [])  # fmt: skip
        if head == "ROBBERY":
            return [goods.vehicle(rng, rto, two_wheeler_only=True)] if rng.random() < 0.15 else [
                goods.phone(rng), goods.cash(rng, 500, 30_000)]  # fmt: skip
        if head == "DACOITY":
            return [goods.jewellery(rng), goods.cash(rng, 10_000, 500_000)]
        if head in {"CHEATING", "CRIMINAL_BREACH_OF_TRUST", "CYBER_CRIME"}:
            return [goods.cash(rng, 5_000, 900_000)]
        if head == "CAUSING_DEATH_BY_NEGLIGENCE" and rng.random() < 0.7:
            item = goods.vehicle(rng, rto)
            item.value = None
            item.description = f"offending vehicle {item.vehicle_registration}"
            return [item]
        if head == "ARSON":
            return [goods.household(rng)]
        return []

    def _seizures(self, rng: random.Random, head: str, occurred: datetime, place: str, accused: list[PartyRow],
                  officer: str, district: str) -> tuple[list[SeizureRow], tuple[str, str] | None]:  # fmt: skip
        making = {"PROHIBITION_EXCISE": ("liquor", goods.liquor), "NDPS_ACT": ("narcotics", goods.narcotics),
                  "ARMS_ACT": ("arms", goods.arms)}.get(head)  # fmt: skip
        if making is None:
            if head == "MOTOR_VEHICLES":
                number = goods.registration(rng, self.rto.get(district, 1))
                person = accused[0].person if accused else None
                return [SeizureRow(occurred, place, "vehicle", f"vehicle {number}", None, None, person, officer,
                                   vehicle_registration=number)], (f"vehicle {number}", "1")  # fmt: skip
            return [], None
        kind, make = making
        description, quantity, value = make(rng)
        person = accused[0].person if accused else None
        return [SeizureRow(occurred, place, kind, description, quantity, value, person, officer)], (
            description, quantity)  # fmt: skip
