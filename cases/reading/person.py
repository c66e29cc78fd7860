"""A person's cases: every FIR naming any of their records, and the arrests, charges and court results.

It reads case records (FIRs, parties, arrests, final reports, court disposals), so it is a read of ``cases``
(``people`` sits below and knows nothing of FIRs). One read serves both a person's whole record
(``GET /persons/{id}``, one record) and the dossier (the records linked to them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.reading.sections import citations
from records.models import (
    Arrest,
    CourtDisposal,
    FinalReport,
    FinalReportAccused,
    Fir,
    FirParty,
    PoliceDistrict,
    PoliceStation,
)


@dataclasses.dataclass(frozen=True)
class NamedIn:
    """One record named in one FIR (a person named twice in an FIR, e.g. as victim and witness, is two)."""

    party: FirParty
    fir: Fir
    station: PoliceStation
    district: PoliceDistrict
    sections: list[str]  # as cited: "BNS 303(2)"

    @property
    def number(self) -> str:
        return f"{self.fir.serial}/{self.fir.year}"


@dataclasses.dataclass(frozen=True)
class PersonCases:
    named_in: list[NamedIn]  # newest FIR first
    arrests: list[Arrest]  # by time
    final_reports: list[tuple[FinalReport, bool]]  # by day submitted, each with "charged" for the person
    court_results: list[CourtDisposal]  # by day disposed


def named_in(session: Session, person_ids: Collection[int], *, sections: bool = True) -> list[NamedIn]:
    """Where these records are named: newest FIR first, a FIR's parties in the order they were added.
    Without ``sections`` the cited sections are not read (left empty)."""
    rows = session.execute(
        sa.select(FirParty, Fir, PoliceStation, PoliceDistrict)
        .join(Fir, Fir.id == FirParty.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(FirParty.person_id.in_(list(person_ids)))
        .order_by(Fir.registered_at.desc(), Fir.id.desc(), FirParty.id)
    ).all()
    cited = citations(session, {fir.id for _, fir, _, _ in rows}) if sections else {}
    return [
        NamedIn(party, fir, station, district, [c.label for c in cited.get(fir.id, [])])
        for party, fir, station, district in rows
    ]


def person_cases(session: Session, person_ids: Collection[int]) -> PersonCases:
    """Everything the case records hold about these person records (one person's, or their linked ones)."""
    ids = list(person_ids)
    return PersonCases(
        named_in=named_in(session, ids),
        arrests=list(session.scalars(sa.select(Arrest).where(Arrest.person_id.in_(ids)).order_by(Arrest.at))),
        final_reports=[
            (report, charged)
            for report, charged in session.execute(
                sa.select(FinalReport, FinalReportAccused.charged)
                .join(FinalReportAccused, FinalReportAccused.final_report_id == FinalReport.id)
                .where(FinalReportAccused.person_id.in_(ids))
                .order_by(FinalReport.submitted_on)
            )
        ],
        court_results=list(
            session.scalars(
                sa.select(CourtDisposal).where(CourtDisposal.person_id.in_(ids)).order_by(CourtDisposal.disposed_on)
            )
        ),
    )
