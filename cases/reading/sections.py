"""The sections an FIR cites, with their act, titles and crime head: the one home of the FIR-sections join."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by, dialect
from sqlalchemy.orm import Session

from records.models import Act, CrimeHead, FirSection, Section


@dataclasses.dataclass(frozen=True)
class Citation:
    """One section cited by an FIR (the print view reads its act and title names in both languages)."""

    fir_id: int
    act: str  # the act's code, e.g. BNS
    short_name: str
    act_en: str
    act_hi: str
    number: str
    title_en: str
    title_hi: str | None
    crime_head: str | None  # NCRB crime head code, if the section has one

    @property
    def label(self) -> str:
        """As the API cites it: act code and section number, e.g. ``BNS 303(2)``."""
        return f"{self.act} {self.number}"


CITED_SECTIONS = (
    sa.select(
        FirSection.fir_id,
        Act.code.label("act"),
        Act.short_name,
        Act.name_en.label("act_en"),
        Act.name_hi.label("act_hi"),
        Section.number,
        Section.title_en,
        Section.title_hi,
        CrimeHead.code.label("crime_head"),
    )
    .select_from(FirSection)
    .join(Section, Section.id == FirSection.section_id)
    .join(Act, Act.id == Section.act_id)
    .outerjoin(CrimeHead, CrimeHead.id == Section.crime_head_id)
    .order_by(FirSection.fir_id, FirSection.position)
)


def citations(session: Session, fir_ids: Collection[int]) -> dict[int, list[Citation]]:
    """The sections each FIR cites, in the order the FIR lists them (FIRs citing none are absent)."""
    cited: dict[int, list[Citation]] = {}
    if not fir_ids:
        return cited
    for row in session.execute(CITED_SECTIONS.where(FirSection.fir_id.in_(list(fir_ids)))):
        cited.setdefault(row.fir_id, []).append(Citation(**row._asdict()))
    return cited


def citations_of(session: Session, fir_id: int) -> list[Citation]:
    return citations(session, [fir_id]).get(fir_id, [])


def firs_citing(
    *, act_id: int | None = None, section_number: str | None = None, crime_head_id: int | None = None
) -> sa.Select[tuple[int]]:
    """The ids of FIRs citing a section of this act (with ``section_number``: that section, given normalised as
    ``cases.normalise.normalise_section_number`` gives it) or of this crime head, for ``Fir.id.in_(...)``."""
    query = sa.select(FirSection.fir_id).join(Section, Section.id == FirSection.section_id)
    if act_id is not None:
        query = query.where(Section.act_id == act_id)
    if section_number is not None:
        query = query.where(sa.func.upper(sa.func.regexp_replace(Section.number, r"\s+", "", "g")) == section_number)
    if crime_head_id is not None:
        query = query.where(Section.crime_head_id == crime_head_id)
    return query


def section_list(fir_id: sa.ColumnElement[int]) -> sa.ScalarSelect[str]:
    """The sections an FIR cites as one line with the acts' short names, "BNS 303(2), BNS 318(4)"."""
    label = Act.short_name + sa.literal_column("' '") + Section.number
    return (
        sa.select(sa.func.string_agg(label, aggregate_order_by(sa.literal_column("', '"), FirSection.position)))
        .select_from(FirSection)
        .join(Section, Section.id == FirSection.section_id)
        .join(Act, Act.id == Section.act_id)
        .where(FirSection.fir_id == fir_id)
        .scalar_subquery()
    )


def section_list_sql(fir_id_column: str) -> str:
    """``section_list`` as SQL text, for queries written as text; ``fir_id_column`` is e.g. ``f.id``."""
    return str(section_list(sa.literal_column(fir_id_column)).compile(dialect=dialect()))
