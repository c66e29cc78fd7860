"""The one mapping from our codes to the national codes of the exchange (docs/exchange/v1/README.md, "Codes").

No national code table for districts, stations or acts is published, so version 1 defines the rule:

* **state**: the Census 2011 state code, two digits, as ``state.code`` holds it (Bihar: ``10``);
* **district**: the state code, a hyphen, the state's own district code (``10-VAISHALI``, ``10-PATNA_RLY``); the
  Census 2011 district code travels beside it when the district has one (railway districts have none);
* **station**: the state code, a hyphen, the state's own station code (``10-VAISHALI-HAJIPUR-SADAR``); station
  codes are unique within a state and never change when a station is renamed (``records.reference.stations``);
* **FIR key**: station code / year / serial (``10-VAISHALI-HAJIPUR-SADAR/2025/17``);
* **act**: a central act by its code (``BNS``), a state's own act after the state code and a dot (``10.BPEA``),
  both from the shipped list ``schemas/v1/acts.json``; a section keeps its number as cited (``303(2)``);
* **person**: the state code, ``-P``, our person number (``10-P4711``): stable for one person within a state,
  meaningless elsewhere.

An act without a national code is not guessed: :func:`national_act` returns None and the quality gate holds the
record back (``exchange.quality``).

Two tables of words live here too, the one home of each, used by the API, the pages and the dashboard:
:data:`STATE_NAMES` (every state's name in English and Hindi by its code) and :data:`PURPOSES` (the purpose codes
every cross-state query and confirmation request carries, docs/exchange/v1/README.md, with their names).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

STATE_CODE = re.compile(r"^[0-9]{2}$")
DISTRICT_CODE = re.compile(r"^[A-Z0-9_]{1,16}$")
STATION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,23}$")
SPEC_VERSION = "cctns-exchange/1"

# The states and union territories by their code (Census 2011 state codes; Telangana and Ladakh by the codes given
# them after 2011), so that a page names a state in words even when it is not a registered peer.
STATE_NAMES: dict[str, tuple[str, str]] = {
    "01": ("Jammu and Kashmir", "जम्मू और कश्मीर"),
    "02": ("Himachal Pradesh", "हिमाचल प्रदेश"),
    "03": ("Punjab", "पंजाब"),
    "04": ("Chandigarh", "चंडीगढ़"),
    "05": ("Uttarakhand", "उत्तराखंड"),
    "06": ("Haryana", "हरियाणा"),
    "07": ("Delhi", "दिल्ली"),
    "08": ("Rajasthan", "राजस्थान"),
    "09": ("Uttar Pradesh", "उत्तर प्रदेश"),
    "10": ("Bihar", "बिहार"),
    "11": ("Sikkim", "सिक्किम"),
    "12": ("Arunachal Pradesh", "अरुणाचल प्रदेश"),
    "13": ("Nagaland", "नागालैंड"),
    "14": ("Manipur", "मणिपुर"),
    "15": ("Mizoram", "मिज़ोरम"),
    "16": ("Tripura", "त्रिपुरा"),
    "17": ("Meghalaya", "मेघालय"),
    "18": ("Assam", "असम"),
    "19": ("West Bengal", "पश्चिम बंगाल"),
    "20": ("Jharkhand", "झारखंड"),
    "21": ("Odisha", "ओडिशा"),
    "22": ("Chhattisgarh", "छत्तीसगढ़"),
    "23": ("Madhya Pradesh", "मध्य प्रदेश"),
    "24": ("Gujarat", "गुजरात"),
    "25": ("Daman and Diu", "दमन और दीव"),
    "26": ("Dadra and Nagar Haveli", "दादरा और नगर हवेली"),
    "27": ("Maharashtra", "महाराष्ट्र"),
    "28": ("Andhra Pradesh", "आंध्र प्रदेश"),
    "29": ("Karnataka", "कर्नाटक"),
    "30": ("Goa", "गोवा"),
    "31": ("Lakshadweep", "लक्षद्वीप"),
    "32": ("Kerala", "केरल"),
    "33": ("Tamil Nadu", "तमिलनाडु"),
    "34": ("Puducherry", "पुडुचेरी"),
    "35": ("Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह"),
    "36": ("Telangana", "तेलंगाना"),
    "37": ("Ladakh", "लद्दाख"),
}

# Why a cross-state query or a confirmation request is asked: the one list both carry (the JSON Schema of the
# confirmation messages names the same codes; a test keeps them equal).
PURPOSES: dict[str, tuple[str, str]] = {
    "investigation": ("Investigation of a registered case", "दर्ज मामले की जाँच"),
    "verification": ("Antecedent verification of an accused or suspect", "अभियुक्त या संदिग्ध का पूर्ववृत्त सत्यापन"),
    "missing_person": ("Tracing a missing person", "गुमशुदा व्यक्ति की तलाश"),
    "unidentified_body": ("Identifying an unidentified body", "अज्ञात शव की पहचान"),
    "absconder": ("Tracing a wanted person or absconder", "वांछित व्यक्ति या फरार की तलाश"),
    "court_process": ("Serving a court's summons or warrant", "न्यायालय के समन या वारंट की तामील"),
}


def _in(names: tuple[str, str], language: str) -> str:
    return names[1] if language == "hi" else names[0]


def state_name(code: str, language: str = "en") -> str:
    """The state's name in ``language`` (``en`` or ``hi``); an unknown code is shown as itself."""
    return _in(STATE_NAMES[code], language) if code in STATE_NAMES else code


def purpose_name(code: str, language: str = "en") -> str:
    """The purpose's name in ``language``; an unknown code (an old audit row) is shown as itself."""
    return _in(PURPOSES[code], language) if code in PURPOSES else code


@cache
def national_acts() -> dict[str, str]:
    """Every national act code of version 1 with its name: central acts, then each state's acts (``10.BPEA``)."""
    table = json.loads(resources.files("exchange").joinpath("schemas/v1/acts.json").read_text(encoding="utf-8"))
    codes = dict(table["central"])
    for state, acts in table["state"].items():
        codes.update({f"{state}.{code}": name for code, name in acts.items()})
    return codes


def national_act(state: str, act_code: str) -> str | None:
    """The national code of our act ``act_code`` in ``state``, or None when version 1 has none."""
    codes = national_acts()
    if act_code in codes:
        return act_code
    own = f"{state}.{act_code}"
    return own if own in codes else None


def national_district(state: str, district_code: str) -> str:
    return f"{state}-{district_code}"


def national_station(state: str, station_code: str) -> str:
    return f"{state}-{station_code}"


def fir_key(state: str, station_code: str, year: int, serial: int) -> str:
    return f"{national_station(state, station_code)}/{year}/{serial}"


def person_ref(state: str, person_id: int) -> str:
    return f"{state}-P{person_id}"
