"""Sections found by what an officer types into the FIR form's sections picker: an act and a number ("IPC 379",
"bns 303"), a number alone ("304B"), or words of the title in English or Hindi ("theft", "चोरी"); across the IPC,
the BNS and the special laws, with the sections each corresponds to across the 1 July 2024 change of code
(``section_correspondence``; :func:`correspondence` reads it for many sections at once, for this picker and
``GET /api/v1/sections``)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from cases.law import KNOWN_PERIODS
from cases.normalise import normalise_section_number
from records.models import Act, Section, SectionCorrespondence

MAX_CHOICES = 50


@dataclasses.dataclass(frozen=True)
class SectionChoice:
    act: str  # the act's code, e.g. IPC
    act_short_name: str
    number: str
    title_en: str
    title_hi: str | None
    corresponds_to: list[str]  # across the 2024 change, cited as "BNS 303(2)"
    in_force: bool | None  # on the offence day asked about (None: no day given)

    @property
    def label(self) -> str:
        return f"{self.act} {self.number}"


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"\s+", text.strip()) if word]


def _in_force(act: Act, day: date | None) -> bool | None:
    if day is None:
        return None
    known = KNOWN_PERIODS.get(act.code, (None, None))
    start, end = act.in_force_from or known[0], act.in_force_until or known[1]
    return (start is None or day >= start) and (end is None or day <= end)


def section_choices(
    session: Session, typed: str, *, offence_day: date | None = None, limit: int = 20
) -> list[SectionChoice]:
    """Up to ``limit`` sections matching ``typed``: exact numbers first, then numbers that begin so, then titles
    that are the words typed, then titles that hold them;
    sections in force on ``offence_day`` before the others when a day is given."""
    words = _words(typed)
    if not words:
        return []
    codes = set(session.scalars(sa.select(Act.code)))
    act_code = words[0].upper() if words[0].upper() in codes else None
    rest = words[1:] if act_code else words
    number = normalise_section_number(" ".join(rest)) if rest else ""
    normalised = sa.func.upper(sa.func.regexp_replace(Section.number, r"\s+", "", "g"))
    query = sa.select(Section, Act).join(Act, Act.id == Section.act_id)
    if act_code:
        query = query.where(Act.code == act_code)
    rank: sa.ColumnElement[int]
    if not rest:  # an act alone: its sections in order
        rank = sa.literal(0)
    else:
        title_typed = " ".join(rest)
        pattern = "%" + title_typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        by_title = sa.or_(Section.title_en.ilike(pattern), Section.title_hi.ilike(pattern))
        query = query.where(sa.or_(normalised.startswith(number, autoescape=True), by_title))
        titles = (sa.func.lower(Section.title_en), sa.func.lower(sa.func.coalesce(Section.title_hi, "")))
        rank = sa.case(
            (normalised == number, 0),
            (normalised.startswith(number, autoescape=True), 1),
            (sa.or_(*(title == title_typed.lower() for title in titles)), 2),  # "theft" is the title "Theft"
            else_=3,
        )
    rows = session.execute(query.order_by(rank, Act.code, sa.func.length(Section.number), Section.id)).all()
    choices = [(section, act) for section, act in rows]
    if offence_day is not None:  # stable: keeps the rank within each group
        choices.sort(key=lambda pair: not _in_force(pair[1], offence_day))
    choices = choices[: max(1, min(limit, MAX_CHOICES))]
    across = correspondence(session, [section.id for section, _ in choices])
    return [
        SectionChoice(
            act.code,
            act.short_name,
            section.number,
            section.title_en,
            section.title_hi,
            across.get(section.id, []),
            _in_force(act, offence_day),
        )
        for section, act in choices
    ]


def correspondence(session: Session, section_ids: list[int]) -> dict[int, list[str]]:
    """For each section id, the sections on the other side of the 2024 change, cited as ``BNS 303(2)``."""
    if not section_ids:
        return {}
    other, other_act = aliased(Section), aliased(Act)
    found: dict[int, list[str]] = {}
    for mine, theirs in (
        (SectionCorrespondence.ipc_section_id, SectionCorrespondence.bns_section_id),
        (SectionCorrespondence.bns_section_id, SectionCorrespondence.ipc_section_id),
    ):
        rows = session.execute(
            sa.select(mine, other_act.code, other.number)
            .select_from(SectionCorrespondence)
            .join(other, other.id == theirs)
            .join(other_act, other_act.id == other.act_id)
            .where(mine.in_(section_ids))
            .order_by(mine, other.id)
        )
        for section_id, code, cited in rows:
            found.setdefault(section_id, []).append(f"{code} {cited}")
    return found
