"""The case diary's one write: the investigating officer adds a dated entry to an FIR, in the caller's
transaction (never committing). Entries are numbered 1, 2, 3 ... per FIR and never edited or deleted (the
database refuses both, migration 0014); a correction is a new entry that names the one it corrects.

A diary entry changes nothing of the FIR (no status, no version, nothing a search document or a dashboard shows),
so it does not touch the FIR; who may write it is ``records.access`` (asked here too, so no door can forget it).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.changes import now_unless_given
from cases.errors import FieldProblem, FirConflict, FirInputError
from cases.input import IST, DiaryEntryInput
from cases.validation import CLOCK_SKEW, ist
from records.access import Jurisdiction, place_of_station
from records.audit import Actor
from records.models import CaseDiaryEntry, Fir, FirStatus, PoliceStation, User


def add_diary_entry(
    session: Session,
    fir: Fir,
    data: DiaryEntryInput,
    *,
    actor: Actor,
    access: Jurisdiction,
    now: datetime | None = None,
) -> CaseDiaryEntry:
    """Append an entry to the FIR's case diary, written by ``actor``'s officer. The caller holds the FIR's row
    lock (``load_fir(..., for_update=True)``), so two officers writing at once get consecutive numbers."""
    now = now_unless_given(now)
    access.require_diary_write(place_of_station(session, fir.station_id))
    author = session.get(User, actor.user_id) if actor.user_id is not None else None
    if author is None:
        raise FirConflict("a case diary entry is written by an officer in person, logged in as themselves")
    if fir.status is FirStatus.TRANSFERRED:
        to = session.get(PoliceStation, fir.transferred_to_station_id) if fir.transferred_to_station_id else None
        raise FirConflict(
            f"zero FIR {fir.number} was transferred to station {to.code if to else '?'}; its investigation and diary "
            f"continue in the FIR registered there (id {fir.transferred_to_fir_id})"
        )
    problems: list[FieldProblem] = []
    if data.entry_at > now + CLOCK_SKEW:
        problems.append(FieldProblem(("entry_at",), f"{ist(data.entry_at)} is in the future (now it is {ist(now)})"))
    registered_day = fir.registered_at.astimezone(IST).date()
    if data.entry_at.astimezone(IST).date() < registered_day:
        problems.append(
            FieldProblem(
                ("entry_at",),
                f"the diary of FIR {fir.number} begins on {registered_day:%d-%m-%Y}, the day it was registered",
            )
        )
    last = session.scalar(sa.select(sa.func.max(CaseDiaryEntry.entry_number)).where(CaseDiaryEntry.fir_id == fir.id))
    last = last or 0
    if data.corrects_entry_number is not None and data.corrects_entry_number > last:
        problems.append(
            FieldProblem(
                ("corrects_entry_number",),
                f"the diary of FIR {fir.number} has no entry {data.corrects_entry_number} "
                + (f"(its entries are 1 to {last})" if last else "(it has no entries yet)"),
            )
        )
    if problems:
        raise FirInputError(problems)
    entry = CaseDiaryEntry(
        fir_id=fir.id,
        entry_number=last + 1,
        entry_at=data.entry_at,
        place=data.place,
        text=data.text,
        corrects_entry_number=data.corrects_entry_number,
        written_by_user_id=author.id,
        written_by_name=author.full_name,
        written_at=now,
    )
    session.add(entry)
    session.flush()
    # The entry's text stays out of the audit log (a diary may name witnesses and informers): who, which, when.
    actor.audit(
        session,
        "diary_entry",
        "fir",
        fir.id,
        {
            "number": fir.number,
            "diary_entry_id": entry.id,
            "entry_number": entry.entry_number,
            **({"corrects_entry_number": entry.corrects_entry_number} if entry.corrects_entry_number else {}),
        },
    )
    return entry
