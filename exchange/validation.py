"""The validator both sides use: a message (or one record) against the shipped JSON Schema of version 1, every
problem named by its field path and why, in the order the message lists them.

A state checks what it is about to send (``exchange.quality``); the national node checks what it receives and
answers each rejected record with these problems. Paths are dotted, list items by index
(``records.0.fir.parties.2.age``); a record's own path starts at ``fir`` (``fir.parties.2.age``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE = "schemas/v1/message.schema.json"


@dataclass(frozen=True)
class SchemaProblem:
    """One way a message breaks the specification: where (a dotted path, "" for the whole message) and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path or '(message)'}: {self.reason}"


class InvalidMessage(ValueError):
    """A message that does not meet the specification; ``problems`` says each way it does not."""

    def __init__(self, problems: list[SchemaProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@cache
def message_schema() -> dict[str, Any]:
    """The JSON Schema of a version 1 message, as shipped in the package."""
    return json.loads(resources.files("exchange").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _schema(definition: str | None) -> dict[str, Any]:
    schema = message_schema()
    if definition is not None:  # one of $defs, with the rest of the schema beside it for its references
        schema = {**schema, "$ref": f"#/$defs/{definition}"}
        schema.pop("required"), schema.pop("properties"), schema.pop("additionalProperties")
    return schema


@cache
def _validator(definition: str | None) -> Draft202012Validator:
    schema = _schema(definition)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _quick_validator(definition: str | None) -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled by a validator in Rust, some 50 times faster (issue 25: checking every record
    three times, at the gate, the message at the state and again at the national node, was most of the feed's
    time). It only says yes or no; it checks formats (date-time too) and Rust regular expressions at least as
    strictly as ``jsonschema`` does here, so a "no" is always asked again of ``jsonschema``, which names the
    problems and has the last word."""
    return jsonschema_rs.Draft202012Validator(_schema(definition), validate_formats=True)


def _located(error: ValidationError) -> list[tuple[list[str], str]]:
    """Where (path parts below the error's instance) and what: a missing or unexpected field is named by its own
    path, a value not allowed by the path of the value."""
    if error.validator == "required":
        # jsonschema reports each missing field as its own error: "'district' is a required property"
        named = [name for name in error.validator_value if error.message.startswith(f"{name!r} ")]
        return [([named[0]], "is required")] if named else [([], error.message)]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(name for name in error.instance if name not in known)
        return [([name], "is not a field of this specification") for name in extra]
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return [([], f"{error.instance!r} is not one of {allowed}")]
    if error.validator == "const":
        return [([], f"{error.instance!r} is not {error.validator_value!r}")]
    if error.validator == "pattern":
        described = error.schema.get("description")
        return [
            (
                [],
                f"{error.instance!r} is not in the required form"
                + (f" ({described.rstrip('.')})" if described else ""),
            )
        ]
    if error.validator == "not" and isinstance(error.instance, dict):
        if error.instance.get("protected") is True:
            present = [name for name in ("brief_facts", "place") if name in error.instance]
            return [([name], "a protected case does not carry it outside the state") for name in present]
        if "fir" in error.instance:
            return [(["fir"], "a delete carries no fir")]
        if "accused_number" in error.instance:
            return [(["accused_number"], "only an accused has an accused_number")]
    return [([], error.message)]


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The innermost errors: an if/then failure is reported where the 'then' branch failed."""
    if error.context:
        return [leaf for child in error.context for leaf in _leaves(child)]
    return [error]


PROTECTED_ROLES = ("complainant", "victim")
NAMED_IN_PROTECTED_CASE = (
    "is required: a protected case sends its complainants and victims only as withheld markers "
    '({"person": "W1", "role": ..., "withheld": "protected_victim"}), without name, relative or age'
)


def _named_in_protected_cases(document: object, definition: str | None) -> list[tuple[object, ...]]:
    """Paths of the complainants and victims a protected case names instead of withholding: each is reported
    once, as a missing marker, rather than as every field a marker may not have."""
    firs: list[tuple[tuple[object, ...], object]] = []
    if definition == "fir":
        firs = [((), document)]
    elif definition is None and isinstance(document, dict) and isinstance(document.get("records"), list):
        firs = [(("records", k, "fir"), r.get("fir")) for k, r in enumerate(document["records"]) if isinstance(r, dict)]
    named = []
    for base, fir in firs:
        if not isinstance(fir, dict) or fir.get("protected") is not True or not isinstance(fir.get("parties"), list):
            continue
        for index, party in enumerate(fir["parties"]):
            if isinstance(party, dict) and party.get("role") in PROTECTED_ROLES and "withheld" not in party:
                named.append((*base, "parties", index))
    return named


def _problems(document: object, definition: str | None, prefix: str) -> list[SchemaProblem]:
    found: list[SchemaProblem] = []
    if _quick_validator(definition).is_valid(document):
        return found

    def add(path: list[object], reason: str) -> None:
        problem = SchemaProblem(".".join(([prefix] if prefix else []) + [str(part) for part in path]), reason)
        if problem not in found:
            found.append(problem)

    named = _named_in_protected_cases(document, definition)
    errors = sorted(_validator(definition).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        for leaf in _leaves(error):
            where = tuple(leaf.absolute_path)
            party = next((path for path in named if where[: len(path)] == path), None)
            if party is not None:
                add([*party, "withheld"], NAMED_IN_PROTECTED_CASE)
                continue
            for below, reason in _located(leaf):
                add([*where, *below], reason)
    return found


def message_problems(message: object) -> list[SchemaProblem]:
    """Every way ``message`` (parsed JSON) breaks the specification; empty when it meets it."""
    return _problems(message, None, "")


def fir_problems(fir: object) -> list[SchemaProblem]:
    """Every way one record's ``fir`` object breaks the specification, paths starting at ``fir``."""
    return _problems(fir, "fir", "fir")


def validate_message(message: object) -> None:
    """Raise :class:`InvalidMessage` naming every problem, unless ``message`` meets the specification."""
    problems = message_problems(message)
    if problems:
        raise InvalidMessage(problems)
