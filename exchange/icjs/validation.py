"""The ICJS events against the shipped schema ``schemas/v1/icjs.schema.json``, every problem by its dotted path and
why (the approach and the wording of ``exchange.validation``), and the CNR rule.

An offer's ``fir`` is the exchange record's ``fir`` and is checked by ``exchange.validation.fir_problems``, so a
court is offered nothing a national node would refuse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from exchange.validation import InvalidMessage, SchemaProblem, _leaves, _located, fir_problems

SCHEMA_FILE = "schemas/v1/icjs.schema.json"
ICJS_SPEC = "cctns-icjs/1"
KINDS = ("offer", "court_event", "prison_event")
CNR = re.compile(r"^(?P<court>[A-Z]{2}[A-Z0-9]{2}[0-9]{2})(?P<serial>[0-9]{6})(?P<year>[0-9]{4})$")
FIRST_CNR_YEAR = 1950  # eCourts numbers older cases too, when they are entered; no case was filed before this


@cache
def icjs_schema() -> dict[str, Any]:
    """The JSON Schema of the ICJS events, as shipped in the package."""
    return json.loads(resources.files("exchange").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> Draft202012Validator:
    if kind not in KINDS:
        raise ValueError(f"unknown ICJS document {kind!r}; one of {', '.join(KINDS)}")
    schema = {**icjs_schema(), "$ref": f"#/$defs/{kind}"}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@dataclass(frozen=True)
class Cnr:
    """A CNR read into its parts: the court establishment, the serial there, the year of filing."""

    court_code: str
    serial: int
    year: int


def cnr_problem(cnr: str, *, this_year: int) -> str | None:
    """None for a well-formed CNR; otherwise why it is not one (the schema checks the form, this the values)."""
    match = CNR.match(cnr)
    if match is None:
        return (
            f"{cnr!r} is not a CNR: 16 characters, the court establishment code (2 letters state, 2 letters or digits "
            "district, 2 digits establishment), a 6-digit serial and the 4-digit year of filing (BRVS010001232025)"
        )
    if int(match["serial"]) == 0:
        return f"{cnr!r}: the serial at the establishment (characters 7 to 12) starts at 000001"
    if not FIRST_CNR_YEAR <= int(match["year"]) <= this_year:
        return f"{cnr!r}: the year of filing {match['year']} is not between {FIRST_CNR_YEAR} and {this_year}"
    return None


def read_cnr(cnr: str, *, this_year: int) -> Cnr:
    """The parts of a CNR; ValueError naming the problem when it is not one."""
    problem = cnr_problem(cnr, this_year=this_year)
    if problem:
        raise ValueError(problem)
    match = CNR.match(cnr)
    assert match is not None
    return Cnr(match["court"], int(match["serial"]), int(match["year"]))


def icjs_problems(kind: str, document: object, *, this_year: int | None = None) -> list[SchemaProblem]:
    """Every way ``document`` (parsed JSON) breaks the specification of ``kind`` (offer, court_event,
    prison_event); empty when it meets it. With ``this_year``, a CNR's serial and year are checked too."""
    found: list[SchemaProblem] = []

    def add(path: list[object], reason: str) -> None:
        problem = SchemaProblem(".".join(str(part) for part in path), reason)
        if problem not in found:
            found.append(problem)

    errors = sorted(_validator(kind).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        if error.validator == "anyOf" and kind == "prison_event" and not error.absolute_path:
            add(["person"], "is required, or name and relative_name (the person as the FIR names them)")
            continue
        for leaf in _leaves(error):
            for below, reason in _located(leaf):
                add([*leaf.absolute_path, *below], reason)
    if isinstance(document, dict):
        if kind == "offer" and isinstance(document.get("fir"), dict):
            found += fir_problems(document["fir"])
        cnr = document.get("cnr")
        if this_year is not None and isinstance(cnr, str) and not any(p.path == "cnr" for p in found):
            problem = cnr_problem(cnr, this_year=this_year)
            if problem:
                add(["cnr"], problem)
    return found


def validate_icjs(kind: str, document: object, *, this_year: int | None = None) -> None:
    """Raise :class:`exchange.validation.InvalidMessage` naming every problem, unless ``document`` meets the
    specification of ``kind``."""
    problems = icjs_problems(kind, document, this_year=this_year)
    if problems:
        raise InvalidMessage(problems)
