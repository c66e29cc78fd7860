"""Reading an FIR for a write: the FIR itself (locked when asked), its parties, the people it names in some roles."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from cases.errors import FirNotFound
from records.models import PARTY_ORDER, Fir, FirParty, PartyRole, Person


def load_fir(session: Session, fir_id: int, *, for_update: bool = False) -> Fir:
    """The FIR with its sections, property and history; ``for_update`` locks its row until commit."""
    query = (
        sa.select(Fir)
        .where(Fir.id == fir_id)
        .options(selectinload(Fir.sections), selectinload(Fir.properties), selectinload(Fir.status_history))
    )
    if for_update:
        query = query.with_for_update(of=Fir)
    fir = session.scalar(query)
    if fir is None:
        raise FirNotFound(f"no FIR has id {fir_id}")
    return fir


def fir_parties(session: Session, fir_id: int) -> list[FirParty]:
    """The FIR's parties with their person records, complainant first, accused in A1, A2 order."""
    return list(
        session.scalars(
            sa.select(FirParty)
            .where(FirParty.fir_id == fir_id)
            .options(
                selectinload(FirParty.person).selectinload(Person.aliases),
            )
            .order_by(*PARTY_ORDER)
        )
    )


def party_person_ids(session: Session, fir_id: int, roles: frozenset[PartyRole] | None = None) -> set[int]:
    query = sa.select(FirParty.person_id).where(FirParty.fir_id == fir_id)
    if roles is not None:
        query = query.where(FirParty.role.in_(roles))
    return set(session.scalars(query))
