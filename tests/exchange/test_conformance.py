"""The conformance samples of docs/exchange/v1 against the shipped schema, and the specification's words against
the schema's fields, so the document, the samples and the code cannot drift apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exchange.codes import national_acts
from exchange.confirmations.messages import confirmation_schema, outcomes, purposes
from exchange.validation import InvalidMessage, message_problems, message_schema, validate_message

SPEC = Path(__file__).resolve().parents[2] / "docs" / "exchange" / "v1"
SAMPLES = SPEC / "samples"
EXPECTED = json.loads((SAMPLES / "invalid" / "expected.json").read_text(encoding="utf-8"))
INVALID = sorted(p for p in (SAMPLES / "invalid").glob("*.json") if p.name != "expected.json")


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", sorted((SAMPLES / "valid").glob("*.json")), ids=lambda p: p.name)
def test_every_valid_sample_meets_the_schema(sample: Path) -> None:
    assert message_problems(_read(sample)) == []


@pytest.mark.parametrize("sample", INVALID, ids=lambda p: p.name)
def test_every_invalid_sample_fails_where_and_why_it_says(sample: Path) -> None:
    assert sample.name in EXPECTED, f"{sample.name}: add what it must fail with to invalid/expected.json"
    expected = EXPECTED[sample.name]
    with pytest.raises(InvalidMessage) as refused:
        validate_message(_read(sample))
    found = [(p.path, p.reason) for p in refused.value.problems]
    assert any(path == expected["path"] and expected["reason_contains"] in reason for path, reason in found), found


def test_every_expectation_has_its_sample() -> None:
    assert sorted(EXPECTED) == [p.name for p in INVALID]


def _fields(schema: object) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        found |= set(schema.get("properties", {}))
        for value in schema.values():
            found |= _fields(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _fields(value)
    return found


def test_the_specification_describes_every_field_of_the_schema() -> None:
    words = (SPEC / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"`([a-z_]+)`", words))
    assert sorted(_fields(message_schema()) - described) == []


def test_the_specification_describes_every_field_of_the_confirmation_messages() -> None:
    words = (SPEC / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"`([a-z_]+)`", words))
    assert sorted(_fields(confirmation_schema()) - described) == []
    assert sorted(code for code in purposes() + outcomes() if f"`{code}`" not in words) == []


def test_the_specification_lists_every_national_act_code() -> None:
    words = (SPEC / "README.md").read_text(encoding="utf-8")
    assert sorted(code for code in national_acts() if f"`{code}`" not in words) == []
