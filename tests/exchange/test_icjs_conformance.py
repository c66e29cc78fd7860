"""The ICJS conformance samples of docs/exchange/v1/samples/icjs against the shipped schema and the CNR rule, and the
specification's words against the schema's fields (as test_conformance does for the national messages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from exchange.icjs.validation import icjs_problems, icjs_schema
from tests.exchange.test_conformance import _fields

SPEC = Path(__file__).resolve().parents[2] / "docs" / "exchange" / "v1"
SAMPLES = SPEC / "samples" / "icjs"
KINDS = json.loads((SAMPLES / "valid" / "kinds.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((SAMPLES / "invalid" / "expected.json").read_text(encoding="utf-8"))
INVALID = sorted(p for p in (SAMPLES / "invalid").glob("*.json") if p.name != "expected.json")
THIS_YEAR = 2026


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", sorted(KINDS), ids=str)
def test_every_valid_sample_meets_the_specification(sample: str) -> None:
    assert icjs_problems(KINDS[sample], _read(SAMPLES / "valid" / sample), this_year=THIS_YEAR) == []


def test_every_valid_sample_has_its_kind() -> None:
    assert sorted(KINDS) == sorted(p.name for p in (SAMPLES / "valid").glob("*.json") if p.name != "kinds.json")


@pytest.mark.parametrize("sample", INVALID, ids=lambda p: p.name)
def test_every_invalid_sample_fails_where_and_why_it_says(sample: Path) -> None:
    expected = EXPECTED[sample.name]
    found = [(p.path, p.reason) for p in icjs_problems(expected["kind"], _read(sample), this_year=THIS_YEAR)]
    assert any(path == expected["path"] and expected["reason_contains"] in reason for path, reason in found), found


def test_every_expectation_has_its_sample() -> None:
    assert sorted(EXPECTED) == [p.name for p in INVALID]


def test_the_specification_describes_every_field_of_the_icjs_schema() -> None:
    words = (SPEC / "README.md").read_text(encoding="utf-8")
    described = set(re.findall(r"`([a-z_0-9]+)`", words))
    assert sorted(_fields(icjs_schema()) - described) == []
