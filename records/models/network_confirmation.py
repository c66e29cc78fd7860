"""Hit, verify, act (issue 25): "ask the owning station to confirm" requests, stored on both nodes, and the
cross-state person candidates a national node proposes, confirmed on both sides and never merged.

One ``confirmation_request`` row is one side of one request: ``side = 'asked'`` on the node whose officer asked,
``'owner'`` on the node that owns the record and answers. Both rows carry the same ``request_id`` (a UUID made by
the asking node). Delivery is store and forward: the asking node keeps its row until the owner has accepted the
request (``delivered_at``), the owner keeps the answer until the asking node has accepted it (``delivered_at`` of
the owner's row); a failed attempt is retried at ``next_attempt_at``.

A ``cross_state_candidate`` row (national node only) says two people recorded in two states may be one person, with
the score and reasons; each state confirms or rejects its side. It links the two person references and changes
neither state's records.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base

CONFIRMATION_SIDES = ("asked", "owner")
CONFIRMATION_OUTCOMES = ("confirmed", "not_confirmed", "partly")
CANDIDATE_DECISIONS = ("confirmed", "rejected")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class ConfirmationRequest(Base):
    __tablename__ = "confirmation_request"
    __table_args__ = (
        sa.UniqueConstraint("request_id", "side"),
        sa.CheckConstraint(_in("side", CONFIRMATION_SIDES), name="known_side"),
        sa.CheckConstraint(f"outcome IS NULL OR {_in('outcome', CONFIRMATION_OUTCOMES)}", name="known_outcome"),
        sa.CheckConstraint("(outcome IS NULL) = (answered_at IS NULL)", name="answer_whole"),
        sa.CheckConstraint("requesting_state <> owning_state", name="across_states"),
        sa.CheckConstraint("answer_by > requested_at", name="deadline_after_request"),
        sa.Index("ix_confirmation_request_side_station", "side", "station_id", "answer_by"),
        sa.Index(
            "ix_confirmation_request_to_deliver",
            "next_attempt_at",
            postgresql_where=sa.text("delivered_at IS NULL AND refused_reason IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(postgresql.UUID(as_uuid=True), comment="Made by the asking node")
    side: Mapped[str] = mapped_column(sa.String(5), comment="asked: this node asked; owner: this node answers")
    requesting_state: Mapped[str] = mapped_column(sa.String(2))
    owning_state: Mapped[str] = mapped_column(sa.String(2))
    fir_key: Mapped[str] = mapped_column(sa.String(60), comment="The record as the national copy names it")
    person_ref: Mapped[str | None] = mapped_column(sa.String(24), comment="The person of the record asked about")
    fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id"), comment="Owner side: the FIR asked about")
    station_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("police_station.id"), comment="Owner side: the station that answers; asked side: the asker's"
    )
    question: Mapped[str] = mapped_column(sa.Text)
    purpose: Mapped[str] = mapped_column(sa.String(24))
    case_reference: Mapped[str] = mapped_column(sa.String(100))
    requested_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    requested_by_name: Mapped[str] = mapped_column(sa.String(120))
    requested_by_place: Mapped[str] = mapped_column(sa.String(160), comment="The asker's station or unit, as named")
    requested_at: Mapped[datetime]
    answer_by: Mapped[datetime] = mapped_column(comment="The deadline for the answer")
    outcome: Mapped[str | None] = mapped_column(sa.String(14), comment="confirmed, not_confirmed or partly")
    answer_note: Mapped[str | None] = mapped_column(sa.Text)
    answered_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    answered_by_name: Mapped[str | None] = mapped_column(sa.String(120))
    answered_at: Mapped[datetime | None]
    refused_reason: Mapped[str | None] = mapped_column(
        sa.Text, comment="Why the owning node refused the request (e.g. no such record); nothing more is sent"
    )
    delivered_at: Mapped[datetime | None] = mapped_column(
        comment="Asked side: the owner accepted the request; owner side: the asker accepted the answer"
    )
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class CandidateDecision(Base):
    """A state's decision on its side of a cross-state candidate (state node), kept until the national node has
    it: store and forward as the confirmation requests (``exchange.confirmations.delivery``). At most one decision
    per candidate and person waits at a time (a later one replaces it), so the national node gets the last word."""

    __tablename__ = "candidate_decision"
    __table_args__ = (
        sa.CheckConstraint(_in("decision", CANDIDATE_DECISIONS), name="known_decision"),
        sa.Index(
            "ix_candidate_decision_to_deliver",
            "next_attempt_at",
            postgresql_where=sa.text("delivered_at IS NULL AND refused_reason IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.BigInteger, comment="The national node's candidate id")
    person_ref: Mapped[str] = mapped_column(sa.String(24), comment="This state's person: 10-P4711")
    decision: Mapped[str] = mapped_column(sa.String(9), comment="confirmed or rejected")
    message: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, comment="The decision message as sent")
    decided_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    decided_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    national_status: Mapped[str | None] = mapped_column(
        sa.String(24), comment="The candidate's status as the national node answered the decision"
    )
    refused_reason: Mapped[str | None] = mapped_column(sa.Text, comment="Why the national node refused it for good")
    delivered_at: Mapped[datetime | None] = mapped_column(comment="The national node accepted it")
    attempts: Mapped[int] = mapped_column(server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    last_error: Mapped[str | None] = mapped_column(sa.Text)


class CrossStateCandidate(Base):
    __tablename__ = "cross_state_candidate"
    __table_args__ = (
        sa.UniqueConstraint("person_a", "person_b"),
        sa.CheckConstraint("person_a < person_b", name="ordered_pair"),
        sa.CheckConstraint("state_a <> state_b", name="across_states"),
        sa.CheckConstraint(f"decision_a IS NULL OR {_in('decision_a', CANDIDATE_DECISIONS)}", name="known_a"),
        sa.CheckConstraint(f"decision_b IS NULL OR {_in('decision_b', CANDIDATE_DECISIONS)}", name="known_b"),
        sa.Index("ix_cross_state_candidate_state_a", "state_a"),
        sa.Index("ix_cross_state_candidate_state_b", "state_b"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    state_a: Mapped[str] = mapped_column(sa.String(2))
    person_a: Mapped[str] = mapped_column(sa.String(24), comment="Person reference of state A (10-P4711)")
    name_a: Mapped[str] = mapped_column(sa.String(200), comment="As state A's record writes it")
    records_a: Mapped[list[Any]] = mapped_column(postgresql.JSONB, comment="FIR keys naming person A")
    state_b: Mapped[str] = mapped_column(sa.String(2))
    person_b: Mapped[str] = mapped_column(sa.String(24))
    name_b: Mapped[str] = mapped_column(sa.String(200))
    records_b: Mapped[list[Any]] = mapped_column(postgresql.JSONB)
    score: Mapped[float] = mapped_column(sa.Float)
    reasons: Mapped[list[Any]] = mapped_column(postgresql.JSONB, comment="Why, in words")
    proposed_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    decision_a: Mapped[str | None] = mapped_column(sa.String(9), comment="State A's officer: confirmed or rejected")
    decided_a_by: Mapped[str | None] = mapped_column(sa.String(160))
    decided_a_at: Mapped[datetime | None]
    decision_b: Mapped[str | None] = mapped_column(sa.String(9))
    decided_b_by: Mapped[str | None] = mapped_column(sa.String(160))
    decided_b_at: Mapped[datetime | None]
