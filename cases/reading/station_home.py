"""What a police station's officers see first (the station home, issue 22): the FIRs of today and this week, the
cases pending long by investigating officer, the complaints waiting for the station, the arrested persons due
before a court, and the station's alerts. Every part is narrowed by the caller's jurisdiction
(``records.access``: ``Jurisdiction.stations`` on the record's station), so an officer sees only their station.

**Arrests due in court.** An arrested person must be produced before a magistrate within 24 hours of arrest
(Article 22(2) of the Constitution; BNSS s. 58, CrPC s. 57 before 1 July 2024). The records hold no "produced
before the court" event, so an arrest (not a surrender, which is made before a court) counts as due until a court
result names that person in that FIR, and is listed from the arrest until a day after its deadline (when it
should have been produced, or the case diary says why not): those under 24 hours old show the time left, the
others are marked overdue.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import IST
from cases.reading.sections import citations
from records.access import Jurisdiction
from records.models import (
    Arrest,
    ArrestKind,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    CourtDisposal,
    Fir,
    FirParty,
    FirStatus,
    Notification,
    PoliceStation,
    User,
)

PENDING_STATUSES = (FirStatus.REGISTERED, FirStatus.UNDER_INVESTIGATION)  # no final report or charge sheet yet
# Disjoint bands of how long a case has been pending, longest first: (more than this many days, band name).
PENDING_BANDS = ((365, "over_year"), (90, "over_90_days"), (60, "over_60_days"))
WAITING_COMPLAINTS = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.TRANSFERRED,
    ComplaintStatus.ACKNOWLEDGED,
    ComplaintStatus.ENQUIRY_ASSIGNED,
)
PRODUCE_WITHIN = timedelta(hours=24)  # Article 22(2); BNSS s. 58
SHOWN_AFTER_DEADLINE = timedelta(hours=24)
MAX_LISTED = 200  # of each list; the counts are exact
ALERT_DAYS = 30  # read alerts older than this leave the home (unread ones stay)


@dataclasses.dataclass(frozen=True)
class HomeFir:
    fir_id: int
    number: str
    station_code: str
    registered_at: datetime
    status: FirStatus
    sections: list[str]  # cited as "BNS 303(2)"
    io: str | None


@dataclasses.dataclass(frozen=True)
class PendingCase:
    fir_id: int
    number: str
    station_code: str
    registered_at: datetime
    days_pending: int
    status: FirStatus


@dataclasses.dataclass(frozen=True)
class OfficerPending:
    """One investigating officer's long-pending cases in each band (``io`` None: no officer assigned yet)."""

    io: str | None
    bands: dict[str, list[PendingCase]]  # band name (PENDING_BANDS) -> cases, longest pending first

    @property
    def total(self) -> int:
        return sum(len(cases) for cases in self.bands.values())


@dataclasses.dataclass(frozen=True)
class WaitingComplaint:
    complaint_id: int
    tracking_number: str
    category: ComplaintCategory
    status: ComplaintStatus
    received_at: datetime
    days_waiting: int
    enquiry_officer: str | None


@dataclasses.dataclass(frozen=True)
class ArrestDue:
    arrest_id: int
    fir_id: int
    number: str
    person_name: str
    arrested_at: datetime
    deadline: datetime

    def overdue(self, now: datetime) -> bool:
        return now > self.deadline


@dataclasses.dataclass(frozen=True)
class HomeAlert:
    alert_id: int
    kind: str  # known_offender, watch_list or prison_event
    message: str
    fir_id: int | None  # only when the caller may read that FIR
    created_at: datetime
    unread: bool
    message_hi: str | None = None  # an alert worded in Hindi too (a prison's event, issue 25)

    @property
    def text(self) -> str:
        """The message without its leading kind ("Known offender: ..."), which a page shows as a label."""
        for lead in ("Known offender: ", "Watch list: ", "Prison: "):
            if self.message.startswith(lead):
                return self.message[len(lead) :]
        return self.message

    @property
    def text_hi(self) -> str | None:
        """The Hindi message, when the alert has one, without its leading kind."""
        return self.message_hi.removeprefix("जेल: ") if self.message_hi else None


@dataclasses.dataclass(frozen=True)
class StationHome:
    now: datetime
    today: date
    week_start: date
    firs_today: list[HomeFir]
    firs_earlier_this_week: list[HomeFir]
    pending: list[OfficerPending]  # officers with most long-pending cases first; "not assigned" last
    complaints: list[WaitingComplaint]
    arrests_due: list[ArrestDue]
    alerts: list[HomeAlert]

    def pending_count(self, band: str) -> int:
        return sum(len(officer.bands[band]) for officer in self.pending)


def _io(rank: str | None, name: str | None, user_name: str | None) -> str | None:
    name = name or user_name
    if not name:
        return None
    return f"{rank} {name}" if rank else name


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), IST)


def recent_firs(session: Session, access: Jurisdiction, since: datetime) -> list[HomeFir]:
    """FIRs registered since ``since`` in the caller's jurisdiction, newest first."""
    rows = session.execute(
        sa.select(Fir, PoliceStation.code, User.full_name)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .outerjoin(User, User.id == Fir.io_user_id)
        .where(access.stations(Fir.station_id), Fir.registered_at >= since)
        .order_by(Fir.registered_at.desc(), Fir.id.desc())
        .limit(MAX_LISTED)
    ).all()
    cited = citations(session, [fir.id for fir, _, _ in rows])
    return [
        HomeFir(
            fir.id,
            fir.number,
            code,
            fir.registered_at,
            fir.status,
            [c.label for c in cited.get(fir.id, [])],
            _io(fir.io_rank, fir.io_name, user_name),
        )
        for fir, code, user_name in rows
    ]


def pending_by_officer(session: Session, access: Jurisdiction, now: datetime) -> list[OfficerPending]:
    """Cases without a final report for more than 60 days, by investigating officer and band."""
    shortest = PENDING_BANDS[-1][0]
    rows = session.execute(
        sa.select(Fir, PoliceStation.code, User.full_name)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .outerjoin(User, User.id == Fir.io_user_id)
        .where(
            access.stations(Fir.station_id),
            Fir.status.in_(PENDING_STATUSES),
            Fir.registered_at < now - timedelta(days=shortest),
        )
        .order_by(Fir.registered_at, Fir.id)
    ).all()
    officers: dict[str | None, dict[str, list[PendingCase]]] = {}
    for fir, code, user_name in rows:
        io = _io(fir.io_rank, fir.io_name, user_name)
        days = (now - fir.registered_at).days
        band = next(name for limit, name in PENDING_BANDS if days > limit or limit == shortest)
        bands = officers.setdefault(io, {name: [] for _, name in PENDING_BANDS})
        if len(bands[band]) < MAX_LISTED:
            bands[band].append(PendingCase(fir.id, fir.number, code, fir.registered_at, days, fir.status))
    listed = [OfficerPending(io, bands) for io, bands in officers.items()]
    return sorted(listed, key=lambda officer: (officer.io is None, -officer.total, officer.io or ""))


def waiting_complaints(session: Session, access: Jurisdiction, now: datetime) -> list[WaitingComplaint]:
    """Complaints with the caller's station that wait for its action (not converted, closed or unconfirmed)."""
    received = sa.func.coalesce(Complaint.confirmed_at, Complaint.created_at)
    rows = session.execute(
        sa.select(Complaint, received.label("received_at"))
        .where(access.stations(Complaint.station_id), Complaint.status.in_(WAITING_COMPLAINTS))
        .order_by(received, Complaint.id)
        .limit(MAX_LISTED)
    ).all()
    return [
        WaitingComplaint(
            complaint.id,
            complaint.tracking_number,
            complaint.category,
            complaint.status,
            received_at,
            max((now - received_at).days, 0),
            _io(complaint.enquiry_officer_rank, complaint.enquiry_officer_name, None),
        )
        for complaint, received_at in rows
    ]


def arrests_due_in_court(session: Session, access: Jurisdiction, now: datetime) -> list[ArrestDue]:
    """Arrests (not surrenders) whose 24-hour deadline is ahead or passed less than a day ago, with no court
    result for the person in that FIR since; soonest deadline first."""
    produced = sa.exists(
        sa.select(1).where(
            CourtDisposal.fir_id == Arrest.fir_id,
            CourtDisposal.person_id == Arrest.person_id,
            CourtDisposal.disposed_on >= sa.cast(Arrest.at, sa.Date),
        )
    )
    name = (
        sa.select(FirParty.name_as_given)
        .where(FirParty.fir_id == Arrest.fir_id, FirParty.person_id == Arrest.person_id)
        .order_by(FirParty.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        sa.select(Arrest.id, Arrest.fir_id, Arrest.at, Fir.serial, Fir.year, name.label("name"))
        .join(Fir, Fir.id == Arrest.fir_id)
        .where(
            access.stations(Fir.station_id),
            Arrest.kind == ArrestKind.ARREST,
            Arrest.at > now - PRODUCE_WITHIN - SHOWN_AFTER_DEADLINE,
            Arrest.at <= now,
            ~produced,
        )
        .order_by(Arrest.at, Arrest.id)
        .limit(MAX_LISTED)
    ).all()
    return [
        ArrestDue(row.id, row.fir_id, f"{row.serial}/{row.year}", row.name or "", row.at, row.at + PRODUCE_WITHIN)
        for row in rows
    ]


def station_alerts(session: Session, access: Jurisdiction, user_id: int | None, now: datetime) -> list[HomeAlert]:
    """The caller's own alerts (watch list) and their station's (known offenders): unread ones, and read ones of
    the last 30 days; newest first. An alert links its FIR only when the caller may read it."""
    mine = [Notification.user_id == user_id] if user_id is not None else []
    if access.station_only is not None or access.district_only is not None:
        mine.append(sa.and_(Notification.station_id.is_not(None), access.stations(Notification.station_id)))
    if not mine:
        return []
    readable_fir = (
        sa.select(Fir.id).where(Fir.id == Notification.fir_id, access.stations(Fir.station_id)).scalar_subquery()
    )
    rows = session.execute(
        sa.select(Notification, readable_fir.label("fir_id"))
        .where(
            sa.or_(*mine),
            sa.or_(Notification.read_at.is_(None), Notification.created_at >= now - timedelta(days=ALERT_DAYS)),
        )
        .order_by(Notification.id.desc())
        .limit(MAX_LISTED)
    ).all()
    return [
        HomeAlert(
            alert.id,
            alert.kind,
            alert.message,
            fir_id,
            alert.created_at,
            alert.read_at is None,
            (alert.detail or {}).get("message_hi"),
        )
        for alert, fir_id in rows
    ]


def station_home(session: Session, access: Jurisdiction, *, user_id: int | None, now: datetime) -> StationHome:
    """Everything the station home shows, for the caller ``access`` (and their own alerts, ``user_id``)."""
    today = now.astimezone(IST).date()
    week_start = today - timedelta(days=today.weekday())  # the week begins on Monday
    week = recent_firs(session, access, _start_of(week_start))
    start_of_today = _start_of(today)
    return StationHome(
        now=now,
        today=today,
        week_start=week_start,
        firs_today=[fir for fir in week if fir.registered_at >= start_of_today],
        firs_earlier_this_week=[fir for fir in week if fir.registered_at < start_of_today],
        pending=pending_by_officer(session, access, now),
        complaints=waiting_complaints(session, access, now),
        arrests_due=arrests_due_in_court(session, access, now),
        alerts=station_alerts(session, access, user_id, now),
    )
