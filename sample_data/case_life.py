"""What happens to a generated FIR after registration: a zero FIR sent on, investigation, arrests, the
charge sheet or final report, cognizance and the court's disposal, as far as the case's age allows."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from records.display import IST
from sample_data import dice
from sample_data.head_groups import DOMESTIC_CASES, POLICE_CASES, PROPERTY_CASES, WOMEN_VICTIM
from sample_data.rows import CourtDisposalRow, FinalReportRow, FirRow, PartyRow, StatusChangeRow
from sample_data.stations import PlannedStation

SENTENCES = ("RI 7 years and fine Rs. 10,000", "RI 3 years and fine Rs. 5,000", "life imprisonment",
             "SI 1 year and fine Rs. 2,000", "RI 10 years and fine Rs. 25,000", "fine Rs. 1,000")  # fmt: skip
COURT_RESULTS = (("convicted", 0.28), ("acquitted", 0.56), ("compounded", 0.09), ("discharged", 0.04),
                 ("withdrawn", 0.02), ("abated", 0.01))  # fmt: skip


def live(
    rng: random.Random,
    fir: FirRow,
    planned: PlannedStation,
    accused: list[PartyRow],
    today_date: date,
    district_stations: Mapping[str, Sequence[PlannedStation]],
) -> None:
    """Give ``fir`` the status history a case of its age plausibly has, with its arrests, final report and
    court disposals; nothing after ``today_date``."""
    today = datetime(today_date.year, today_date.month, today_date.day, tzinfo=IST)
    history = fir.status_history
    registered = fir.registered_at
    history.append(StatusChangeRow(None, "registered", registered, None))
    court = f"CJM Court, {planned.district.name_en.replace(' Railway', '')}"
    yy = fir.year % 100

    def move(to: str, at: datetime, note: str | None = None) -> bool:
        if at >= today:
            return False
        history.append(StatusChangeRow(fir.status, to, at, note))
        fir.status = to
        return True

    if fir.information_type == "zero_fir":
        station_options = district_stations[planned.district.code]
        target = station_options[dice.below(rng, len(station_options))]
        if target.station.code != planned.station.code:
            at = registered + timedelta(days=dice.between(rng, 1, 10), hours=dice.between(rng, 0, 8))
            if move("transferred", at, f"Zero FIR sent to {target.station.name_en}"):
                fir.transferred_to_station_code = target.station.code
                fir.transferred_at = at
                return

    police_case = fir.crime_head in POLICE_CASES
    started = registered + timedelta(hours=dice.between(rng, 1, 72))
    if not move("under_investigation", started):
        return

    # Arrests: on the spot in police cases, else over the following weeks for some accused.
    for party in accused:
        if police_case and rng.random() < 0.9:
            party.arrest_kind, party.arrested_at = "arrest", fir.occurrence_from
        elif rng.random() < 0.5:
            at = registered + timedelta(days=dice.between(rng, 1, 90), hours=dice.between(rng, 0, 23))
            if at < today:
                party.arrest_kind = "arrest" if rng.random() < 0.8 else "surrender"
                party.arrested_at = at

    median_days = 45 if police_case else 200
    investigation = timedelta(days=max(7, int(median_days * math.exp(rng.gauss(0.0, 0.9)))))
    outcome = _outcome(rng, fir.crime_head, bool(accused))
    concluded = started + investigation
    if outcome == "charge_sheeted" and not accused:
        outcome = "final_report_undetected"
    if not move(outcome, concluded):
        for party in accused:
            if party.arrested_at is None:
                party.person.is_wanted = True
                if (today - registered).days > 365 and rng.random() < 0.1:
                    party.person.is_proclaimed_offender = True
        return
    kind = {"charge_sheeted": "charge_sheet", "final_report_undetected": "undetected",
            "final_report_false": "false", "final_report_mistake_of_fact": "mistake_of_fact"}[outcome]  # fmt: skip
    label = "CS" if kind == "charge_sheet" else "FR"
    fir.final_report = FinalReportRow(
        kind=kind,
        report_number=f"{label} No. {dice.between(rng, 1, 400)}/{concluded.year % 100:02d}",
        submitted_on=concluded.date(),
        court=court,
        summary=_summary(kind, len(accused)),
    )
    if kind != "charge_sheet":
        return
    for party in accused:
        party.charged = rng.random() < 0.88
    cognizance = concluded + timedelta(days=dice.between(rng, 10, 120))
    if not move("sent_to_court", cognizance, "Cognizance taken"):
        return
    trial = timedelta(days=int(1600 * math.exp(rng.gauss(0.0, 0.55))))
    disposed = cognizance + trial
    if not move("disposed", disposed):
        return
    result = _court_result(rng)
    case_number = f"GR {dice.between(rng, 1, 3000)}/{yy:02d}"
    for party in accused:
        if party.charged:
            sentence = SENTENCES[dice.below(rng, len(SENTENCES))] if result == "convicted" else None
            fir.court_disposals.append(
                CourtDisposalRow(party.person, court, case_number, disposed.date(), result, sentence)
            )


def _outcome(rng: random.Random, head: str, named: bool) -> str:
    if head in POLICE_CASES:
        weights = (0.9, 0.02, 0.05, 0.03)
    elif head in PROPERTY_CASES:
        weights = (0.55, 0.2, 0.15, 0.1) if named else (0.12, 0.78, 0.05, 0.05)
    elif head in DOMESTIC_CASES or head in WOMEN_VICTIM:
        weights = (0.6, 0.0, 0.25, 0.15)
    else:
        weights = (0.65, 0.1, 0.15, 0.1)
    roll, running = rng.random(), 0.0
    outcomes = ("charge_sheeted", "final_report_undetected", "final_report_false", "final_report_mistake_of_fact")
    for outcome, weight in zip(outcomes, weights, strict=True):
        running += weight
        if roll < running:
            return outcome
    return outcomes[0]


def _court_result(rng: random.Random) -> str:
    roll, running = rng.random(), 0.0
    for result, weight in COURT_RESULTS:
        running += weight
        if roll < running:
            return result
    return COURT_RESULTS[0][0]


def _summary(kind: str, accused: int) -> str:
    if kind == "charge_sheet":
        return f"Charge sheet against {accused} accused; case found true."
    return {
        "undetected": "Case true but accused not traced; final report submitted.",
        "false": "Allegation found false on investigation.",
        "mistake_of_fact": "Matter found to be a mistake of fact / of civil nature.",
    }[kind]
