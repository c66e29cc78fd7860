"""One queued FIR as an entry of the feed's next message (``exchange.network.feed``): read as it is now
(``exchange.records``), run through the quality gate (``exchange.quality``), and its standing with the national
node kept (``network_feed_fir``): held back with every reason, or on its way. An FIR that cannot be read (a fault of
ours) is held with that reason rather than stopping the state's feed."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange import codes
from exchange.quality import export_problems
from exchange.records import build_fir_record, delete_entry
from records.audit import Actor
from records.display import IST
from records.models import (
    FeedQueueOperation,
    FeedStanding,
    Fir,
    NetworkFeedFir,
    PoliceDistrict,
    PoliceStation,
    State,
)

log = logging.getLogger(__name__)
FEED_ACTOR = Actor(via="network feed")


@dataclasses.dataclass
class FeedPass:
    """What one pass did."""

    prepared: int = 0  # records put in a new message
    held: int = 0  # FIRs the quality gate held back
    sent_sequence: int | None = None  # the message sent, if any
    accepted: int = 0
    rejected: int = 0
    ignored: int = 0
    error: str | None = None  # why the message was not acknowledged
    prepare_seconds: float = 0.0  # reading the FIRs, the gate, storing the message
    send_seconds: float = 0.0  # the national node's validating and applying it, and the way there and back

    @property
    def moved(self) -> bool:
        return bool(self.prepared or self.held or self.sent_sequence)


def _feed_row(session: Session, fir_id: int) -> NetworkFeedFir | None:
    return session.get(NetworkFeedFir, fir_id)


def _set_standing(session: Session, fir: Fir, fir_key: str, **values: Any) -> NetworkFeedFir:
    row = _feed_row(session, fir.id)
    if row is None:
        row = NetworkFeedFir(
            fir_id=fir.id,
            fir_key=fir_key,
            station_id=fir.station_id,
            year=fir.year,
            serial=fir.serial,
            registered_on=fir.registered_at.astimezone(IST).date(),
        )
        session.add(row)
    row.fir_key, row.station_id = fir_key, fir.station_id
    for name, value in values.items():
        setattr(row, name, value)
    row.changed_at = datetime.now(UTC)
    return row


def states_of_firs(session: Session, fir_ids: list[int]) -> dict[int, str]:
    """The state code of each FIR of ``fir_ids`` that exists, in one query; the FIRs and their standing rows are
    loaded into the session on the way, so the per-FIR look-ups that follow find them without a query."""
    session.scalars(sa.select(NetworkFeedFir).where(NetworkFeedFir.fir_id.in_(fir_ids))).all()
    found = session.execute(
        sa.select(Fir, State.code)
        .join(PoliceStation, Fir.station_id == PoliceStation.id)
        .join(PoliceDistrict, PoliceStation.district_id == PoliceDistrict.id)
        .join(State, PoliceDistrict.state_id == State.id)
        .where(Fir.id.in_(fir_ids))
    ).all()
    return {fir.id: code for fir, code in found}


def _entry_for(
    session: Session,
    fir_id: int,
    operation: FeedQueueOperation,
    fir_state: str | None,
    state_code: str,
    sequence: int,
    report: FeedPass,
) -> dict[str, Any] | None:
    """The record to send for one queued FIR, or None (held back, never sent, or not this state's)."""
    fir = session.get(Fir, fir_id) if operation is FeedQueueOperation.CHANGE and fir_state is not None else None
    if fir is None:  # deleted here: the national node drops it, if it ever had it
        row = _feed_row(session, fir_id)
        if row is None or row.standing in (FeedStanding.HELD, FeedStanding.DELETED) or row.accepted_version is None:
            if row is not None:
                row.standing, row.changed_at = FeedStanding.DELETED, datetime.now(UTC)
            return None
        row.version += 1
        row.standing, row.message_sequence, row.changed_at = FeedStanding.SENDING, sequence, datetime.now(UTC)
        return delete_entry(row.fir_key, row.version, "deleted at the state (registered twice or in error)")
    if fir_state != state_code:
        log.warning("FIR %s is not of state %s: not fed", fir_id, state_code)
        return None
    record = build_fir_record(session, fir_id)
    problems = export_problems(record)
    row = _feed_row(session, fir_id)
    if problems:
        reasons = [dataclasses.asdict(problem) for problem in problems]
        if row is None or row.standing is not FeedStanding.HELD or row.reasons != reasons:
            FEED_ACTOR.audit(
                session, "hold", "fir", fir_id, {"fir_key": record.fir_key, "rules": sorted({p.rule for p in problems})}
            )
        _set_standing(session, fir, record.fir_key, standing=FeedStanding.HELD, version=record.version, reasons=reasons)
        report.held += 1
        return None
    action = "replace" if row is not None and row.accepted_version is not None else "add"
    _set_standing(
        session,
        fir,
        record.fir_key,
        standing=FeedStanding.SENDING,
        version=record.version,
        reasons=None,
        message_sequence=sequence,
    )
    return record.entry(action)


def guarded_entry(
    session: Session,
    fir_id: int,
    operation: FeedQueueOperation,
    fir_state: str | None,
    state_code: str,
    sequence: int,
    report: FeedPass,
) -> dict[str, Any] | None:
    """:func:`_entry_for` in a savepoint: an FIR that cannot be read (a fault of ours) is held back with the
    reason, rather than stopping the whole state's feed; its next change tries again."""
    try:
        with session.begin_nested():
            return _entry_for(session, fir_id, operation, fir_state, state_code, sequence, report)
    except Exception as error:  # one unreadable FIR must not stop every other FIR of the state
        log.exception("FIR %s could not be made an exchange record; held back", fir_id)
        fir = session.get(Fir, fir_id)
        if fir is None:
            return None
        reasons = [
            {
                "rule": "unreadable",
                "path": "fir",
                "reason_en": f"FIR {fir.number} could not be prepared for the national node ({type(error).__name__}); "
                "tell the state's CCTNS cell",
                "reason_hi": f"प्राथमिकी {fir.number} राष्ट्रीय नोड के लिए तैयार नहीं हो सकी ({type(error).__name__}); "
                "राज्य CCTNS प्रकोष्ठ को सूचित करें",
            }
        ]
        station = session.get(PoliceStation, fir.station_id)
        key = codes.fir_key(state_code, station.code if station else "?", fir.year, fir.serial)
        _set_standing(session, fir, key, standing=FeedStanding.HELD, version=fir.version, reasons=reasons)
        FEED_ACTOR.audit(session, "hold", "fir", fir_id, {"rules": ["unreadable"], "error": type(error).__name__})
        report.held += 1
        return None
