"""An FIR's case diary read back: its entries in the order written, each with the later entries correcting it."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import CaseDiaryEntry


@dataclasses.dataclass(frozen=True)
class DiaryEntryView:
    entry: CaseDiaryEntry
    corrected_by: list[int]  # numbers of later entries that correct this one


def diary_of(session: Session, fir_id: int) -> list[DiaryEntryView]:
    """Every entry of the FIR's diary, entry 1 first (the caller has checked the reader may read it)."""
    entries = list(
        session.scalars(
            sa.select(CaseDiaryEntry).where(CaseDiaryEntry.fir_id == fir_id).order_by(CaseDiaryEntry.entry_number)
        )
    )
    corrections: dict[int, list[int]] = {}
    for entry in entries:
        if entry.corrects_entry_number is not None:
            corrections.setdefault(entry.corrects_entry_number, []).append(entry.entry_number)
    return [DiaryEntryView(entry, corrections.get(entry.entry_number, [])) for entry in entries]
