"""Plausible place names, addresses, PIN codes and vehicle registration series for Bihar.

Village and town names are built from common Bihari name parts (Rampur, Bishunpur, Madhopur, ...); they
look real but are made up here. Everything about a place depends only on the station or district code,
never on the run's seed, so a station keeps its villages from one run to the next.
"""

from __future__ import annotations

import random
import zlib
from functools import cache
from typing import NamedTuple

from sample_data import dice
from sample_data.names import Token, parse_tokens

PLACE_PREFIXES = parse_tokens("""
राम|Ram बिशुन|Bishun/Vishun माधो|Madho चंद|Chand सुल्तान|Sultan नवाब|Nawab बेला|Bela केश|Kesh शिव|Shiv
हरि|Hari गोविंद|Govind/Gobind लक्ष्मी|Laxmi/Lakshmi महम्मद|Mahammad सीता|Sita कृष्ण|Krishn/Kishun भवानी|Bhawani
दुर्गा|Durga जगदीश|Jagdish रसूल|Rasul/Rasool फतेह|Fateh/Fatah बरहा|Barha सोन|Son धर्म|Dharm गोपाल|Gopal
मझौली|Majhauli/Majhouli चकिया|Chakia/Chakiya महुआ|Mahua बसंत|Basant/Vasant नारायण|Narayan इस्लाम|Islam
मिर्जा|Mirza/Mirja जमाल|Jamal सुंदर|Sundar कल्याण|Kalyan/Kalyaan हसन|Hasan/Hassan लाल|Lal बड़ा|Bara/Bada
""")
PLACE_SUFFIXES = parse_tokens("""
पुर|pur गंज|ganj नगर|nagar बाजार|bazar/bazaar डीह|dih बीघा|bigha चक|chak टोला|tola पट्टी|patti
बारी|bari पाड़ा|para/pada घाट|ghat खेड़ा|khera/kheda सराय|sarai/sarae
""")


class PlaceName(NamedTuple):
    deva: str
    latin: str


def _place_name(rng: random.Random) -> PlaceName:
    prefix: Token = dice.pick(rng, PLACE_PREFIXES)
    suffix: Token = dice.pick(rng, PLACE_SUFFIXES)
    return PlaceName(prefix.deva + suffix.deva, prefix.latin[0] + suffix.latin[0])


def stable_rng(*parts: object) -> random.Random:
    """A generator seeded from text alone (not the run's seed): same places every run."""
    return random.Random(":".join(str(part) for part in parts))


def unique_place_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[PlaceName]:
    taken = set() if taken is None else taken
    names: list[PlaceName] = []
    while len(names) < count:
        name = _place_name(rng)
        if name.latin not in taken:
            taken.add(name.latin)
            names.append(name)
    return names


@cache
def villages_of(station_code: str) -> tuple[PlaceName, ...]:
    """About thirty villages and mohallas in a station's area."""
    return tuple(unique_place_names(stable_rng("villages", station_code), 30))


def pincode_base(district_code: str) -> int:
    """A 4-digit PIN prefix in Bihar's 80-85 range, stable per district (plausible, not the postal map)."""
    return 8000 + zlib.crc32(district_code.encode()) % 550


# Registration numbers of Bihar's RTOs for the districts where they are well known; the rest get numbers
# from the unused ones in a stable order (plausible, not authoritative).
KNOWN_RTO = {
    "PATNA": 1, "GAYA": 2, "BHOJPUR": 3, "SARAN": 4, "EAST_CHAMPARAN": 5, "MOTIHARI": 5, "MUZAFFARPUR": 6,
    "DARBHANGA": 7, "MUNGER": 8, "BEGUSARAI": 9, "BHAGALPUR": 10, "PURNIA": 11, "PURNEA": 11, "NALANDA": 21,
    "WEST_CHAMPARAN": 22, "BETTIAH": 22, "VAISHALI": 31,
}  # fmt: skip


def rto_codes(district_codes: list[str]) -> dict[str, int]:
    """Two-digit RTO number per territorial district code."""
    used = {KNOWN_RTO[code] for code in district_codes if code in KNOWN_RTO}
    free = (number for number in range(12, 60) if number not in used)
    return {code: KNOWN_RTO[code] if code in KNOWN_RTO else next(free) for code in sorted(district_codes)}


DIRECTIONS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
DIRECTION_HI = {"N": "उत्तर", "NE": "उत्तर-पूर्व", "E": "पूर्व", "SE": "दक्षिण-पूर्व", "S": "दक्षिण",
                "SW": "दक्षिण-पश्चिम", "W": "पश्चिम", "NW": "उत्तर-पश्चिम"}  # fmt: skip
LANDMARKS_EN = ("near the primary school", "near the temple", "by the canal", "near the bus stand", "on the NH",
                "near the panchayat bhawan", "in the market", "near the railway crossing", "at the chowk",
                "near the mosque", "in the field", "near the brick kiln")  # fmt: skip
LANDMARKS_HI = ("प्राथमिक विद्यालय के पास", "मंदिर के पास", "नहर के किनारे", "बस स्टैंड के पास", "एनएच पर",
                "पंचायत भवन के पास", "बाजार में", "रेलवे ढाला के पास", "चौक पर", "मस्जिद के पास", "खेत में",
                "ईंट भट्ठा के पास")  # fmt: skip
