"""Reading the case page's forms: the fields an officer filled (a blank field is an absent one), what they typed
(shown again after a refusal), and a refusal's reasons named by the field they concern, in Hindi when
``case_words`` knows the sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from portal.station.case_words import reason_hi

# The form field a problem names -> the words of its label.
FIELD_WORDS = {
    "io_name": "io_name",
    "io_rank": "io_rank",
    "person_id": "person",
    "kind": "kind",
    "at": "at",
    "place": "arrest_place",
    "officer_name": "officer_name",
    "court_surrendered_in": "court_surrendered_in",
    "remarks": "remarks",
    "seized_at": "seized_at",
    "description": "description",
    "quantity": "quantity",
    "value": "value",
    "seized_from_person_id": "seized_from",
    "vehicle_registration": "vehicle_registration",
    "report_number": "report_number",
    "submitted_on": "submitted_on",
    "court": "court",
    "is_supplementary": "is_supplementary",
    "summary": "summary",
    "charged_person_ids": "charged",
    "not_charged_person_ids": "not_charged",
    "court_case_number": "court_case_number",
    "disposed_on": "disposed_on",
    "result": "result",
    "sentence": "sentence",
    "to": "to_status",
    "note": "note",
    "to_station": "to_station",
    "entry_at": "entry_at",
    "text": "entry_text",
    "corrects_entry_number": "corrects",
}


@dataclass(frozen=True)
class Problem:
    """One reason a form was refused: the field it names (a words key, or ""), the rule's sentence, and its Hindi
    when it is one of the frequent ones."""

    field: str
    reason: str
    reason_hi: str | None


@dataclass(frozen=True)
class Refusal:
    form: str
    problems: list[Problem]


def problem(loc: tuple[Any, ...], reason: str) -> Problem:
    field = str(loc[0]) if loc else ""
    return Problem(FIELD_WORDS.get(field, ""), reason, reason_hi(reason))


def entered_values(form: FormData) -> dict[str, Any]:
    """What the officer typed, to show again after a refusal (lists for the repeated fields)."""
    values: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and key != "csrf_token":
            values[key] = [*values[key], value] if key in values and key.endswith("[]") else value
    return values


def filled(form: FormData, *names: str) -> dict[str, str]:
    """The named text fields that are not blank (a blank field is an absent one: the model's default)."""
    return {name: value.strip() for name in names if isinstance(value := form.get(name), str) and value.strip()}
