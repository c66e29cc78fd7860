"""The FIR status state machine and the reason an impossible change is refused.

registered -> under_investigation -> charge_sheeted | final_report_undetected | final_report_false |
final_report_mistake_of_fact; charge_sheeted -> sent_to_court -> disposed; an undetected case may be
reopened (-> under_investigation); a zero FIR, while registered or under investigation, -> transferred.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cases.errors import FirConflict
from records.models import FinalReportKind, Fir, FirStatus, FirStatusChange, InformationType

S = FirStatus
TRANSITIONS: dict[FirStatus, frozenset[FirStatus]] = {
    S.REGISTERED: frozenset({S.UNDER_INVESTIGATION, S.TRANSFERRED}),
    S.UNDER_INVESTIGATION: frozenset(
        {
            S.CHARGE_SHEETED,
            S.FINAL_REPORT_UNDETECTED,
            S.FINAL_REPORT_FALSE,
            S.FINAL_REPORT_MISTAKE_OF_FACT,
            S.TRANSFERRED,
        }
    ),
    S.CHARGE_SHEETED: frozenset({S.SENT_TO_COURT}),
    S.SENT_TO_COURT: frozenset({S.DISPOSED}),
    S.FINAL_REPORT_UNDETECTED: frozenset({S.UNDER_INVESTIGATION}),
    S.FINAL_REPORT_FALSE: frozenset(),
    S.FINAL_REPORT_MISTAKE_OF_FACT: frozenset(),
    S.DISPOSED: frozenset(),
    S.TRANSFERRED: frozenset(),
}
FINAL_REPORT_STATUS = {
    FinalReportKind.CHARGE_SHEET: S.CHARGE_SHEETED,
    FinalReportKind.UNDETECTED: S.FINAL_REPORT_UNDETECTED,
    FinalReportKind.FALSE: S.FINAL_REPORT_FALSE,
    FinalReportKind.MISTAKE_OF_FACT: S.FINAL_REPORT_MISTAKE_OF_FACT,
}
CLOSED = frozenset({S.FINAL_REPORT_FALSE, S.FINAL_REPORT_MISTAKE_OF_FACT, S.DISPOSED, S.TRANSFERRED})
# Changes that have their own endpoint, because they carry a record of their own.
NEEDS_RECORD = {
    S.CHARGE_SHEETED: "record a charge sheet (POST .../final-reports with kind charge_sheet)",
    S.FINAL_REPORT_UNDETECTED: "record the final report (POST .../final-reports with kind undetected)",
    S.FINAL_REPORT_FALSE: "record the final report (POST .../final-reports with kind false)",
    S.FINAL_REPORT_MISTAKE_OF_FACT: "record the final report (POST .../final-reports with kind mistake_of_fact)",
    S.DISPOSED: "record the court's result (POST .../court-results)",
    S.TRANSFERRED: "transfer the zero FIR (POST .../transfer)",
}


def why_not(fir: Fir, to: FirStatus) -> str | None:
    """None if ``fir`` may move to ``to``; otherwise the reason, in one sentence."""
    current = fir.status
    if to == current:
        return f"FIR {fir.number} is already {current.value}"
    if to is S.TRANSFERRED and fir.information_type is not InformationType.ZERO_FIR:
        return (
            f"only a zero FIR can be transferred, and FIR {fir.number} was registered as {fir.information_type.value}"
        )
    if to in TRANSITIONS[current]:
        return None
    allowed = sorted(
        status.value
        for status in TRANSITIONS[current]
        if status is not S.TRANSFERRED or fir.information_type is InformationType.ZERO_FIR
    )
    if current in CLOSED:
        reason = f"FIR {fir.number} is {current.value}, which is final; its status cannot change any more"
    else:
        reason = (
            f"FIR {fir.number} is {current.value} and cannot become {to.value}; "
            f"from {current.value} it may become {', '.join(allowed) if allowed else 'nothing else'}"
        )
    if to is S.DISPOSED and current is S.CHARGE_SHEETED:
        reason += " (a charge-sheeted case must be sent to court before the court disposes of it)"
    if to in FINAL_REPORT_STATUS.values() and current is S.REGISTERED:
        reason += " (investigation must begin before a final report)"
    return reason


def change_status(
    session: Session,
    fir: Fir,
    to: FirStatus,
    *,
    user_id: int | None,
    note: str | None = None,
    at: datetime | None = None,
) -> FirStatusChange:
    """Move ``fir`` to ``to`` with a history row, or raise FirConflict saying why not. Never commits."""
    reason = why_not(fir, to)
    if reason:
        raise FirConflict(reason, field="status")
    change = FirStatusChange(fir_id=fir.id, from_status=fir.status, to_status=to, changed_by_user_id=user_id, note=note)
    if at is not None:
        change.changed_at = at
    fir.status = to
    session.add(change)
    return change


def start_history(session: Session, fir: Fir, *, user_id: int | None, at: datetime, note: str | None = None) -> None:
    """The first row of a new FIR's history: registered (the FIR must have been flushed: it needs its id)."""
    session.add(first_history_row(fir.id, user_id=user_id, at=at, note=note))


def first_history_row(
    fir_id: int | None, *, user_id: int | None, at: datetime, note: str | None = None
) -> FirStatusChange:
    """A new FIR's first status row, registered (not added to any session)."""
    return FirStatusChange(
        fir_id=fir_id, from_status=None, to_status=S.REGISTERED, changed_by_user_id=user_id, changed_at=at, note=note
    )
