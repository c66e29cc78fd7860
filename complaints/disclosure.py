"""What of an FIR the complainant's status page may show: its number, status and history always; the copy of the
FIR (on the page, and as the PDF file the page offers: :func:`complainant_copy`), except that in a case protecting
its victim (sexual offences, POCSO: ``records.victim_identity`` decides) neither the complainant's nor the victim's
name, the accused (often family, who would identify the victim), the place nor the facts are ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.reading.sections import citations_of
from records.models import (
    Complaint,
    Fir,
    FirParty,
    FirStatusChange,
    PartyRole,
    PoliceStation,
)
from records.victim_identity import protects_victim

WITHHELD = "—"


@dataclass
class CitizenFirCopy:
    """The FIR as the complainant's status page shows it."""

    number: str
    station_en: str
    station_hi: str
    registered_at: datetime
    status: str
    sections: list[str]
    occurrence_from: datetime | None
    place: str
    brief_facts: str
    io_name: str | None
    complainant: str
    accused: list[str]
    history: list[tuple[datetime, str]] = field(default_factory=list)
    victim_identity_withheld: bool = False


def citizen_fir_copy(session: Session, fir_id: int, *, complaint: Complaint | None = None) -> CitizenFirCopy:
    """The FIR for its complainant (``complaint``: the one it was registered from); in protected cases the
    complainant's name, the accused, the place and the brief facts are withheld."""
    fir = session.get(Fir, fir_id)
    assert fir is not None
    station = session.get(PoliceStation, fir.station_id)
    assert station is not None
    protected = protects_victim(session, fir_id=fir_id, complaint=complaint)
    sections = [citation.label for citation in citations_of(session, fir_id)]
    parties = session.execute(
        sa.select(FirParty.role, FirParty.name_as_given).where(FirParty.fir_id == fir_id).order_by(FirParty.id)
    ).all()
    complainant = next((name for role, name in parties if role is PartyRole.COMPLAINANT), "")
    history = [
        (change.changed_at, change.to_status.value)
        for change in session.scalars(
            sa.select(FirStatusChange).where(FirStatusChange.fir_id == fir_id).order_by(FirStatusChange.id)
        )
    ]
    return CitizenFirCopy(
        number=fir.number,
        station_en=station.name_en,
        station_hi=station.name_hi,
        registered_at=fir.registered_at,
        status=fir.status.value,
        sections=sections,
        occurrence_from=fir.occurrence_from,
        place=WITHHELD if protected else (fir.place_address or ""),
        brief_facts=WITHHELD if protected else fir.brief_facts,
        io_name=fir.io_name,
        complainant=WITHHELD if protected else complainant,
        accused=[WITHHELD] if protected else [name for role, name in parties if role is PartyRole.ACCUSED],
        history=history,
        victim_identity_withheld=protected,
    )


@dataclass(frozen=True)
class ComplainantCopy:
    """The FIR whose copy the complainant of a complaint may have, and whether it withholds the victim's identity
    (the printed copy then leaves out names, addresses, the place and the facts, as this page does)."""

    fir_id: int
    withheld: bool


def complainant_copy(session: Session, complaint: Complaint) -> ComplainantCopy | None:
    """The copy of the FIR registered on ``complaint`` for its complainant (who proved their mobile number with a
    one-time code); None while no FIR is registered on it."""
    if complaint.fir_id is None:
        return None
    return ComplainantCopy(complaint.fir_id, protects_victim(session, fir_id=complaint.fir_id, complaint=complaint))
