"""The complaint form: every field checked for presence, length and format, each problem said in both languages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import IST
from cases.normalise import clean_text
from complaints.errors import Problem
from people.identifiers import NormalisationError, normalise_mobile
from records.models import ComplaintCategory, PoliceDistrict, PoliceStation

# field -> (minimum, maximum) characters after trimming; minimum 0 means optional.
LIMITS: dict[str, tuple[int, int]] = {
    "name": (2, 100),
    "relative_name": (0, 100),
    "mobile": (1, 20),
    "email": (0, 120),
    "address": (5, 300),
    "occurred_on": (0, 10),
    "occurred_time": (0, 5),
    "place": (3, 300),
    "district": (1, 16),
    "station": (1, 24),
    "category": (1, 40),
    "description": (20, 4000),
}
LABELS = {
    "name": ("Your name", "आपका नाम"),
    "relative_name": ("Father's or husband's name", "पिता या पति का नाम"),
    "mobile": ("Mobile number", "मोबाइल नंबर"),
    "email": ("Email", "ईमेल"),
    "address": ("Your address", "आपका पता"),
    "occurred_on": ("Date it happened", "घटना की तारीख"),
    "occurred_time": ("Time it happened", "घटना का समय"),
    "place": ("Where it happened", "घटना का स्थान"),
    "district": ("District", "ज़िला"),
    "station": ("Police station", "थाना"),
    "category": ("Kind of complaint", "शिकायत का प्रकार"),
    "description": ("What happened", "क्या हुआ"),
}
EARLIEST_DAY = date(1990, 1, 1)


@dataclass(frozen=True)
class ComplaintForm:
    """A complaint as checked, ready to store."""

    name: str
    relative_name: str | None
    mobile: str
    email: str | None
    address: str
    occurred_from: datetime | None
    occurred_to: datetime | None
    place: str
    station_id: int
    category: ComplaintCategory
    description: str
    language: str


def _problem(field: str, en: str, hi: str) -> Problem:
    label_en, label_hi = LABELS.get(field, (field, field))
    return Problem(field, f"{label_en}: {en}", f"{label_hi}: {hi}")


def _text(raw: Mapping[str, str], field: str, problems: list[Problem]) -> str:
    value = clean_text(str(raw.get(field) or ""))
    low, high = LIMITS[field]
    if low and not value:
        problems.append(_problem(field, "please fill this in", "कृपया इसे भरें"))
    elif value and len(value) < low:
        problems.append(_problem(field, f"give at least {low} characters", f"कम से कम {low} अक्षर लिखें"))
    elif len(value) > high:
        problems.append(
            _problem(
                field,
                f"is {len(value)} characters long; at most {high} are allowed, please shorten it",
                f"{len(value)} अक्षर का है; अधिकतम {high} अक्षर की अनुमति है, कृपया छोटा करें",
            )
        )
    return value


def _when(day_text: str, time_text: str, now: datetime, problems: list[Problem]) -> tuple[datetime | None, ...]:
    """The day (and time) it happened, in IST: a day alone spans that whole day."""
    if not day_text:
        if time_text:
            problems.append(_problem("occurred_on", "give the date as well as the time", "समय के साथ तारीख भी दें"))
        return None, None
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        problems.append(_problem("occurred_on", "is not a date (use YYYY-MM-DD)", "सही तारीख नहीं है (YYYY-MM-DD)"))
        return None, None
    today = now.astimezone(IST).date()
    if day > today:
        problems.append(_problem("occurred_on", "is in the future", "भविष्य की तारीख है"))
        return None, None
    if day < EARLIEST_DAY:
        problems.append(_problem("occurred_on", "is before 1990", "1990 से पहले की तारीख है"))
        return None, None
    if not time_text:
        start = datetime.combine(day, time(0, 0), IST)
        return start, min(start + timedelta(days=1) - timedelta(seconds=1), now)
    try:
        moment = datetime.combine(day, time.fromisoformat(time_text), IST)
    except ValueError:
        problems.append(_problem("occurred_time", "is not a time (use HH:MM)", "सही समय नहीं है (HH:MM)"))
        return None, None
    if moment > now:
        problems.append(_problem("occurred_time", "is in the future", "भविष्य का समय है"))
        return None, None
    return moment, moment


def check_complaint_form(
    session: Session, raw: Mapping[str, str], *, language: str, now: datetime
) -> tuple[ComplaintForm | None, list[Problem]]:
    """The checked complaint, or None and every problem found (all fields are checked, not just the first)."""
    problems: list[Problem] = []
    values = {field: _text(raw, field, problems) for field in LIMITS}
    mobile = ""
    if values["mobile"]:
        try:
            mobile = normalise_mobile(values["mobile"])
        except NormalisationError:
            problems.append(
                _problem(
                    "mobile",
                    "give a 10-digit Indian mobile number starting with 6, 7, 8 or 9",
                    "6, 7, 8 या 9 से शुरू होने वाला 10 अंकों का मोबाइल नंबर दें",
                )
            )
    email = values["email"] or None
    if email and ("@" not in email or " " in email or "." not in email.rsplit("@", 1)[-1]):
        problems.append(_problem("email", "is not an email address", "सही ईमेल पता नहीं है"))
    occurred_from, occurred_to = _when(values["occurred_on"], values["occurred_time"], now, problems)
    category: ComplaintCategory | None = None
    if values["category"]:
        try:
            category = ComplaintCategory(values["category"])
        except ValueError:
            problems.append(_problem("category", "choose one from the list", "सूची में से एक चुनें"))
    station_id = _station(session, values["district"], values["station"], problems)
    if problems:
        return None, problems
    assert category is not None and station_id is not None
    return (
        ComplaintForm(
            name=values["name"],
            relative_name=values["relative_name"] or None,
            mobile=mobile,
            email=email,
            address=values["address"],
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            place=values["place"],
            station_id=station_id,
            category=category,
            description=values["description"],
            language="en" if language == "en" else "hi",
        ),
        [],
    )


def _station(session: Session, district_code: str, station_code: str, problems: list[Problem]) -> int | None:
    if not district_code or not station_code:
        return None
    district = session.scalar(sa.select(PoliceDistrict).where(PoliceDistrict.code == district_code.upper()))
    if district is None:
        problems.append(_problem("district", "choose one from the list", "सूची में से एक चुनें"))
        return None
    station = session.scalar(
        sa.select(PoliceStation).where(PoliceStation.code == station_code.upper(), PoliceStation.is_active)
    )
    if station is None:
        problems.append(_problem("station", "choose one from the list", "सूची में से एक चुनें"))
        return None
    if station.district_id != district.id:
        problems.append(
            _problem(
                "station",
                f"{station.name_en} is not in {district.name_en} district; choose a station of the district chosen",
                f"{station.name_hi} थाना {district.name_hi} ज़िले में नहीं है; चुने गए ज़िले का थाना चुनें",
            )
        )
        return None
    return station.id
