"""A state's decision on a cross-state candidate is stored and forwarded like a confirmation request
(``exchange.confirmations.delivery``): with Bihar's line to the national node cut the officer's decision is kept
(202, "queued"), a change of mind replaces it while it waits, and once the line is back the forwarder delivers the
last one, once; the officer never has to retry. Both audit logs have it."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa

from records.models import AuditEntry, CandidateDecision, CrossStateCandidate
from tests.network.nodes import BIHAR, NATIONAL, UP, Network, Node, wait_until

DELIVERY = 60.0  # seconds once the line is back (the forwarder's retries back off from 5 s)


def _candidate(network: Network) -> tuple[int, int]:
    """A pair proposed at the national node between a new Bihar accused and an Uttar Pradesh person (written as the
    national node's proposer would: the test is about the decision, not the matching)."""
    fir = network.bihar.register_fir(accused=[{"name": "Jagdish Prasad Mahto", "age": 38, "gender": "male"}])
    person_id = int(fir["accused"][0]["person_id"])
    with network.national.session() as session, session.begin():
        row = CrossStateCandidate(
            state_a=UP, person_a=f"{UP}-P999001", name_a="Jagdish Mahto", records_a=[f"{UP}-LUCKNOW-HAZRATGANJ/2025/9"],
            state_b=BIHAR, person_b=f"{BIHAR}-P{person_id}", name_b="Jagdish Prasad Mahto", records_b=[],
            score=0.91, reasons=["same name and age band"],
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id, person_id


def _decide(node: Node, candidate_id: int, person_id: int, decision: str) -> httpx.Response:
    return httpx.post(
        f"{node.base_url}/api/v1/network/person-candidates/{candidate_id}/decision",
        json={"person_id": person_id, "decision": decision},
        headers=node.headers("hq"),
        timeout=30,
    )


def _at_national(network: Network, candidate_id: int) -> Any:
    with network.national.session() as session:
        row = session.get(CrossStateCandidate, candidate_id)
        return row.decision_b if row else None


def test_a_decision_made_while_the_national_node_is_cut_off_arrives_when_it_is_back(network: Network) -> None:
    candidate_id, person_id = _candidate(network)
    with network.link_cut(BIHAR, NATIONAL):
        first = _decide(network.bihar, candidate_id, person_id, "rejected")
        assert first.status_code == 202, first.text
        assert first.json()["delivery"] == "queued" and first.json()["reason"]
        second = _decide(network.bihar, candidate_id, person_id, "confirmed")  # a change of mind while it waits
        assert second.status_code == 202, second.text
        assert _at_national(network, candidate_id) is None
        with network.bihar.session() as session:
            waiting = session.scalars(
                sa.select(CandidateDecision).where(CandidateDecision.candidate_id == candidate_id)
            ).all()
            assert [(row.decision, row.delivered_at) for row in waiting] == [("confirmed", None)]
    wait_until(lambda: _at_national(network, candidate_id) == "confirmed", DELIVERY, what="the decision arrived")
    with network.bihar.session() as session:
        row = session.scalar(sa.select(CandidateDecision).where(CandidateDecision.candidate_id == candidate_id))
        assert row is not None and row.delivered_at is not None and row.national_status == "waiting_other_state"
        sent = session.scalars(
            sa.select(AuditEntry.action).where(
                AuditEntry.entity_type == "cross_state_candidate", AuditEntry.entity_id == str(candidate_id)
            )
        ).all()
        assert sent.count("candidate_decision") == 2 and sent.count("candidate_decision_sent") == 1
    with network.national.session() as session:
        received = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "candidate_decision", AuditEntry.entity_id == str(candidate_id)
            )
        ).all()
        assert [(a.detail["decision"], a.detail["via"]) for a in received] == [("confirmed", "node 10 (Bihar)")]
    after = _decide(network.bihar, candidate_id, person_id, "confirmed")  # the line up: at once, with the answer
    assert after.status_code == 200 and after.json()["status"] == "waiting_other_state", after.text
