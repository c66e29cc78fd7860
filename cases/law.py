"""Resolving cited acts and sections against the reference table, and the 1 July 2024 change of penal code.

An offence committed up to 30 June 2024 is registered under the IPC (and CrPC); one committed from
1 July 2024 under the BNS (and BNSS). The dates come from the ``act`` table (``in_force_from``,
``in_force_until``); ``KNOWN_PERIODS`` fills them in where the table leaves them empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from cases.errors import FieldProblem
from cases.input import SectionCitation
from cases.normalise import normalise_section_number
from records.models import Act, Section, SectionCorrespondence

NEW_CODES_FROM = date(2024, 7, 1)
KNOWN_PERIODS: dict[str, tuple[date | None, date | None]] = {
    "IPC": (None, date(2024, 6, 30)),
    "CRPC": (None, date(2024, 6, 30)),
    "BNS": (NEW_CODES_FROM, None),
    "BNSS": (NEW_CODES_FROM, None),
}
SUCCESSOR = {"IPC": "BNS", "CRPC": "BNSS"}
PREDECESSOR = {new: old for old, new in SUCCESSOR.items()}


@dataclass(frozen=True)
class ResolvedSection:
    section_id: int
    act_code: str
    number: str
    crime_head_id: int | None


# The acts cited and their sections cited exactly, built once (building the statement was a third of the call's
# Python time); ``= ANY(array)`` rather than IN: one cached statement whatever the number of citations.
_CITED = (
    sa.select(Act, Section)
    .outerjoin(
        Section,
        sa.and_(
            Section.act_id == Act.id,
            Section.number == sa.any_(sa.bindparam("numbers", type_=postgresql.ARRAY(sa.String()))),
        ),
    )
    .where(Act.code == sa.any_(sa.bindparam("codes", type_=postgresql.ARRAY(sa.String()))))
)


def _period(act: Act) -> tuple[date | None, date | None]:
    known = KNOWN_PERIODS.get(act.code, (None, None))
    return act.in_force_from or known[0], act.in_force_until or known[1]


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def resolve_sections(
    session: Session,
    citations: Sequence[SectionCitation],
    offence_date: date | None,
    field: str = "sections",
) -> tuple[list[ResolvedSection], list[FieldProblem]]:
    """Look every citation up; returns the sections found and a problem for each one that is wrong."""
    problems: list[FieldProblem] = []
    codes = {citation.act for citation in citations}
    wanted = {(citation.act, normalise_section_number(citation.section)) for citation in citations}
    acts: dict[str, Act] = {}
    found: dict[tuple[str, str], Section] = {}
    # Through the (act, number) index; only the sections not cited exactly ("304 b") need the normalised scan below.
    numbers = sorted({number for _, number in wanted})
    for act, section in session.execute(_CITED, {"codes": sorted(codes), "numbers": numbers}):
        acts[act.code] = act
        if section is not None:
            found[(act.code, normalise_section_number(section.number))] = section
    if acts:
        by_id = {act.id: act.code for act in acts.values()}
        act_ids = [act.id for act in acts.values()]
        missing = [number for code, number in wanted if (code, number) not in found]
        if missing:
            normalised = sa.func.upper(sa.func.regexp_replace(Section.number, r"\s+", "", "g"))
            for section in session.scalars(
                sa.select(Section).where(Section.act_id.in_(act_ids), normalised.in_(missing))
            ):
                found[(by_id[section.act_id], normalise_section_number(section.number))] = section

    resolved: list[ResolvedSection] = []
    seen: set[int] = set()
    for index, citation in enumerate(citations):
        loc = (field, index)
        act = acts.get(citation.act)
        if act is None:
            problems.append(
                FieldProblem(
                    (*loc, "act"),
                    f"no act has code {citation.act!r}; GET /api/v1/sections lists acts and their sections",
                )
            )
            continue
        number = normalise_section_number(citation.section)
        section = found.get((act.code, number))
        if section is None:
            problems.append(
                FieldProblem(
                    (*loc, "section"),
                    f"section {citation.section!r} does not exist in the {act.name_en} ({act.code}); "
                    f"GET /api/v1/sections?act={act.code} lists its sections",
                )
            )
            continue
        if section.id in seen:
            problems.append(FieldProblem((*loc, "section"), f"{act.code} {section.number} is cited twice"))
            continue
        seen.add(section.id)
        if offence_date is not None:
            problem = _in_force_problem(session, act, section, offence_date)
            if problem:
                problems.append(FieldProblem((*loc, "act"), problem))
                continue
        resolved.append(ResolvedSection(section.id, act.code, section.number, section.crime_head_id))
    return resolved, problems


def _in_force_problem(session: Session, act: Act, section: Section, offence_date: date) -> str | None:
    start, end = _period(act)
    if end is not None and offence_date > end:
        successor = SUCCESSOR.get(act.code)
        message = (
            f"the {act.name_en} ({act.code}) was in force until {_day(end)}, but the offence happened on "
            f"{_day(offence_date)}"
        )
        if successor:
            message += f"; the {_successor_name(session, successor)} ({successor}) is in force then"
            equivalents = corresponding_sections(session, section.id)
            if equivalents:
                message += f": cite {' or '.join(equivalents)} instead of {act.code} {section.number}"
        return message
    if start is not None and offence_date < start:
        message = (
            f"the {act.name_en} ({act.code}) came into force on {_day(start)}, but the offence happened on "
            f"{_day(offence_date)}"
        )
        predecessor = PREDECESSOR.get(act.code)
        if predecessor:
            message += f"; offences before then are registered under the {predecessor}"
            equivalents = corresponding_sections(session, section.id)
            if equivalents:
                message += f": cite {' or '.join(equivalents)} instead of {act.code} {section.number}"
        return message
    return None


def _successor_name(session: Session, code: str) -> str:
    name = session.scalar(sa.select(Act.name_en).where(Act.code == code))
    return name or {"BNS": "Bharatiya Nyaya Sanhita", "BNSS": "Bharatiya Nagarik Suraksha Sanhita"}.get(code, code)


def corresponding_sections(session: Session, section_id: int) -> list[str]:
    """The sections across the 2024 change that correspond to this one, cited as ``BNS 103(1)``."""
    other, other_act = aliased(Section), aliased(Act)
    result: list[str] = []
    for mine, theirs in (
        (SectionCorrespondence.ipc_section_id, SectionCorrespondence.bns_section_id),
        (SectionCorrespondence.bns_section_id, SectionCorrespondence.ipc_section_id),
    ):
        rows = session.execute(
            sa.select(other_act.code, other.number)
            .select_from(SectionCorrespondence)
            .join(other, other.id == theirs)
            .join(other_act, other_act.id == other.act_id)
            .where(mine == section_id)
            .order_by(other.id)
        )
        result.extend(f"{code} {number}" for code, number in rows)
    return result
