"""The search box reads FIR numbers, mobiles, vehicles and relatives' names out of what was typed."""

from __future__ import annotations

from datetime import date

import pytest

from indexes.engine import AnyOf, NameClause, RangeClause, TermsClause, TextClause
from indexes.schema import DocumentKind
from indexes.searchbox import Filters, fir_request, interpret, person_request
from indexes.vehicle_marks import vehicle_numbers
from people.names.terms import name_terms


@pytest.mark.parametrize(
    ("query", "fir_numbers", "station_words", "rest"),
    [
        ("123/2019", ["123/2019"], [], ""),
        ("Hajipur Sadar 123/2019", ["123/2019"], ["hajipur", "sadar"], ""),
        ("FIR no. 0045/19", ["45/2019"], [], ""),
        ("Hajipur Sadar PS case 12 / 2024", ["12/2024"], ["hajipur", "sadar"], ""),
        ("हाजीपुर १०/२०२०", ["10/2020"], ["हाजीपुर"], ""),
        ("हाजीपुर सदर 10/2020", ["10/2020"], ["हाजीपुर", "सदर"], ""),
        ("थाना हाजीपुर सदर कांड सं. १०/२०२०", ["10/2020"], ["हाजीपुर", "सदर"], ""),
        ("हाजीपुर थाना कांड सं० १०/२०", ["10/2020"], ["हाजीपुर"], ""),
        ("हाजीपुर थाना कांड नं0 10/2020", ["10/2020"], ["हाजीपुर"], ""),
        ("औद्योगिक क्षेत्र थाना प्राथमिकी संख्या-१०/२०२०", ["10/2020"], ["औद्योगिक", "क्षेत्र"], ""),
        ("कांड सं. १०/२०२०", ["10/2020"], [], ""),
        ("Hajipur Sadar FIR No. १०/२०२०", ["10/2020"], ["hajipur", "sadar"], ""),
        ("Ram Kumar", [], [], "Ram Kumar"),
    ],
)
def test_fir_numbers_with_and_without_station(
    query: str, fir_numbers: list[str], station_words: list[str], rest: str
) -> None:
    found = interpret(query)
    assert found.fir_numbers == fir_numbers
    assert found.station_words == station_words
    assert found.name == rest


@pytest.mark.parametrize(
    ("query", "rest"),
    [
        ("९८७६५ ४३२१०", ""),
        ("+९१ ९८७६५-४३२१०", ""),
        ("मो० ९८७६५४३२१०", ""),
        ("मो०९८७६५४३२१०", ""),
        ("मोबाइल नं. ९८७६५ ४३२१०", ""),
        ("फोन नं०- ९८७६५-४३२१०", ""),
        ("Mob. No. 9876543210", ""),
        ("Md Islam मो0 9876543210", "Md Islam"),
        ("मो० इस्लाम ९८७६५४३२१०", "मो० इस्लाम"),  # मो० before a name is Mohammad
        ("Mohan 9876543210", "Mohan"),
    ],
)
def test_a_mobile_takes_the_label_written_before_it(query: str, rest: str) -> None:
    found = interpret(query)
    assert found.mobiles == ["9876543210"]
    assert found.name == rest


@pytest.mark.parametrize(
    "query", ["9876543210", "+91 98765 43210", "+91-9876543210", "098765-43210", "919876543210", "९८७६५४३२१०"]
)
def test_mobile_numbers_in_any_common_form(query: str) -> None:
    found = interpret(query)
    assert found.mobiles == ["9876543210"]
    assert found.name == "" and found.fir_numbers == []


def test_numbers_that_are_not_mobiles_stay_text() -> None:
    assert interpret("5876543210").mobiles == []  # Indian mobiles start with 6-9
    assert interpret("98765").mobiles == []


@pytest.mark.parametrize(
    "query",
    [
        "BR 01 AB 1234",
        "br01ab1234",
        "BR-01-AB-1234",
        "BR 1 AB 1234",
        "BR01 AB 1234",
        "BR ०१ AB १२३४",
        "बीआर ०१ एबी १२३४",
        "बी.आर. 01 ए.बी. 1234",
        "बी आर १ ए बी १२३४",
        "बीआर-01-एबी-1234",
    ],
)
def test_vehicle_numbers_with_or_without_spaces(query: str) -> None:
    found = interpret(query)
    assert found.vehicles == ["BR01AB1234"] and found.name == ""


@pytest.mark.parametrize(
    ("facts", "marks"),
    [
        ("अभियुक्त मोटरसाइकिल बीआर ३१ एबी ४५२१ से भागा।", ["BR31AB4521"]),
        ("ट्रक यूपी ६५ एटी १२३४ और BR31AB4521 को जब्त किया", ["BR31AB4521", "UP65AT1234"]),
        ("डीएल 3 सीएबी 1234", ["DL03CAB1234"]),
        ("राम के 12 बजे के जी 12 5 किलो जी 20", []),  # के, जी are words here: no state code, no whole mark
        ("वादी ने बताया कि दिनांक १२.०३.२०२० को करीब १० बजे", []),
    ],
)
def test_marks_spelled_in_hindi_are_read_in_facts_as_in_the_box(facts: str, marks: list[str]) -> None:
    assert vehicle_numbers(facts) == marks
    assert interpret(facts).vehicles == marks


def test_a_name_beside_a_vehicle_and_a_mobile() -> None:
    found = interpret("Ram Kumar BR31P7777 9123456789")
    assert found.vehicles == ["BR31P7777"] and found.mobiles == ["9123456789"] and found.name == "Ram Kumar"


def test_father_name_after_s_o_or_in_its_own_field() -> None:
    found = interpret("Ram Kumar s/o Shyam Lal")
    assert (found.name, found.relative_name) == ("Ram Kumar", "Shyam Lal")
    assert interpret("Ram Kumar", relative="Shyam Lal").relative_name == "Shyam Lal"
    hindi = interpret("राम कुमार पिता श्याम लाल")
    assert (hindi.name, hindi.relative_name) == ("राम कुमार", "श्याम लाल")


def test_person_request_matches_name_and_father() -> None:
    request = person_request(interpret("Ram Kumar s/o Shyam Lal"), Filters())
    assert request is not None and request.kind is DocumentKind.PERSON
    names = [clause for clause in request.must if isinstance(clause, NameClause)]
    assert [clause.relative for clause in names] == [False, True]
    assert len(names[0].terms) == 2 and len(names[1].terms) == 2


def test_an_fir_number_or_vehicle_searches_cases_not_people() -> None:
    assert person_request(interpret("Hajipur Sadar 123/2019"), Filters()) is None
    request = fir_request(interpret("Hajipur Sadar 123/2019"), Filters())
    assert request is not None
    terms = {(c.field, c.values) for c in request.must if isinstance(c, TermsClause)}
    assert terms == {("fir_number", ("123/2019",)), ("station_keys", ("hajipur",)), ("station_keys", ("sadar",))}


def test_free_text_matches_case_names_or_facts() -> None:
    request = fir_request(interpret("motorcycle stolen"), Filters())
    assert request is not None
    (clause,) = request.must
    assert isinstance(clause, AnyOf)
    # As a name of an accused or complainant (scoring double), or as words of the facts or the names.
    name, text = clause.clauses
    assert isinstance(name, NameClause) and name.boost == 2.0 and not name.relative
    assert name.terms == name_terms("motorcycle stolen")
    assert text == TextClause("motorcycle stolen", ("facts", "names"))


def test_filters_become_non_scoring_clauses() -> None:
    filters = Filters(district_ids=(3,), registered_from=date(2019, 1, 1), roles=("accused",))
    request = person_request(interpret("Ram"), filters)
    assert request is not None
    assert TermsClause("district_ids", (3,)) in request.filters
    assert TermsClause("roles", ("accused",)) in request.filters
    assert RangeClause("registered_on", date(2019, 1, 1), None) in request.filters


def test_an_empty_box_asks_for_nothing() -> None:
    assert interpret("   ").is_empty
    assert fir_request(interpret(""), Filters()) is None
    assert person_request(interpret(""), Filters()) is None
