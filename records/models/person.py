"""The criminal-records master of people, kept apart from their role in each FIR."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from records.models.base import Base, Timestamps, pg_enum
from records.models.fir import Fir


class Script(enum.StrEnum):
    DEVANAGARI = "devanagari"
    LATIN = "latin"
    MIXED = "mixed"
    OTHER = "other"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"
    TRANSGENDER = "transgender"
    UNKNOWN = "unknown"


class RelationKind(enum.StrEnum):
    """Whose name the record gives beside the person's: s/o, d/o, w/o."""

    FATHER = "father"
    HUSBAND = "husband"
    MOTHER = "mother"
    GUARDIAN = "guardian"


class PartyRole(enum.StrEnum):
    COMPLAINANT = "complainant"
    VICTIM = "victim"
    ACCUSED = "accused"
    SUSPECT = "suspect"
    WITNESS = "witness"


class Person(Timestamps, Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), comment="As written, in its own script")
    name_script: Mapped[Script] = mapped_column(pg_enum(Script, "script"))
    relative_name: Mapped[str | None] = mapped_column(sa.String(200), comment="Father's or husband's name")
    relation_kind: Mapped[RelationKind | None] = mapped_column(pg_enum(RelationKind, "relation_kind"))
    gender: Mapped[Gender] = mapped_column(pg_enum(Gender, "gender"), server_default=Gender.UNKNOWN.value)
    date_of_birth: Mapped[date | None]
    age_years: Mapped[int | None] = mapped_column(sa.SmallInteger, comment="Age as stated when recorded")
    age_recorded_on: Mapped[date | None] = mapped_column(comment="Date age_years was stated")
    identifying_marks: Mapped[str | None] = mapped_column(sa.Text)
    caste_category: Mapped[str | None] = mapped_column(sa.String(8), comment="SC, ST, OBC, GEN (victims)")
    is_wanted: Mapped[bool] = mapped_column(server_default=sa.false())
    is_proclaimed_offender: Mapped[bool] = mapped_column(server_default=sa.false())
    is_synthetic: Mapped[bool] = mapped_column(server_default=sa.false())
    synthetic_identity: Mapped[int | None] = mapped_column(
        sa.BigInteger, comment="Generator's ground truth: records with the same value are one real person"
    )

    aliases: Mapped[list[PersonAlias]] = relationship(back_populates="person", cascade="all, delete-orphan")
    addresses: Mapped[list[PersonAddress]] = relationship(back_populates="person", cascade="all, delete-orphan")
    mobiles: Mapped[list[PersonMobile]] = relationship(back_populates="person", cascade="all, delete-orphan")
    parties: Mapped[list[FirParty]] = relationship(back_populates="person")


class PersonAlias(Base):
    __tablename__ = "person_alias"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(sa.String(200))
    script: Mapped[Script] = mapped_column(pg_enum(Script, "script"))

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonAddress(Base):
    __tablename__ = "person_address"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), server_default="present", comment="present, permanent")
    address: Mapped[str] = mapped_column(sa.Text, comment="House, street, landmark as written")
    village_or_town: Mapped[str | None] = mapped_column(sa.String(120))
    police_station_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_station.id"))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("police_district.id"))
    pincode: Mapped[str | None] = mapped_column(sa.String(6))

    person: Mapped[Person] = relationship(back_populates="addresses")


class PersonMobile(Base):
    __tablename__ = "person_mobile"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "number"),
        sa.CheckConstraint("number ~ '^[6-9][0-9]{9}$'", name="indian_mobile"),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(sa.String(10), index=True, comment="10 digits, no +91 or 0")

    person: Mapped[Person] = relationship(back_populates="mobiles")


class FirParty(Base):
    """A person's role in one FIR and the particulars that FIR gave for them."""

    __tablename__ = "fir_party"
    __table_args__ = (
        sa.UniqueConstraint("fir_id", "person_id", "role"),
        sa.CheckConstraint("(role = 'accused') = (accused_number IS NOT NULL)", name="accused_number_for_accused"),
        sa.Index(
            "uq_fir_party_accused_number",
            "fir_id",
            "accused_number",
            unique=True,
            postgresql_where=sa.text("accused_number IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    fir_id: Mapped[int] = mapped_column(sa.ForeignKey("fir.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(pg_enum(PartyRole, "party_role"))
    accused_number: Mapped[int | None] = mapped_column(sa.SmallInteger, comment="1 for A1, 2 for A2, ...")
    name_as_given: Mapped[str] = mapped_column(sa.String(200))
    relative_name_as_given: Mapped[str | None] = mapped_column(sa.String(200))
    age_as_given: Mapped[int | None] = mapped_column(sa.SmallInteger)
    address_as_given: Mapped[str | None] = mapped_column(sa.Text)
    mobile_as_given: Mapped[str | None] = mapped_column(sa.String(20))
    added_at: Mapped[datetime] = mapped_column(server_default=sa.func.now())

    fir: Mapped[Fir] = relationship()
    person: Mapped[Person] = relationship(back_populates="parties")


# The order an FIR lists its parties in: complainant first, then victims, accused in A1, A2 order, suspects, others.
PARTY_ORDER = (
    sa.case(
        {PartyRole.COMPLAINANT: 0, PartyRole.VICTIM: 1, PartyRole.ACCUSED: 2, PartyRole.SUSPECT: 3},
        value=FirParty.role,
        else_=4,
    ),
    FirParty.accused_number,
    FirParty.id,
)
# Read-only, in that order: a registration hands its new parties to the answer through it (cases.registration_rows).
Fir.parties = relationship(FirParty, viewonly=True, order_by=PARTY_ORDER)
