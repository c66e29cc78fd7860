"""A state node's side of the cross-state candidates: what its officers see (the national node's proposals naming
this state's people, narrowed to the people the officer may read, read live) and their decisions, stored here and
forwarded to the national node as the confirmation requests are (``exchange.confirmations.delivery``): a national
node that is down delays a decision and loses none. The national node holds the pair; this node keeps the decision
until it is delivered, and the audit rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations.delivery import DECISIONS, deliver_one
from exchange.confirmations.messages import DECISION, envelope, officer, validate
from exchange.confirmations.transport import NoNationalNode, PeerCourier, national_candidates
from exchange.network.peers import national_peer
from records.access import Jurisdiction
from records.audit import Actor
from records.models import CandidateDecision
from records.settings import Settings

ENTITY = "cross_state_candidate"


def local_person_id(reference: str) -> int:
    """Our person number in a person reference of this state (10-P4711 -> 4711)."""
    return int(reference.partition("-P")[2])


def _waiting(session: Session, candidate_ids: list[int] | None = None) -> dict[tuple[int, str], CandidateDecision]:
    """Decisions not yet delivered (nor refused), by candidate and person."""
    query = sa.select(CandidateDecision).where(
        CandidateDecision.delivered_at.is_(None), CandidateDecision.refused_reason.is_(None)
    )
    if candidate_ids is not None:
        query = query.where(CandidateDecision.candidate_id.in_(candidate_ids))
    return {(row.candidate_id, row.person_ref): row for row in session.scalars(query)}


def candidates_for_officer(
    session: Session, settings: Settings, access: Jurisdiction, actor: Actor
) -> list[dict[str, Any]]:
    """The national node's candidates naming people of this state the caller may read, each with this state's
    decision still on its way (``waiting_decision``), if any (raises ``NoNationalNode`` or
    ``exchange.network.client.PeerCallFailed`` when the national node cannot say)."""
    found = national_candidates(session, settings)
    readable = access.readable_people(session, {local_person_id(c["own"]["person"]) for c in found})
    shown = [c for c in found if local_person_id(c["own"]["person"]) in readable]
    waiting = _waiting(session, [c["id"] for c in shown])
    for candidate in shown:
        pending = waiting.get((candidate["id"], candidate["own"]["person"]))
        candidate["waiting_decision"] = pending.decision if pending else None
    actor.audit(session, "list", ENTITY, None, {"ids": [c["id"] for c in shown][:200]})
    return shown


def decide_here(
    session: Session,
    settings: Settings,
    actor: Actor,
    access: Jurisdiction,
    candidate_id: int,
    *,
    person_id: int,
    decision: str,
    name: str,
    place: str,
    user_id: int | None = None,
) -> CandidateDecision:
    """This state's decision on its side of candidate ``candidate_id`` (its person ``person_id``, whom the caller
    must be able to read), stored to be forwarded to the national node (a decision still waiting for the same
    candidate and person is replaced: the national node gets the last word). Raises ``Forbidden``,
    ``InvalidMessage`` or ``NoNationalNode`` (none registered: a decision could never go). Never commits."""
    access.require_read_person(session, person_id)
    if national_peer(session) is None:
        raise NoNationalNode("this node has no national node registered (`cctns network peer add 00 ...`)")
    own = settings.network_state_code or ""
    person = f"{own}-P{person_id}"
    message = envelope(
        "candidate_decision",
        candidate_id=candidate_id,
        deciding_state=own,
        person=person,
        decision=decision,
        decided_by=officer(name, place),
    )
    validate(DECISION, message)
    row = _waiting(session, [candidate_id]).get((candidate_id, person))
    if row is None:
        row = CandidateDecision(candidate_id=candidate_id, person_ref=person, decision=decision, message=message)
        session.add(row)
    row.decision, row.message, row.decided_by_user_id = decision, message, user_id
    row.decided_at = row.next_attempt_at = datetime.now(UTC)
    row.attempts, row.last_error = 0, None
    session.flush()
    actor.audit(session, "candidate_decision", ENTITY, candidate_id, {"person": person, "decision": decision})
    return row


@dataclass(frozen=True)
class DecisionSent:
    """Where a decision stands after the first attempt: ``delivery`` sent, queued or refused."""

    candidate_id: int
    decision: str
    delivery: str
    status: str | None  # the candidate's status as the national node answered (sent)
    reason: str | None  # why not yet (queued) or never (refused)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.candidate_id, "decision": self.decision, "delivery": self.delivery,
                "status": self.status or self.delivery, "reason": self.reason}  # fmt: skip


def try_now(session: Session, settings: Settings, row_id: int) -> DecisionSent:
    """One attempt at once for a stored decision (committed by the caller before), as the forwarder would make
    it within seconds: the officer whose national node answers sees its answer at once; otherwise the decision
    stays queued for the forwarder. Commits."""
    row = session.scalar(
        sa.select(CandidateDecision)
        .where(CandidateDecision.id == row_id, DECISIONS.due(datetime.now(UTC)))
        .with_for_update(skip_locked=True)
    )
    if row is not None:
        deliver_one(session, PeerCourier(session.get_bind(), settings), row, datetime.now(UTC))  # type: ignore[arg-type]
    session.commit()
    row = session.get(CandidateDecision, row_id)
    assert row is not None
    delivery = "sent" if row.delivered_at else "refused" if row.refused_reason else "queued"
    return DecisionSent(
        row.candidate_id, row.decision, delivery, row.national_status, row.refused_reason or row.last_error
    )
