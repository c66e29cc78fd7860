"""A complaint's lifecycle, the one rule every step goes through: which status may follow which
(``TRANSITIONS``), why a step is refused (``why_not``), and taking a step (``move``: the status, its history
row and the audit row together). ``tell`` queues the SMS that tells the complainant of a step.

Received or transferred -> acknowledged | transferred | closed; acknowledged -> enquiry officer assigned |
converted | transferred | closed; converted and closed are final. The steps themselves are in
``complaints.filing`` (the citizen's) and ``complaints.service`` (the station's).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from complaints.errors import ComplaintConflict
from records.audit import Actor
from records.models import Complaint, ComplaintEvent, ComplaintStatus, PoliceStation
from records.sms_queue import WITHHELD_REASON, queue_sms
from records.victim_identity import protects_victim

S = ComplaintStatus
TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    S.AWAITING_CONFIRMATION: frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.ACKNOWLEDGED, S.TRANSFERRED, S.CLOSED}),
    S.TRANSFERRED: frozenset({S.ACKNOWLEDGED, S.TRANSFERRED, S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.ENQUIRY_ASSIGNED, S.CONVERTED, S.TRANSFERRED, S.CLOSED}),
    S.ENQUIRY_ASSIGNED: frozenset({S.ENQUIRY_ASSIGNED, S.CONVERTED, S.TRANSFERRED, S.CLOSED}),
    S.CONVERTED: frozenset(),
    S.CLOSED: frozenset(),
}
FINAL = frozenset({S.CONVERTED, S.CLOSED})
STEP_NAMES = {
    S.RECEIVED: "confirm it with the code sent by SMS",
    S.ACKNOWLEDGED: "acknowledge",
    S.ENQUIRY_ASSIGNED: "assign an enquiry officer",
    S.CONVERTED: "convert to an FIR",
    S.CLOSED: "close",
    S.TRANSFERRED: "transfer",
}


def why_not(complaint: Complaint, to: ComplaintStatus) -> str | None:
    """None if the complaint may take the step to ``to``; otherwise the reason, in one sentence."""
    current = complaint.status
    if to in TRANSITIONS[current]:
        return None
    label = f"complaint {complaint.tracking_number}"
    if current in FINAL:
        done = f"was converted to an FIR (id {complaint.fir_id})" if current is S.CONVERTED else "is closed"
        return f"{label} {done}, which is final; it cannot {STEP_NAMES[to]} any more"
    if current is S.AWAITING_CONFIRMATION:
        return f"{label} is not confirmed yet: the complainant must first enter the code sent to their mobile"
    allowed = ", ".join(STEP_NAMES[step] for step in sorted(TRANSITIONS[current], key=list(S).index))
    reason = f"{label} is {current.value} and cannot {STEP_NAMES[to]} now; from {current.value} you may: {allowed}"
    if to in {S.ENQUIRY_ASSIGNED, S.CONVERTED}:
        reason += " (acknowledge it first)"
    return reason


def now_or(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def event(
    complaint: Complaint,
    from_status: ComplaintStatus | None,
    to: ComplaintStatus,
    *,
    actor: Actor | None,
    note: str | None,
    now: datetime,
) -> ComplaintEvent:
    """The history row of a step of the complaint (``from_status`` None: its filing)."""
    return ComplaintEvent(
        complaint_id=complaint.id,
        from_status=from_status,
        to_status=to,
        at=now,
        user_id=actor.user_id if actor else None,
        station_id=complaint.station_id,
        note=note,
    )


def move(
    session: Session,
    complaint: Complaint,
    to: ComplaintStatus,
    *,
    actor: Actor | None,
    note: str | None,
    now: datetime,
) -> ComplaintEvent:
    reason = why_not(complaint, to)
    if reason:
        raise ComplaintConflict(reason)
    step = event(complaint, complaint.status, to, actor=actor, note=note, now=now)
    complaint.status = to
    complaint.updated_at = now
    session.add(step)
    session.flush()
    if actor is not None:
        actor.audit(
            session,
            f"complaint_{to.value}"[:40],
            "complaint",
            complaint.id,
            {"tracking_number": complaint.tracking_number, "to": to.value, "note": note},
        )
    return step


def _station_name(session: Session, station_id: int, language: str) -> str:
    station = session.get(PoliceStation, station_id)
    assert station is not None
    return station.name_hi if language == "hi" else station.name_en


def tell(session: Session, complaint: Complaint, kind: str, key: str, **values: object) -> None:
    """Queue SMS ``kind`` to the complainant; in a case protecting its victim the station's free text (a
    closing reason, which may tell names or facts) is replaced by a pointer to the police station."""
    if "reason" in values and protects_victim(session, complaint=complaint):
        values["reason"] = WITHHELD_REASON["hi" if complaint.language == "hi" else "en"]
    queue_sms(
        session,
        key=key,
        to=complaint.mobile,
        kind=kind,
        language=complaint.language,
        complaint_id=complaint.id,
        fir_id=complaint.fir_id,
        tracking=complaint.tracking_number,
        station=_station_name(session, complaint.station_id, complaint.language),
        **values,
    )
