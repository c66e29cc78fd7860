"""What matching knows about one person record, loaded in bulk from PostgreSQL and reduced to comparable forms."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from people.names import CACHED_NAMES
from people.names.forms import name_forms
from people.names.phonetic import loose_key, phonetic_key

# Tokens that say little about who someone is: they are kept out of the given name and surname.
FILLER_TOKENS = frozenset({"mohammad", "kumar", "kumari", "devi", "debi", "khatoon", "khatun", "begum", "sri", "shri"})

# Identifying marks, as the kind of mark and where it is, in either script.
_MARK_KINDS = {
    "mole": "mole", "til": "mole", "तिल": "mole",
    "scar": "scar", "चोट": "scar",
    "cut": "cut", "कटे": "cut", "कटा": "cut",
    "burn": "burn", "जले": "burn", "जला": "burn",
    "tattoo": "tattoo", "गोदना": "tattoo",
}  # fmt: skip
_MARK_SIDES = {"left": "left", "बाएं": "left", "बायें": "left", "right": "right", "दाहिने": "right", "दाहिनी": "right"}
_MARK_PLACES = {
    "cheek": "cheek", "गाल": "cheek", "hand": "hand", "हाथ": "hand", "arm": "arm", "neck": "neck", "गर्दन": "neck",
    "eye": "eye", "आँख": "eye", "आंख": "eye", "forehead": "forehead", "माथे": "forehead",
}  # fmt: skip


def mark_codes(text: str | None) -> frozenset[str]:
    """Identifying marks as "kind:side:place" codes, the same for "mole on left cheek" and "बाएं गाल पर तिल"."""
    if not text:
        return frozenset()
    codes = set()
    for part in re.split(r"[;,]|\band\b|और", text.lower()):
        words = re.findall(r"[a-z]+|[\u0900-\u097f]+", part)
        kind = next((_MARK_KINDS[w] for w in words if w in _MARK_KINDS), None)
        if kind is None:
            continue
        side = next((_MARK_SIDES[w] for w in words if w in _MARK_SIDES), "")
        place = next((_MARK_PLACES[w] for w in words if w in _MARK_PLACES), "")
        codes.add(f"{kind}:{side}:{place}")
    return frozenset(codes)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name reduced to its given name and surname (Latin keys), with their phonetic and loose keys."""

    written: str
    tokens: tuple[str, ...]
    given: str
    surname: str

    @property
    def given_loose(self) -> str:
        return loose_key(phonetic_key(self.given)) or self.given

    @property
    def surname_loose(self) -> str:
        return loose_key(phonetic_key(self.surname)) or self.surname


@functools.lru_cache(maxsize=CACHED_NAMES)
def name_parts(name: str | None) -> NameParts | None:
    if not name:
        return None
    tokens = name_forms(name).keys
    telling = [t for t in tokens if t not in FILLER_TOKENS and len(t) > 1]
    if not telling:
        return None
    return NameParts(name, tokens, telling[0], telling[-1] if len(telling) > 1 else "")


@dataclass(frozen=True, slots=True)
class PersonProfile:
    id: int
    name: NameParts | None
    aliases: tuple[NameParts, ...]
    relative: NameParts | None
    relation_kind: str | None
    gender: str
    date_of_birth: date | None
    born_about: float | None  # year of birth as a fraction, from the date of birth or the age when recorded
    mobiles: frozenset[str]
    station_ids: frozenset[int]
    district_ids: frozenset[int]
    fir_district_ids: frozenset[int]  # districts of the FIRs naming the record (for blocking only)
    villages: dict[str, str]  # loose key of the village -> as written
    marks: frozenset[str]
    marks_written: str | None


def _year_fraction(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


@functools.lru_cache(maxsize=CACHED_NAMES)
def village_key(village: str) -> str:
    return "".join(loose_key(phonetic_key(t)) or t for t in name_forms(village).keys)


def _village_keys(villages: Iterable[str | None]) -> dict[str, str]:
    return {key: village for village in villages if village and (key := village_key(village))}


PROFILE_QUERY = sa.text(
    """
    SELECT p.id, p.name, p.relative_name, p.relation_kind::text AS relation_kind, p.gender::text AS gender,
           p.date_of_birth, p.age_years, p.age_recorded_on, p.identifying_marks,
           ARRAY(SELECT a.alias FROM person_alias a WHERE a.person_id = p.id) AS aliases,
           ARRAY(SELECT m.number FROM person_mobile m WHERE m.person_id = p.id) AS mobiles,
           ARRAY(SELECT ad.police_station_id FROM person_address ad
                 WHERE ad.person_id = p.id AND ad.police_station_id IS NOT NULL) AS station_ids,
           ARRAY(SELECT ad.district_id FROM person_address ad
                 WHERE ad.person_id = p.id AND ad.district_id IS NOT NULL) AS district_ids,
           ARRAY(SELECT ad.village_or_town FROM person_address ad WHERE ad.person_id = p.id) AS villages,
           ARRAY(SELECT DISTINCT s.district_id FROM fir_party fp JOIN fir f ON f.id = fp.fir_id
                 JOIN police_station s ON s.id = f.station_id WHERE fp.person_id = p.id) AS fir_district_ids
    FROM person p WHERE p.id = ANY(:ids)
    """
)


def profile_from_row(row: sa.Row) -> PersonProfile:
    if row.date_of_birth is not None:
        born = _year_fraction(row.date_of_birth)
    elif row.age_years is not None and row.age_recorded_on is not None:
        born = _year_fraction(row.age_recorded_on) - row.age_years - 0.5  # "34" means 34 to 35
    else:
        born = None
    return PersonProfile(
        id=row.id,
        name=name_parts(row.name),
        aliases=tuple(p for p in (name_parts(a) for a in row.aliases) if p is not None),
        relative=name_parts(row.relative_name),
        relation_kind=row.relation_kind,
        gender=row.gender,
        date_of_birth=row.date_of_birth,
        born_about=born,
        mobiles=frozenset(row.mobiles),
        station_ids=frozenset(row.station_ids),
        district_ids=frozenset(row.district_ids),
        fir_district_ids=frozenset(row.fir_district_ids),
        villages=_village_keys(row.villages),
        marks=mark_codes(row.identifying_marks),
        marks_written=row.identifying_marks,
    )


def load_profiles(connection: Connection | Session, ids: Sequence[int]) -> dict[int, PersonProfile]:
    """Profiles of these person ids (missing ids are left out)."""
    if not ids:
        return {}
    rows = connection.execute(PROFILE_QUERY, {"ids": list(ids)})
    return {row.id: profile_from_row(row) for row in rows}
