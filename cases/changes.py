"""What every write to a registered FIR shares: its clock, the refusal once the case is closed, and marking the FIR
changed."""

from __future__ import annotations

from datetime import UTC, datetime

from cases.errors import FirConflict
from cases.states import CLOSED
from records.models import Fir, FirStatus


def now_unless_given(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def touch(fir: Fir, now: datetime) -> None:
    """Mark the FIR changed: its version goes up, so any ETag a client holds goes stale."""
    fir.updated_at = now


def refuse_if_closed(fir: Fir, what: str) -> None:
    if fir.status in CLOSED:
        extra = " (reopen it first)" if fir.status is FirStatus.FINAL_REPORT_UNDETECTED else ""
        raise FirConflict(f"FIR {fir.number} is {fir.status.value}, so {what} is no longer possible{extra}")
