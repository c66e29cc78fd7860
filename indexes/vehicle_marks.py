"""Vehicle registration marks written in text, the one reading of them: the search box takes them out of what was
typed (``BR 01 AB 1234``, ``br01ab1234``, ``BR-1-AB-1234``, ``22 BH 1234 AA``), and an FIR's document lists those
its facts mention, written as the index holds them (``BR01AB1234``), so a number typed in the box finds the case.

Hindi writes the letters of a mark by their names and the digits in either script: ``बीआर ३१ एबी ४५२१``, ``बी.आर.
31 ए.बी. 4521`` are ``BR31AB4521`` (DEVANAGARI_VEHICLE_MARK). Only a whole mark is read so: a state code of two
spelled letters, its district digits, up to three spelled series letters and the number; the same words elsewhere
(के, जी, सी: "of", an honorific, "like") stay words."""

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

# The letters of the Latin alphabet as Hindi writes their names (both ways of writing a nukta letter).
LETTER_NAMES = {
    "ए": "A", "बी": "B", "सी": "C", "डी": "D", "ई": "E", "एफ": "F", "एफ़": "F", "ए\u095e": "F", "जी": "G",
    "एच": "H", "ऐच": "H", "आई": "I", "जे": "J", "के": "K", "एल": "L", "एम": "M", "एन": "N", "ओ": "O", "पी": "P",
    "क्यू": "Q", "आर": "R", "एस": "S", "टी": "T", "यू": "U", "वी": "V", "डब्ल्यू": "W", "डबल्यू": "W", "एक्स": "X",
    "वाई": "Y", "जेड": "Z", "ज़ेड": "Z", "\u095bेड": "Z",
}  # fmt: skip
_LETTER_NAME = "(?:" + "|".join(sorted(LETTER_NAMES, key=len, reverse=True)) + ")"
_SPELLED_LETTER = re.compile(_LETTER_NAME)
DEVANAGARI_VEHICLE_MARK = re.compile(
    rf"(?<![\w\u0900-\u097f])({_LETTER_NAME}\.?\s?{_LETTER_NAME})\.?[\s.-]*(\d{{1,2}})[\s.-]*"
    rf"((?:{_LETTER_NAME}\.?\s?){{0,3}})[\s.-]*(\d{{1,4}})(?!\w)"
)
VEHICLE_MARKS = (VEHICLE_MARK, BH_SERIES_MARK, DEVANAGARI_VEHICLE_MARK)  # every way a mark is written


def _spelled(letters: str) -> str:
    """Latin letters of letter names written in Devanagari: ``"बीआर"`` -> ``"BR"``."""
    return "".join(LETTER_NAMES[name] for name in _SPELLED_LETTER.findall(letters))


def registration(match: re.Match[str]) -> str | None:
    """The registration mark a match of one of VEHICLE_MARKS spells, written as the index holds it ("BR01AB1234",
    "22BH1234AA"); None when the match is more likely words ("UP 12 5", "के जी 12 5")."""
    if match.re is BH_SERIES_MARK:
        year, number, letters = match.groups()
        return f"{year}BH{number}{letters}".upper()
    state, district, series, number = match.groups()
    if match.re is DEVANAGARI_VEHICLE_MARK:
        state, series = _spelled(state), _spelled(series)
        if state not in STATE_CODES:
            return None
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


_SPELLED_ENDINGS = frozenset(name[-1] for name in LETTER_NAMES)


def _may_hold_spelled_registration(text: str) -> bool:
    """Whether ``text`` may hold a mark spelled in Devanagari, cheaply: a run of digits with the last character of
    a letter name before it, past any separators. Never false where DEVANAGARI_VEHICLE_MARK matches."""
    for run in _DIGIT_RUN.finditer(text):
        before = run.start()
        while before > 0 and (text[before - 1] in _SEPARATOR_MARKS or text[before - 1].isspace()):
            before -= 1
        if before > 0 and text[before - 1] in _SPELLED_ENDINGS:
            return True
    return False


_PREFILTERS = (
    (VEHICLE_MARK, _may_hold_registration),
    (BH_SERIES_MARK, _may_hold_registration),
    (DEVANAGARI_VEHICLE_MARK, _may_hold_spelled_registration),
)


def vehicle_numbers(text: str) -> list[str]:
    """Every vehicle registration mark written in ``text`` (a complaint's facts), as the index holds them, the
    way the search box reads them: so a number typed in the box finds the case whose facts mention it."""
    if _DEVANAGARI_DIGIT.search(text):
        text = ascii_digits(text)
    patterns = [pattern for pattern, may in _PREFILTERS if may(text)]
    found = [registration(match) for pattern in patterns for match in pattern.finditer(text)]
    return list(dict.fromkeys(number for number in found if number))
