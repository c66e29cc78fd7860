"""A cross-state query as the caller asks it, and the rules every one must meet before it leaves the state and
again when it reaches the national node: a purpose code from the documented list, a reason in words (at least
``REASON_MIN`` characters), a case reference (the caller's FIR number or case id), and a search that says what it
looks for. A query that breaks a rule is refused with :class:`QueryRefused`, which names the field (HTTP 422).

One flat shape for the API, the page's form and the node-to-node message (docs/exchange/v1/README.md,
"Federated search"): ``purpose``, ``reason``, ``case_reference``, ``kind`` and the fields of that kind:

* ``person``: ``name`` (either script; "X s/o Y" is read as the name and the relative), ``relative``,
  ``age_from`` / ``age_to`` (the age band), ``district`` (a district's name or national code);
* ``vehicle``: ``registration``; ``mobile``: ``mobile``; ``fir``: ``fir_number`` ("88/2025") with ``district``,
  or an FIR key (``10-VAISHALI-HAJIPUR-SADAR/2025/88``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from exchange.codes import PURPOSES
from people.identifiers import NormalisationError, normalise_mobile, normalise_vehicle_registration
from people.names.forms import name_forms
from people.relatives import split_relative

REASON_MIN = 15
REASON_MAX = 500
CASE_REFERENCE_MAX = 80
KINDS = ("person", "vehicle", "mobile", "fir")
_FIR_NUMBER = re.compile(r"^\s*(\d{1,7})\s*/\s*(\d{4})\s*$")
_FIR_KEY = re.compile(r"^[0-9]{2}-[A-Z0-9][A-Z0-9_-]{0,23}/[0-9]{4}/[1-9][0-9]*$")


class QueryRefused(ValueError):
    """A cross-state query that breaks a rule; ``field`` names the field at fault (HTTP 422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Purpose:
    """Why a query is asked: the purpose code, the reason in words and the caller's case reference."""

    purpose: str
    reason: str
    case_reference: str


@dataclass(frozen=True)
class NetworkQuery:
    """What a query looks for, normalised (names as typed, identifiers as their stored form)."""

    kind: str
    name: str | None = None
    relative: str | None = None
    age_from: int | None = None
    age_to: int | None = None
    district: str | None = None
    registration: str | None = None
    mobile: str | None = None
    fir_number: str | None = None
    fir_key: str | None = None

    def asked(self) -> dict[str, Any]:
        """What was asked, without the empty fields: the audit rows and the node-to-node message carry this."""
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}

    def describe(self) -> str:
        """One line naming what was searched (for the audit's readers)."""
        return ", ".join(f"{key} {value}" for key, value in self.asked().items() if key != "kind")


def _text(payload: dict[str, Any], field: str) -> str:
    value = payload.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise QueryRefused(field, f"{field} must be text")
    return " ".join(value.split())


def _age(payload: dict[str, Any], field: str) -> int | None:
    value = payload.get(field)
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        raise QueryRefused(field, f"{field} must be a whole number of years, not {value!r}") from None
    if not 0 <= age <= 130:
        raise QueryRefused(field, f"{field} must be between 0 and 130 years, not {age}")
    return age


def read_purpose(payload: dict[str, Any]) -> Purpose:
    """The purpose, reason and case reference of ``payload``, or :class:`QueryRefused` naming what is missing."""
    purpose = _text(payload, "purpose").lower()
    if not purpose:
        raise QueryRefused("purpose", f"a cross-state query needs a purpose code: one of {', '.join(PURPOSES)}")
    if purpose not in PURPOSES:
        raise QueryRefused("purpose", f"purpose {purpose!r} is not one of {', '.join(PURPOSES)}")
    reason = _text(payload, "reason")
    if not reason:
        raise QueryRefused("reason", "a cross-state query needs a reason: why this search, in words")
    if len(reason) < REASON_MIN:
        raise QueryRefused("reason", f"the reason is {len(reason)} characters; write at least {REASON_MIN}")
    if len(reason) > REASON_MAX:
        raise QueryRefused("reason", f"the reason is {len(reason)} characters; at most {REASON_MAX}")
    reference = _text(payload, "case_reference")
    if not reference:
        raise QueryRefused("case_reference", "a cross-state query needs a case reference: your FIR number or case id")
    if len(reference) > CASE_REFERENCE_MAX:
        raise QueryRefused("case_reference", f"the case reference is longer than {CASE_REFERENCE_MAX} characters")
    return Purpose(purpose, reason, reference)


def _person(payload: dict[str, Any]) -> NetworkQuery:
    typed = _text(payload, "name")
    split = split_relative(typed)
    name = split.name
    relative = _text(payload, "relative") or split.relative_name
    if not name_forms(name).keys:
        raise QueryRefused("name", "a person search needs a name (in Devanagari or Latin letters)")
    if relative and not name_forms(relative).keys:
        raise QueryRefused("relative", f"relative {relative!r} has no letters of a name")
    age_from, age_to = _age(payload, "age_from"), _age(payload, "age_to")
    if age_from is not None and age_to is not None and age_from > age_to:
        raise QueryRefused("age_to", f"the age band ends ({age_to}) before it starts ({age_from})")
    district = _text(payload, "district") or None
    return NetworkQuery(
        "person", name=name, relative=relative or None, age_from=age_from, age_to=age_to, district=district
    )


def _fir(payload: dict[str, Any]) -> NetworkQuery:
    typed = _text(payload, "fir_number") or _text(payload, "fir_key")  # a node passes on the key it was given
    if _FIR_KEY.match(typed.upper()):
        return NetworkQuery("fir", fir_key=typed.upper())
    number = _FIR_NUMBER.match(typed)
    if number is None:
        raise QueryRefused(
            "fir_number", "an FIR search needs the number as serial/year (88/2025) or the FIR's national key"
        )
    district = _text(payload, "district") or None
    return NetworkQuery("fir", fir_number=f"{int(number[1])}/{number[2]}", district=district)


def read_query(payload: dict[str, Any]) -> NetworkQuery:
    """What ``payload`` searches for, normalised, or :class:`QueryRefused` naming the field at fault."""
    kind = _text(payload, "kind").lower() or "person"
    if kind not in KINDS:
        raise QueryRefused("kind", f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind == "person":
        return _person(payload)
    if kind == "fir":
        return _fir(payload)
    field = "registration" if kind == "vehicle" else "mobile"
    typed = _text(payload, field)
    if not typed:
        raise QueryRefused(field, f"a {kind} search needs the {field}")
    try:
        value = normalise_vehicle_registration(typed) if kind == "vehicle" else normalise_mobile(typed)
    except NormalisationError as error:
        raise QueryRefused(field, str(error)) from None
    return NetworkQuery(kind, **{field: value})


def read_request(payload: dict[str, Any]) -> tuple[NetworkQuery, Purpose]:
    """A whole cross-state query: its purpose first (a query without one is refused before anything else)."""
    if not isinstance(payload, dict):
        raise QueryRefused("body", "a cross-state query is a JSON object")
    purpose = read_purpose(payload)
    return read_query(payload), purpose
