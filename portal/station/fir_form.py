"""The FIR registration form (IIF-I) as fields of a page, and back: the posted fields read into the body that
``POST /api/v1/firs`` takes (``cases.input.FirInput``, so the same command registers both), and each problem the
domain finds (its field path, ``("accused", 1, "mobile")``) put next to its form field, in the officer's language.

Form fields are named by the domain's paths with dots: ``complainant.name``, ``accused.0.mobile``,
``properties.1.vehicle_registration``; a cited section is one field, ``sections.0``, holding "BNS 303(2)" (the
picker fills it). Rows of a list left wholly empty are not sent; the rest keep their order, and a problem of the
n-th row sent is shown at the row it came from. Unknown accused (no name) are counted and described in two fields
that become a paragraph of the brief facts, as the IIF-I's "unknown accused" entry does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cases.errors import FieldProblem
from cases.input import FirInput

PARTY_FIELDS = ("name", "relation_kind", "relative_name", "gender", "age", "address", "mobile")
PROPERTY_FIELDS = (
    "kind",
    "description",
    "value",
    "vehicle_registration",
    "vehicle_make_model",
    "vehicle_chassis",
    "vehicle_engine",
    "mobile_imei",
)
TOP_FIELDS = (
    "information_type",
    "info_received_at",
    "gd_entry_number",
    "occurrence_from",
    "occurrence_to",
    "place_address",
    "place_distance_km",
    "place_direction",
    "beat",
    "brief_facts",
    "delay_reason",
    "io_name",
    "io_rank",
)
ROW_GROUPS: dict[str, tuple[str, ...]] = {
    "accused": PARTY_FIELDS,
    "victims": PARTY_FIELDS,
    "properties": PROPERTY_FIELDS,
}
# Fields whose value alone does not make a row worth sending (a choice with a default).
CHOICES = frozenset({"relation_kind", "gender", "kind"})
UNKNOWN_COUNT, UNKNOWN_DESCRIPTION = "unknown_accused.count", "unknown_accused.description"
MAX_ROWS = 50
_ROW_FIELD = re.compile(r"^(accused|victims|properties|sections)\.(\d{1,3})(?:\.(\w+))?$")

Message = tuple[str, str]  # (English, Hindi)


@dataclass
class FormReading:
    """What was posted: the FIR body for ``FirInput``, the form index of each row sent, and the problems found
    in reading the form itself (a section without its act, a count that is not a number)."""

    body: dict[str, Any]
    rows: dict[tuple[str, int], int] = field(default_factory=dict)  # (group, index sent) -> index in the form
    problems: dict[str, Message] = field(default_factory=dict)  # form field -> message


def _value(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def row_indexes(form: Mapping[str, Any]) -> dict[str, list[int]]:
    """The row numbers the form holds for each list (in order), from its field names."""
    found: dict[str, set[int]] = {group: set() for group in (*ROW_GROUPS, "sections")}
    for name in form:
        match = _ROW_FIELD.match(name)
        if match and int(match.group(2)) < MAX_ROWS:
            found[match.group(1)].add(int(match.group(2)))
    return {group: sorted(indexes) for group, indexes in found.items()}


def _party(form: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    party = {name: _value(form, f"{prefix}.{name}") for name in PARTY_FIELDS}
    return {name: value for name, value in party.items() if value}


def split_citation(text: str) -> tuple[str, str] | None:
    """ "BNS 303(2)" -> ("BNS", "303(2)"); the act is the first word. None when there is no section after it."""
    parts = text.split(None, 1)
    if len(parts) < 2:
        return None
    return parts[0], parts[1].strip()


def read_form(form: Mapping[str, Any]) -> FormReading:
    """The posted form as a ``FirInput`` body (not yet validated)."""
    body: dict[str, Any] = {name: _value(form, name) for name in TOP_FIELDS}
    body = {name: value for name, value in body.items() if value}
    reading = FormReading(body)
    reading.body["complainant"] = _party(form, "complainant")
    indexes = row_indexes(form)
    for group, names in ROW_GROUPS.items():
        rows: list[dict[str, Any]] = []
        for index in indexes[group]:
            row = {name: _value(form, f"{group}.{index}.{name}") for name in names}
            if not any(value for name, value in row.items() if name not in CHOICES):
                continue  # a row left empty
            reading.rows[(group, len(rows))] = index
            rows.append({name: value for name, value in row.items() if value})
        reading.body[group] = rows
    sections: list[dict[str, str]] = []
    for index in indexes["sections"]:
        text = _value(form, f"sections.{index}")
        if not text:
            continue
        cited = split_citation(text)
        if cited is None:
            reading.problems[f"sections.{index}"] = (
                f"Write the act and the section, e.g. BNS 303(2) (you wrote “{text}”)",
                f"अधिनियम और धारा दोनों लिखें, जैसे BNS 303(2) (आपने “{text}” लिखा)",
            )
            continue
        reading.rows[("sections", len(sections))] = index
        sections.append({"act": cited[0], "section": cited[1]})
    reading.body["sections"] = sections
    _unknown_accused(form, reading)
    return reading


def _unknown_accused(form: Mapping[str, Any], reading: FormReading) -> None:
    count, description = _value(form, UNKNOWN_COUNT), _value(form, UNKNOWN_DESCRIPTION)
    if not count and not description:
        return
    if count and not (count.isdigit() and 1 <= int(count) <= 99):
        reading.problems[UNKNOWN_COUNT] = ("Write a number from 1 to 99", "1 से 99 तक की संख्या लिखें")
        return
    line = f"Unknown accused / अज्ञात अभियुक्त: {count or '?'}" + (f" — {description}" if description else "")
    facts = reading.body.get("brief_facts", "")
    if facts:  # without brief facts, the form says they are required rather than sending this line alone
        reading.body["brief_facts"] = f"{facts}\n\n{line}"


# ----------------------------------------------------------------------------------- problems, by form field


def form_field(loc: tuple[str | int, ...], reading: FormReading) -> str:
    """The form field a domain path points to ("" when none does: the problem is shown above the form)."""
    if not loc:
        return ""
    head = str(loc[0])
    if head == "complainant":
        return f"complainant.{loc[1]}" if len(loc) > 1 and loc[1] in PARTY_FIELDS else "complainant.name"
    if head == "sections":
        if len(loc) > 1 and isinstance(loc[1], int):
            return f"sections.{reading.rows.get(('sections', loc[1]), loc[1])}"
        return "sections.0"
    if head in ROW_GROUPS:
        if len(loc) < 2 or not isinstance(loc[1], int):
            return ""
        index = reading.rows.get((head, loc[1]), loc[1])
        names = ROW_GROUPS[head]
        name = str(loc[2]) if len(loc) > 2 and loc[2] in names else names[0] if head != "properties" else "description"
        return f"{head}.{index}.{name}"
    return head if head in TOP_FIELDS else ""


_PYDANTIC: dict[str, Message] = {
    "missing": ("Required", "आवश्यक है"),
    "string_too_short": ("Required", "आवश्यक है"),
    "string_too_long": ("Too long: at most {max_length} characters", "बहुत लंबा: अधिकतम {max_length} अक्षर"),
    "int_parsing": ("Write a whole number", "पूर्ण संख्या लिखें"),
    "int_from_float": ("Write a whole number", "पूर्ण संख्या लिखें"),
    "greater_than_equal": ("At least {ge}", "कम से कम {ge}"),
    "less_than_equal": ("At most {le}", "अधिकतम {le}"),
    "datetime_parsing": ("Give the date and the time", "तिथि और समय सही लिखें"),
    "datetime_from_date_parsing": ("Give the date and the time", "तिथि और समय सही लिखें"),
    "datetime_type": ("Give the date and the time", "तिथि और समय सही लिखें"),
    "decimal_parsing": ("Write an amount in figures", "राशि अंकों में लिखें"),
    "decimal_max_places": ("At most {decimal_places} decimal places", "दशमलव के बाद अधिकतम {decimal_places} अंक"),
    "decimal_whole_digits": ("Too large", "बहुत बड़ी राशि"),
    "float_parsing": ("Write a number", "संख्या लिखें"),
    "enum": ("Choose one from the list", "सूची में से एक चुनें"),
}
_VALUE_ERRORS: dict[str, Message] = {
    "mobile": ("Not a mobile number: {reason}", "मोबाइल नंबर सही नहीं: 10 अंकों का भारतीय मोबाइल नंबर लिखें"),
    "vehicle_registration": (
        "Not a vehicle registration number: {reason}",
        "वाहन पंजीकरण संख्या सही नहीं (जैसे BR 01 AB 1234)",
    ),
    "mobile_imei": ("Not an IMEI: {reason}", "IMEI सही नहीं: फ़ोन के 15 अंक लिखें"),
    "name": ("{reason}", "रिश्तेदार के नाम से पहले व्यक्ति का नाम लिखें (जैसे राम कुमार पुत्र श्याम लाल)"),
}


def _pydantic_message(error: Mapping[str, Any], form_name: str) -> Message:
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "too_short" and form_name.startswith("sections"):
        return ("Cite at least one section", "कम से कम एक धारा लिखें")
    if kind == "value_error":
        reason = str(error["msg"]).removeprefix("Value error, ")
        english, hindi = _VALUE_ERRORS.get(form_name.rsplit(".", 1)[-1], ("{reason}", "सही नहीं: {reason}"))
        return english.format(reason=reason), hindi.format(reason=reason)
    if kind in _PYDANTIC:
        english, hindi = _PYDANTIC[kind]
        return english.format(**context), hindi.format(**context)
    return str(error["msg"]), f"सही नहीं: {error['msg']}"


# The domain's reasons (cases.validation, cases.law) in Hindi; the values they name are kept as written.
_IN_FORCE = r"^the .+ \((\w+)\) (?:was in force until|came into force on) .+?, but the offence happened on "
_DOMAIN_HINDI: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(.+) is in the future \(now it is (.+)\)$"), "{0} भविष्य का समय है (अभी {1} है)"),
    (
        re.compile(r"^the offence cannot end \((.+)\) before it began \((.+)\)$"),
        "अपराध का अंत ({0}) उसके आरंभ ({1}) से पहले नहीं हो सकता",
    ),
    (
        re.compile(
            r"^the occurrence \((.+?)\) is after the report time: the information reached the station at (.+?) \(info"
        ),
        "घटना का समय ({0}) थाने को सूचना मिलने के समय ({1}) के बाद है",
    ),
    (re.compile(r"^no act has code '(.+?)';"), "अधिनियम कोड “{0}” नहीं मिला; सूची में से धारा चुनें"),
    (re.compile(r"^section '(.+?)' does not exist in the .+ \((\w+)\);"), "{1} में धारा {0} नहीं है"),
    (re.compile(r"^(.+) is cited twice$"), "{0} दो बार लिखी गई है"),
    (
        re.compile(_IN_FORCE + r"(.+?); .*cite (.+) instead of (.+)$"),
        "घटना ({1}) के समय {0} लागू नहीं था: {3} के स्थान पर {2} लिखें",
    ),
    (re.compile(_IN_FORCE + r"([^;]+)"), "घटना ({1}) के समय {0} लागू नहीं था"),
)


def domain_message(reason: str) -> Message:
    """One of the domain's reasons, in English as written and in Hindi where its form is known."""
    for pattern, hindi in _DOMAIN_HINDI:
        match = pattern.match(reason)
        if match:
            return reason[:1].upper() + reason[1:], hindi.format(*match.groups())
    return reason[:1].upper() + reason[1:], f"सुधारें: {reason}"


def problems_by_field(
    reading: FormReading, *, invalid: ValidationError | None = None, domain: list[FieldProblem] | None = None
) -> dict[str, list[Message]]:
    """Every problem found, by form field ("" for those with no field of their own)."""
    found: dict[str, list[Message]] = {}
    for name, message in reading.problems.items():
        found.setdefault(name, []).append(message)
    for error in invalid.errors() if invalid else []:
        name = form_field(tuple(error["loc"]), reading)
        found.setdefault(name, []).append(_pydantic_message(error, name))
    for problem in domain or []:
        found.setdefault(form_field(problem.loc, reading), []).append(domain_message(problem.reason))
    return found


def validated(reading: FormReading) -> tuple[FirInput | None, ValidationError | None]:
    """The body checked field by field, as the API checks its request body."""
    try:
        return FirInput.model_validate(reading.body), None
    except ValidationError as error:
        return None, error
