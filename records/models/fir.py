"""The FIR (IIF-I) with its sections, property, status history and number counter."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models.base import Base, Timestamps, pg_enum
from records.models.jurisdiction import PoliceStation
from records.models.law import Section


class InformationType(enum.StrEnum):
    ORAL = "oral"
    WRITTEN = "written"
    E_FIR = "e_fir"
    ZERO_FIR = "zero_fir"


class FirStatus(enum.StrEnum):
    REGISTERED = "registered"
    UNDER_INVESTIGATION = "under_investigation"
    CHARGE_SHEETED = "charge_sheeted"
    FINAL_REPORT_UNDETECTED = "final_report_undetected"  # true but undetected
    FINAL_REPORT_FALSE = "final_report_false"
    FINAL_REPORT_MISTAKE_OF_FACT = "final_report_mistake_of_fact"  # mistake of fact / civil nature
    SENT_TO_COURT = "sent_to_court"
    DISPOSED = "disposed"
    TRANSFERRED = "transferred"  # a zero FIR handed to the station with jurisdiction


class Direction(enum.StrEnum):
    N = "N"
    NE = "NE"
    E = "E"
    SE = "SE"
    S = "S"
    SW = "SW"
    W = "W"
    NW = "NW"


class Fir(Timestamps, Base):
    __tablename__ = "fir"
    __table_args__ = (
        sa.UniqueConstraint("station_id", "year", "serial"),
        sa.CheckConstraint("serial > 0", name="serial_positive"),
        sa.CheckConstraint(
            "occurrence_to IS NULL OR occurrence_from IS NULL OR occurrence_to >= occurrence_from",
            name="occurrence_order",
        ),
        sa.Index("ix_fir_registered_at", "registered_at"),
        sa.Index("ix_fir_status", "status"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"))
    year: Mapped[int] = mapped_column(sa.SmallInteger, comment="Year of registration; numbering restarts")
    serial: Mapped[int] = mapped_column(comment="FIR number within station and year, no gaps")
    registered_at: Mapped[datetime]
    occurrence_from: Mapped[datetime | None]
    occurrence_to: Mapped[datetime | None]
    info_received_at: Mapped[datetime | None] = mapped_column(comment="Information reached the station")
    gd_entry_number: Mapped[str | None] = mapped_column(sa.String(40), comment="General diary entry no.")
    gd_entry_at: Mapped[datetime | None]
    information_type: Mapped[InformationType] = mapped_column(pg_enum(InformationType, "information_type"))
    place_address: Mapped[str | None] = mapped_column(sa.Text)
    place_distance_km: Mapped[Decimal | None] = mapped_column(sa.Numeric(7, 2))
    place_direction: Mapped[Direction | None] = mapped_column(pg_enum(Direction, "direction"))
    beat: Mapped[str | None] = mapped_column(sa.String(60))
    place_latitude: Mapped[float | None] = mapped_column(sa.Float)
    place_longitude: Mapped[float | None] = mapped_column(sa.Float)
    brief_facts: Mapped[str] = mapped_column(sa.Text, server_default="")
    property_value_total: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    delay_reason: Mapped[str | None] = mapped_column(sa.Text)
    io_name: Mapped[str | None] = mapped_column(sa.String(120), comment="Investigating officer")
    io_rank: Mapped[str | None] = mapped_column(sa.String(40))
    io_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    status: Mapped[FirStatus] = mapped_column(pg_enum(FirStatus, "fir_status"))
    transferred_to_station_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_station.id"))
    transferred_to_fir_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fir.id"))
    transferred_at: Mapped[datetime | None]
    zero_fir_origin_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("fir.id"), comment="The zero FIR this one was registered from"
    )
    version: Mapped[int] = mapped_column(server_default="1", comment="Optimistic concurrency")
    is_synthetic: Mapped[bool] = mapped_column(server_default=sa.false())

    station: Mapped[PoliceStation] = relationship(foreign_keys=[station_id])
    sections: Mapped[list[FirSection]] = relationship(
        back_populates="fir", cascade="all, delete-orphan", order_by="FirSection.position"
    )
    properties: Mapped[list[FirProperty]] = relationship(back_populates="fir", cascade="all, delete-orphan")
    status_history: Mapped[list[FirStatusChange]] = relationship(
        back_populates="fir", cascade="all, delete-orphan", order_by="FirStatusChange.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def number(self) -> str:
        """The FIR number as cited: serial/year."""
        return f"{self.serial}/{self.year}"


class FirSection(Base):
    __tablename__ = "fir_section"

    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger, server_default="0")

    fir: Mapped[Fir] = relationship(back_populates="sections")
    section: Mapped[Section] = relationship()


class PropertyKind(enum.StrEnum):
    CASH = "cash"
    JEWELLERY = "jewellery"
    VEHICLE = "vehicle"
    MOBILE_PHONE = "mobile_phone"
    LIVESTOCK = "livestock"
    DOCUMENTS = "documents"
    LIQUOR = "liquor"
    NARCOTICS = "narcotics"
    ARMS = "arms"
    OTHER = "other"


class VehicleFields:
    """Registration, chassis and engine numbers, as on IIF-I property and IIF-IV seizure."""

    vehicle_registration: Mapped[str | None] = mapped_column(
        sa.String(16), index=True, comment="Normalised, no spaces: BR01AB1234"
    )
    vehicle_chassis: Mapped[str | None] = mapped_column(sa.String(32))
    vehicle_engine: Mapped[str | None] = mapped_column(sa.String(32))
    vehicle_make_model: Mapped[str | None] = mapped_column(sa.String(80))


IMPORT_SOURCE_COMMENT = "Import source that wrote this row (NULL: recorded here)"


class FirProperty(VehicleFields, Base):
    """Property involved (stolen, lost, damaged) as listed in the FIR."""

    __tablename__ = "fir_property"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PropertyKind] = mapped_column(pg_enum(PropertyKind, "property_kind"))
    description: Mapped[str] = mapped_column(sa.Text)
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    mobile_imei: Mapped[str | None] = mapped_column(sa.String(20))
    # An FIR's imported property rows have no key of their own: a re-run replaces them as a set (ingest.legacy).
    import_source: Mapped[str | None] = mapped_column(sa.String(60), comment=IMPORT_SOURCE_COMMENT)
    import_job_id: Mapped[int | None] = mapped_column(sa.BigInteger, comment="Import job that last wrote this row")

    fir: Mapped[Fir] = relationship(back_populates="properties")


class FirStatusChange(Base):
    __tablename__ = "fir_status_change"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[FirStatus | None] = mapped_column(pg_enum(FirStatus, "fir_status"))
    to_status: Mapped[FirStatus] = mapped_column(pg_enum(FirStatus, "fir_status"))
    changed_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())
    changed_by_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("app_user.id"))
    note: Mapped[str | None] = mapped_column(sa.Text)

    fir: Mapped[Fir] = relationship(back_populates="status_history")


class FirNumberCounter(Base):
    """Last FIR serial issued per station and year; its row lock serialises numbering."""

    __tablename__ = "fir_number_counter"

    station_id: Mapped[int] = mapped_column(sa.ForeignKey("police_station.id"), primary_key=True)
    year: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True)
    last_serial: Mapped[int]
