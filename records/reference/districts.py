"""Finding a police district by any name it goes by: its code, its English or Hindi name, or a name a
source gives it (the crosswalk, ``district_name_alias``), whatever the case, spacing or punctuation."""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import DistrictNameAlias, PoliceDistrict

# NCRB rows that are not places: the state total and units reporting state-wide (decided in records.reference.load).
NCRB_NON_DISTRICT_UNITS = frozenset({"TOTAL", "ZZ TOTAL", "ANTI TERRORIST SQUAD", "ECONOMIC OFFENCES UNIT"})


def district_key(name: str) -> str:
    """Compare key for district names: upper-case letters and digits only ('Kaimur(Bhabhua)' = 'KAIMUR (BHABHUA)').

    Devanagari keeps its vowel signs, so Hindi names compare too.
    """
    text = unicodedata.normalize("NFC", name).upper()
    return "".join(ch for ch in text if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc"))


_NON_DISTRICT_KEYS = frozenset(district_key(name) for name in NCRB_NON_DISTRICT_UNITS)


def is_known_non_district(name: str) -> bool:
    """True for NCRB rows that are not places: the state total and state-level units (ATS, EOU)."""
    return district_key(name) in _NON_DISTRICT_KEYS


def district_index(session: Session) -> dict[str, PoliceDistrict]:
    """Every name a district goes by (code, English and Hindi name, crosswalk aliases), by ``district_key``.

    For bulk look-ups (imports): load once, then ``index.get(district_key(name))``. Codes win over names, and
    names over aliases, should two ever share a key.
    """
    index: dict[str, PoliceDistrict] = {}
    districts = list(session.scalars(sa.select(PoliceDistrict).order_by(PoliceDistrict.code)))
    for attribute in ("code", "name_en", "name_hi"):
        for district in districts:
            index.setdefault(district_key(getattr(district, attribute)), district)
    by_id = {district.id: district for district in districts}
    aliases = session.execute(
        sa.select(DistrictNameAlias.name, DistrictNameAlias.district_id).order_by(DistrictNameAlias.id)
    )
    for name, district_id in aliases:
        index.setdefault(district_key(name), by_id[district_id])
    index.pop("", None)
    return index


def resolve_district(session: Session, name: str) -> PoliceDistrict | None:
    """The police district called ``name`` (a code, its name in English or Hindi, or any crosswalk alias).

    Case, spaces and punctuation do not matter ('patna rly.' finds PATNA_RLY). None if unknown, and for the
    NCRB rows that are not places (``is_known_non_district``).
    """
    key = district_key(name or "")
    if not key or key in _NON_DISTRICT_KEYS:
        return None
    return district_index(session).get(key)
