"""Federated search across states (issue 25): the owner's sharing level of an FIR (a state node), and the search
index a national node keeps of the records states send it (``exchange.search``).

The index is derived: every row comes from one exchange record the national node holds and is written in the
transaction that stores the record (``exchange.search.index.index_record``), so it can always be rebuilt from the
records. It is keyed by (state code, FIR key) like the national copy, and carries no foreign key to it, so that the
copy's owner may change its table without touching this one.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base

SHARING_LEVELS = ("visible", "pointer", "invisible")
_LEVEL_CHECK = "level IN ('visible', 'pointer', 'invisible')"


class FirSharing(Base):
    """The level a station set for one of its FIRs outside the state; no row means ``visible`` (the default)."""

    __tablename__ = "fir_sharing"
    __table_args__ = (sa.CheckConstraint(_LEVEL_CHECK, name="level_known"),)

    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(sa.String(10), comment="visible, pointer or invisible")
    reason: Mapped[str | None] = mapped_column(sa.Text, comment="Why the station chose it, for its own record")
    set_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    set_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())


class NetworkSearchRecord(Base):
    """One record a national node holds, as a search hit shows it (national codes, no details)."""

    __tablename__ = "network_search_record"
    __table_args__ = (
        sa.CheckConstraint(_LEVEL_CHECK.replace("level", "sharing"), name="sharing_known"),
        sa.Index("ix_network_search_record_fir_number", "year", "serial"),
    )

    state_code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    fir_key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    version: Mapped[int]
    sharing: Mapped[str] = mapped_column(sa.String(10), comment="The owner's level; a protected case is invisible")
    station: Mapped[str] = mapped_column(sa.String(40), comment="National station code")
    station_name: Mapped[str | None] = mapped_column(sa.String(120))
    station_name_hi: Mapped[str | None] = mapped_column(sa.String(120))
    district: Mapped[str] = mapped_column(sa.String(24), comment="National district code")
    district_name: Mapped[str | None] = mapped_column(sa.String(120))
    district_name_hi: Mapped[str | None] = mapped_column(sa.String(120))
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    serial: Mapped[int]
    registered_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(40))
    io_name: Mapped[str | None] = mapped_column(sa.String(120))
    io_rank: Mapped[str | None] = mapped_column(sa.String(40))
    received_at: Mapped[datetime] = mapped_column(comment="When the national node stored this version")


class NetworkSearchParty(Base):
    """A named person of a held record, with the keys a name search matches (withheld people have no row)."""

    __tablename__ = "network_search_party"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["state_code", "fir_key"],
            ["network_search_record.state_code", "network_search_record.fir_key"],
            ondelete="CASCADE",
        ),
        sa.Index("ix_network_search_party_name_keys", "name_keys", postgresql_using="gin"),
        sa.Index("ix_network_search_party_record", "state_code", "fir_key"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    state_code: Mapped[str] = mapped_column(sa.String(2))
    fir_key: Mapped[str] = mapped_column(sa.String(60))
    person: Mapped[str] = mapped_column(sa.String(24), comment="The state's person reference, 10-P4711")
    role: Mapped[str] = mapped_column(sa.String(12))
    name: Mapped[str] = mapped_column(sa.Text, comment="As written")
    relative_name: Mapped[str | None] = mapped_column(sa.Text)
    name_keys: Mapped[list[str]] = mapped_column(
        ARRAY(sa.Text), comment="Phonetic keys of every token of the name and aliases, with their variants"
    )
    relative_keys: Mapped[list[str]] = mapped_column(ARRAY(sa.Text), server_default="{}")
    age: Mapped[int | None] = mapped_column(sa.SmallInteger)
    gender: Mapped[str | None] = mapped_column(sa.String(12))


class NetworkSearchIdentifier(Base):
    """A vehicle registration or mobile number a held record names (of a named person, or a seizure)."""

    __tablename__ = "network_search_identifier"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["state_code", "fir_key"],
            ["network_search_record.state_code", "network_search_record.fir_key"],
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("kind IN ('vehicle', 'mobile')", name="kind_known"),
        sa.Index("ix_network_search_identifier_value", "kind", "value"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    state_code: Mapped[str] = mapped_column(sa.String(2))
    fir_key: Mapped[str] = mapped_column(sa.String(60))
    kind: Mapped[str] = mapped_column(sa.String(8))
    value: Mapped[str] = mapped_column(sa.String(20), comment="BR01AB1234; 10 mobile digits")


class NetworkSearchPending(Base):
    """A record of ``national_record`` stored, replaced or deleted and not yet (re)indexed: written only by
    migration 0016's trigger on that table (so no writer of the national copy can forget it), drained by
    ``exchange.search.catch_up`` before every national search."""

    __tablename__ = "network_search_pending"

    state_code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    record_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
