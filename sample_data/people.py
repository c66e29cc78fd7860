"""People in generated FIRs: one-off complainants, victims and witnesses, police officers, and repeat offenders.

Every person row carries ``synthetic_identity``, the id of the real person it stands for:

* ``1 .. pool_size``: the **repeat-offender pool**. Each such identity has a home district, a birth date, a
  name, a father, a village and one or two mobiles, derived from ``(seed, identity id)`` alone. FIRs draw
  accused from the pool, mostly from the district's own identities and sometimes from anywhere in the state,
  so one identity is accused in several FIRs at several stations and districts, each time written as a clerk
  there wrote it: Latin or Devanagari, Mohd or Md, Kumar or Kr, with or without the father's name, the age
  as the person stated it (+-1-2 years), the same mobile, another or none;
* ``officer_base + k``: police officers (investigating officers, complainants of police cases), a few per
  station;
* ``one_off_base + 24 * FIR ordinal + n``: everyone else, a new identity per row (n: the row's place among
  the FIR's parties).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import date

from sample_data import dice, names
from sample_data.names import FEMALE, MALE, NameKey
from sample_data.places import PlaceName, pincode_base, villages_of
from sample_data.rows import AddressRow, PersonRow
from sample_data.stations import PlannedStation, StationPlan

OFFICERS_PER_STATION = 4
OFFICER_RANKS = ("SI", "SI", "SI", "ASI", "PSI", "Inspector")
MARKS_EN = ("mole on left cheek", "cut mark on right hand", "burn mark on neck", "mole near right eye",
            "tattoo on left arm", "scar on forehead")  # fmt: skip
MARKS_HI = ("बाएं गाल पर तिल", "दाहिने हाथ पर कटे का निशान", "गर्दन पर जले का निशान", "दाहिनी आँख के पास तिल",
            "बाएं हाथ पर गोदना", "माथे पर चोट का निशान")  # fmt: skip


def mobile_number(rng: random.Random) -> str:
    """A 10-digit Indian mobile number (first digit 6-9)."""
    return str(6_000_000_000 + int(rng.random() * 4_000_000_000))


@dataclass(frozen=True, slots=True)
class Identity:
    id: int
    key: NameKey
    relative: NameKey
    relation: str  # father, husband
    born: date
    home: PlannedStation
    village: PlaceName
    mobiles: tuple[str, ...]
    mark: int  # -1: none


class People:
    """Makes person rows for one generation; identities are cached, rows are built per FIR."""

    def __init__(
        self, seed: int, plan: StationPlan, firs: int, district_weight: dict[str, float] | None = None
    ) -> None:
        """``district_weight``: the districts' shares of the FIRs (default: the plan's shares of crime), by which
        the repeat-offender pool's identities get their home districts."""
        self.seed = seed
        self.plan = plan
        self.pool_size = max(20, firs // 12)
        self.officer_base = self.pool_size
        self.one_off_base = self.officer_base + OFFICERS_PER_STATION * len(plan.stations)
        self._identities: dict[int, Identity] = {}
        self._officers: dict[int, tuple[Identity, str]] = {}
        self._officer_names: dict[int, tuple[str, str]] = {}
        self.stations_by_code = {planned.station.code: planned for planned in plan.stations}
        by_district: dict[str, list[PlannedStation]] = {}
        for planned in plan.stations:
            by_district.setdefault(planned.district.code, []).append(planned)
        self.district_stations = by_district
        # Pool identities by home district, in proportion to district shares (deterministic from the seed).
        weights = district_weight or plan.district_weight
        codes = list(weights)
        cumulative, running = [], 0.0
        for code in codes:
            running += weights[code]
            cumulative.append(running)
        rng = random.Random(f"{seed}:pool")
        self.pool_by_district: dict[str, list[int]] = {code: [] for code in codes}
        self._home_district: list[str] = [""]
        for identity_id in range(1, self.pool_size + 1):
            code = codes[min(bisect.bisect(cumulative, rng.random() * running), len(codes) - 1)]
            self.pool_by_district[code].append(identity_id)
            self._home_district.append(code)

    # -- identities -------------------------------------------------------------------------------------

    def _make_identity(self, identity_id: int, rng: random.Random, home: PlannedStation, sex: str,
                       born: date, nickname: bool, married: bool,
                       family: NameKey | None = None) -> Identity:  # fmt: skip
        key = names.random_name_key(rng, sex, None if family is None else family.community)
        if family is not None and family.surname >= 0 and key.surname >= 0 and key.community == family.community:
            key = names.NameKey(key.community, sex, key.first, family.surname, key.middle, key.has_mohammad, -1)
        if nickname:
            key = names.with_nickname(rng, key)
        married = married and sex == FEMALE
        relation = "husband" if married and rng.random() < 0.8 else "father"
        relative = names.relative_key(rng, key, relation)
        mobiles = (mobile_number(rng),) if rng.random() < 0.85 else ()
        if mobiles and rng.random() < 0.35:
            mobiles += (mobile_number(rng),)
        village = villages_of(home.station.code)[dice.below(rng, 30)]
        mark = dice.below(rng, len(MARKS_EN)) if rng.random() < 0.4 else -1
        return Identity(identity_id, key, relative, relation, born, home, village, mobiles, mark)

    def repeat_identity(self, identity_id: int) -> Identity:
        identity = self._identities.get(identity_id)
        if identity is None:
            rng = random.Random(f"{self.seed}:identity:{identity_id}")
            stations = self.district_stations[self._home_district[identity_id]]
            home = stations[dice.below(rng, len(stations))]
            born = date(dice.between(rng, 1960, 1998), dice.between(rng, 1, 12), dice.between(rng, 1, 28))
            sex = FEMALE if rng.random() < 0.04 else MALE
            identity = self._make_identity(identity_id, rng, home, sex, born, rng.random() < 0.45, True)
            self._identities[identity_id] = identity
        return identity

    def pick_repeat(self, rng: random.Random, district_code: str, on: date) -> Identity | None:
        """A pool identity for an accused: usually of this district, sometimes from anywhere; adult on ``on``."""
        for _ in range(3):
            pool = self.pool_by_district.get(district_code) if rng.random() < 0.75 else None
            if pool:
                identity_id = pool[int(len(pool) * rng.random() ** 1.6)]
            else:
                identity_id = 1 + int(self.pool_size * rng.random() ** 1.6)
            identity = self.repeat_identity(identity_id)
            if 17 <= on.year - identity.born.year <= 70:
                return identity
        return None

    def officer(self, station: PlannedStation, number: int) -> tuple[Identity, str]:
        """Officer ``number`` (0-based) of a station and their rank; number 0 is the SHO."""
        index = station.index * OFFICERS_PER_STATION + number
        found = self._officers.get(index)
        if found is None:
            rng = random.Random(f"{self.seed}:officer:{station.station.code}:{number}")
            born = date(dice.between(rng, 1965, 1995), dice.between(rng, 1, 12), dice.between(rng, 1, 28))
            sex = FEMALE if rng.random() < 0.12 else MALE
            identity = self._make_identity(self.officer_base + index + 1, rng, station, sex, born, False, True)
            rank = "Inspector" if number == 0 else OFFICER_RANKS[dice.below(rng, len(OFFICER_RANKS))]
            found = (identity, rank)
            self._officers[index] = found
        return found

    def officer_name(self, station: PlannedStation, number: int) -> tuple[str, str]:
        """The officer's name as the FIR's IO field gives it (one fixed spelling) and rank."""
        index = station.index * OFFICERS_PER_STATION + number
        found = self._officer_names.get(index)
        if found is None:
            identity, rank = self.officer(station, number)
            found = (names.render_name(random.Random(0), identity.key, deva=False, exact=True), rank)
            self._officer_names[index] = found
        return found

    def one_off_identity(self, rng: random.Random, identity_id: int, station: PlannedStation, sex: str, age: int,
                         on: date, family: NameKey | None = None) -> Identity:  # fmt: skip
        """A new person; with ``family``, one of that person's family (same community and surname)."""
        born = date(on.year - age, dice.between(rng, 1, 12), dice.between(rng, 1, 28))
        return self._make_identity(identity_id, rng, station, sex, born, rng.random() < 0.05, age >= 20,
                                   family)  # fmt: skip

    # -- rows -----------------------------------------------------------------------------------------

    def person_row(self, rng: random.Random, key: int, identity: Identity, on: date, *, deva_share: float = 0.3,
                   accused: bool = False, mobile_share: float = 0.5) -> PersonRow:  # fmt: skip
        """One record of ``identity`` written on ``on``; ``key`` numbers the row."""
        deva = rng.random() < deva_share
        married = identity.relation == "husband"
        name = names.render_name(rng, identity.key, deva, married=married)
        relative_name = relation = None
        if rng.random() < 0.85:
            relative_name = names.render_name(rng, identity.relative, deva)
            relation = identity.relation
        age = on.year - identity.born.year - ((on.month, on.day) < (identity.born.month, identity.born.day))
        noise = rng.random()
        if noise < 0.3:
            age += 1 if noise < 0.15 else -1
        elif noise < 0.4:
            age += 2 if noise < 0.35 else -2
        home = identity.home
        if deva:
            address = f"ग्राम- {identity.village.deva}, थाना- {home.station.name_hi}, जिला- {home.district.name_hi}"
            village = identity.village.deva
        else:
            address = f"Vill- {identity.village.latin}, PS- {home.station.name_en}, Dist- {home.district.name_en}"
            village = identity.village.latin
        pincode = f"{pincode_base(home.district.code)}{dice.span(rng, 1, 40):02d}" if rng.random() < 0.3 else None
        addresses = [AddressRow("present", address, village, home.station.code, home.district.code, pincode)]
        mobiles: list[str] = []
        if identity.mobiles and rng.random() < mobile_share:
            mobiles.append(identity.mobiles[0] if rng.random() < 0.75 else identity.mobiles[-1])
        elif accused and rng.random() < 0.1:
            mobiles.append(mobile_number(rng))
        aliases: list[tuple[str, str]] = []
        if identity.key.nickname >= 0 and rng.random() < 0.7:
            alias = names.render_nickname(rng, identity.key, deva)
            if alias:
                aliases.append((alias, "devanagari" if deva else "latin"))
        marks = None
        if accused and identity.mark >= 0 and rng.random() < 0.5:
            marks = (MARKS_HI if deva else MARKS_EN)[identity.mark]
        return PersonRow(
            key=key,
            synthetic_identity=identity.id,
            name=name,
            name_script="devanagari" if deva else "latin",
            relative_name=relative_name,
            relation_kind=relation,
            gender=identity.key.sex,
            age_years=max(age, 1),
            age_recorded_on=on,
            identifying_marks=marks,
            aliases=aliases,
            addresses=addresses,
            mobiles=mobiles,
        )
