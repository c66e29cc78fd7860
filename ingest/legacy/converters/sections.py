"""Act-and-section cells (``379/411 IPC``, ``धारा 302 भा.द.वि.``, ``IPC 1860 U/s: 306,363``) as citations of
our act codes and section numbers, and the act names registers write for our acts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cases.normalise import normalise_section_number
from ingest.legacy.converters.cells import text
from people.names.scripts import ascii_digits

BUILTIN_ACT_ALIASES: dict[str, str] = {
    "IPC": "IPC",
    "INDIAN PENAL CODE": "IPC",
    "I P C": "IPC",
    "भादवि": "IPC",
    "भादंवि": "IPC",
    "भारतीय दंड संहिता": "IPC",
    "भारतीय दण्ड संहिता": "IPC",
    "BNS": "BNS",
    "BHARATIYA NYAYA SANHITA": "BNS",
    "भान्यास": "BNS",
    "बीएनएस": "BNS",
    "भारतीय न्याय संहिता": "BNS",
    "CRPC": "CRPC",
    "CR P C": "CRPC",
    "CODE OF CRIMINAL PROCEDURE": "CRPC",
    "दप्रस": "CRPC",
    "BNSS": "BNSS",
    "ARMS ACT": "ARMS",
    "ARMS": "ARMS",
    "आर्म्स एक्ट": "ARMS",
    "शस्त्र अधिनियम": "ARMS",
    "NDPS": "NDPS",
    "NDPS ACT": "NDPS",
    "NARCOTIC DRUGS & PSYCHOTROPIC SUBSTANCES ACT": "NDPS",
    "NARCOTIC DRUGS AND PSYCHOTROPIC SUBSTANCES ACT": "NDPS",
    "POCSO": "POCSO",
    "POCSO ACT": "POCSO",
    "PROTECTION OF CHILDREN FROM SEXUAL OFFENCES ACT": "POCSO",
    "MV ACT": "MV",
    "MV": "MV",
    "M V ACT": "MV",
    "MOTOR VEHICLES ACT": "MV",
    "INDIAN MOTOR VEHICLES ACT": "MV",
    "DP ACT": "DP",
    "DP": "DP",
    "DOWRY PROHIBITION ACT": "DP",
    "SC/ST ACT": "SCST",
    "SC ST ACT": "SCST",
    "SCST": "SCST",
    "IT ACT": "IT",
    "INFORMATION TECHNOLOGY ACT": "IT",
    "EXPLOSIVE SUBSTANCES ACT": "ESA",
    "EXPLOSIVE ACT": "ESA",
    "ITPA": "ITPA",
    "IMMORAL TRAFFIC (PREVENTION) ACT": "ITPA",
    "IMMORAL TRAFFIC PREVENTION ACT": "ITPA",
    "BIHAR PROHIBITION AND EXCISE ACT": "BPEA",
    "BIHAR PROHIBITION ACT": "BPEA",
    "मद्य निषेध अधिनियम": "BPEA",
    "उत्पाद अधिनियम": "BEA",
    "BIHAR EXCISE ACT": "BEA",
    "EXCISE ACT": "BEA",
    "PUBLIC GAMBLING ACT": "GAMBLING",
    "GAMBLING ACT": "GAMBLING",
}
_STOP_WORDS = {
    "U", "S", "US", "SEC", "SECS", "SECTION", "SECTIONS", "AND", "R", "W", "RW", "READ", "WITH", "OF", "THE", "UNDER",
    "धारा", "धाराएं", "एवं", "व", "तथा", "और", "सहपठित", "का", "के", "की",
}  # fmt: skip
_NUMBER = re.compile(r"\d+(?:-?[A-Za-z]{1,2}\b)?(?:\s?\([0-9A-Za-z\-]+\))*")
_YEAR = re.compile(r"^(18|19|20)\d\d$")
_SPLIT_US = re.compile(r"\bU\s*/\s*S\b\.?\s*:?", re.IGNORECASE)
_LEADING_NUMBERS = re.compile(r"^\s*((?:\d[\w()\-]*)(?:\s*[,/&]\s*\d[\w()\-]*)*)\s*,?\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Citation:
    """One cited section: ``act`` is our act code, or None when the act is not one we know (``act_text``)."""

    act: str | None
    section: str
    act_text: str


def act_key(name: str) -> str:
    """How act names are compared: upper case, no years, dots or commas, single spaces."""
    key = unicodedata.normalize("NFC", name).upper()
    key = re.sub(r"(?<=[\u0900-\u097f])०", "", key)  # ० used as an abbreviation dot: भा०द०वि०
    key = re.sub(r"\b(18|19|20)\d\d\b", " ", key)
    key = re.sub(r"[.,:;'\"]", "", key)
    return re.sub(r"\s+", " ", key).strip()


def section_number(raw: str) -> str:
    """``498 a`` / ``498-A`` -> ``498A``, ``78 (3)`` -> ``78(3)``: upper case, no spaces or hyphens."""
    return re.sub(r"^(\d+)-(?=[A-Z])", r"\1", normalise_section_number(raw))


def section_variants(number: str) -> list[str]:
    """Spellings to try in turn: as cited, ``304(A)`` as ``304A`` (and back), then the section without its
    sub-clauses (``376(2)(N)`` -> ``376(2)`` -> ``376``)."""
    variants = [number]
    letter = re.match(r"^(\d+)\(([A-Z])\)(.*)$", number)
    if letter:
        variants.append(f"{letter.group(1)}{letter.group(2)}{letter.group(3)}")
    bare = re.match(r"^(\d+)([A-Z])$", number)
    if bare:
        variants.append(f"{bare.group(1)}({bare.group(2)})")
    while "(" in number:
        number = number[: number.rindex("(")]
        variants.append(number)
    return variants


class ActResolver:
    """Turns act names as written into our act codes: built-in aliases, the act table, the profile's own."""

    def __init__(self, acts: Mapping[str, Sequence[str]] = {}, extra: Mapping[str, str] = {}) -> None:
        self.aliases: dict[str, str] = {act_key(k): v for k, v in BUILTIN_ACT_ALIASES.items()}
        for code, names in acts.items():
            for name in (code, *names):
                if name:
                    self.aliases.setdefault(act_key(name), code)
        self.aliases.update({act_key(k): v.upper() for k, v in extra.items()})
        self._compact = {key.replace(" ", ""): code for key, code in self.aliases.items()}

    def code(self, name: str) -> str | None:
        key = act_key(name)
        key = re.sub(r"^(?:(?:U S|US|SEC|SECTION|धारा|OF|THE|AND|एवं|व|तथा)\s+)+", "", key)
        key = re.sub(r"(?:\s+(?:AND|एवं|व|तथा|OF|THE|U S|US|धारा))+$", "", key).strip()
        if not key:
            return None
        return self.aliases.get(key) or self._compact.get(key.replace(" ", ""))


def parse_sections(value: object, resolver: ActResolver, default_act: str | None = None) -> list[Citation]:
    """Every section cited in a cell, in the styles real registers use:

    ``IPC 1860 U/s: 306,363`` (several acts one after another), ``379/411 IPC``, ``धारा 302 भा.द.वि.``,
    ``IPC 302, 34; ARMS 27``, ``302/34 IPC & 27 Arms Act``. Numbers before the first act name belong to the act
    that follows them; a cell of bare numbers takes ``default_act``.
    """
    raw = text(value)
    if raw is None:
        return []
    raw = ascii_digits(re.sub(r"(?<=[\u0900-\u097f])०", ".", raw))
    if _SPLIT_US.search(raw):
        return _parse_us_style(raw, resolver)
    return _parse_free_style(raw, resolver, default_act)


def _parse_us_style(raw: str, resolver: ActResolver) -> list[Citation]:
    pieces = _SPLIT_US.split(raw)
    citations: list[Citation] = []
    act_name = pieces[0]
    for piece in pieces[1:]:
        match = _LEADING_NUMBERS.match(piece)
        numbers, rest = (match.group(1), match.group(2)) if match else ("", piece)
        code = resolver.code(act_name)
        for number in re.split(r"\s*[,/&]\s*", numbers):
            if number.strip():
                citations.append(Citation(code, section_number(number), act_name.strip(" ,;")))
        act_name = rest
    return citations


def _parse_free_style(raw: str, resolver: ActResolver, default_act: str | None) -> list[Citation]:
    tokens: list[tuple[str, str]] = []  # ("num", "302") or ("act", "IPC")
    position = 0
    for match in _NUMBER.finditer(raw):
        _add_words(raw[position : match.start()], tokens)
        number = match.group()
        if _YEAR.match(number) and tokens and tokens[-1][0] == "act":
            position = match.end()
            continue  # "IPC 1860", "Arms Act 1959": the act's year, not a section
        tokens.append(("num", number))
        position = match.end()
    _add_words(raw[position:], tokens)
    numbers_first = bool(tokens) and tokens[0][0] == "num"
    citations: list[Citation] = []
    pending: list[str] = []
    current: str | None = None
    for kind, value in tokens:
        if kind == "num":
            if numbers_first:
                pending.append(value)
            else:
                citations.append(_citation(resolver, current, value, default_act))
        else:
            if numbers_first:
                citations.extend(_citation(resolver, value, number, default_act) for number in pending)
                pending = []
            current = value
    for number in pending:  # numbers after the last act in numbers-first style, or a cell of bare numbers
        act = current if citations else None
        citations.append(_citation(resolver, act, number, default_act))
    return citations


def _add_words(chunk: str, tokens: list[tuple[str, str]]) -> None:
    for part in re.split(r"[;,/&+]|\bR\s*/\s*W\b", chunk, flags=re.IGNORECASE):
        words = [w for w in re.split(r"[\s.:()\-]+", part) if w and w.upper() not in _STOP_WORDS]
        if words:
            tokens.append(("act", " ".join(words)))


def _citation(resolver: ActResolver, act_name: str | None, number: str, default_act: str | None) -> Citation:
    if act_name is None:
        return Citation(default_act, section_number(number), default_act or "")
    return Citation(resolver.code(act_name), section_number(number), act_name)
