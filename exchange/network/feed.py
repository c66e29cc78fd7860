"""The feed at a state node: FIRs to the national node, ordered, idempotent, resumable, store and forward.

Migration 0015's triggers queue every FIR a transaction changed (``network_feed_queue``); no writer does. One pass
of the sender (:func:`feed_once`):

1. **Prepare** (one transaction): unless a message is still waiting for its acknowledgement, take the oldest
   queued changes (at most ``batch_size`` FIRs), read the FIRs as they are now, ``READ_CHUNK`` at a time in one set
   of queries (``exchange.records.build_fir_records``), run the quality gate (``exchange.quality``): an FIR that
   fails is **held back** with its reasons (``network_feed_fir``, shown to the station) and goes with its next
   change once fixed; the rest become Add / Replace / Delete records of one
   message, validated whole (``exchange.validation``), **stored** with the next sequence number, and the queue rows
   are consumed, all in one commit.
2. **Send**: the oldest unacknowledged message is POSTed to the national node, as stored: a message sent again
   keeps its id and sequence, so the national node answers a repeat with the answer it gave.
3. **Acknowledge** (one transaction): only the national node's answer moves the feed on: each record's outcome
   (accepted, rejected with reasons, ignored as already held) is written to ``network_feed_fir`` and the message
   is marked acknowledged. Without an answer (the link is down) nothing moves: the state keeps registering, the
   queue grows, and the next pass (after the loop's back-off) sends the same message again, then the rest.

So nothing is lost (a change is consumed only in the transaction that stores the message carrying it, and a message
is done only when acknowledged) and nothing is doubled (the national node keeps one copy per FIR key and drops a
repeated message and an older version). Passes are serialised by an advisory lock, so a broker's workers and the
server's background process never prepare two messages at once.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.message import message as envelope
from exchange.network.client import PeerCallFailed, PeerClient
from exchange.network.feed_entries import (
    FEED_ACTOR,
    READ_CHUNK,
    FeedPass,
    Standings,
    guarded_entry,
    read_records,
    states_of_firs,
)
from exchange.record_reading import among, among_ids
from exchange.records import FirRecord
from exchange.validation import message_problems
from records.models import (
    FeedQueueOperation,
    FeedStanding,
    NetworkFeedFir,
    NetworkFeedMessage,
    NetworkFeedQueue,
)

log = logging.getLogger(__name__)

FEED_LOCK = 0x25FEED  # pg_advisory_xact_lock key of the feed's passes
MESSAGES_PATH = "/api/v1/network/feed/messages"
MESSAGE_SOFT_BYTES = 600_000  # no more FIRs join a message past this (the receiver takes 1 MB a request)


def _lock(session: Session) -> None:
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(FEED_LOCK)))


def _next_sequence(session: Session) -> int:
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.max(NetworkFeedMessage.sequence), 0))) or 0) + 1


def unacknowledged(session: Session) -> NetworkFeedMessage | None:
    """The oldest message the national node has not acknowledged yet (it goes before anything new)."""
    return session.scalar(
        sa.select(NetworkFeedMessage)
        .where(NetworkFeedMessage.acknowledged_at.is_(None))
        .order_by(NetworkFeedMessage.sequence)
        .limit(1)
    )


def prepare_message(session: Session, state_code: str, batch_size: int, report: FeedPass | None = None) -> int | None:
    """Turn the oldest queued changes into one stored message (see the module's docstring); its sequence, or None
    when nothing is to be sent. Never commits; the caller holds the feed's lock."""
    report = report or FeedPass()
    rows = session.execute(
        sa.select(NetworkFeedQueue.seq, NetworkFeedQueue.fir_id, NetworkFeedQueue.operation)
        .order_by(NetworkFeedQueue.seq)
        .limit(batch_size * 4)
    ).all()
    if not rows:
        return None
    # One record per FIR, in the order of its first change; its last operation wins (a delete after a change).
    firs: dict[int, FeedQueueOperation] = {}
    seqs: dict[int, list[int]] = defaultdict(list)
    for seq, fir_id, operation in rows:
        if fir_id not in firs and len(firs) >= batch_size:
            break  # this FIR's changes wait for the next message; the queue keeps them
        firs[fir_id] = operation
        seqs[fir_id].append(seq)
    sequence = _next_sequence(session)
    states = states_of_firs(session, list(firs))
    standings = Standings(session, list(firs))
    entries: list[dict[str, Any]] = []
    consumed: list[int] = []
    size = 0
    records: dict[int, FirRecord] = {}
    for position, (fir_id, operation) in enumerate(firs.items()):
        if size >= MESSAGE_SOFT_BYTES:
            break  # the national node takes up to 1 MB a request: the rest go in the next message
        if position % READ_CHUNK == 0:  # the next FIRs read together: a few queries for all of them
            chunk = dict(itertools.islice(firs.items(), position, position + READ_CHUNK))
            records = read_records(session, chunk, states, state_code)
        record = records.get(fir_id)
        entry = guarded_entry(
            session, standings, fir_id, operation, states.get(fir_id), state_code, sequence, report, record
        )
        consumed.extend(seqs[fir_id])
        if entry is not None:
            entries.append(entry)
            size += len(json.dumps(entry))  # as it goes on the wire: httpx escapes every non-ASCII character
    session.execute(sa.delete(NetworkFeedQueue).where(among_ids(NetworkFeedQueue.seq, consumed)))
    if not entries:
        session.flush()
        return None
    body = envelope(state_code, sequence, entries, sent_at=datetime.now(UTC), message_id=uuid.uuid4())
    problems = message_problems(body)
    if problems:  # the gate ran the schema on every record: this is a fault of ours, not the station's
        raise RuntimeError(f"feed message {sequence} fails the specification: {problems[:5]}")
    session.add(
        NetworkFeedMessage(sequence=sequence, message_id=uuid.UUID(body["message_id"]), body=body, records=len(entries))
    )
    FEED_ACTOR.audit(
        session,
        "create",
        "network_feed_message",
        sequence,
        {"records": len(entries), "record_ids": [entry["fir_key"] for entry in entries]},
    )
    session.flush()
    report.prepared += len(entries)
    return sequence


def apply_answer(session: Session, message: NetworkFeedMessage, answer: dict[str, Any], report: FeedPass) -> None:
    """The national node's acknowledgement of ``message``: each record's outcome into ``network_feed_fir``."""
    now = datetime.now(UTC)
    outcomes = {item["fir_key"]: item for item in answer.get("results", [])}
    sent = {entry["fir_key"]: entry for entry in message.body["records"]}
    missing = sorted(set(sent) - set(outcomes))
    if missing:
        raise PeerCallFailedAnswer(f"the answer to message {message.sequence} leaves out {missing[:5]}")
    rows = session.scalars(
        sa.select(NetworkFeedFir).where(
            among(NetworkFeedFir.fir_key, list(sent), sa.Text()), NetworkFeedFir.message_sequence == message.sequence
        )
    ).all()
    for row in rows:
        outcome = outcomes[row.fir_key]
        entry = sent[row.fir_key]
        if outcome["outcome"] == "rejected":
            row.standing, row.reasons = FeedStanding.REJECTED, outcome.get("problems") or []
            report.rejected += 1
        else:
            deleted = entry["action"] == "delete"
            row.standing = FeedStanding.DELETED if deleted else FeedStanding.ACCEPTED
            row.reasons = None
            row.accepted_version = max(row.accepted_version or 0, int(entry["version"]))
            if outcome["outcome"] == "ignored":
                report.ignored += 1
            else:
                report.accepted += 1
        row.changed_at = now
    message.acknowledged_at, message.last_error = now, None
    message.accepted = sum(1 for item in outcomes.values() if item["outcome"] != "rejected")
    message.rejected = sum(1 for item in outcomes.values() if item["outcome"] == "rejected")
    rejected_ids = [key for key, item in outcomes.items() if item["outcome"] == "rejected"]
    FEED_ACTOR.audit(
        session,
        "acknowledged",
        "network_feed_message",
        message.sequence,
        {"accepted": message.accepted, "rejected": message.rejected, "rejected_ids": rejected_ids},
    )


class PeerCallFailedAnswer(Exception):
    """The national node answered, but not with an answer to the message sent."""


def feed_once(
    engine: sa.Engine, state_code: str, client_factory: Callable[[], PeerClient], batch_size: int = 200
) -> FeedPass:
    """One pass: prepare a message if none is waiting, send the oldest waiting one, apply the answer.
    A failed send leaves everything as it was (with the attempt and its reason noted) and raises PeerCallFailed."""
    report = FeedPass()
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        _lock(session)
        waiting = unacknowledged(session)
        if waiting is None:
            prepare_message(session, state_code, batch_size, report)
            waiting = unacknowledged(session)
        if waiting is None:
            return report
        sequence, body = waiting.sequence, waiting.body
    report.sent_sequence = sequence
    report.prepare_seconds = time.perf_counter() - started
    started = time.perf_counter()
    try:
        with client_factory() as client:
            answer = client.post_json(MESSAGES_PATH, body)
        if not isinstance(answer, dict) or answer.get("message_id") != body["message_id"]:
            raise PeerCallFailedAnswer(f"the answer is not for message {sequence}")
    except (PeerCallFailed, PeerCallFailedAnswer) as error:
        report.error = str(error)
        with Session(engine) as session, session.begin():
            session.execute(
                sa.update(NetworkFeedMessage)
                .where(NetworkFeedMessage.sequence == sequence)
                .values(
                    attempts=NetworkFeedMessage.attempts + 1, last_attempt_at=datetime.now(UTC), last_error=str(error)
                )
            )
        raise
    report.send_seconds = time.perf_counter() - started
    with Session(engine) as session, session.begin():
        _lock(session)
        message = session.get(NetworkFeedMessage, sequence)
        assert message is not None
        message.attempts += 1
        message.last_attempt_at = datetime.now(UTC)
        if message.acknowledged_at is None:
            apply_answer(session, message, answer, report)
    return report


def drain_feed(
    engine: sa.Engine,
    state_code: str,
    client_factory: Callable[[], PeerClient],
    batch_size: int = 200,
    should_stop: Callable[[], bool] = lambda: False,
) -> FeedPass:
    """Passes until nothing is left to send (or ``should_stop``); the passes' totals. Raises PeerCallFailed when
    the national node cannot be reached (the caller backs off)."""
    total = FeedPass()
    while not should_stop():
        one = feed_once(engine, state_code, client_factory, batch_size)
        for name in ("prepared", "held", "accepted", "rejected", "ignored", "prepare_seconds", "send_seconds"):
            setattr(total, name, getattr(total, name) + getattr(one, name))
        if one.sent_sequence is not None:
            total.sent_sequence = one.sent_sequence
        if not one.moved:
            break
    return total


def backfill(session: Session, state_code: str) -> int:
    """Queue every FIR of this state (a node joining the network, or FIRs the sample generator wrote with the
    side effects off); returns how many. Never commits. The national node ignores what it already holds."""
    result = session.execute(
        sa.text(
            "INSERT INTO network_feed_queue (fir_id, operation) "
            "SELECT f.id, 'change' FROM fir f JOIN police_station s ON s.id = f.station_id "
            "JOIN police_district d ON d.id = s.district_id JOIN state st ON st.id = d.state_id "
            "WHERE st.code = :state ORDER BY f.id ON CONFLICT (fir_id, txid) DO NOTHING"
        ),
        {"state": state_code},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def queue_length(session: Session) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(NetworkFeedQueue)) or 0)
