"""After the FIR: arrests (IIF-III), seizures (IIF-IV), final reports (IIF-V), court results (IIF-VI)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from records.models.base import Base, pg_enum
from records.models.fir import IMPORT_SOURCE_COMMENT, PropertyKind, VehicleFields


class ArrestKind(enum.StrEnum):
    ARREST = "arrest"
    SURRENDER = "surrender"


class Arrest(Base):
    __tablename__ = "arrest"
    __table_args__ = (
        sa.Index(
            "ux_arrest_imported",
            "fir_id",
            "person_id",
            "import_source",
            unique=True,
            postgresql_where=sa.text("import_source IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    kind: Mapped[ArrestKind] = mapped_column(pg_enum(ArrestKind, "arrest_kind"))
    at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(sa.Text)
    officer_name: Mapped[str | None] = mapped_column(sa.String(120))
    court_surrendered_in: Mapped[str | None] = mapped_column(sa.String(160))
    remarks: Mapped[str | None] = mapped_column(sa.Text)
    import_source: Mapped[str | None] = mapped_column(sa.String(60), comment=IMPORT_SOURCE_COMMENT)


class Seizure(VehicleFields, Base):
    __tablename__ = "seizure"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    seized_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(sa.Text)
    kind: Mapped[PropertyKind] = mapped_column(pg_enum(PropertyKind, "property_kind"))
    description: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[str | None] = mapped_column(sa.String(60), comment="e.g. 12 litres, 250 g")
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    seized_from_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    officer_name: Mapped[str | None] = mapped_column(sa.String(120))


class FinalReportKind(enum.StrEnum):
    CHARGE_SHEET = "charge_sheet"
    UNDETECTED = "undetected"  # final report: true but undetected
    FALSE = "false"
    MISTAKE_OF_FACT = "mistake_of_fact"  # mistake of fact or of civil nature


class FinalReport(Base):
    __tablename__ = "final_report"
    __table_args__ = (
        sa.Index(
            "ux_final_report_imported",
            "fir_id",
            "import_source",
            unique=True,
            postgresql_where=sa.text("import_source IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FinalReportKind] = mapped_column(pg_enum(FinalReportKind, "final_report_kind"))
    report_number: Mapped[str | None] = mapped_column(sa.String(40))
    submitted_on: Mapped[date]
    court: Mapped[str | None] = mapped_column(sa.String(160))
    is_supplementary: Mapped[bool] = mapped_column(server_default=sa.false())
    summary: Mapped[str | None] = mapped_column(sa.Text)
    import_source: Mapped[str | None] = mapped_column(sa.String(60), comment=IMPORT_SOURCE_COMMENT)


class FinalReportAccused(Base):
    """Accused sent up for trial in a charge sheet (or not sent up, with the reason)."""

    __tablename__ = "final_report_accused"

    final_report_id: Mapped[int] = mapped_column(sa.ForeignKey("final_report.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), primary_key=True)
    charged: Mapped[bool] = mapped_column(server_default=sa.true())


class CourtResult(enum.StrEnum):
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCHARGED = "discharged"
    COMPOUNDED = "compounded"
    WITHDRAWN = "withdrawn"
    ABATED = "abated"


class CourtDisposal(Base):
    __tablename__ = "court_disposal"
    __table_args__ = (
        sa.Index(
            "ux_court_disposal_imported",
            "fir_id",
            "import_source",
            unique=True,
            postgresql_where=sa.text("import_source IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    court: Mapped[str] = mapped_column(sa.String(160))
    court_case_number: Mapped[str | None] = mapped_column(sa.String(60))
    disposed_on: Mapped[date]
    result: Mapped[CourtResult] = mapped_column(pg_enum(CourtResult, "court_result"))
    sentence: Mapped[str | None] = mapped_column(sa.Text)
    import_source: Mapped[str | None] = mapped_column(sa.String(60), comment=IMPORT_SOURCE_COMMENT)
