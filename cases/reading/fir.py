"""One FIR read back whole: its place, sections, parties and the records of what happened to it since."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.loading import fir_parties
from cases.reading.sections import Citation, citations_of
from records.models import (
    Arrest,
    CourtDisposal,
    FinalReport,
    FinalReportAccused,
    Fir,
    FirParty,
    FirStatus,
    PoliceDistrict,
    PoliceStation,
    Seizure,
)

Row = TypeVar("Row", Arrest, Seizure, FinalReport, CourtDisposal)


@dataclasses.dataclass(frozen=True)
class ReportView:
    """A charge sheet or final report with whom it charges and whom it does not."""

    report: FinalReport
    charged_person_ids: list[int]
    not_charged_person_ids: list[int]


@dataclasses.dataclass(frozen=True)
class FirView:
    """The FIR's rows as stored (not re-validated); parties complainant first, accused in A1, A2 order."""

    fir: Fir
    station: PoliceStation
    district: PoliceDistrict
    sections: list[Citation]
    parties: list[FirParty]  # each with its person and their aliases loaded
    transferred_to_station: str | None  # the code of the station a zero FIR went to
    arrests: list[Arrest]
    seizures: list[Seizure]
    final_reports: list[ReportView]
    court_results: list[CourtDisposal]

    @property
    def crime_heads(self) -> list[str]:
        return sorted({c.crime_head for c in self.sections if c.crime_head})

    @property
    def person_ids(self) -> list[int]:
        return sorted({party.person_id for party in self.parties})


def fir_view(session: Session, fir: Fir) -> FirView:
    """The whole FIR (``fir`` as ``cases.loading.load_fir`` gives it)."""
    station, district = session.execute(
        sa.select(PoliceStation, PoliceDistrict)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .where(PoliceStation.id == fir.station_id)
    ).one()
    transferred_to = (
        session.get(PoliceStation, fir.transferred_to_station_id) if fir.transferred_to_station_id else None
    )
    # A registered FIR has no later records yet: each of them moves it on (see cases.investigation).
    later = fir.status is not FirStatus.REGISTERED
    reports = list(_rows_of(session, FinalReport, fir.id)) if later else []
    accused: dict[int, list[FinalReportAccused]] = {}
    if reports:
        for row in session.scalars(
            sa.select(FinalReportAccused).where(FinalReportAccused.final_report_id.in_([r.id for r in reports]))
        ):
            accused.setdefault(row.final_report_id, []).append(row)
    return FirView(
        fir=fir,
        station=station,
        district=district,
        sections=citations_of(session, fir.id),
        # A registration leaves its new parties loaded on the FIR (cases.registration_rows): no need to read them.
        parties=fir.parties if "parties" in sa.inspect(fir).dict else fir_parties(session, fir.id),
        transferred_to_station=transferred_to.code if transferred_to else None,
        arrests=_rows_of(session, Arrest, fir.id) if later else [],
        seizures=_rows_of(session, Seizure, fir.id) if later else [],
        final_reports=[
            ReportView(
                report,
                charged_person_ids=[x.person_id for x in accused.get(report.id, []) if x.charged],
                not_charged_person_ids=[x.person_id for x in accused.get(report.id, []) if not x.charged],
            )
            for report in reports
        ],
        court_results=_rows_of(session, CourtDisposal, fir.id) if later else [],
    )


def _rows_of(session: Session, model: type[Row], fir_id: int) -> list[Row]:
    return list(session.scalars(sa.select(model).where(model.fir_id == fir_id).order_by(model.id)))
