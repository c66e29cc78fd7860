"""State, police districts and police stations."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models.base import Base, pg_enum


class DistrictKind(enum.StrEnum):
    TERRITORIAL = "territorial"
    RAILWAY = "railway"
    SPECIAL_UNIT = "special_unit"


class State(Base):
    __tablename__ = "state"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True, comment="Census 2011 state code, e.g. 10")
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_hi: Mapped[str] = mapped_column(sa.String(100))

    districts: Mapped[list[PoliceDistrict]] = relationship(back_populates="state")


class PoliceDistrict(Base):
    __tablename__ = "police_district"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(sa.ForeignKey("state.id"))
    code: Mapped[str] = mapped_column(sa.String(16), unique=True, comment="e.g. VAISHALI, PATNA_RLY")
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_hi: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[DistrictKind] = mapped_column(pg_enum(DistrictKind, "district_kind"))
    census_code: Mapped[str | None] = mapped_column(
        sa.String(8), comment="Census 2011 district code of the revenue district whose territory it polices"
    )
    population_2011: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="Census 2011 population policed, for rates per lakh"
    )

    state: Mapped[State] = relationship(back_populates="districts")
    stations: Mapped[list[PoliceStation]] = relationship(back_populates="district")
    aliases: Mapped[list[DistrictNameAlias]] = relationship(back_populates="district")


class DistrictNameAlias(Base):
    """The crosswalk: how each source (NCRB tables, boundary files, LGD) names a police district."""

    __tablename__ = "district_name_alias"
    __table_args__ = (sa.UniqueConstraint("source", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("police_district.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(sa.String(32), comment="ncrb, geojson, lgd, common")
    name: Mapped[str] = mapped_column(sa.String(100), comment="Upper-cased as the source writes it")

    district: Mapped[PoliceDistrict] = relationship(back_populates="aliases")


class PoliceStation(Base):
    __tablename__ = "police_station"
    __table_args__ = (sa.UniqueConstraint("district_id", "name_en"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("police_district.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(24), unique=True, comment="e.g. VAISHALI-HAJIPUR-SADAR")
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_hi: Mapped[str] = mapped_column(sa.String(120))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    is_active: Mapped[bool] = mapped_column(server_default=sa.true())
    is_synthetic: Mapped[bool] = mapped_column(
        server_default=sa.false(), comment="Created by the sample-data generator"
    )

    district: Mapped[PoliceDistrict] = relationship(back_populates="stations")
