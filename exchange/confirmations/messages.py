"""The confirmation messages of exchange version 1: a request, its answer, and a state's decision on a
cross-state candidate, validated against ``schemas/v1/confirmation.schema.json`` plus the rules a schema cannot say
(the record and the person belong to the owning state; the deadline follows the request).

Every problem is a :class:`exchange.validation.SchemaProblem` (a dotted path and why), as for the feed's messages.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from exchange.codes import PURPOSES, SPEC_VERSION
from exchange.validation import InvalidMessage, SchemaProblem

SCHEMA_FILE = "schemas/v1/confirmation.schema.json"
REQUEST, ANSWER, DECISION = "request", "answer", "decision"


@cache
def confirmation_schema() -> dict[str, Any]:
    text = resources.files("exchange").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def purposes() -> tuple[str, ...]:
    """The purpose codes a request may carry: the one list of ``exchange.codes`` (the schema names the same)."""
    return tuple(PURPOSES)


def outcomes() -> tuple[str, ...]:
    """The answers an owning station gives: confirmed, not_confirmed, partly."""
    return tuple(confirmation_schema()["$defs"]["answer"]["properties"]["outcome"]["enum"])


@cache
def _validator(definition: str) -> Draft202012Validator:
    schema = {**confirmation_schema(), "$ref": f"#/$defs/{definition}"}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _problems_of(error: ValidationError) -> list[SchemaProblem]:
    where = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [SchemaProblem(".".join([*where, name]), "is required") for name in missing]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            SchemaProblem(".".join([*where, name]), "is not a field of this specification")
            for name in sorted(set(error.instance) - known)
        ]
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return [SchemaProblem(".".join(where), f"{error.instance!r} is not one of {allowed}")]
    if error.validator == "pattern":
        described = error.schema.get("description", "").rstrip(".")
        return [SchemaProblem(".".join(where), f"{error.instance!r} is not in the required form ({described})")]
    return [SchemaProblem(".".join(where), error.message)]


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _rules(definition: str, document: dict[str, Any]) -> list[SchemaProblem]:
    """What the schema cannot say: the record and person are the owner's; the deadline is after the request."""
    found = []
    if definition == REQUEST:
        owner = document.get("owning_state")
        if owner == document.get("requesting_state"):
            found.append(SchemaProblem("owning_state", "a state does not ask itself across the network"))
        if not str(document.get("fir_key", "")).startswith(f"{owner}-"):
            found.append(SchemaProblem("fir_key", f"is not a record of the owning state {owner}"))
        if "person" in document and not str(document["person"]).startswith(f"{owner}-"):
            found.append(SchemaProblem("person", f"is not a person of the owning state {owner}"))
        asked, due = _moment(document.get("requested_at")), _moment(document.get("answer_by"))
        if asked and due and due <= asked:
            found.append(SchemaProblem("answer_by", "must be after requested_at"))
    if definition == DECISION and not str(document.get("person", "")).startswith(f"{document.get('deciding_state')}-"):
        found.append(SchemaProblem("person", "a state decides only for its own person"))
    return found


def problems(definition: str, document: object) -> list[SchemaProblem]:
    """Every way ``document`` (parsed JSON) breaks the ``definition`` (request, answer, decision); empty if none."""
    found: list[SchemaProblem] = []
    errors = sorted(_validator(definition).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        for problem in _problems_of(error):
            if problem not in found:
                found.append(problem)
    if not found and isinstance(document, dict):
        found = _rules(definition, document)
    return found


def validate(definition: str, document: object) -> dict[str, Any]:
    """``document`` if it meets ``definition``; otherwise :class:`InvalidMessage` naming every problem."""
    found = problems(definition, document)
    if found:
        raise InvalidMessage(found)
    assert isinstance(document, dict)
    return document


def officer(name: str, place: str, rank: str | None = None) -> dict[str, str]:
    """An officer as a message names them (name and station or unit; rank when known)."""
    named = {"name": name[:200], "place": place[:200]}
    if rank:
        named["rank"] = rank[:200]
    return named


def envelope(kind: str, **fields: object) -> dict[str, Any]:
    """A message of ``kind`` with the fields given, leaving out those without a value (never null)."""
    return {"spec": SPEC_VERSION, "kind": kind, **{k: v for k, v in fields.items() if v is not None}}
