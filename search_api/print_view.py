"""The printable FIR copy: HTML in the standard IIF-I layout, Hindi and English headings.

Devanagari renders in any modern browser: the page is UTF-8, marks its language (``lang="hi"`` on Hindi
text) and asks for "Noto Sans Devanagari" (then the platform's Devanagari fonts) so the conjuncts shape
correctly. Printing from the browser gives the paper copy the complainant is entitled to free of cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, select_autoescape

from records.display import IST, both, ist, rupees
from records.models import FirStatus, PoliceDistrict, PoliceStation, PropertyKind
from search_api.fir_schemas import FirOut

BNSS_FROM = date(2024, 7, 1)
INFORMATION_TYPES = {
    "oral": ("मौखिक", "Oral"),
    "written": ("लिखित", "Written"),
    "e_fir": ("ई-प्राथमिकी", "e-FIR"),
    "zero_fir": ("शून्य प्राथमिकी", "Zero FIR"),
}
WITHHELD_TEXT = "— (पीड़ित की पहचान की रक्षा हेतु नहीं दिखाया गया / withheld to protect the victim's identity)"
WEEKDAYS_HI = ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"]


@cache
def _environment() -> Environment:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    environment.filters["when"] = _when
    environment.filters["money"] = rupees
    environment.filters["both"] = bilingual
    environment.filters["ist"] = ist
    return environment


@cache
def _template_source() -> str:
    return files("search_api").joinpath("templates/fir_print.html").read_text(encoding="utf-8")


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        local = value.astimezone(IST)
        return f"{local:%d-%m-%Y %H:%M} ({WEEKDAYS_HI[local.weekday()]}, {local:%A})"
    return f"{value:%d-%m-%Y}"


def bilingual(value: object) -> str:
    """A property kind or status in Hindi and English (codes arrive as enums or as their strings)."""
    for kind in (PropertyKind, FirStatus):
        if isinstance(value, kind):
            return both(value)
    for kind in (PropertyKind, FirStatus):
        try:
            return both(kind(str(value)))
        except ValueError:
            continue
    return str(value).replace("_", " ")


def render_fir_print(
    fir: FirOut,
    *,
    station: PoliceStation,
    district: PoliceDistrict,
    sections: Sequence[Any],
    withheld: bool = False,
) -> str:
    """The FIR as a self-contained HTML page, ready to print; ``withheld`` (a case protecting its victim,
    ``records.victim_identity``): no complainant, victim or accused, place, delay reason or facts."""
    registered = fir.registered_at.astimezone(IST)
    under_bnss = registered.date() >= BNSS_FROM
    template = _environment().from_string(_template_source())
    return template.render(
        fir=fir,
        station=station,
        district=district,
        sections=sections,
        registered=registered,
        law_hi="भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 173" if under_bnss else "दंड प्रक्रिया संहिता की धारा 154",
        law_en="Under Section 173 of the Bharatiya Nagarik Suraksha Sanhita, 2023"
        if under_bnss
        else "Under Section 154 of the Code of Criminal Procedure",
        information_type=INFORMATION_TYPES.get(fir.information_type.value, (fir.information_type.value,) * 2),
        withheld=withheld,
        withheld_text=WITHHELD_TEXT,
        printed_at=datetime.now(UTC),
    )
