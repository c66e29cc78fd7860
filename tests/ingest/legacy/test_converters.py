"""Each converter on the styles real registers use, and its error for what it cannot read."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from ingest.legacy.converters.cells import ConversionError, is_blank, text
from ingest.legacy.converters.dates import IST, parse_datetime
from ingest.legacy.converters.names import split_name
from ingest.legacy.converters.numbers import decimal, fir_number, integer
from ingest.legacy.converters.sections import ActResolver, parse_sections, section_variants
from ingest.legacy.converters.word_tables import (
    BUILTIN_ARREST_WORDS,
    BUILTIN_COURT_RESULT_WORDS,
    BUILTIN_FINAL_REPORT_WORDS,
    BUILTIN_PROPERTY_WORDS,
)
from ingest.legacy.converters.words import Words, status_word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15/01/2016", date(2016, 1, 15)),
        ("5/1/2016", date(2016, 1, 5)),
        ("05-01-16", date(2016, 1, 5)),
        ("05.01.2016", date(2016, 1, 5)),
        ("2016-01-05", date(2016, 1, 5)),
        ("१५/०१/२०१६", date(2016, 1, 15)),  # Devanagari digits
        (42374, date(2016, 1, 5)),  # Excel serial number (42370 is 1 January 2016)
        ("42374", date(2016, 1, 5)),
        (datetime(2016, 1, 5, 10, 30), date(2016, 1, 5)),
    ],
)
def test_dates_in_the_formats_registers_use(raw: object, expected: date) -> None:
    parsed = parse_datetime(raw)
    assert parsed is not None
    assert parsed.date() == expected
    assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 5.5 * 3600  # IST


def test_excel_serial_with_a_fraction_is_a_time_of_day() -> None:
    assert parse_datetime(42374.75) == datetime(2016, 1, 5, 18, 0, tzinfo=IST)


@pytest.mark.parametrize(("time_cell", "expected"), [("14:30", time(14, 30)), ("2:30 PM", time(14, 30)),
                                                     (0.25, time(6, 0)), (time(9, 15), time(9, 15))])  # fmt: skip
def test_a_separate_time_column_sets_the_time(time_cell: object, expected: time) -> None:
    parsed = parse_datetime("05/01/2016", time_value=time_cell)
    assert parsed is not None and parsed.time() == expected and parsed.date() == date(2016, 1, 5)


def test_swap_day_month_repairs_dates_a_spreadsheet_read_as_month_first_but_not_text() -> None:
    # "5/1/2016" typed for 5 January, stored by Excel as 1 May
    assert parse_datetime(datetime(2016, 5, 1), swap_day_month=True).date() == date(2016, 1, 5)
    assert parse_datetime("15/1/2016", swap_day_month=True).date() == date(2016, 1, 15)


@pytest.mark.parametrize("raw", ["31/02/2016", "yesterday", "2016/13/45", 3_000_000])
def test_a_date_that_cannot_be_read_is_a_bad_date(raw: object) -> None:
    with pytest.raises(ConversionError) as error:
        parse_datetime(raw)
    assert error.value.reason == "bad_date"


def test_only_the_formats_given_are_tried() -> None:
    with pytest.raises(ConversionError, match="formats %Y-%m-%d"):
        parse_datetime("05/01/2016", formats=["%Y-%m-%d"])
    with pytest.raises(ConversionError, match="add 'excel'"):
        parse_datetime(42375, formats=["%d/%m/%Y"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0059/2017", (59, 2017)),
        ("59", (59, None)),
        (59, (59, None)),
        ("59/17", (59, 2017)),
        ("FIR No. 12/2009", (12, 2009)),
    ],
)
def test_fir_numbers(raw: object, expected: tuple[int, int | None]) -> None:
    assert fir_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "0", "12/2016/3"])
def test_bad_fir_numbers(raw: str) -> None:
    with pytest.raises(ConversionError) as error:
        fir_number(raw)
    assert error.value.reason == "bad_fir_number"


RESOLVER = ActResolver({"IPC": ["Indian Penal Code"], "ARMS": ["Arms Act"]}, {"KARNATAKA POLICE ACT": "KPA"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("IPC 1860 U/s: 306,363", [("IPC", "306"), ("IPC", "363")]),
        ("379/411 IPC", [("IPC", "379"), ("IPC", "411")]),
        ("धारा 302 भा.द.वि.", [("IPC", "302")]),
        ("धारा 302, 201 भा०द०वि० एवं 27 आर्म्स एक्ट", [("IPC", "302"), ("IPC", "201"), ("ARMS", "27")]),
        ("IPC 302, 34; ARMS 27", [("IPC", "302"), ("IPC", "34"), ("ARMS", "27")]),
        ("302/34 IPC & 27 Arms Act", [("IPC", "302"), ("IPC", "34"), ("ARMS", "27")]),
        ("302 r/w 34 IPC", [("IPC", "302"), ("IPC", "34")]),
        ("498-A IPC", [("IPC", "498A")]),
        ("IPC 1860 U/s: 304(A),279 ", [("IPC", "304(A)"), ("IPC", "279")]),
        ("ARMS 25(1-b)(a), 27", [("ARMS", "25(1-B)(A)"), ("ARMS", "27")]),
        ("420", [("IPC", "420")]),
        (
            "PROTECTION OF CHILDREN FROM SEXUAL OFFENCES ACT 2012 U/s: 12 IPC 1860 U/s: 306,363",
            [("POCSO", "12"), ("IPC", "306"), ("IPC", "363")],
        ),
        ("KARNATAKA POLICE ACT, 1963 U/s: 87 ", [("KPA", "87")]),  # a profile's own alias
    ],
)
def test_act_and_section_strings(raw: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.act, c.section) for c in parse_sections(raw, RESOLVER, "IPC")] == expected


def test_an_act_we_do_not_know_is_kept_with_its_name() -> None:
    [citation] = parse_sections("KARNATAKA EXCISE ACT, 1965 U/s: 32", RESOLVER)
    assert citation.act is None and citation.section == "32" and "KARNATAKA EXCISE" in citation.act_text


def test_section_spellings_are_tried_in_turn() -> None:
    assert section_variants("304(A)") == ["304(A)", "304A", "304"]
    assert section_variants("304B") == ["304B", "304(B)"]
    assert section_variants("376(2)(N)") == ["376(2)(N)", "376(2)", "376"]


@pytest.mark.parametrize(
    ("raw", "name", "relative", "kind"),
    [
        ("Ram Kumar s/o Shyam Lal", "Ram Kumar", "Shyam Lal", "father"),
        ("Ram Kumar S/O- Shyam Lal", "Ram Kumar", "Shyam Lal", "father"),
        ("Rita Kumari d/o Mohan Prasad", "Rita Kumari", "Mohan Prasad", "father"),
        ("Sita Devi w/o Ram Prasad", "Sita Devi", "Ram Prasad", "husband"),
        ("Md. Islam son of Md. Yunus", "Md. Islam", "Md. Yunus", "father"),
        ("राम कुमार पिता श्याम लाल", "राम कुमार", "श्याम लाल", "father"),
        ("राम कुमार, पिता- श्याम लाल", "राम कुमार", "श्याम लाल", "father"),
        ("सीता देवी पति राम प्रसाद", "सीता देवी", "राम प्रसाद", "husband"),
        ("Mohan Yadav", "Mohan Yadav", None, None),
        ("Sosan s/o", "Sosan", None, None),
    ],
)
def test_names_with_the_fathers_or_husbands_name(raw: str, name: str, relative: str | None, kind: str | None) -> None:
    parsed = split_name(raw)
    assert parsed is not None
    assert (parsed.name, parsed.relative_name, parsed.relation_kind) == (name, relative, kind)


def test_a_relative_without_a_name_is_a_bad_name() -> None:
    with pytest.raises(ConversionError) as error:
        split_name("s/o Shyam Lal")
    assert error.value.reason == "bad_name"


def test_status_words_through_the_profile_map_our_values_and_common_words() -> None:
    allowed = ["registered", "under_investigation", "charge_sheeted", "final_report_false", "disposed"]
    words = {"Pending Trial": "charge_sheeted", "Transfered :UI*": "under_investigation"}
    assert status_word("Pending  Trial", words, allowed, None) == "charge_sheeted"
    assert status_word("Transfered :UI( CID)", words, allowed, None) == "under_investigation"
    assert status_word("charge-sheeted", {}, allowed, None) == "charge_sheeted"
    assert status_word("False case", {}, allowed, None) == "final_report_false"
    assert status_word("", {}, allowed, "registered") == "registered"
    with pytest.raises(ConversionError) as error:
        status_word("Sent to Mars", {}, allowed, None)
    assert error.value.reason == "unknown_status" and "status map" in error.value.message


def test_numbers() -> None:
    assert integer("0012") == 12 and integer(12.0) == 12 and integer("१२") == 12
    assert decimal("Rs. 12,500") == Decimal("12500") and decimal("2.5 km") == Decimal("2.5")
    with pytest.raises(ConversionError):
        integer("12.5")
    with pytest.raises(ConversionError):
        decimal("none given")


def test_blank_cells() -> None:
    assert all(is_blank(v) for v in (None, "", "  ", "NULL", "-"))
    assert text(" Hajipur \x07") == "Hajipur" and text(12.0) == "12"
    with pytest.raises(ConversionError) as error:
        text("x" * 50, max_length=40)
    assert error.value.reason == "too_long"


@pytest.mark.parametrize(
    ("table", "allowed", "what", "word", "expected"),
    [
        (BUILTIN_PROPERTY_WORDS, "PropertyKind", "property_kind", "Motor Cycle", "vehicle"),
        (BUILTIN_PROPERTY_WORDS, "PropertyKind", "property_kind", "मोबाइल", "mobile_phone"),
        (BUILTIN_PROPERTY_WORDS, "PropertyKind", "property_kind", "mobile_phone", "mobile_phone"),
        (BUILTIN_ARREST_WORDS, "ArrestKind", "arrest_kind", "Surrendered in court", "surrender"),
        (BUILTIN_ARREST_WORDS, "ArrestKind", "arrest_kind", "गिरफ्तार", "arrest"),
        (BUILTIN_FINAL_REPORT_WORDS, "FinalReportKind", "final_report_kind", "C/S", "charge_sheet"),
        (BUILTIN_FINAL_REPORT_WORDS, "FinalReportKind", "final_report_kind", "FR True", "undetected"),
        (BUILTIN_FINAL_REPORT_WORDS, "FinalReportKind", "final_report_kind", "mistake_of_fact", "mistake_of_fact"),
        (BUILTIN_COURT_RESULT_WORDS, "CourtResult", "court_result", "Acquittal", "acquitted"),
        (BUILTIN_COURT_RESULT_WORDS, "CourtResult", "court_result", "दोषसिद्ध", "convicted"),
    ],
)
def test_words_of_property_arrests_final_reports_and_court_results(
    table: dict[str, str], allowed: str, what: str, word: str, expected: str
) -> None:
    import records.models as models

    values = [member.value for member in getattr(models, allowed)]
    assert set(table.values()) <= set(values)  # every common word leads to one of our values
    words = Words({}, values, None, what, table)
    assert words(word) == expected
    assert words("") is None
    with pytest.raises(ConversionError) as error:  # never guessed: an unknown word is refused, saying which
        words("something else")
    assert error.value.reason == f"unknown_{what}"
    assert "'something else'" in error.value.message and values[0] in error.value.message
    assert Words({"Jaldi": expected}, values, None, what, table)("jaldi") == expected  # the profile's map


def test_the_status_history_an_imported_fir_gets() -> None:
    from ingest.legacy.history import UNDATED_NOTE, Outcome, imported_history, status_for

    registered = datetime(2015, 3, 4, 10, 0, tzinfo=IST)
    outcome = Outcome("charge_sheet", date(2015, 3, 4), "convicted", date(2018, 7, 1))
    assert status_for(None, "registered", outcome) == ("disposed", None)  # an empty status follows the records
    steps = imported_history("disposed", registered, outcome)
    assert [(s.from_status, s.to_status) for s in steps] == [
        (None, "registered"),
        ("registered", "under_investigation"),
        ("under_investigation", "charge_sheeted"),
        ("charge_sheeted", "sent_to_court"),
        ("sent_to_court", "disposed"),
    ]
    # the report filed on the day of registration is dated at the registration, not before it
    assert [s.at for s in steps] == [registered] * 4 + [datetime(2018, 7, 1, tzinfo=IST)]
    assert [s.note.startswith(UNDATED_NOTE) for s in steps] == [False, True, False, True, False]
    reopened = imported_history("under_investigation", registered, Outcome("undetected", date(2016, 1, 1)))
    assert [s.to_status for s in reopened] == ["registered", "under_investigation", "final_report_undetected",
                                               "under_investigation"]  # fmt: skip
    assert [s.to_status for s in imported_history("disposed", registered, Outcome())][-1] == "disposed"
    assert len(imported_history("transferred", registered, Outcome(transferred_to="X-PS"))) == 2
    assert status_for("final_report_false", "registered", outcome)[1] == (
        "the court's result is convicted but the status is final_report_false (should be disposed)"
    )
    assert status_for("registered", "registered", Outcome("false", date(2016, 1, 1)))[1] == (
        "the final report is false but the status is registered (should be final_report_false)"
    )


def test_imported_text_is_cleaned_like_every_other_text_field() -> None:
    assert text("\u202eअमित\u202c कुमार\x07") == "अमित कुमार"
    assert text("\u202e\x07") is None  # nothing left: a blank cell
