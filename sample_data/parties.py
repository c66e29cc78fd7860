"""Who an FIR names: the complainant (a police officer in police cases, else a resident, often the victim),
victims, accused (some from the repeat-offender pool, in-laws sharing the family name in domestic cases) and
witnesses, each a person with the identity, address and mobile the generator gives them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sample_data import dice
from sample_data.head_groups import DOMESTIC_CASES, KIN_VICTIM, POLICE_CASES, SEPARATE_VICTIM, WOMEN_VICTIM
from sample_data.names import FEMALE, MALE, NameKey
from sample_data.people import Identity, People
from sample_data.rows import PartyRow, PersonRow
from sample_data.stations import PlannedStation

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
WITNESS_SHARE = 0.12  # FIRs naming witnesses


def draw_parties(
    rng: random.Random,
    people: People,
    new_key: Callable[[], int],
    head: str,
    planned: PlannedStation,
    day: date,
    hindi: bool,
    io_number: int,
    persons: list[PersonRow],
    identity_base: int,
) -> tuple[list[PartyRow], str | None]:
    """The FIR's complainant, victims, accused and witnesses (their persons appended to ``persons``, keyed by
    ``new_key``), and the victim's name as the facts give it (None: the complainant or no one named)."""
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
        add(people.person_row(rng, new_key(), officer, day, deva_share=deva_share, mobile_share=0.3),
            "complainant")  # fmt: skip
    else:
        sex = FEMALE if women_case and head not in {"DOWRY_DEATH", "KIDNAPPING_ABDUCTION"} else (
            FEMALE if rng.random() < 0.12 else MALE)  # fmt: skip
        age = dice.between(rng, 18, 45) if sex == FEMALE else dice.between(rng, 22, 70)
        key = new_key()
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
        key = new_key()
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
        key = new_key()
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
            key = new_key()
            identity = fresh(MALE, dice.between(rng, 20, 70))
            add(people.person_row(rng, key, identity, day, deva_share=deva_share, mobile_share=0.5), "witness")
    return parties, victim_name
