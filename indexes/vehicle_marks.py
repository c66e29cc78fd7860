"""Vehicle registration marks written in text, the one reading of them: the search box takes them out of what was
typed (``BR 01 AB 1234``, ``br01ab1234``, ``BR-1-AB-1234``, ``22 BH 1234 AA``), and an FIR's document lists those
its facts mention, written as the index holds them (``BR01AB1234``), so a number typed in the box finds the case."""

from __future__ import annotations

import re

from people.names.scripts import ascii_digits

# State and union territory codes of Indian registration marks.
STATE_CODES = frozenset(
    {
        "AN",
        "AP",
        "AR",
        "AS",
        "BR",
        "CG",
        "CH",
        "DD",
        "DL",
        "DN",
        "GA",
        "GJ",
        "HP",
        "HR",
        "JH",
        "JK",
        "KA",
        "KL",
        "LA",
        "LD",
        "MH",
        "ML",
        "MN",
        "MP",
        "MZ",
        "NL",
        "OD",
        "OR",
        "PB",
        "PY",
        "RJ",
        "SK",
        "TN",
        "TR",
        "TS",
        "UK",
        "UP",
        "WB",
    }
)
VEHICLE_MARK = re.compile(
    rf"(?<![\w])({'|'.join(sorted(STATE_CODES))})[\s.-]*(\d{{1,2}})[\s.-]*([A-Z]{{0,3}})[\s.-]*(\d{{1,4}})(?!\w)",
    re.IGNORECASE,
)
BH_SERIES_MARK = re.compile(r"(?<![\w])(\d{2})[\s.-]*BH[\s.-]*(\d{4})[\s.-]*([A-Z]{1,2})(?!\w)", re.IGNORECASE)


def registration(match: re.Match[str]) -> str | None:
    """The registration mark a VEHICLE_MARK or BH_SERIES_MARK match spells, written as the index holds it
    ("BR01AB1234", "22BH1234AA"); None when the match is more likely words ("UP 12 5")."""
    if match.re is BH_SERIES_MARK:
        year, number, letters = match.groups()
        return f"{year}BH{number}{letters}".upper()
    state, district, series, number = match.groups()
    if not series and len(number) < 3:
        return None
    return f"{state}{int(district):02d}{series}{int(number):04d}".upper()


_DEVANAGARI_DIGIT = re.compile("[\u0966-\u096f]")
_DIGIT_RUN = re.compile(r"\d+")
_STATE_CODES_LOWER = frozenset(code.lower() for code in STATE_CODES)
_SEPARATOR_MARKS = ".-"  # with any whitespace, what the patterns' [\s.-]* allows between the parts


def _may_hold_registration(text: str) -> bool:
    """Whether ``text`` may hold a registration mark, cheaply: a run of digits with a state code before it or "BH"
    after it, past any separators. Never false where VEHICLE_MARK or BH_SERIES_MARK matches (their only case-insensitive
    equals of these letters are the Kelvin sign, which lower() makes "k", and the long s); most facts hold only
    dates and times, and scanning the digit runs costs a fraction of trying both patterns at every character."""
    for run in _DIGIT_RUN.finditer(text):
        before, after = run.span()
        while before > 0 and (text[before - 1] in _SEPARATOR_MARKS or text[before - 1].isspace()):
            before -= 1
        if before >= 2 and text[before - 2 : before].lower().replace("\u017f", "s") in _STATE_CODES_LOWER:
            return True
        while after < len(text) and (text[after] in _SEPARATOR_MARKS or text[after].isspace()):
            after += 1
        if text[after : after + 2].lower() == "bh":
            return True
    return False


def vehicle_numbers(text: str) -> list[str]:
    """Every vehicle registration mark written in ``text`` (a complaint's facts), as the index holds them, the
    way the search box reads them: so a number typed in the box finds the case whose facts mention it."""
    if _DEVANAGARI_DIGIT.search(text):
        text = ascii_digits(text)
    if not _may_hold_registration(text):
        return []
    found = [registration(match) for pattern in (VEHICLE_MARK, BH_SERIES_MARK) for match in pattern.finditer(text)]
    return list(dict.fromkeys(number for number in found if number))
