"""What the investigation records: arrests and surrenders, seizures, the final report or charge sheet, the court's
result; each moves the FIR's status on as the state machine (``cases.states``) says."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cases.changes import now_unless_given, refuse_if_closed, touch
from cases.complainant_sms import tell_complainant
from cases.errors import FieldProblem, FirConflict, FirInputError
from cases.input import IST, ArrestInput, CourtResultInput, FinalReportInput, SeizureInput
from cases.loading import party_person_ids
from cases.parties import ACCUSED_ROLES
from cases.states import FINAL_REPORT_STATUS, change_status
from cases.validation import CLOCK_SKEW, check_day, ist
from records.audit import Actor
from records.models import (
    Arrest,
    ArrestKind,
    CourtDisposal,
    FinalReport,
    FinalReportAccused,
    FinalReportKind,
    Fir,
    FirStatus,
    Seizure,
)


def _begin_investigation(session: Session, fir: Fir, actor: Actor, why: str, now: datetime) -> None:
    if fir.status is FirStatus.REGISTERED:
        change_status(session, fir, FirStatus.UNDER_INVESTIGATION, user_id=actor.user_id, note=why, at=now)


def record_arrest(
    session: Session, fir: Fir, data: ArrestInput, *, actor: Actor, now: datetime | None = None
) -> Arrest:
    """An arrest or surrender of an accused or suspect; a registered FIR goes under investigation."""
    now = now_unless_given(now)
    refuse_if_closed(fir, "recording an arrest")
    problems: list[FieldProblem] = []
    if data.person_id not in party_person_ids(session, fir.id, ACCUSED_ROLES):
        problems.append(
            FieldProblem(
                ("person_id",),
                f"person {data.person_id} is not an accused or suspect in FIR {fir.number}; "
                "add them first (POST .../parties with role accused)",
            )
        )
    if data.at > now + CLOCK_SKEW:
        problems.append(FieldProblem(("at",), f"{ist(data.at)} is in the future (now it is {ist(now)})"))
    if fir.occurrence_from is not None and data.at < fir.occurrence_from:
        problems.append(FieldProblem(("at",), "the arrest cannot come before the offence began (occurrence_from)"))
    if problems:
        raise FirInputError(problems)
    arrest = Arrest(fir_id=fir.id, **data.model_dump())
    session.add(arrest)
    _begin_investigation(session, fir, actor, f"{data.kind.value} recorded", now)
    touch(fir, now)
    session.flush()
    actor.audit(
        session,
        data.kind.value,
        "fir",
        fir.id,
        {"number": fir.number, "person_id": data.person_id, "arrest_id": arrest.id},
    )
    if data.kind is ArrestKind.ARREST:
        tell_complainant(session, fir, "arrest", f"arrest:{arrest.id}")
    return arrest


def record_seizure(
    session: Session, fir: Fir, data: SeizureInput, *, actor: Actor, now: datetime | None = None
) -> Seizure:
    """Property seized in the case; a registered FIR goes under investigation."""
    now = now_unless_given(now)
    refuse_if_closed(fir, "recording a seizure")
    problems: list[FieldProblem] = []
    if data.seized_at > now + CLOCK_SKEW:
        problems.append(FieldProblem(("seized_at",), f"{ist(data.seized_at)} is in the future (now it is {ist(now)})"))
    if data.seized_from_person_id is not None and data.seized_from_person_id not in party_person_ids(session, fir.id):
        # Only from someone the FIR names: naming any other record would tie it to this case (and its readers).
        problems.append(
            FieldProblem(
                ("seized_from_person_id",),
                f"person {data.seized_from_person_id} is not named in FIR {fir.number}; add them as a party first",
            )
        )
    if problems:
        raise FirInputError(problems)
    seizure = Seizure(fir_id=fir.id, **data.model_dump())
    session.add(seizure)
    _begin_investigation(session, fir, actor, "seizure recorded", now)
    touch(fir, now)
    session.flush()
    actor.audit(session, "seizure", "fir", fir.id, {"number": fir.number, "seizure_id": seizure.id})
    return seizure


def record_final_report(
    session: Session, fir: Fir, data: FinalReportInput, *, actor: Actor, now: datetime | None = None
) -> FinalReport:
    """A charge sheet or final report; the FIR's status follows (a supplementary charge sheet keeps it)."""
    now = now_unless_given(now)
    today = now.astimezone(IST).date()
    problems: list[FieldProblem] = []
    check_day(
        problems,
        ("submitted_on",),
        data.submitted_on,
        not_before=fir.registered_at.astimezone(IST).date(),
        what="the FIR was registered",
        today=today,
    )
    accused = party_person_ids(session, fir.id, ACCUSED_ROLES)
    for field in ("charged_person_ids", "not_charged_person_ids"):
        ids = getattr(data, field)
        if ids and data.kind is not FinalReportKind.CHARGE_SHEET:
            problems.append(FieldProblem((field,), "only a charge sheet names accused sent up or not sent up"))
            continue
        for index, person_id in enumerate(ids):
            if person_id not in accused:
                problems.append(
                    FieldProblem((field, index), f"person {person_id} is not an accused in FIR {fir.number}")
                )
    both = set(data.charged_person_ids) & set(data.not_charged_person_ids)
    if both:
        problems.append(FieldProblem(("not_charged_person_ids",), f"persons {sorted(both)} are also listed as charged"))
    if problems:
        raise FirInputError(problems)

    if data.is_supplementary:
        if data.kind is not FinalReportKind.CHARGE_SHEET:
            raise FirInputError([FieldProblem(("is_supplementary",), "only a charge sheet can be supplementary")])
        if fir.status not in {FirStatus.CHARGE_SHEETED, FirStatus.SENT_TO_COURT}:
            raise FirConflict(
                f"FIR {fir.number} is {fir.status.value}; a supplementary charge sheet follows a first charge sheet",
                "is_supplementary",
            )
    else:
        change_status(
            session,
            fir,
            FINAL_REPORT_STATUS[data.kind],
            user_id=actor.user_id,
            note=f"final report: {data.kind.value}",
            at=now,
        )
    report = FinalReport(
        fir_id=fir.id,
        kind=data.kind,
        report_number=data.report_number,
        submitted_on=data.submitted_on,
        court=data.court,
        is_supplementary=data.is_supplementary,
        summary=data.summary,
    )
    session.add(report)
    session.flush()
    for person_id in dict.fromkeys(data.charged_person_ids):
        session.add(FinalReportAccused(final_report_id=report.id, person_id=person_id, charged=True))
    for person_id in dict.fromkeys(data.not_charged_person_ids):
        session.add(FinalReportAccused(final_report_id=report.id, person_id=person_id, charged=False))
    touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "final_report",
        "fir",
        fir.id,
        {"number": fir.number, "kind": data.kind.value, "final_report_id": report.id},
    )
    if data.kind is FinalReportKind.CHARGE_SHEET:
        tell_complainant(session, fir, "charge_sheet", f"report:{report.id}")
    else:
        tell_complainant(session, fir, "final_report", f"report:{report.id}", report_kind=data.kind.value)
    return report


def record_court_result(
    session: Session, fir: Fir, data: CourtResultInput, *, actor: Actor, now: datetime | None = None
) -> CourtDisposal:
    """The court's result; the case becomes disposed (it must have been sent to court)."""
    now = now_unless_given(now)
    problems: list[FieldProblem] = []
    check_day(
        problems,
        ("disposed_on",),
        data.disposed_on,
        not_before=fir.registered_at.astimezone(IST).date(),
        what="the FIR was registered",
        today=now.astimezone(IST).date(),
    )
    if data.person_id is not None and data.person_id not in party_person_ids(session, fir.id, ACCUSED_ROLES):
        problems.append(FieldProblem(("person_id",), f"person {data.person_id} is not an accused in FIR {fir.number}"))
    if problems:
        raise FirInputError(problems)
    change_status(session, fir, FirStatus.DISPOSED, user_id=actor.user_id, note=f"court: {data.result.value}", at=now)
    disposal = CourtDisposal(fir_id=fir.id, **data.model_dump())
    session.add(disposal)
    touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "court_result",
        "fir",
        fir.id,
        {"number": fir.number, "result": data.result.value, "court_disposal_id": disposal.id},
    )
    return disposal
