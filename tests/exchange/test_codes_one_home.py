"""One home per rule: the states' names and the purpose codes live in ``exchange.codes`` only, and everything that
names them (the federated search, the confirmation messages and their schema, the pages, the dashboard) uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.codes import PURPOSES, STATE_NAMES, purpose_name, state_name
from exchange.confirmations.messages import confirmation_schema, problems, purposes
from exchange.search.request import QueryRefused, read_request
from portal.staff_script_words import SEARCH_WORDS

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("records", "people", "cases", "complaints", "indexes", "ingest", "exchange", "workers", "search_api",
            "portal", "dashboards", "cctns")  # fmt: skip
QUERY = {"name": "Ram", "reason": "accused seen at the bus stand", "case_reference": "GKP 12/2025"}


def test_search_and_confirmations_take_the_one_list_of_purposes() -> None:
    schema = confirmation_schema()["$defs"]["request"]["properties"]["purpose"]["enum"]
    assert schema == list(PURPOSES) == list(purposes())
    for code in PURPOSES:
        read_request({**QUERY, "purpose": code})
        assert purpose_name(code) and purpose_name(code, "hi") != purpose_name(code)
        assert SEARCH_WORDS[f"p_{code}"] == PURPOSES[code]  # the search page's list
    with pytest.raises(QueryRefused):
        read_request({**QUERY, "purpose": "arrest"})  # an old confirmation code is no purpose of either
    found = problems("request", {"purpose": "arrest"})
    assert any(p.path == "purpose" for p in found)


def test_names_in_both_languages_and_unknown_codes_as_themselves() -> None:
    assert (state_name("10"), state_name("10", "hi")) == ("Bihar", "बिहार")
    assert state_name("99") == "99" and purpose_name("curiosity", "hi") == "curiosity"
    assert len(STATE_NAMES) == 37


@pytest.mark.parametrize("needle", ['"Bihar", "बिहार"', '"Uttar Pradesh", "उत्तर प्रदेश"', '"court_process"'])
def test_no_other_module_keeps_a_copy(needle: str) -> None:
    holders = [
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.suffix in (".py", ".html", ".js") and needle in path.read_text(encoding="utf-8")
    ]
    assert holders == ["exchange/codes.py"]
