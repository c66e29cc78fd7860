"""The FIR status state machine: every allowed change, and a reason for each refused one."""

from __future__ import annotations

import itertools

import pytest

from cases.states import TRANSITIONS, why_not
from records.models import Fir, FirStatus, InformationType

S = FirStatus
ALLOWED = {
    (S.REGISTERED, S.UNDER_INVESTIGATION),
    (S.REGISTERED, S.TRANSFERRED),
    (S.UNDER_INVESTIGATION, S.CHARGE_SHEETED),
    (S.UNDER_INVESTIGATION, S.FINAL_REPORT_UNDETECTED),
    (S.UNDER_INVESTIGATION, S.FINAL_REPORT_FALSE),
    (S.UNDER_INVESTIGATION, S.FINAL_REPORT_MISTAKE_OF_FACT),
    (S.UNDER_INVESTIGATION, S.TRANSFERRED),
    (S.CHARGE_SHEETED, S.SENT_TO_COURT),
    (S.SENT_TO_COURT, S.DISPOSED),
    (S.FINAL_REPORT_UNDETECTED, S.UNDER_INVESTIGATION),
}


def _fir(status: FirStatus, kind: InformationType = InformationType.ZERO_FIR) -> Fir:
    return Fir(serial=7, year=2025, status=status, information_type=kind)


def test_the_table_is_the_documented_machine() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == ALLOWED


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_pair_is_allowed_or_refused_with_a_reason(current: FirStatus, target: FirStatus) -> None:
    reason = why_not(_fir(current), target)
    if (current, target) in ALLOWED:
        assert reason is None
    else:
        assert reason and "7/2025" in reason


def test_reasons_say_what_is_possible() -> None:
    written = why_not(_fir(S.REGISTERED, InformationType.WRITTEN), S.SENT_TO_COURT) or ""
    assert written.endswith("it may become under_investigation")
    assert "sent to court before" in (why_not(_fir(S.CHARGE_SHEETED), S.DISPOSED) or "")
    assert "final" in (why_not(_fir(S.DISPOSED), S.UNDER_INVESTIGATION) or "")
    assert "only a zero FIR" in (why_not(_fir(S.REGISTERED, InformationType.WRITTEN), S.TRANSFERRED) or "")
