"""The national node's side of the feed: a state's message validated again, applied idempotently to the national
copy (``national_record``), and answered record by record.

* The envelope is checked first (``exchange.validation``): a message whose envelope fails, or that a state sends
  in another state's name, is refused whole (:class:`MessageRefused`, HTTP 422 / 403) and nothing is stored.
* A message already received (same ``message_id``) gets the answer it got the first time; a different message
  with a sequence already used is refused (409): the state's numbering went wrong, nothing is applied twice.
* Each record has its own outcome (applied set-wise: one read of the versions held, one upsert, one update of
  deletions, with the outcomes those of applying the records one after the other): one that fails the
  specification, or names another state's station, or replaces or deletes a key not held, is **rejected** with
  every reason (``national_rejection``); an ``add`` or ``replace`` of a version not newer than the one held is
  **ignored** (a repeat, or a late older version: never rolls a record back); the rest are **accepted**.
* A sequence that skips numbers is applied, and the answer says which were skipped (``gap``).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from exchange.record_reading import among
from exchange.validation import message_problems
from records.audit import Actor
from records.display import IST
from records.models import NationalRecord, NationalRejection, NetworkReceivedMessage

INTAKE_LOCK = 0x25  # pg_advisory_xact_lock(INTAKE_LOCK, state code): a state's messages one at a time


class MessageRefused(Exception):
    """A message refused whole; ``status`` is the HTTP status to answer, ``problems`` (path, reason) pairs."""

    def __init__(self, status: int, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.problems = status, problems or []


@dataclasses.dataclass(frozen=True)
class Outcome:
    fir_key: str
    version: int | None
    outcome: str  # accepted, rejected, ignored
    problems: list[dict[str, str]]
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"fir_key": self.fir_key, "version": self.version, "outcome": self.outcome}
        if self.problems:
            answer["problems"] = self.problems
        if self.note:
            answer["note"] = self.note
        return answer


def _registered_on(fir: dict[str, Any]) -> date:
    return datetime.fromisoformat(fir["registered_at"]).astimezone(IST).date()


def _own_problems(state_code: str, entry: dict[str, Any]) -> list[dict[str, str]]:
    """What the schema cannot see: the record is the sending state's, and its key is its station/year/serial."""
    fir = entry.get("fir")
    key = entry.get("fir_key", "")
    if not key.startswith(f"{state_code}-"):
        return [{"path": "fir_key", "reason": f"a state sends only its own records (keys {state_code}-...)"}]
    if fir is None:
        return []
    problems = []
    if fir.get("state") != state_code:
        problems.append({"path": "fir.state", "reason": f"is not the sending state {state_code}"})
    expected = f"{fir.get('station')}/{fir.get('year')}/{fir.get('serial')}"
    if key != expected:
        problems.append({"path": "fir_key", "reason": f"is not the record's station/year/serial ({expected})"})
    return problems


def _values(state_code: str, entry: dict[str, Any], now: datetime) -> dict[str, Any]:
    fir = entry["fir"]
    return {
        "state_code": state_code,
        "record_id": entry["fir_key"],
        "kind": "fir",
        "version": int(entry["version"]),
        "station_code": fir["station"],
        "district_code": fir["district"],
        "year": fir["year"],
        "serial": fir["serial"],
        "registered_on": _registered_on(fir),
        "record": fir,
        "received_at": now,
        "deleted": False,
        "deleted_reason": None,
    }


def _apply_all(session: Session, state_code: str, entries: list[dict[str, Any]]) -> list[Outcome]:
    """Each entry's outcome, in order, as if applied one after the other (a key twice in a message: the second
    sees the first), written set-wise: one read of the held versions, one upsert, one update of deletions."""
    now = datetime.now(UTC)
    keys = sorted({entry["fir_key"] for entry in entries})
    held: dict[str, tuple[int, bool]] = {
        key: (version, deleted)
        for key, version, deleted in session.execute(
            sa.select(NationalRecord.record_id, NationalRecord.version, NationalRecord.deleted)
            .where(NationalRecord.state_code == state_code, among(NationalRecord.record_id, keys, sa.Text()))
            .with_for_update()
        )
    }
    upserts: dict[str, dict[str, Any]] = {}  # the row each key ends with, for keys added or replaced here
    deletions: dict[str, dict[str, Any]] = {}  # keys held before this message and deleted by it
    outcomes: list[Outcome] = []
    for entry in entries:
        key, version, action = entry["fir_key"], int(entry["version"]), entry["action"]
        have = held.get(key)
        if action == "delete":
            if have is None:
                outcomes.append(
                    Outcome(key, version, "rejected", [{"path": "fir_key", "reason": "is not held: nothing to delete"}])
                )
                continue
            if have[0] > version or (have[1] and have[0] == version):
                outcomes.append(Outcome(key, version, "ignored", [], f"version {have[0]} held"))
                continue
            held[key] = (version, True)
            change = {"deleted": True, "deleted_reason": entry.get("reason"), "version": version, "received_at": now}
            if key in upserts:
                upserts[key].update(change)
            else:
                deletions[key] = change
            outcomes.append(Outcome(key, version, "accepted", []))
            continue
        if have is None and action == "replace":
            outcomes.append(
                Outcome(key, version, "rejected", [{"path": "action", "reason": "replace of a key not held: send add"}])
            )
            continue
        if have is not None and (have[0] > version or (have[0] == version and not have[1])):
            outcomes.append(Outcome(key, version, "ignored", [], f"version {have[0]} held"))
            continue
        held[key] = (version, False)
        deletions.pop(key, None)
        upserts[key] = _values(state_code, entry, now)
        outcomes.append(Outcome(key, version, "accepted", []))
    if upserts:
        statement = insert(NationalRecord)
        names = [name for name in next(iter(upserts.values())) if name not in ("state_code", "record_id")]
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[NationalRecord.state_code, NationalRecord.record_id],
                set_={name: statement.excluded[name] for name in names},
                where=NationalRecord.version <= statement.excluded.version,
            ),
            list(upserts.values()),
        )
    if deletions:
        table = NationalRecord.__table__
        session.execute(
            sa.update(table)
            .where(table.c.state_code == state_code, table.c.record_id == sa.bindparam("key"))
            .values(
                deleted=True,
                deleted_reason=sa.bindparam("reason"),
                version=sa.bindparam("new_version"),
                received_at=sa.bindparam("at"),
            ),
            [
                {"key": key, "reason": c["deleted_reason"], "new_version": c["version"], "at": c["received_at"]}
                for key, c in deletions.items()
            ],
        )
    return outcomes


def receive_message(session: Session, state_code: str, message: Any, actor: Actor) -> dict[str, Any]:
    """Apply a state's message (see the module's docstring) and return the answer; never commits."""
    problems = message_problems(message)
    envelope = [p for p in problems if not p.path.startswith("records.") or p.path.count(".") < 2]
    if envelope or not isinstance(message, dict):
        raise MessageRefused(
            422, "the message's envelope does not meet the specification", [(p.path, p.reason) for p in envelope]
        )
    if message["sending_state"] != state_code:
        raise MessageRefused(
            403,
            f"this node is peer {state_code}: it sends only its own messages, not state {message['sending_state']}'s",
        )
    message_id = uuid.UUID(message["message_id"])
    sequence = int(message["sequence"])
    # One message of a state at a time: a resend racing the first delivery waits for it, then gets its answer.
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(INTAKE_LOCK, int(state_code))))
    seen = session.scalar(sa.select(NetworkReceivedMessage).where(NetworkReceivedMessage.message_id == message_id))
    if seen is not None:
        return {**seen.answer, "repeat": True}
    clash = session.get(NetworkReceivedMessage, (state_code, sequence))
    if clash is not None:
        raise MessageRefused(
            409, f"sequence {sequence} of state {state_code} was already received as message {clash.message_id}"
        )
    last = session.scalar(
        sa.select(sa.func.max(NetworkReceivedMessage.sequence)).where(NetworkReceivedMessage.state_code == state_code)
    )
    by_record: dict[int, list[dict[str, str]]] = defaultdict(list)
    for problem in problems:
        index = int(problem.path.split(".")[1])
        by_record[index].append({"path": problem.path.split(".", 2)[2], "reason": problem.reason})
    pending: list[Outcome | None] = []  # None: valid, its outcome is the applying's
    valid: list[dict[str, Any]] = []
    for index, entry in enumerate(message["records"]):
        found = by_record.get(index, []) + _own_problems(state_code, entry)
        if found:
            pending.append(Outcome(entry.get("fir_key", ""), entry.get("version"), "rejected", found))
        else:
            pending.append(None)
            valid.append(entry)
    applied = iter(_apply_all(session, state_code, valid) if valid else [])
    outcomes = [outcome if outcome is not None else next(applied) for outcome in pending]
    for outcome, entry in zip(outcomes, message["records"], strict=True):
        if outcome.outcome == "rejected":
            session.add(
                NationalRejection(
                    state_code=state_code,
                    record_id=outcome.fir_key[:64],
                    version=outcome.version,
                    station_code=(entry.get("fir") or {}).get("station") or outcome.fir_key.split("/")[0][:32],
                    message_sequence=sequence,
                    problems=outcome.problems,
                )
            )
    counts = {kind: sum(1 for o in outcomes if o.outcome == kind) for kind in ("accepted", "rejected", "ignored")}
    answer: dict[str, Any] = {
        "message_id": str(message_id),
        "sequence": sequence,
        **counts,
        "results": [outcome.as_json() for outcome in outcomes],
    }
    if last is not None and sequence > last + 1:
        answer["gap"] = list(range(last + 1, sequence))[:100]
    session.add(
        NetworkReceivedMessage(
            state_code=state_code,
            sequence=sequence,
            message_id=message_id,
            records=len(outcomes),
            accepted=counts["accepted"],
            rejected=counts["rejected"],
            ignored=counts["ignored"],
            answer=answer,
        )
    )
    actor.audit(
        session,
        "receive",
        "network_message",
        f"{state_code}/{sequence}",
        {
            **counts,
            "record_ids": [o.fir_key for o in outcomes if o.outcome == "accepted"],
            "rejected_ids": [o.fir_key for o in outcomes if o.outcome == "rejected"],
        },
    )
    session.flush()
    return answer
