"""The FIR generator: where and when each FIR is registered, and everything the FIR then holds.

**Plan.** The N FIRs are spread over cells (year x station) by one multinomial draw with probability
year volume x district share x station weight, from ``numpy.random.default_rng(seed)``. Cells are walked
year by year, station by station in plan order; a cell's registration times are drawn from its own
``random.Random("<seed>:cell:<year>:<station>")`` (month factors, day, hour) and sorted, so positions 1, 2,
... in a cell are in time order and become serials 1, 2, ... in an empty database.

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
import math
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

import numpy as np

from sample_data import dice, goods, texts
from sample_data.law import SectionCatalog
from sample_data.names import FEMALE, MALE, NameKey
from sample_data.people import Identity, People
from sample_data.places import DIRECTION_HI, DIRECTIONS, LANDMARKS_EN, LANDMARKS_HI, rto_codes, villages_of
from sample_data.profile import DEFAULT_TODAY, MONTH_FACTORS, Focus, HeadTable, head_table, year_weights
from sample_data.reference import Reference
from sample_data.rows import (
    Chunk,
    CourtDisposalRow,
    FinalReportRow,
    FirRow,
    PartyRow,
    PersonRow,
    PropertyRow,
    SeizureRow,
    StatusChangeRow,
)
from sample_data.stations import PlannedStation, StationPlan, plan_stations

CHUNK_FIRS = 5_000
STOLEN_GOODS = (goods.phone, goods.cash, goods.jewellery, goods.livestock, goods.household)
# NCRB 2017-2022: about two thirds of Bihar's thefts are of motor vehicles.
VEHICLE_THEFT_SHARE = 0.62
IST = timezone(timedelta(hours=5, minutes=30))

POLICE_CASES = {"PROHIBITION_EXCISE", "ARMS_ACT", "NDPS_ACT", "MOTOR_VEHICLES", "PREPARATION_FOR_DACOITY"}
PROPERTY_CASES = {"THEFT", "BURGLARY", "ROBBERY", "DACOITY", "CYBER_CRIME"}
DOMESTIC_CASES = {"CRUELTY_BY_HUSBAND", "DOWRY_DEATH", "DOWRY_PROHIBITION"}
WOMEN_VICTIM = {"RAPE", "POCSO", "ASSAULT_ON_WOMEN", "INSULT_TO_MODESTY", "KIDNAPPING_ABDUCTION",
                "IMPORTATION_OF_GIRLS", "CRUELTY_BY_HUSBAND", "DOWRY_DEATH", "DOWRY_PROHIBITION"}  # fmt: skip
SEPARATE_VICTIM = {"MURDER", "ATTEMPT_TO_MURDER", "CULPABLE_HOMICIDE", "KIDNAPPING_ABDUCTION", "DOWRY_DEATH",
                   "CAUSING_DEATH_BY_NEGLIGENCE", "POCSO", "IMPORTATION_OF_GIRLS", "HURT"}  # fmt: skip
# head -> (probability no accused is named, fewest named, most named)
ACCUSED_COUNT = {
    "THEFT": (0.7, 1, 2), "BURGLARY": (0.75, 1, 2), "ROBBERY": (0.5, 1, 3), "DACOITY": (0.4, 2, 5),
    "MURDER": (0.05, 1, 6), "ATTEMPT_TO_MURDER": (0.03, 1, 5), "CULPABLE_HOMICIDE": (0.05, 1, 3),
    "HURT": (0.0, 1, 6), "RIOTS": (0.0, 5, 15), "CRUELTY_BY_HUSBAND": (0.0, 2, 5), "DOWRY_DEATH": (0.0, 2, 5),
    "DOWRY_PROHIBITION": (0.0, 1, 4), "RAPE": (0.05, 1, 2), "POCSO": (0.0, 1, 2),
    "KIDNAPPING_ABDUCTION": (0.25, 1, 3), "CHEATING": (0.1, 1, 3), "CRIMINAL_BREACH_OF_TRUST": (0.0, 1, 2),
    "CYBER_CRIME": (0.75, 1, 2), "PROHIBITION_EXCISE": (0.05, 1, 2), "ARMS_ACT": (0.0, 1, 2),
    "NDPS_ACT": (0.0, 1, 2), "SC_ST_ATROCITIES": (0.0, 2, 5), "CAUSING_DEATH_BY_NEGLIGENCE": (0.6, 1, 1),
    "MOTOR_VEHICLES": (0.0, 1, 1), "COUNTERFEITING": (0.3, 1, 2), "ARSON": (0.3, 1, 4),
}  # fmt: skip
DEFAULT_ACCUSED_COUNT = (0.15, 1, 3)
REPEAT_SHARE = {"THEFT": 0.4, "BURGLARY": 0.4, "ROBBERY": 0.45, "DACOITY": 0.5, "PREPARATION_FOR_DACOITY": 0.5,
                "ARMS_ACT": 0.45, "NDPS_ACT": 0.35, "PROHIBITION_EXCISE": 0.35, "MURDER": 0.15,
                "ATTEMPT_TO_MURDER": 0.15, "RIOTS": 0.1, "HURT": 0.08, "CHEATING": 0.1, "CYBER_CRIME": 0.3}  # fmt: skip
DEFAULT_REPEAT_SHARE = 0.05
KIN_VICTIM = {"MURDER", "KIDNAPPING_ABDUCTION", "DOWRY_DEATH", "POCSO", "CAUSING_DEATH_BY_NEGLIGENCE"}
WITNESS_SHARE = 0.12  # FIRs naming witnesses
MAX_PARTIES = 24  # complainant + victim + 15 accused + 2 witnesses fit; one-off identity = base + FIR * 24 + n
DELAY_REASONS_EN = ("complainant was busy with treatment of the injured", "family tried to settle the matter",
                    "complainant searched for the property first", "complainant was out of station")  # fmt: skip
DELAY_REASONS_HI = ("घायल के इलाज में व्यस्त रहने के कारण", "आपसी समझौते के प्रयास के कारण",
                    "पहले स्वयं खोजबीन करने के कारण", "वादी के बाहर रहने के कारण")  # fmt: skip
SENTENCES = ("RI 7 years and fine Rs. 10,000", "RI 3 years and fine Rs. 5,000", "life imprisonment",
             "SI 1 year and fine Rs. 2,000", "RI 10 years and fine Rs. 25,000", "fine Rs. 1,000")  # fmt: skip
COURT_RESULTS = (("convicted", 0.28), ("acquitted", 0.56), ("compounded", 0.09), ("discharged", 0.04),
                 ("withdrawn", 0.02), ("abated", 0.01))  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class Cell:
    station: PlannedStation
    year: int
    count: int
    first_ordinal: int


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
        self.people = People(seed, inputs.plan, firs, self._district_firs_share() if inputs.focus else None)
        self.rto = rto_codes(
            sorted({p.district.code for p in inputs.plan.stations if p.district.kind == "territorial"})
        )
        self.cells = self._allocate()
        self._cell_starts = [cell.first_ordinal for cell in self.cells]
        self._next_person = 1
        self._day_tables: dict[int, tuple[list[date], list[float]]] = {}
        self._head_tables: dict[int, HeadTable] = {}
        self._cell_times: tuple[int, list[datetime]] | None = None

    # -- plan -------------------------------------------------------------------------------------------

    def _district_firs_share(self) -> dict[str, float]:
        """district_code -> share of this generation's FIRs, so repeat offenders live where the FIRs are."""
        plan, years = self.inputs.plan, year_weights(self.today)
        mass = {
            code: share * sum(weight * self.inputs.district_factor(code, year) for year, weight in years.items())
            for code, share in plan.district_weight.items()
        }
        total = sum(mass.values())
        return {code: value / total for code, value in mass.items()}

    def _allocate(self) -> list[Cell]:
        years = year_weights(self.today)
        plan, inputs = self.inputs.plan, self.inputs
        probabilities = np.array(
            [
                weight
                * plan.district_weight[planned.district.code]
                * inputs.district_factor(planned.district.code, year)
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

    def _registration_times(self, cell_index: int) -> list[datetime]:
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
        cell_index = bisect.bisect(self._cell_starts, start) - 1
        position = start - self.cells[cell_index].first_ordinal
        with paused_gc():
            for ordinal in range(start, min(start + self.chunk_firs, self.firs)):
                cell = self.cells[cell_index]
                times = self._registration_times(cell_index)
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
        parties, victim_name = self._parties(rng, head, planned, day, hindi, io_number, persons, identity_base)
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
        self._life(rng, fir, planned, accused)
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

    def _parties(self, rng: random.Random, head: str, planned: PlannedStation, day: date, hindi: bool,
                 io_number: int, persons: list[PersonRow], identity_base: int,
                 ) -> tuple[list[PartyRow], str | None]:  # fmt: skip
        people = self.people
        deva_share = 0.55 if hindi else 0.1
        parties: list[PartyRow] = []

        def add(identity_person: PersonRow, role: str, number: int | None = None) -> PartyRow:
            persons.append(identity_person)
            address = identity_person.addresses[0].address if identity_person.addresses else None
            mobile = identity_person.mobiles[0] if identity_person.mobiles else None
            name = identity_person.name
            if identity_person.aliases and role == "accused":
                name = f"{name} @ {identity_person.aliases[0][0]}"
            party = PartyRow(identity_person, role, number, name, address, mobile)
            parties.append(party)
            return party

        def fresh(sex: str, age: int, family: NameKey | None = None) -> Identity:
            """A new identity, numbered by the FIR and the party's place in it."""
            return people.one_off_identity(rng, identity_base + len(parties), planned, sex, age, day, family)

        # Complainant: a police officer in police cases, else a resident (the victim in most cases).
        women_case = head in WOMEN_VICTIM
        complainant_key: NameKey | None = None
        if head in POLICE_CASES or (head == "OTHER_SLL" and rng.random() < 0.5):
            officer, _rank = people.officer(planned, 0 if rng.random() < 0.3 else io_number)
            add(people.person_row(rng, self._new_key(), officer, day, deva_share=deva_share, mobile_share=0.3),
                "complainant")  # fmt: skip
        else:
            sex = FEMALE if women_case and head not in {"DOWRY_DEATH", "KIDNAPPING_ABDUCTION"} else (
                FEMALE if rng.random() < 0.12 else MALE)  # fmt: skip
            age = dice.between(rng, 18, 45) if sex == FEMALE else dice.between(rng, 22, 70)
            key = self._new_key()
            identity = fresh(sex, age)
            add(people.person_row(rng, key, identity, day, deva_share=deva_share, mobile_share=0.92), "complainant")
            complainant_key = identity.key

        victim_name = None
        # Victims of these are usually the complainant's family; the accused in-laws share the wife's community.
        kin = complainant_key if head in KIN_VICTIM else None
        family = replace(complainant_key, surname=-1) if head in DOMESTIC_CASES and complainant_key else None
        if head in SEPARATE_VICTIM and (head != "HURT" or rng.random() < 0.3):
            sex = FEMALE if women_case else (FEMALE if rng.random() < 0.2 else MALE)
            age = dice.between(rng, 4, 17) if head == "POCSO" else (
                dice.between(rng, 14, 25) if women_case else dice.between(rng, 16, 70))  # fmt: skip
            key = self._new_key()
            identity = fresh(sex, age, kin)
            victim = add(people.person_row(rng, key, identity, day, deva_share=deva_share, mobile_share=0.4),
                         "victim")  # fmt: skip
            victim_name = victim.name_as_given
        elif head in {"RAPE", "ASSAULT_ON_WOMEN", "INSULT_TO_MODESTY", "SC_ST_ATROCITIES", "CYBER_CRIME"}:
            # The complainant is the victim: record that role too.
            parties.append(PartyRow(parties[0].person, "victim", None, parties[0].name_as_given,
                                    parties[0].address_as_given, parties[0].mobile_as_given))  # fmt: skip
        if head == "SC_ST_ATROCITIES":
            parties[0].person.caste_category = "SC" if rng.random() < 0.85 else "ST"

        unknown, low, high = ACCUSED_COUNT.get(head, DEFAULT_ACCUSED_COUNT)
        count = 0 if rng.random() < unknown else dice.between(rng, low, high)
        repeat_share = REPEAT_SHARE.get(head, DEFAULT_REPEAT_SHARE)
        domestic = head in DOMESTIC_CASES
        for number in range(1, count + 1):
            identity = None
            if not domestic and rng.random() < repeat_share:
                identity = people.pick_repeat(rng, planned.district.code, day)
                if identity is not None and any(p.person.synthetic_identity == identity.id for p in parties):
                    identity = None  # drawn twice for one FIR: a new person instead
            key = self._new_key()
            if identity is None:
                if domestic:
                    sex = MALE if number == 1 or rng.random() < 0.45 else FEMALE
                else:
                    sex = FEMALE if rng.random() < 0.06 else MALE
                identity = fresh(sex, dice.between(rng, 18, 60), family)
                if domestic and number == 1:
                    family = identity.key  # the husband: his relatives share his surname
            add(people.person_row(rng, key, identity, day, deva_share=deva_share, accused=True, mobile_share=0.25),
                "accused", number)  # fmt: skip

        if rng.random() < WITNESS_SHARE:
            for _ in range(1 if rng.random() < 0.8 else 2):
                key = self._new_key()
                identity = fresh(MALE, dice.between(rng, 20, 70))
                add(people.person_row(rng, key, identity, day, deva_share=deva_share, mobile_share=0.5), "witness")
        return parties, victim_name

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

    # -- what happened after registration ---------------------------------------------------------------

    def _life(self, rng: random.Random, fir: FirRow, planned: PlannedStation, accused: list[PartyRow]) -> None:
        today = datetime(self.today.year, self.today.month, self.today.day, tzinfo=IST)
        history = fir.status_history
        registered = fir.registered_at
        history.append(StatusChangeRow(None, "registered", registered, None))
        court = f"CJM Court, {planned.district.name_en.replace(' Railway', '')}"
        yy = fir.year % 100

        def move(to: str, at: datetime, note: str | None = None) -> bool:
            if at >= today:
                return False
            history.append(StatusChangeRow(fir.status, to, at, note))
            fir.status = to
            return True

        if fir.information_type == "zero_fir":
            station_options = self.people.district_stations[planned.district.code]
            target = station_options[dice.below(rng, len(station_options))]
            if target.station.code != planned.station.code:
                at = registered + timedelta(days=dice.between(rng, 1, 10), hours=dice.between(rng, 0, 8))
                if move("transferred", at, f"Zero FIR sent to {target.station.name_en}"):
                    fir.transferred_to_station_code = target.station.code
                    fir.transferred_at = at
                    return

        police_case = fir.crime_head in POLICE_CASES
        started = registered + timedelta(hours=dice.between(rng, 1, 72))
        if not move("under_investigation", started):
            return

        # Arrests: on the spot in police cases, else over the following weeks for some accused.
        for party in accused:
            if police_case and rng.random() < 0.9:
                party.arrest_kind, party.arrested_at = "arrest", fir.occurrence_from
            elif rng.random() < 0.5:
                at = registered + timedelta(days=dice.between(rng, 1, 90), hours=dice.between(rng, 0, 23))
                if at < today:
                    party.arrest_kind = "arrest" if rng.random() < 0.8 else "surrender"
                    party.arrested_at = at

        median_days = 45 if police_case else 200
        investigation = timedelta(days=max(7, int(median_days * math.exp(rng.gauss(0.0, 0.9)))))
        outcome = self._outcome(rng, fir.crime_head, bool(accused))
        concluded = started + investigation
        if outcome == "charge_sheeted" and not accused:
            outcome = "final_report_undetected"
        if not move(outcome, concluded):
            for party in accused:
                if party.arrested_at is None:
                    party.person.is_wanted = True
                    if (today - registered).days > 365 and rng.random() < 0.1:
                        party.person.is_proclaimed_offender = True
            return
        kind = {"charge_sheeted": "charge_sheet", "final_report_undetected": "undetected",
                "final_report_false": "false", "final_report_mistake_of_fact": "mistake_of_fact"}[outcome]  # fmt: skip
        label = "CS" if kind == "charge_sheet" else "FR"
        fir.final_report = FinalReportRow(
            kind=kind,
            report_number=f"{label} No. {dice.between(rng, 1, 400)}/{concluded.year % 100:02d}",
            submitted_on=concluded.date(),
            court=court,
            summary=self._summary(kind, len(accused)),
        )
        if kind != "charge_sheet":
            return
        for party in accused:
            party.charged = rng.random() < 0.88
        cognizance = concluded + timedelta(days=dice.between(rng, 10, 120))
        if not move("sent_to_court", cognizance, "Cognizance taken"):
            return
        trial = timedelta(days=int(1600 * math.exp(rng.gauss(0.0, 0.55))))
        disposed = cognizance + trial
        if not move("disposed", disposed):
            return
        result = self._court_result(rng)
        case_number = f"GR {dice.between(rng, 1, 3000)}/{yy:02d}"
        for party in accused:
            if party.charged:
                sentence = SENTENCES[dice.below(rng, len(SENTENCES))] if result == "convicted" else None
                fir.court_disposals.append(
                    CourtDisposalRow(party.person, court, case_number, disposed.date(), result, sentence)
                )

    @staticmethod
    def _outcome(rng: random.Random, head: str, named: bool) -> str:
        if head in POLICE_CASES:
            weights = (0.9, 0.02, 0.05, 0.03)
        elif head in PROPERTY_CASES:
            weights = (0.55, 0.2, 0.15, 0.1) if named else (0.12, 0.78, 0.05, 0.05)
        elif head in DOMESTIC_CASES or head in WOMEN_VICTIM:
            weights = (0.6, 0.0, 0.25, 0.15)
        else:
            weights = (0.65, 0.1, 0.15, 0.1)
        roll, running = rng.random(), 0.0
        outcomes = ("charge_sheeted", "final_report_undetected", "final_report_false", "final_report_mistake_of_fact")
        for outcome, weight in zip(outcomes, weights, strict=True):
            running += weight
            if roll < running:
                return outcome
        return outcomes[0]

    @staticmethod
    def _court_result(rng: random.Random) -> str:
        roll, running = rng.random(), 0.0
        for result, weight in COURT_RESULTS:
            running += weight
            if roll < running:
                return result
        return COURT_RESULTS[0][0]

    @staticmethod
    def _summary(kind: str, accused: int) -> str:
        if kind == "charge_sheet":
            return f"Charge sheet against {accused} accused; case found true."
        return {
            "undetected": "Case true but accused not traced; final report submitted.",
            "false": "Allegation found false on investigation.",
            "mistake_of_fact": "Matter found to be a mistake of fact / of civil nature.",
        }[kind]
