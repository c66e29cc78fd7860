"""Request and response bodies of the case diary endpoints (``search_api.routes.diary``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from cases.input import DiaryEntryInput
from cases.reading.diary import DiaryEntryView

__all__ = ["DiaryEntryInput", "DiaryEntryOut", "DiaryOut", "diary_entry_out"]


class DiaryEntryOut(DiaryEntryInput):
    """An entry as stored: its number in the FIR's diary, who wrote it and when, and the entries correcting it."""

    id: int
    entry_number: int = Field(description="1, 2, 3 ... within the FIR, in the order written")
    written_by: str = Field(description="The officer who wrote it, as named when they did")
    written_at: datetime
    corrected_by: list[int] = Field(description="Numbers of later entries that correct this one")


class DiaryOut(BaseModel):
    fir_id: int
    fir_number: str
    entries: list[DiaryEntryOut]


def diary_entry_out(view: DiaryEntryView) -> DiaryEntryOut:
    entry = view.entry
    return DiaryEntryOut.model_construct(
        id=entry.id,
        entry_number=entry.entry_number,
        entry_at=entry.entry_at,
        place=entry.place,
        text=entry.text,
        corrects_entry_number=entry.corrects_entry_number,
        written_by=entry.written_by_name,
        written_at=entry.written_at,
        corrected_by=view.corrected_by,
    )
