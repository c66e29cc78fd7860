"""The nationwide network (issue 25): the peers a node talks to, the national node's copy of what states send, and
the feed from a state to the national node (its queue, its messages, each FIR's standing, heartbeats and
reconciliation reports).

A state node writes ``network_feed_queue`` only through migration 0015's triggers (as the outbox: no writer can
forget it); its sender turns the queue into ``network_feed_message`` rows (stored before they are sent, so a message
sent again keeps its id and sequence) and keeps each FIR's standing in ``network_feed_fir`` (held back by the quality
gate with its reasons, sent, accepted, rejected). The national node keeps ``national_record`` (keyed by state code
and record id), ``network_received_message`` (each message's answer, so a repeat gets the same answer),
``national_rejection`` and ``network_heartbeat``. Both sides keep ``network_reconciliation`` reports.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base, pg_enum


class PeerRole(enum.StrEnum):
    """What a peer is: a node (a state, the national node) or, under ICJS, a court or a prison (migration 0019)."""

    STATE = "state"
    NATIONAL = "national"
    COURT = "court"
    PRISON = "prison"


class NetworkPeer(Base):
    """A party this node talks to (a state's node, the national node, a court, a prison): its code, where it
    answers, and the hash of the key it presents to us (``X-CCTNS-Node-Key``); the key itself is never stored."""

    __tablename__ = "network_peer"
    __table_args__ = (sa.CheckConstraint("role = 'prison' OR base_url IS NOT NULL", name="answers_somewhere"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(
        sa.String(24), unique=True, comment="State code (10, 09), 00 the national node, BRVS01 a court, 10-BEUR_PATNA"
    )
    role: Mapped[PeerRole] = mapped_column(pg_enum(PeerRole, "peer_role"))
    name: Mapped[str] = mapped_column(sa.String(160), comment="Shown in logs and pages: Bihar, a court's name")
    base_url: Mapped[str | None] = mapped_column(
        sa.Text, comment="Where the peer answers: http(s)://host:port (a prison: none)"
    )
    key_hash: Mapped[str] = mapped_column(sa.String(80), unique=True, comment="sha256$hex of the key it presents")
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    last_seen_at: Mapped[datetime | None] = mapped_column(comment="Its last authenticated call to us")


class NationalRecord(Base):
    """The national node's copy of one record a state sent: the validated exchange record as received, the newest
    version only (an older version arriving late is ignored), and whether the state deleted it."""

    __tablename__ = "national_record"
    __table_args__ = (
        sa.Index("ix_national_record_station_year_serial", "station_code", "year", "serial"),
        sa.Index("ix_national_record_state_code_registered_on", "state_code", "registered_on"),
    )

    state_code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    record_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True, comment="The FIR key: station/year/serial")
    kind: Mapped[str] = mapped_column(sa.String(16), server_default="fir")
    version: Mapped[int]
    station_code: Mapped[str] = mapped_column(sa.String(32), comment="National station code: 10-VAISHALI-...")
    district_code: Mapped[str] = mapped_column(sa.String(24), comment="National district code: 10-VAISHALI")
    year: Mapped[int]
    serial: Mapped[int]
    registered_on: Mapped[date] = mapped_column(comment="Day of registration, India Standard Time")
    record: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB, comment="The record's fir object as received")
    received_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    deleted: Mapped[bool] = mapped_column(server_default=sa.false())
    deleted_reason: Mapped[str | None] = mapped_column(sa.Text)


class NetworkReceivedMessage(Base):
    """A message the national node took from a state, with the answer it gave (a repeat gets the same answer)."""

    __tablename__ = "network_received_message"

    state_code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    sequence: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    received_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    records: Mapped[int]
    accepted: Mapped[int]
    rejected: Mapped[int]
    ignored: Mapped[int] = mapped_column(comment="Repeats and older versions: already held, nothing changed")
    answer: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB)


class NationalRejection(Base):
    """A record the national node refused, with every reason (field path and why)."""

    __tablename__ = "national_rejection"
    __table_args__ = (sa.Index("ix_national_rejection_state_code_received_at", "state_code", "received_at"),)

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    state_code: Mapped[str] = mapped_column(sa.String(2))
    record_id: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int | None]
    station_code: Mapped[str | None] = mapped_column(sa.String(32))
    message_sequence: Mapped[int]
    problems: Mapped[list[dict[str, str]]] = mapped_column(postgresql.JSONB, comment="[{path, reason}]")
    received_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class NetworkHeartbeat(Base):
    """A station's report of one day to the national node: its FIRs registered that day (0 is a zero report).
    A station with no heartbeat is silent; one with a zero report is quiet."""

    __tablename__ = "network_heartbeat"

    state_code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    station_code: Mapped[str] = mapped_column(sa.String(32), primary_key=True, comment="National station code")
    day: Mapped[date] = mapped_column(primary_key=True, comment="India Standard Time")
    district_code: Mapped[str] = mapped_column(sa.String(24))
    station_name: Mapped[str] = mapped_column(sa.String(120))
    firs_registered: Mapped[int] = mapped_column(comment="FIRs the station registered that day; 0: a zero report")
    last_serial: Mapped[int | None] = mapped_column(comment="The station's highest serial of the day's year so far")
    reported_at: Mapped[datetime] = mapped_column(comment="When the state made the report")
    received_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class FeedQueueOperation(enum.StrEnum):
    CHANGE = "change"
    DELETE = "delete"


class NetworkFeedQueue(Base):
    """An FIR changed (or was deleted) and must be sent to the national node; written by migration 0015's
    triggers only, one row per FIR and transaction, consumed by the feed's sender."""

    __tablename__ = "network_feed_queue"
    __table_args__ = (sa.UniqueConstraint("fir_id", "txid"),)

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.BigInteger, comment="No foreign key: a deleted FIR's row stays")
    operation: Mapped[FeedQueueOperation] = mapped_column(pg_enum(FeedQueueOperation, "feed_queue_operation"))
    txid: Mapped[int] = mapped_column(sa.BigInteger, server_default=sa.text("txid_current()"))
    queued_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class NetworkFeedMessage(Base):
    """A message of the feed, stored before it is sent: sent again (same id, same sequence) until the national
    node acknowledges it; its records' answers are then in ``network_feed_fir``."""

    __tablename__ = "network_feed_message"

    sequence: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, comment="1, 2, 3 ... no gaps")
    message_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    body: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB)
    records: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    attempts: Mapped[int] = mapped_column(server_default="0")
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    acknowledged_at: Mapped[datetime | None]
    accepted: Mapped[int | None]
    rejected: Mapped[int | None]


class FeedStanding(enum.StrEnum):
    HELD = "held"  # the quality gate holds it back; the station must fix it
    SENDING = "sending"  # in a message not yet acknowledged
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # the national node refused it (reasons kept)
    DELETED = "deleted"  # deleted here, and the national node told


class NetworkFeedFir(Base):
    """Where one FIR stands with the national node: held back (and why), being sent, accepted or rejected."""

    __tablename__ = "network_feed_fir"
    __table_args__ = (sa.Index("ix_network_feed_fir_station_id_standing", "station_id", "standing"),)

    fir_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    fir_key: Mapped[str] = mapped_column(sa.String(64))
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"))
    year: Mapped[int]
    serial: Mapped[int]
    registered_on: Mapped[date] = mapped_column(comment="India Standard Time")
    standing: Mapped[FeedStanding] = mapped_column(pg_enum(FeedStanding, "feed_standing"))
    version: Mapped[int] = mapped_column(comment="The version held back, or sent last")
    message_sequence: Mapped[int | None] = mapped_column(comment="The message that carried it last")
    reasons: Mapped[list[dict[str, str]] | None] = mapped_column(
        postgresql.JSONB, comment="Held: [{rule, path, reason_en, reason_hi}]; rejected: [{path, reason}]"
    )
    changed_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    accepted_version: Mapped[int | None] = mapped_column(comment="The newest version the national node accepted")


class NetworkReconciliation(Base):
    """A daily reconciliation report, on the state's side or the national node's: per station, FIRs sent against
    held nationally, gaps in numbering, rejections (``exchange.network.reconciliation``)."""

    __tablename__ = "network_reconciliation"
    __table_args__ = (sa.UniqueConstraint("side", "state_code", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    side: Mapped[PeerRole] = mapped_column(pg_enum(PeerRole, "peer_role"))
    state_code: Mapped[str] = mapped_column(sa.String(2))
    day: Mapped[date]
    made_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    report: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB)
