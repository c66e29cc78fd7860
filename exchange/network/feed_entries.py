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
from exchange.record_reading import among_ids
from exchange.records import FirRecord, build_fir_records, delete_entry
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


class Standings:
    """The standing rows (``network_feed_fir``) of a message's FIRs, read in one query, with those added while the
    message is prepared: a look-up per FIR would flush the session and query each time."""

    def __init__(self, session: Session, fir_ids: list[int]) -> None:
        self.session = session
        self._rows = {
            row.fir_id: row
            for row in session.scalars(sa.select(NetworkFeedFir).where(among_ids(NetworkFeedFir.fir_id, fir_ids)))
        }

    def get(self, fir_id: int) -> NetworkFeedFir | None:
        row = self._rows.get(fir_id)
        if row is not None and row not in self.session:  # added in a savepoint that was rolled back
            del self._rows[fir_id]
            return None
        return row

    def add(self, row: NetworkFeedFir) -> None:
        self.session.add(row)
        self._rows[row.fir_id] = row


def _set_standing(standings: Standings, fir: Fir, fir_key: str, **values: Any) -> NetworkFeedFir:
    row = standings.get(fir.id)
    if row is None:
        row = NetworkFeedFir(
            fir_id=fir.id,
            fir_key=fir_key,
            station_id=fir.station_id,
            year=fir.year,
            serial=fir.serial,
            registered_on=fir.registered_at.astimezone(IST).date(),
        )
        standings.add(row)
    row.fir_key, row.station_id = fir_key, fir.station_id
    for name, value in values.items():
        setattr(row, name, value)
    row.changed_at = datetime.now(UTC)
    return row


def states_of_firs(session: Session, fir_ids: list[int]) -> dict[int, str]:
    """The state code of each FIR of ``fir_ids`` that exists, in one query; the FIRs are loaded into the session on
    the way, so the per-FIR look-ups that follow find them without a query."""
    found = session.execute(
        sa.select(Fir, State.code)
        .join(PoliceStation, Fir.station_id == PoliceStation.id)
        .join(PoliceDistrict, PoliceStation.district_id == PoliceDistrict.id)
        .join(State, PoliceDistrict.state_id == State.id)
        .where(among_ids(Fir.id, fir_ids))
    ).all()
    return {fir.id: code for fir, code in found}


READ_CHUNK = 200  # FIRs read for the exchange in one set of queries (exchange.record_reading): a message of them


def read_records(
    session: Session, firs: dict[int, FeedQueueOperation], states: dict[int, str | None], state_code: str
) -> dict[int, FirRecord]:
    """The exchange record of each queued change of this state's FIRs, read in one set of queries. When the batch
    cannot be read (a fault of ours in one FIR), none is given: each FIR is then read on its own by
    :func:`guarded_entry`, and only the unreadable one is held back."""
    wanted = [
        fir_id
        for fir_id, operation in firs.items()
        if operation is FeedQueueOperation.CHANGE and states.get(fir_id) == state_code
    ]
    try:
        with session.begin_nested():
            return build_fir_records(session, wanted)
    except Exception:  # read again one by one, so that one FIR's fault holds back that FIR only
        log.exception("the feed's batch of %d FIRs could not be read together; reading them one by one", len(wanted))
        return {}


def _entry_for(
    session: Session,
    standings: Standings,
    fir_id: int,
    operation: FeedQueueOperation,
    fir_state: str | None,
    state_code: str,
    sequence: int,
    report: FeedPass,
    record: FirRecord | None,
) -> dict[str, Any] | None:
    """The record to send for one queued FIR, or None (held back, never sent, or not this state's). ``record`` is
    the FIR's exchange record when already read (:func:`read_records`); else it is read here."""
    fir = session.get(Fir, fir_id) if operation is FeedQueueOperation.CHANGE and fir_state is not None else None
    if fir is None:  # deleted here: the national node drops it, if it ever had it
        row = standings.get(fir_id)
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
    if record is None:
        record = build_fir_records(session, [fir_id])[fir_id]
    problems = export_problems(record)
    row = standings.get(fir_id)
    if problems:
        reasons = [dataclasses.asdict(problem) for problem in problems]
        if row is None or row.standing is not FeedStanding.HELD or row.reasons != reasons:
            FEED_ACTOR.audit(
                session, "hold", "fir", fir_id, {"fir_key": record.fir_key, "rules": sorted({p.rule for p in problems})}
            )
        _set_standing(
            standings, fir, record.fir_key, standing=FeedStanding.HELD, version=record.version, reasons=reasons
        )
        report.held += 1
        return None
    action = "replace" if row is not None and row.accepted_version is not None else "add"
    _set_standing(
        standings,
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
    standings: Standings,
    fir_id: int,
    operation: FeedQueueOperation,
    fir_state: str | None,
    state_code: str,
    sequence: int,
    report: FeedPass,
    record: FirRecord | None = None,
) -> dict[str, Any] | None:
    """:func:`_entry_for`, where an FIR that cannot be read or judged (a fault of ours) is held back with the
    reason, rather than stopping the whole state's feed; its next change tries again. An FIR read in its batch
    (``record``) only has the gate and its standing left, all in memory until the message's flush, so only one
    read here on its own needs a savepoint (one flush and two statements an FIR, what the batch saves)."""
    try:
        if record is not None:
            return _entry_for(session, standings, fir_id, operation, fir_state, state_code, sequence, report, record)
        with session.begin_nested():
            return _entry_for(session, standings, fir_id, operation, fir_state, state_code, sequence, report, None)
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
        _set_standing(standings, fir, key, standing=FeedStanding.HELD, version=fir.version, reasons=reasons)
        FEED_ACTOR.audit(session, "hold", "fir", fir_id, {"rules": ["unreadable"], "error": type(error).__name__})
        report.held += 1
        return None
