"""An imported FIR's status, and the status history the FIR API would have written to reach it.

A legacy row gives the status it ended in, and perhaps the final report (kind, date), the court's result (result,
date) and a transfer. The API moves an FIR one step at a time (``cases.states``): registered ->
under_investigation -> a final report (charge_sheeted -> sent_to_court -> disposed, or final_report_*), or
registered -> transferred. An imported FIR gets the same steps, in that order, so the dashboards, the FIR's
history and the person API read it as they read an FIR recorded here:

* each step is dated by the fact that dates it: the final report's step by ``final_report_on``, disposal by
  ``court_disposed_on``, the transfer by ``transferred_at`` (dates are taken at the start of the day, India
  time); a step the source gives no date for (the start of investigation, sending to court, a final report or
  court result the row does not give) takes the time of the step before it and a note beginning
  ``UNDATED_NOTE``; no step is dated before the one before it (a report dated the day of registration is
  dated at the registration time);
* the status column, when given, is the status; the final report and the court result must agree with it (a
  ``status_conflict`` rejection otherwise). When the status cell is empty, the records decide: a court result
  means disposed, a final report its status, a transfer transferred, nothing the profile's default;
* an undetected final report with the status under_investigation is a reopened case (as the API allows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from ingest.legacy.converters.dates import IST
from records.models import FinalReportKind, FirStatus

S = FirStatus
REPORT_STATUS = {
    FinalReportKind.CHARGE_SHEET.value: S.CHARGE_SHEETED.value,
    FinalReportKind.UNDETECTED.value: S.FINAL_REPORT_UNDETECTED.value,
    FinalReportKind.FALSE.value: S.FINAL_REPORT_FALSE.value,
    FinalReportKind.MISTAKE_OF_FACT.value: S.FINAL_REPORT_MISTAKE_OF_FACT.value,
}
# The statuses an FIR can be in after each kind of final report (a charge sheet goes on to court; an undetected
# case may be reopened).
AFTER_REPORT = {
    "charge_sheet": {S.CHARGE_SHEETED.value, S.SENT_TO_COURT.value, S.DISPOSED.value},
    "undetected": {S.FINAL_REPORT_UNDETECTED.value, S.UNDER_INVESTIGATION.value},
    "false": {S.FINAL_REPORT_FALSE.value},
    "mistake_of_fact": {S.FINAL_REPORT_MISTAKE_OF_FACT.value},
}
FIRST_NOTE = "imported from legacy records"
UNDATED_NOTE = "imported; the source gives no date for this step"


@dataclass(frozen=True)
class Step:
    from_status: str | None
    to_status: str
    at: datetime
    note: str


@dataclass(frozen=True)
class Outcome:
    """What the row says happened after registration (each part may be missing)."""

    report_kind: str | None = None
    report_on: date | None = None
    court_result: str | None = None
    court_on: date | None = None
    transferred_to: str | None = None  # as written
    transferred_at: datetime | None = None


def status_for(given: str | None, default: str, outcome: Outcome) -> tuple[str, str | None]:
    """The FIR's status, and why the row is refused (``None`` if it is not): ``given`` is the converted status
    cell (``None`` when the cell is empty)."""
    derived = (
        S.DISPOSED.value
        if outcome.court_result
        else REPORT_STATUS[outcome.report_kind]
        if outcome.report_kind
        else S.TRANSFERRED.value
        if outcome.transferred_to
        else None
    )
    status = given or derived or default
    if outcome.court_result and status != S.DISPOSED.value:
        return status, f"the court's result is {outcome.court_result} but the status is {status} (should be disposed)"
    if outcome.court_result and outcome.report_kind not in (None, "charge_sheet"):
        return status, f"a court result follows a charge sheet, but the final report is {outcome.report_kind}"
    if outcome.report_kind and status not in AFTER_REPORT[outcome.report_kind]:
        allowed = ", ".join(sorted(AFTER_REPORT[outcome.report_kind]))
        return status, f"the final report is {outcome.report_kind} but the status is {status} (should be {allowed})"
    if outcome.transferred_to and status != S.TRANSFERRED.value:
        return status, f"the FIR was transferred to {outcome.transferred_to} but the status is {status}"
    return status, None


def undated(note: str | None = None) -> str:
    """The note of a step the source gives no date for (what the step was, when that says more)."""
    return f"{UNDATED_NOTE} ({note})" if note and note != UNDATED_NOTE else UNDATED_NOTE


def _day_start(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), IST)


def imported_history(status: str, registered_at: datetime, outcome: Outcome) -> list[Step]:
    """The steps from registration to ``status`` (see the module docstring); the first is from nothing."""
    steps = [Step(None, S.REGISTERED.value, registered_at, FIRST_NOTE)]

    def move(to: str, at: datetime | None, note: str) -> None:
        last = steps[-1]
        when = last.at if at is None or at < last.at else at
        steps.append(Step(last.to_status, to, when, note if at is not None else undated(note)))

    if status == S.REGISTERED.value:
        return steps
    if status == S.TRANSFERRED.value:
        note = f"transferred to {outcome.transferred_to}" if outcome.transferred_to else "transferred"
        move(S.TRANSFERRED.value, outcome.transferred_at, note)
        return steps
    move(S.UNDER_INVESTIGATION.value, None, UNDATED_NOTE)
    if status == S.UNDER_INVESTIGATION.value and outcome.report_kind != "undetected":
        return steps
    report_at = _day_start(outcome.report_on)
    if status in (S.SENT_TO_COURT.value, S.DISPOSED.value):
        kind = "charge_sheet"
    elif status == S.UNDER_INVESTIGATION.value:
        kind = "undetected"  # reopened after an undetected final report
    else:
        kind = next(k for k, v in REPORT_STATUS.items() if v == status)
    move(REPORT_STATUS[kind], report_at if outcome.report_kind else None, f"final report: {kind}")
    if status == S.UNDER_INVESTIGATION.value:
        move(S.UNDER_INVESTIGATION.value, None, "reopened")
    elif status in (S.SENT_TO_COURT.value, S.DISPOSED.value):
        move(S.SENT_TO_COURT.value, None, UNDATED_NOTE)
        if status == S.DISPOSED.value:
            court_at = _day_start(outcome.court_on) if outcome.court_result else None
            move(S.DISPOSED.value, court_at, f"court: {outcome.court_result}" if outcome.court_result else "disposed")
    return steps
