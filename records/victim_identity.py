"""Which cases never show a victim's identity to the public: the one rule every citizen-facing output asks.

The law forbids making known the identity of the victim of a sexual offence: s. 72 BNS (offences under BNS 64
to 71), s. 228A IPC (IPC 376, 376A-376E), ss. 23 and 33(7) of the POCSO Act (every case under it), s. 74 of the
Juvenile Justice Act 2015 (a child victim); in practice the same care is taken for the offences against a
woman's modesty (BNS 74-79, IPC 354, 354A-354D, 509). The reviewed list, one row per provision with its source,
is ``records/reference/data/protected_offences.csv`` (read by ``records.reference.protected_offences``): a row
names an act and a section number, which covers the section and its sub-sections (``BNS 64`` covers ``64(1)``
and ``64(2)``; ``IPC 376`` covers ``376(2)`` but not ``376A``, which has its own row); a row without a number
covers every section of the act (POCSO).
``cctns db upgrade`` checks every row names a section of the reference data (``records.reference.law``).

The list is independent of crime heads: how an FIR is counted (NCRB heads, crimes against women) does not
change what it hides, and the reverse.

A case is protected when any section its FIR cites is listed, or when the complaint it came from (or the
complaint alone, before any FIR) was filed in one of ``PROTECTED_CATEGORIES``. What a protected case withholds
(the complainant's and the victim's name and address, the place, the facts, free text a station wrote) is
decided by each output (``complaints.disclosure``, the FIR print copy, the SMS); whether it is protected,
only here: :func:`protects_victim`.

A child (under eighteen, s. 2(12) of the Juvenile Justice Act 2015) is never identified either, whatever the
case: s. 74 covers a child in conflict with law as much as a child victim or witness. Whether a person is one, on
the age an FIR gives, only here: :func:`is_child`.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from records.models import Act, Complaint, ComplaintCategory, FirSection, Section
from records.reference.protected_offences import protected_offences

PROTECTED_CATEGORIES = frozenset(
    {ComplaintCategory.SEXUAL_OFFENCE, ComplaintCategory.CHILD_ABUSE, ComplaintCategory.HARASSMENT_OF_WOMEN}
)


ADULT_AGE = 18


def is_child(age_years: int | None) -> bool:
    """Whether a person of ``age_years`` (on the day that matters: the FIR's) is a child whose identity is never
    disclosed. An unknown age is not taken as a child's; the outputs that need an age ask for it."""
    return age_years is not None and age_years < ADULT_AGE


def section_protects_victim(act_code: str, number: str) -> bool:
    """Whether citing section ``number`` of ``act_code`` makes a case one whose victim is never identified."""
    return any(offence.covers(act_code, number) for offence in protected_offences())


def protects_victim(session: Session, *, fir_id: int | None = None, complaint: Complaint | None = None) -> bool:
    """Whether the case (an FIR, a complaint, or both) must hide the victim's identity from the public.

    True when a section the FIR cites is in the protected table, or the complaint the FIR was registered from
    (``complaint``, or the one converted into ``fir_id``) was filed in a protected category.
    """
    if complaint is not None:
        if complaint.category in PROTECTED_CATEGORIES:
            return True
        fir_id = fir_id or complaint.fir_id
    if fir_id is None:
        return False
    return fir_id in protected_firs(session, [fir_id])


def protected_firs(session: Session, fir_ids: Collection[int]) -> set[int]:
    """Which of ``fir_ids`` are protected cases, by the rule of :func:`protects_victim`, in two queries (the
    national feed asks it for a whole message of FIRs)."""
    ids = list(fir_ids)
    if not ids:
        return set()
    cited = session.execute(
        sa.select(FirSection.fir_id, Act.code, Section.number)
        .select_from(FirSection)
        .join(Section, Section.id == FirSection.section_id)
        .join(Act, Act.id == Section.act_id)
        .where(FirSection.fir_id == sa.any_(sa.literal(ids, ARRAY(sa.Integer))))
    ).all()
    protected = {fir_id for fir_id, act, number in cited if section_protects_victim(act, number)}
    protected.update(
        session.scalars(
            sa.select(Complaint.fir_id).where(
                Complaint.fir_id == sa.any_(sa.literal(ids, ARRAY(sa.Integer))),
                Complaint.category.in_(list(PROTECTED_CATEGORIES)),
            )
        )
    )
    return protected
