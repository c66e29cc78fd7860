"""The station home's read view (cases.reading.station_home) and the sections picker's search
(cases.reading.section_choices), on real PostgreSQL: what a station officer sees, and nothing of another station."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import record_arrest, register_fir
from cases.input import ArrestInput, FirInput
from cases.reading.section_choices import section_choices
from cases.reading.station_home import HomeAlert, station_home
from records.access import Jurisdiction
from records.audit import Actor
from records.models import (
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    CourtDisposal,
    Fir,
    FirParty,
    Notification,
    PartyRole,
    PoliceStation,
    Role,
)

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)  # a Wednesday (17:30 IST); the week began on Monday 9 March
SADAR, TOWN = "VAISHALI-HAJIPUR-SADAR", "VAISHALI-HAJIPUR-TOWN"


def _station(session: Session, code: str) -> int:
    return session.scalars(sa.select(PoliceStation.id).where(PoliceStation.code == code)).one()


def _register(session: Session, station: str, at: datetime, io: str | None = None, **extra: Any) -> Fir:
    data = FirInput.model_validate(
        {
            "info_received_at": (at - timedelta(hours=1)).isoformat(),
            "occurrence_from": (at - timedelta(hours=5)).isoformat(),
            "sections": [{"act": "BNS", "section": "303(2)"}],
            "complainant": {"name": "सुनीता देवी"},
            "accused": [{"name": "Ram Kumar"}],
            "brief_facts": "चोरी",
            "io_name": io,
            "io_rank": "SI" if io else None,
            **extra,
        }
    )
    return register_fir(
        session, data, station_id=_station(session, station), actor=Actor(), access=Jurisdiction(Role.HQ), now=at
    )


def _accused(session: Session, fir: Fir) -> int:
    return session.scalars(
        sa.select(FirParty.person_id).where(FirParty.fir_id == fir.id, FirParty.role == PartyRole.ACCUSED)
    ).one()


def _sadar_officer(session: Session) -> Jurisdiction:
    return Jurisdiction(Role.STATION_OFFICER, _station(session, SADAR))


def test_todays_and_this_weeks_firs_of_the_own_station_only(db_session: Session) -> None:
    today = _register(db_session, SADAR, NOW - timedelta(hours=2), io="Ajay Singh")
    monday = _register(db_session, SADAR, datetime(2026, 3, 9, 3, 0, tzinfo=UTC))  # 08:30 IST Monday
    sunday = _register(db_session, SADAR, datetime(2026, 3, 8, 17, 0, tzinfo=UTC))  # 22:30 IST Sunday: last week
    elsewhere = _register(db_session, TOWN, NOW - timedelta(hours=1))  # another station's
    mine = {today.id, monday.id, sunday.id, elsewhere.id}  # other tests may have committed FIRs on these days
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert home.week_start.isoformat() == "2026-03-09"
    assert [fir.fir_id for fir in home.firs_today if fir.fir_id in mine] == [today.id]
    assert [fir.fir_id for fir in home.firs_earlier_this_week if fir.fir_id in mine] == [monday.id]
    (shown,) = [fir for fir in home.firs_today if fir.fir_id == today.id]
    assert shown.sections == ["BNS 303(2)"]
    assert shown.io == "SI Ajay Singh"
    town = Jurisdiction(Role.STATION_OFFICER, _station(db_session, TOWN))
    assert [f.fir_id for f in station_home(db_session, town, user_id=None, now=NOW).firs_today if f.fir_id in mine] == [
        elsewhere.id
    ]


def test_cases_pending_long_are_grouped_by_officer_and_band(db_session: Session) -> None:
    def ago(days: int, io: str | None) -> Fir:
        return _register(db_session, SADAR, NOW - timedelta(days=days), io=io)

    over_60 = ago(70, "Ajay Singh")
    over_90 = ago(100, "Ajay Singh")
    over_year = ago(400, "Ajay Singh")
    ago(30, "Ajay Singh")  # pending, but not long
    unassigned = ago(80, None)
    closed = ago(200, "Ajay Singh")
    closed.status = closed.status.CHARGE_SHEETED  # a charge sheet ends "pending"
    db_session.flush()
    _register(db_session, TOWN, NOW - timedelta(days=120), io="Ajay Singh")  # another station's
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert [officer.io for officer in home.pending] == ["SI Ajay Singh", None]
    ajay = home.pending[0]
    assert [case.fir_id for case in ajay.bands["over_60_days"]] == [over_60.id]
    assert [case.fir_id for case in ajay.bands["over_90_days"]] == [over_90.id]
    assert [case.fir_id for case in ajay.bands["over_year"]] == [over_year.id]
    assert ajay.bands["over_year"][0].days_pending == 400
    assert [case.fir_id for case in home.pending[1].bands["over_60_days"]] == [unassigned.id]
    assert (home.pending_count("over_60_days"), home.pending_count("over_90_days")) == (2, 1)


def test_arrests_due_in_court_within_24_hours_until_a_court_names_the_person(db_session: Session) -> None:
    fir = _register(db_session, SADAR, NOW - timedelta(days=4), accused=[{"name": "Ram Kumar"}, {"name": "Shyam"}])
    ram, shyam = db_session.scalars(
        sa.select(FirParty.person_id).where(FirParty.fir_id == fir.id, FirParty.role == PartyRole.ACCUSED)
        .order_by(FirParty.accused_number)
    ).all()  # fmt: skip

    def arrest(person: int, hours_ago: float, kind: str = "arrest") -> int:
        data = ArrestInput(person_id=person, kind=kind, at=NOW - timedelta(hours=hours_ago))
        return record_arrest(db_session, fir, data, actor=Actor(), now=NOW).id

    fresh = arrest(ram, 3)
    late = arrest(shyam, 30)
    arrest(ram, 60)  # its deadline passed more than a day ago: no longer listed
    arrest(shyam, 2, "surrender")  # a surrender is made before a court
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert [due.arrest_id for due in home.arrests_due] == [late, fresh]  # soonest deadline first
    assert [due.overdue(NOW) for due in home.arrests_due] == [True, False]
    assert home.arrests_due[1].deadline == NOW + timedelta(hours=21)
    assert home.arrests_due[1].person_name == "Ram Kumar"

    # A court result names Shyam in this FIR after his arrest: he was before the court (stored directly here).
    db_session.add(
        CourtDisposal(fir_id=fir.id, person_id=shyam, court="CJM Vaishali", disposed_on=NOW.date(), result="convicted")
    )
    db_session.flush()
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert [due.arrest_id for due in home.arrests_due] == [fresh], "a court result names Shyam: he was produced"
    town = Jurisdiction(Role.STATION_OFFICER, _station(db_session, TOWN))
    assert station_home(db_session, town, user_id=None, now=NOW).arrests_due == []


def _complaint(session: Session, station: str, status: ComplaintStatus, number: str) -> Complaint:
    station_id = _station(session, station)
    complaint = Complaint(
        tracking_number=number, station_id=station_id, filed_station_id=station_id, status=status,
        category=ComplaintCategory.THEFT, complainant_name="Mina", mobile="9876543210", address="Hajipur",
        language="hi", place="Hajipur", description="My bicycle was stolen from the market.",
        confirmed_at=NOW - timedelta(days=3),
    )  # fmt: skip
    session.add(complaint)
    session.flush()
    return complaint


def test_complaints_waiting_for_the_station(db_session: Session) -> None:
    waiting = _complaint(db_session, SADAR, ComplaintStatus.RECEIVED, "C-TEST-1")
    assigned = _complaint(db_session, SADAR, ComplaintStatus.ENQUIRY_ASSIGNED, "C-TEST-2")
    _complaint(db_session, SADAR, ComplaintStatus.CLOSED, "C-TEST-3")
    _complaint(db_session, SADAR, ComplaintStatus.AWAITING_CONFIRMATION, "C-TEST-4")
    _complaint(db_session, TOWN, ComplaintStatus.RECEIVED, "C-TEST-5")
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert {c.complaint_id for c in home.complaints} == {waiting.id, assigned.id}
    assert {c.days_waiting for c in home.complaints} == {3}


def test_alerts_of_the_station_and_the_officer_link_only_readable_firs(db_session: Session) -> None:
    here = _register(db_session, SADAR, NOW - timedelta(hours=5))
    there = _register(db_session, TOWN, NOW - timedelta(hours=5))
    sadar, town = _station(db_session, SADAR), _station(db_session, TOWN)
    person = _accused(db_session, here)

    def alert(key: str, **where: Any) -> Notification:
        row = Notification(key=key, kind="known_offender", person_id=person, message=key, **where)
        db_session.add(row)
        db_session.flush()
        return row

    own = alert("named here", station_id=sadar, fir_id=here.id)
    elsewhere = alert("named at Town", station_id=sadar, fir_id=there.id)
    alert("Town's own", station_id=town, fir_id=there.id)
    old = alert("read long ago", station_id=sadar, fir_id=here.id)
    old.read_at = old.created_at = NOW - timedelta(days=40)
    db_session.flush()
    home = station_home(db_session, _sadar_officer(db_session), user_id=None, now=NOW)
    assert [(a.alert_id, a.fir_id) for a in home.alerts] == [(elsewhere.id, None), (own.id, here.id)]
    assert (
        HomeAlert(1, "watch_list", "Watch list: Ram (named as accused)", None, NOW, True).text
        == "Ram (named as accused)"
    )


def test_the_sections_picker_finds_by_act_and_number_number_or_title_with_the_bns_successor(
    db_session: Session,
) -> None:
    theft = section_choices(db_session, "ipc 379")
    assert theft[0].label == "IPC 379"
    assert "BNS 303(2)" in theft[0].corresponds_to
    assert section_choices(db_session, "BNS 303")[0].corresponds_to[:1] == ["IPC 379"]
    by_number = [choice.label for choice in section_choices(db_session, "304B")]
    assert by_number[0] == "IPC 304B"
    by_title = section_choices(db_session, "चोरी", limit=50)
    assert {"IPC 379", "BNS 303(2)"} <= {choice.label for choice in by_title}
    assert all("चोरी" in (choice.title_hi or "") for choice in by_title)
    after_the_change = section_choices(db_session, "theft", offence_day=NOW.date(), limit=50)
    assert after_the_change[0].in_force is True and after_the_change[-1].in_force is False
    assert after_the_change[0].label == "BNS 303(2)", "the section titled as typed comes first"
    assert section_choices(db_session, "चोरी", offence_day=NOW.date())[0].label == "BNS 303(2)"
    assert section_choices(db_session, "   ") == []
    assert section_choices(db_session, "no such words at all") == []
