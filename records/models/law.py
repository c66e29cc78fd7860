"""Acts, sections, NCRB crime heads and the IPC-to-BNS correspondence."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models.base import Base, pg_enum


class ActKind(enum.StrEnum):
    GENERAL = "general"  # IPC, BNS: the penal codes
    PROCEDURE = "procedure"  # CrPC, BNSS
    SPECIAL_LOCAL = "special_local"  # special and local laws (SLL)


class Act(Base):
    __tablename__ = "act"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(24), unique=True, comment="IPC, BNS, ARMS, NDPS, ...")
    short_name: Mapped[str] = mapped_column(sa.String(60))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_hi: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int]
    kind: Mapped[ActKind] = mapped_column(pg_enum(ActKind, "act_kind"))
    in_force_from: Mapped[date | None] = mapped_column(comment="First day offences are registered under it")
    in_force_until: Mapped[date | None] = mapped_column(comment="Last day (IPC: 2024-06-30)")

    sections: Mapped[list[Section]] = relationship(back_populates="act")


class CrimeHead(Base):
    """An NCRB crime head ("Murder", "Theft", ...); trends and NCRB tables count by these."""

    __tablename__ = "crime_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True, comment="e.g. MURDER, THEFT")
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_hi: Mapped[str] = mapped_column(sa.String(120))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("crime_head.id"))
    against_women: Mapped[bool] = mapped_column(server_default=sa.false())
    against_sc_st: Mapped[bool] = mapped_column(server_default=sa.false())
    sort_order: Mapped[int] = mapped_column(server_default="0")


class Section(Base):
    __tablename__ = "section"
    __table_args__ = (sa.UniqueConstraint("act_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(sa.ForeignKey("act.id"))
    number: Mapped[str] = mapped_column(sa.String(24), comment="As cited: 302, 304B, 376(2), 64(1)")
    title_en: Mapped[str] = mapped_column(sa.String(300))
    title_hi: Mapped[str | None] = mapped_column(sa.String(300))
    crime_head_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("crime_head.id"), comment="NCRB head an FIR under this section counts under"
    )
    is_cognizable: Mapped[bool | None]

    act: Mapped[Act] = relationship(back_populates="sections")
    crime_head: Mapped[CrimeHead | None] = relationship()


class SectionCorrespondence(Base):
    """IPC section -> BNS section(s) that replaced it on 1 July 2024."""

    __tablename__ = "section_correspondence"

    ipc_section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"), primary_key=True)
    bns_section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"), primary_key=True)
    note: Mapped[str | None] = mapped_column(sa.String(200))
