"""Converters from what legacy records hold to our values: dates (Excel serials too), numbers, act-and-section
strings, names with a father's or husband's name in the same cell, status words.

Each converter raises ``ConversionError`` with a reason code (counted in the import summary) and a message
that says what was found and what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation

from cases.normalise import clean_text, normalise_section_number
from people.names.scripts import ascii_digits
from people.relatives import NO_NAME_BEFORE_RELATIVE, NameWithRelative, split_relative

IST = timezone(timedelta(hours=5, minutes=30))
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year; serials from 61 on are right)
DEFAULT_DATE_FORMATS = ("iso", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "excel")


class ConversionError(ValueError):
    """A value cannot be converted: ``reason`` is the code counted in the summary, the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


BLANK_WORDS = frozenset({"", "NULL", "null", "-", "N/A", "NA"})  # cells that mean "nothing here"
_WHOLE_NUMBER = re.compile(r"[+-]?\d+(\.0+)?")


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value in BLANK_WORDS or value.strip() in BLANK_WORDS
    return False


def text(value: object, max_length: int | None = None) -> str | None:
    """A cell as clean text (``clean_text``: NFC, no control or bidi-override characters, trimmed), None when
    blank (or nothing is left); floats that are whole numbers lose their ``.0``."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = clean_text(str(value))
    if max_length is not None and len(result) > max_length:
        raise ConversionError("too_long", f"{len(result)} characters, at most {max_length} fit")
    return result or None  # nothing left once cleaned: blank


def integer(value: object) -> int | None:
    """Whole numbers: ``12``, ``12.0``, ``"0012"``, Devanagari digits."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ConversionError("bad_number", f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ConversionError("bad_number", f"{value!r} is not a whole number")
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return int(value)  # the common case: plain ASCII digits
    raw = ascii_digits(str(value).strip()).replace(",", "")
    if _WHOLE_NUMBER.fullmatch(raw):
        return int(raw.split(".")[0])
    raise ConversionError("bad_number", f"{value!r} is not a whole number")


def decimal(value: object) -> Decimal | None:
    """Amounts and distances: ``12,500``, ``2.5 km``, ``Rs. 4000``."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = ascii_digits(str(value)).replace(",", "")
    match = re.search(r"[-+]?\d+(\.\d+)?", raw)
    if not match:
        raise ConversionError("bad_number", f"{value!r} is not a number")
    try:
        return Decimal(match.group())
    except InvalidOperation:
        raise ConversionError("bad_number", f"{value!r} is not a number") from None


def boolean(value: object) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"true", "yes", "y", "1", "हाँ", "हां"}:
        return True
    if word in {"false", "no", "n", "0", "नहीं"}:
        return False
    raise ConversionError("bad_value", f"{value!r} is not yes or no")


def excel_serial_date(serial: float) -> datetime:
    """An Excel serial number (days since 1899-12-30, the fraction is the time of day) as a naive datetime."""
    if not 1 <= serial < 2958466:  # 1900-01-01 .. 9999-12-31
        raise ConversionError("bad_date", f"{serial!r} is not an Excel date serial number")
    return datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=serial)


def _as_naive(value: object, formats: Sequence[str]) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "excel" in formats:
            return excel_serial_date(float(value))
        raise ConversionError("bad_date", f"{value!r} is a number, not a date (add 'excel' to the formats)")
    raw = ascii_digits(str(value).strip())
    for fmt in formats:
        if fmt == "iso":
            try:
                parsed = datetime.fromisoformat(raw)
            except ValueError:
                continue
            return parsed
        if fmt == "excel":
            if re.fullmatch(r"\d+(\.\d+)?", raw):
                return excel_serial_date(float(raw))
            continue
        for candidate in (raw, raw.split(" ")[0]) if "%H" not in fmt else (raw,):
            try:
                return datetime.strptime(candidate, fmt)
            except ValueError:
                continue
    raise ConversionError("bad_date", f"{value!r} is not a date in any of the formats {', '.join(formats)}")


def parse_datetime(
    value: object,
    formats: Sequence[str] = DEFAULT_DATE_FORMATS,
    time_value: object = None,
    swap_day_month: bool = False,
) -> datetime | None:
    """A date (and time) in Indian Standard Time; ``time_value`` is a separate time cell (``14:30``, a fraction
    of a day, a ``time``). ``swap_day_month`` repairs dates a spreadsheet read as month/day (``5/1/2016`` typed
    for 5 January and stored as 1 May): it applies only to values that came as dates, not as text."""
    if is_blank(value):
        return None
    came_as_date = isinstance(value, date)
    parsed = _as_naive(value, formats)
    if swap_day_month and came_as_date and parsed.day <= 12:
        parsed = parsed.replace(month=parsed.day, day=parsed.month)
    if not is_blank(time_value):
        parsed = datetime.combine(parsed.date(), parse_time(time_value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=IST)
    if not date(1900, 1, 1) <= parsed.date() <= date(2100, 1, 1):
        raise ConversionError("bad_date", f"{value!r} gives the year {parsed.year}, which cannot be right")
    return parsed


def parse_time(value: object) -> time:
    """``14:30``, ``2:30 PM``, ``14.30``, a ``time``, or a fraction of a day (Excel)."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:
            seconds = round(float(value) * 86400)
            return time(seconds // 3600 % 24, seconds // 60 % 60)
        raise ConversionError("bad_time", f"{value!r} is not a time of day")
    raw = ascii_digits(str(value).strip()).upper().replace(".", ":")
    for fmt in ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p"):
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    raise ConversionError("bad_time", f"{value!r} is not a time of day (like 14:30 or 2:30 PM)")


def fir_number(value: object) -> tuple[int, int | None]:
    """``0059/2017`` -> (59, 2017); ``59`` -> (59, None); ``59/17`` -> (59, 2017)."""
    if is_blank(value):
        raise ConversionError("missing_field", "the FIR number is empty")
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = integer(value)
        year = None
    else:
        raw = ascii_digits(str(value).strip())
        match = re.fullmatch(r"(?:FIR\s*(?:NO\.?)?\s*)?0*(\d{1,7})\s*(?:[/-]\s*(\d{2}|\d{4}))?", raw, re.IGNORECASE)
        if not match:
            raise ConversionError("bad_fir_number", f"{value!r} is not an FIR number (like 59 or 0059/2017)")
        serial = int(match.group(1))
        year = int(match.group(2)) if match.group(2) else None
        if year is not None and year < 100:
            year += 2000 if year < 70 else 1900
    if serial is None or serial <= 0:
        raise ConversionError("bad_fir_number", f"{value!r}: FIR numbers start at 1")
    return serial, year


# --- status words ---------------------------------------------------------------------------------------

BUILTIN_STATUS_WORDS: dict[str, str] = {
    "registered": "registered",
    "pending": "under_investigation",
    "under investigation": "under_investigation",
    "ui": "under_investigation",
    "u/i": "under_investigation",
    "investigation": "under_investigation",
    "charge sheeted": "charge_sheeted",
    "chargesheeted": "charge_sheeted",
    "charge sheet": "charge_sheeted",
    "cs": "charge_sheeted",
    "c/s": "charge_sheeted",
    "final report true": "final_report_undetected",
    "undetected": "final_report_undetected",
    "true but undetected": "final_report_undetected",
    "fr true": "final_report_undetected",
    "false": "final_report_false",
    "false case": "final_report_false",
    "fr false": "final_report_false",
    "mistake of fact": "final_report_mistake_of_fact",
    "civil nature": "final_report_mistake_of_fact",
    "pending trial": "sent_to_court",
    "sent to court": "sent_to_court",
    "under trial": "sent_to_court",
    "disposed": "disposed",
    "convicted": "disposed",
    "acquitted": "disposed",
    "transferred": "transferred",
    "अनुसंधानाधीन": "under_investigation",
    "आरोप पत्रित": "charge_sheeted",
    "आरोप पत्र": "charge_sheeted",
    "अंतिम प्रतिवेदन": "final_report_undetected",
    "निष्पादित": "disposed",
}


# --- words of what happened after registration, and of property ------------------------------------------
# Each table is used strictly: a word that is neither ours, nor here, nor in the profile's map of the field is a
# rejection naming the field and the word (a wrong outcome or kind must not be guessed).

BUILTIN_FINAL_REPORT_WORDS: dict[str, str] = {
    "charge sheet": "charge_sheet",
    "chargesheet": "charge_sheet",
    "charge sheeted": "charge_sheet",
    "cs": "charge_sheet",
    "c/s": "charge_sheet",
    "final report true": "undetected",
    "fr true": "undetected",
    "true but undetected": "undetected",
    "untraced": "undetected",
    "final report false": "false",
    "fr false": "false",
    "false case": "false",
    "fr mistake of fact": "mistake_of_fact",
    "mistake of law or fact": "mistake_of_fact",
    "civil nature": "mistake_of_fact",
    "civil dispute": "mistake_of_fact",
    "आरोप पत्र": "charge_sheet",
    "आरोप पत्रित": "charge_sheet",
    "सत्य परंतु अज्ञात": "undetected",
    "असत्य": "false",
}
BUILTIN_COURT_RESULT_WORDS: dict[str, str] = {
    "conviction": "convicted",
    "acquittal": "acquitted",
    "acquitted honourably": "acquitted",
    "discharge": "discharged",
    "compromise": "compounded",
    "compounding": "compounded",
    "withdrawal": "withdrawn",
    "abatement": "abated",
    "दोषसिद्ध": "convicted",
    "सजा": "convicted",
    "दोषमुक्त": "acquitted",
    "रिहा": "acquitted",
    "उन्मोचित": "discharged",
    "राजीनामा": "compounded",
}
BUILTIN_ARREST_WORDS: dict[str, str] = {
    "arrested": "arrest",
    "surrendered": "surrender",
    "court surrender": "surrender",
    "surrendered in court": "surrender",
    "गिरफ्तार": "arrest",
    "गिरफ्तारी": "arrest",
    "आत्मसमर्पण": "surrender",
}
BUILTIN_PROPERTY_WORDS: dict[str, str] = {
    "money": "cash",
    "currency": "cash",
    "cash amount": "cash",
    "gold": "jewellery",
    "silver": "jewellery",
    "jewelry": "jewellery",
    "ornaments": "jewellery",
    "motor vehicle": "vehicle",
    "motorcycle": "vehicle",
    "motor cycle": "vehicle",
    "two wheeler": "vehicle",
    "scooter": "vehicle",
    "car": "vehicle",
    "truck": "vehicle",
    "mobile": "mobile_phone",
    "mobile phone": "mobile_phone",
    "cell phone": "mobile_phone",
    "phone": "mobile_phone",
    "cattle": "livestock",
    "animal": "livestock",
    "document": "documents",
    "papers": "documents",
    "drugs": "narcotics",
    "ganja": "narcotics",
    "smack": "narcotics",
    "weapon": "arms",
    "firearm": "arms",
    "ammunition": "arms",
    "नकद": "cash",
    "नगद": "cash",
    "आभूषण": "jewellery",
    "जेवर": "jewellery",
    "वाहन": "vehicle",
    "मोटरसाइकिल": "vehicle",
    "मोबाइल": "mobile_phone",
    "मवेशी": "livestock",
    "शराब": "liquor",
    "हथियार": "arms",
}


def _word_key(word: str) -> str:
    return re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFC", word).strip().lower())


class Words:
    """Words of an enumerated field (status, information type, direction, gender, role) to our values: the
    profile's map first, then our own values, then ``builtin`` common words. Built once per field, with a
    memo of the words already seen (registers repeat a handful of words millions of times)."""

    def __init__(self, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None, what: str,
                 builtin: Mapping[str, str] | None = None, lenient: bool = False) -> None:  # fmt: skip
        self.table = {_word_key(v): v for v in allowed} | {_word_key(k): v for k, v in (builtin or {}).items()}
        self.table |= {_word_key(word): target for word, target in mapping.items() if not word.endswith("*")}
        # "Transfered :UI*" in a map: every word that begins so
        self.prefixes = [(_word_key(word[:-1]), target) for word, target in mapping.items() if word.endswith("*")]
        self.allowed, self.default, self.what = allowed, default, what
        self.lenient = lenient and not mapping  # no map given: an unknown word takes the default
        self.memo: dict[object, str | None] = {}

    def __call__(self, value: object) -> str | None:
        if is_blank(value):
            return self.default
        try:
            return self.memo[value]
        except (KeyError, TypeError):
            pass
        key = _word_key(str(value))
        if key in self.table:
            result = self.table[key]
        elif prefixed := next((v for k, v in self.prefixes if key.startswith(k)), None):
            result = prefixed
        elif self.lenient and self.default is not None:
            result = self.default
        else:
            hint = (
                "map it in the profile's status map"
                if self.what == "status"
                else "add it to this field's map in the profile"
            )
            raise ConversionError(
                f"unknown_{self.what}",
                f"{self.what.replace('_', ' ')} {value!r} is not known; {hint} to one of {', '.join(self.allowed)}",
            )
        if len(self.memo) < 10_000:
            self.memo[value] = result
        return result


def status_word(value: object, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None) -> str | None:
    """A status word to one of ``allowed`` via the profile's map, then our own values and common words."""
    return Words(mapping, allowed, default, "status", BUILTIN_STATUS_WORDS)(value)


def choice(
    value: object, mapping: Mapping[str, str], allowed: Sequence[str], default: str | None, what: str
) -> str | None:
    """A word for an enumerated field via the profile's map; with no map, an unknown word takes the default."""
    return Words(mapping, allowed, default, what, lenient=True)(value)


# --- names with the relative's name in the same cell ----------------------------------------------------


def split_name(value: object) -> NameWithRelative | None:
    """A name cell with the father's or husband's name after a relation marker (:mod:`people.relatives`):
    ``Ram Kumar s/o Shyam Lal`` -> name Ram Kumar, father Shyam Lal. A relative with no name before it is
    ``bad_name``."""
    raw = text(value)
    if raw is None:
        return None
    parsed = split_relative(raw)
    if not parsed.name and raw.strip(" ,;"):
        raise ConversionError("bad_name", f"{value!r} {NO_NAME_BEFORE_RELATIVE}")
    return parsed


# --- acts and sections ----------------------------------------------------------------------------------

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


def now_utc() -> datetime:
    return datetime.now(UTC)
