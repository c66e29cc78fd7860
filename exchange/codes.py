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
