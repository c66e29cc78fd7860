"""The FIRs an exchange record is made of (``exchange.records``), read for many FIRs at once: one set of queries
per batch (the FIRs, their stations, sections, parties with their people, arrests, seizures, reports, disposals,
who filed the reports, whether the case is protected, the station's sharing level), not one per FIR.

What each FIR yields is what the one-FIR readers give (``cases.reading.fir.fir_view``,
``cases.reading.report_filers``); whether a case is protected and what other states see of it come from those rules'
own batch forms (``records.victim_identity.protected_firs``, ``exchange.sharing.levels_outside``);
``tests/exchange/test_record_batches.py`` holds them to it on generated FIRs. The feed reads a message's FIRs
through here (issue 25: about 20 queries per FIR made a state backfill take days).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, selectinload

from cases.reading.fir import FirView, ReportView
from cases.reading.report_filers import Filer
from cases.reading.sections import citations
from exchange.sharing import SharingLevel, levels_outside
from records.models import (
    PARTY_ORDER,
    Arrest,
    AuditEntry,
    CourtDisposal,
    FinalReport,
    FinalReportAccused,
    Fir,
    FirParty,
    FirStatus,
    Person,
    PoliceDistrict,
    PoliceStation,
    Seizure,
    State,
    User,
)
from records.victim_identity import protected_firs

Row = TypeVar("Row", Arrest, Seizure, CourtDisposal)


def among(
    column: sa.ColumnElement[Any], values: Collection[Any], kind: sa.types.TypeEngine[Any]
) -> sa.ColumnElement[bool]:
    """``column = ANY(:values)``: one array parameter, where ``IN`` would send one parameter per value (and
    psycopg parse a statement as long as the batch each time)."""
    return column == sa.any_(sa.bindparam(None, list(values), type_=ARRAY(kind)))


def among_ids(column: sa.ColumnElement[Any], ids: Collection[int]) -> sa.ColumnElement[bool]:
    return among(column, ids, sa.BigInteger())


@dataclasses.dataclass(frozen=True)
class FirReading:
    """Everything of one FIR its exchange record is made from."""

    view: FirView
    state_code: str
    protected: bool  # what records.victim_identity.protects_victim says
    level_outside: SharingLevel  # what exchange.sharing.level_outside says
    filers: dict[int, Filer]  # by final report id, as cases.reading.report_filers gives them


def _by_fir(session: Session, model: type[Row], fir_ids: list[int]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    if fir_ids:
        for row in session.scalars(sa.select(model).where(among_ids(model.fir_id, fir_ids)).order_by(model.id)):
            found[row.fir_id].append(row)
    return found


def _filers(session: Session, reports: Sequence[FinalReport]) -> dict[int, dict[int, Filer]]:
    """``cases.reading.report_filers`` for many FIRs: by FIR id, by report id."""
    found: dict[int, dict[int, Filer]] = defaultdict(dict)
    if not reports:
        return found
    fir_of = {report.id: report.fir_id for report in reports}
    report_id = AuditEntry.detail["final_report_id"].astext
    rows = session.execute(
        sa.select(AuditEntry.entity_id, report_id, User.id, User.full_name)
        .join(User, User.id == AuditEntry.user_id)
        .where(
            AuditEntry.entity_type == "fir",
            among(AuditEntry.entity_id, sorted({str(fir_id) for fir_id in fir_of.values()}), sa.Text()),
            AuditEntry.action == "final_report",
            among(report_id, [str(i) for i in fir_of], sa.Text()),
        )
        .order_by(AuditEntry.id)
    )
    for entity_id, report, user_id, full_name in rows:
        if fir_of.get(int(report)) == int(entity_id):  # a report id named under another FIR is not this one's
            found[int(entity_id)][int(report)] = Filer(user_id, full_name)
    return found


def read_firs(session: Session, fir_ids: Collection[int]) -> dict[int, FirReading]:
    """What each FIR of ``fir_ids`` that exists is read as for its exchange record, by FIR id (missing ids are
    absent). A fixed number of queries whatever the number of FIRs."""
    ids = sorted(set(fir_ids))
    if not ids:
        return {}
    firs = {fir.id: fir for fir in session.scalars(sa.select(Fir).where(among_ids(Fir.id, ids)))}
    if not firs:
        return {}
    ids = sorted(firs)
    station_ids = {fir.station_id for fir in firs.values()}
    transferred_ids = {fir.transferred_to_station_id for fir in firs.values() if fir.transferred_to_station_id}
    places = {
        station.id: (station, district, code)
        for station, district, code in session.execute(
            sa.select(PoliceStation, PoliceDistrict, State.code)
            .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
            .join(State, State.id == PoliceDistrict.state_id)
            .where(among_ids(PoliceStation.id, station_ids | transferred_ids))
        )
    }
    cited = citations(session, ids)
    parties: dict[int, list[FirParty]] = defaultdict(list)
    for party in session.scalars(
        sa.select(FirParty)
        .where(among_ids(FirParty.fir_id, ids))
        .options(selectinload(FirParty.person).options(selectinload(Person.aliases), selectinload(Person.mobiles)))
        .order_by(FirParty.fir_id, *PARTY_ORDER)
    ):
        parties[party.fir_id].append(party)

    # A registered FIR has no later records yet: each of them moves it on (see cases.investigation).
    later = [fir_id for fir_id in ids if firs[fir_id].status is not FirStatus.REGISTERED]
    arrests = _by_fir(session, Arrest, later)
    seizures = _by_fir(session, Seizure, later)
    disposals = _by_fir(session, CourtDisposal, later)
    reports: list[FinalReport] = (
        list(
            session.scalars(sa.select(FinalReport).where(among_ids(FinalReport.fir_id, later)).order_by(FinalReport.id))
        )
        if later
        else []
    )
    accused: dict[int, list[FinalReportAccused]] = defaultdict(list)
    if reports:
        for row in session.scalars(
            sa.select(FinalReportAccused).where(among_ids(FinalReportAccused.final_report_id, [r.id for r in reports]))
        ):
            accused[row.final_report_id].append(row)
    report_views: dict[int, list[ReportView]] = defaultdict(list)
    for report in reports:
        report_views[report.fir_id].append(
            ReportView(
                report,
                charged_person_ids=[x.person_id for x in accused[report.id] if x.charged],
                not_charged_person_ids=[x.person_id for x in accused[report.id] if not x.charged],
            )
        )
    filers = _filers(session, reports)

    protected = protected_firs(session, ids)
    levels = levels_outside(session, ids, protected=protected)

    readings: dict[int, FirReading] = {}
    for fir_id in ids:
        fir = firs[fir_id]
        station, district, state = places[fir.station_id]
        transferred = places.get(fir.transferred_to_station_id) if fir.transferred_to_station_id else None
        view = FirView(
            fir=fir,
            station=station,
            district=district,
            sections=cited.get(fir_id, []),
            parties=parties.get(fir_id, []),
            transferred_to_station=transferred[0].code if transferred else None,
            arrests=arrests.get(fir_id, []),
            seizures=seizures.get(fir_id, []),
            final_reports=report_views.get(fir_id, []),
            court_results=disposals.get(fir_id, []),
        )
        readings[fir_id] = FirReading(view, state, fir_id in protected, levels[fir_id], filers.get(fir_id, {}))
    return readings
