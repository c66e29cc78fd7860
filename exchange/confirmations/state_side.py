"""A state node's side of the cross-state candidates: what its officers see (the national node's proposals naming
this state's people, narrowed to the people the officer may read) and their decisions, sent to the national node
and logged here too. The national node holds the pair; this node keeps the audit rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from exchange.confirmations.messages import DECISION, envelope, officer, validate
from exchange.confirmations.transport import national_candidates, send_decision
from records.access import Jurisdiction
from records.audit import Actor
from records.settings import Settings

ENTITY = "cross_state_candidate"


def local_person_id(reference: str) -> int:
    """Our person number in a person reference of this state (10-P4711 -> 4711)."""
    return int(reference.partition("-P")[2])


def candidates_for_officer(
    session: Session, settings: Settings, access: Jurisdiction, actor: Actor
) -> list[dict[str, Any]]:
    """The national node's candidates naming people of this state the caller may read (raises
    ``NoNationalNode`` or ``exchange.network.client.PeerCallFailed`` when the national node cannot say)."""
    found = national_candidates(session, settings)
    readable = access.readable_people(session, {local_person_id(c["own"]["person"]) for c in found})
    shown = [c for c in found if local_person_id(c["own"]["person"]) in readable]
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
) -> dict[str, Any]:
    """This state's decision on its side of candidate ``candidate_id`` (its person ``person_id``, whom the caller
    must be able to read), sent to the national node; the candidate as it now stands. Raises ``Forbidden``,
    ``InvalidMessage``, ``NoNationalNode`` or ``PeerCallFailed``."""
    access.require_read_person(session, person_id)
    own = settings.network_state_code or ""
    message = envelope(
        "candidate_decision",
        candidate_id=candidate_id,
        deciding_state=own,
        person=f"{own}-P{person_id}",
        decision=decision,
        decided_by=officer(name, place),
    )
    validate(DECISION, message)
    now = send_decision(session, settings, message)
    detail = {"person": message["person"], "decision": decision, "other": now.get("other", {}).get("person")}
    actor.audit(session, "candidate_decision", ENTITY, candidate_id, detail | {"status": now.get("status")})
    return now
