"""A court's answers applied to the case: the case it registered (its CNR), the next hearing it fixed, its
disposal.

Each event is recorded once (``icjs_event``, keyed by the court's ``event_id``: a repeat answers as the first did
and changes nothing), audited, and applied through the case's own commands: a CNR moves a charge-sheeted FIR to
"sent to court" (``cases.states``), a disposal is the court result of IIF-VI (``cases.record_court_result``: the
FIR becomes disposed; a later accused's result is added beside the first). What cannot be applied to the FIR as it
stands is stored and says why (``outcome``), never dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import FirConflict, FirInputError, record_court_result
from cases.changes import touch
from cases.input import CourtResultInput
from cases.states import change_status, why_not
from exchange.icjs.keys import IcjsRefused, fir_by_key, person_in_fir
from exchange.icjs.validation import read_cnr, validate_icjs
from records.audit import Actor
from records.display import IST
from records.models import CourtDisposal, CourtResult, Fir, FirCourtCase, FirStatus, IcjsEvent


@dataclass(frozen=True)
class Applied:
    """What the police node did with an event: the row recorded, and whether it was a repeat."""

    event: IcjsEvent
    repeat: bool

    def answer(self) -> dict[str, Any]:
        return {
            "event_id": str(self.event.event_id),
            "accepted": True,
            "repeat": self.repeat,
            "outcome": self.event.outcome,
        }


def earlier(session: Session, event_id: str) -> IcjsEvent | None:
    return session.scalar(sa.select(IcjsEvent).where(IcjsEvent.event_id == uuid.UUID(event_id)))


def _court_case(session: Session, fir: Fir, cnr: str) -> FirCourtCase:
    case = session.scalar(sa.select(FirCourtCase).where(FirCourtCase.cnr == cnr).with_for_update())
    if case is None or case.fir_id != fir.id:
        raise IcjsRefused(
            "cnr", f"no court case {cnr} is registered on FIR {fir.number}; send case_registered first", 409
        )
    return case


def _registered(session: Session, fir: Fir, event: dict[str, Any], actor: Actor, now: datetime) -> str:
    cnr = event["cnr"]
    court = event["court"]
    case = session.scalar(sa.select(FirCourtCase).where(FirCourtCase.cnr == cnr).with_for_update())
    if case is not None and case.fir_id != fir.id:
        raise IcjsRefused("cnr", f"CNR {cnr} is already the court case of another FIR", 409)
    if case is None:
        case = FirCourtCase(fir_id=fir.id, cnr=cnr, court_code=court["code"], court_name=court["name"],
                            registered_on=date.fromisoformat(event["registered_on"]))  # fmt: skip
        session.add(case)
    else:
        case.court_code, case.court_name = court["code"], court["name"]
        case.registered_on = date.fromisoformat(event["registered_on"])
    case.updated_at = now
    outcome = f"court case {cnr} registered at {court['name']}"
    if fir.status is FirStatus.CHARGE_SHEETED:
        change_status(session, fir, FirStatus.SENT_TO_COURT, user_id=None, note=f"court: case {cnr}", at=now)
        touch(fir, now)
        outcome += "; the FIR is now sent to court"
    return outcome


def _hearing(session: Session, fir: Fir, event: dict[str, Any], now: datetime) -> str:
    case = _court_case(session, fir, event["cnr"])
    case.next_hearing_on = date.fromisoformat(event["next_hearing_on"])
    case.next_hearing_purpose = event.get("purpose")
    case.updated_at = now
    return f"next hearing of {case.cnr} on {case.next_hearing_on.isoformat()}"


def _disposed(session: Session, fir: Fir, event: dict[str, Any], actor: Actor, now: datetime) -> tuple[str, int | None]:
    case = _court_case(session, fir, event["cnr"])
    person_id = person_in_fir(session, fir, event["person"]) if "person" in event else None
    result = CourtResult(event["result"])
    disposed_on = date.fromisoformat(event["disposed_on"])
    if disposed_on > now.astimezone(IST).date():
        raise IcjsRefused("disposed_on", f"{disposed_on.isoformat()} is in the future")
    case.disposed_on, case.disposal_result, case.next_hearing_on, case.next_hearing_purpose = (
        disposed_on, result.value, None, None)  # fmt: skip
    case.updated_at = now
    data = CourtResultInput(court=case.court_name, court_case_number=case.cnr, disposed_on=disposed_on,
                            result=result, person_id=person_id, sentence=event.get("sentence"))  # fmt: skip
    if why_not(fir, FirStatus.DISPOSED) is None:
        try:
            record_court_result(session, fir, data, actor=actor, now=now)
        except FirInputError as error:
            problem = error.problems[0]
            raise IcjsRefused(".".join(map(str, problem.loc)), problem.reason) from None
        return f"{case.cnr} disposed: {result.value}; the FIR is disposed", person_id
    if fir.status is FirStatus.DISPOSED:  # a further accused's result, after the case was disposed
        session.add(CourtDisposal(fir_id=fir.id, **data.model_dump()))
        touch(fir, now)
        return f"{case.cnr} disposed: {result.value} (added beside the earlier result)", person_id
    return (
        f"{case.cnr} disposed: {result.value}; stored, but the FIR is {fir.status.value} and was not disposed here "
        "(the station records the court result)",
        person_id,
    )


def apply_court_event(session: Session, event: dict[str, Any], *, sender: str, actor: Actor, now: datetime) -> Applied:
    """Apply one court event (validated here) sent by court ``sender`` (its establishment code, as its peer
    authentication showed); IcjsRefused or InvalidMessage when it cannot be taken. Never commits."""
    validate_icjs("court_event", event, this_year=now.astimezone(IST).year)
    if event["court"]["code"] != sender:
        raise IcjsRefused("court.code", f"the court sending is {sender}, not {event['court']['code']}", 403)
    seen = earlier(session, event["event_id"])
    if seen is not None:
        return Applied(seen, repeat=True)
    read_cnr(event["cnr"], this_year=now.astimezone(IST).year)
    fir = fir_by_key(session, event["fir_key"], for_update=True)
    person_id = None
    try:
        if event["kind"] == "case_registered":
            outcome = _registered(session, fir, event, actor, now)
        elif event["kind"] == "hearing_fixed":
            outcome = _hearing(session, fir, event, now)
        else:
            outcome, person_id = _disposed(session, fir, event, actor, now)
    except FirConflict as error:
        raise IcjsRefused("kind", str(error), 409) from None
    row = IcjsEvent(event_id=uuid.UUID(event["event_id"]), fir_id=fir.id, source="court", sender=sender,
                    kind=event["kind"], person_id=person_id, occurred_at=datetime.fromisoformat(event["sent_at"]),
                    received_at=now, body=event,
                    outcome=outcome[:500])  # fmt: skip
    session.add(row)
    session.flush()
    actor.audit(session, "icjs_court_event", "fir", fir.id,
                {"event_id": event["event_id"], "kind": event["kind"], "court": sender, "cnr": event["cnr"],
                 "icjs_event_id": row.id, "outcome": row.outcome})  # fmt: skip
    return Applied(row, repeat=False)
