"""Rollup tables the dashboards read: FIR counts per day x station x crime head x law x status, kept current
incrementally from a queue of dirty (station, day) pairs that triggers on the FIR tables fill.

See ``records/rollups.py`` for how they are computed and ``docs/decisions.md`` (issue 6) for why.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base, pg_enum
from records.models.fir import Fir, FirStatus

# Rollups recompute one (station, day) at a time; this index finds a station's FIRs of a day.
sa.Index("ix_fir_station_id_registered_at", Fir.station_id, Fir.registered_at)

UNCLASSIFIED_HEAD = 0  # crime_head_id of FIRs none of whose sections has an NCRB crime head


class RollupDirty(Base):
    """A (station, day) whose FIRs changed since its rollup rows were computed; triggers fill it."""

    __tablename__ = "rollup_dirty"

    station_id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    marked_at: Mapped[datetime] = mapped_column(server_default=sa.func.now(), index=True)


class _RollupCounts:
    crime_head_id: Mapped[int] = mapped_column(primary_key=True, comment="0: no section with a crime head")
    law: Mapped[str] = mapped_column(sa.String(4), primary_key=True, comment="IPC, BNS or SLL (special and local)")
    status: Mapped[FirStatus] = mapped_column(pg_enum(FirStatus, "fir_status"), primary_key=True)
    against_women: Mapped[bool] = mapped_column(primary_key=True)
    against_sc_st: Mapped[bool] = mapped_column(primary_key=True)
    firs: Mapped[int] = mapped_column(sa.BigInteger)
    accused: Mapped[int] = mapped_column(sa.BigInteger, comment="Accused named in these FIRs")
    arrested: Mapped[int] = mapped_column(sa.BigInteger, comment="Distinct people arrested or surrendered")


class FirRollupDay(_RollupCounts, Base):
    """FIRs registered on ``day`` (India time) at ``station_id``, by principal crime head, law and status."""

    __tablename__ = "fir_rollup_day"
    __table_args__ = (
        sa.Index("ix_fir_rollup_day_district_id_day", "district_id", "day"),
        sa.Index(
            "ix_fir_rollup_day_pending",
            "district_id",
            "day",
            postgresql_where=sa.text("status IN ('registered', 'under_investigation')"),
            postgresql_include=["station_id", "firs"],
        ),
        sa.Index(
            "ix_fir_rollup_day_pending_by_day",
            "day",
            postgresql_where=sa.text("status IN ('registered', 'under_investigation')"),
            postgresql_include=["district_id", "firs"],
        ),
    )

    station_id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True, index=True)
    district_id: Mapped[int]


class FirRollupMonth(_RollupCounts, Base):
    """``fir_rollup_day`` summed to month x district: what state-wide pages read."""

    __tablename__ = "fir_rollup_month"
    __table_args__ = (
        sa.Index(
            "ix_fir_rollup_month_pending",
            "month",
            postgresql_where=sa.text("status IN ('registered', 'under_investigation')"),
            postgresql_include=["district_id", "firs"],
        ),
    )

    district_id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True, index=True, comment="First day of the month")


class FirRollupStateMonth(_RollupCounts, Base):
    """``fir_rollup_month`` summed over districts: the state-wide trend and crime-head views read ~40x fewer rows."""

    __tablename__ = "fir_rollup_state_month"

    month: Mapped[date] = mapped_column(primary_key=True, comment="First day of the month")


class NcrbReferenceCount(Base):
    """Published NCRB *Crime in India* district counts, by police district, year and crime head."""

    __tablename__ = "ncrb_reference_count"

    district_id: Mapped[int] = mapped_column(sa.ForeignKey("police_district.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True)
    crime_head_code: Mapped[str] = mapped_column(sa.String(40), primary_key=True, comment="TOTAL for all IPC")
    count: Mapped[int]
    source_file: Mapped[str] = mapped_column(sa.String(200))
