"""The owner's sharing rule (issue 25): what another state may see of one of our FIRs, record by record.

Three levels, the owning station's choice, ``visible`` by default (no row in ``fir_sharing``):

* ``visible``: a federated search finds the record and its hit may be opened; the detail the caller then gets is
  the exchange record (``exchange.records``), with protected victims and children withheld;
* ``pointer``: a search finds it, but the hit only says "contact the station" (owning state and station): no FIR
  number, no names, no officer; it cannot be opened;
* ``invisible``: no search outside the state ever finds it, and asking for it by key gets "not shared".

The one rule above every setting: a case whose victim must never be identified (``records.victim_identity``:
sexual offences, POCSO, a complaint filed in a protected category) is ``invisible`` outside the state whatever the
station set, and children (any role) are never named outside it (the exchange record makes them markers, which the
national index leaves out). :func:`level_outside` is the one place that combines the two; every output that leaves
the state (the exchange record, a fetch from another state) asks it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from cases.changes import now_unless_given, touch
from records.audit import Actor
from records.models import Fir, FirSharing
from records.victim_identity import protects_victim

REASON_MAX = 500


class SharingLevel(enum.StrEnum):
    VISIBLE = "visible"
    POINTER = "pointer"
    INVISIBLE = "invisible"


LEVEL_NAMES = {
    SharingLevel.VISIBLE: ("Visible to other states", "अन्य राज्यों को दिखे"),
    SharingLevel.POINTER: ('Pointer only ("contact the station")', "केवल संकेत (थाने से संपर्क करें)"),
    SharingLevel.INVISIBLE: ("Invisible outside the state", "राज्य के बाहर अदृश्य"),
}


class SharingRefused(ValueError):
    """A sharing level that cannot be set (unknown level, a reason too long): the message says why (HTTP 422)."""


def parse_level(value: str) -> SharingLevel:
    """``value`` as a level, or :class:`SharingRefused` naming the three that exist."""
    try:
        return SharingLevel(value.strip().lower())
    except ValueError:
        known = ", ".join(level.value for level in SharingLevel)
        raise SharingRefused(f"sharing level {value!r} is not one of {known}") from None


def stored_level(session: Session, fir_id: int) -> SharingLevel:
    """The level the station set (``visible`` when it set none)."""
    level = session.scalar(sa.select(FirSharing.level).where(FirSharing.fir_id == fir_id))
    return SharingLevel(level) if level else SharingLevel.VISIBLE


def level_outside(session: Session, fir_id: int, *, protected: bool | None = None) -> SharingLevel:
    """What another state may see of FIR ``fir_id``: the station's level, except that a protected case is always
    invisible. ``protected`` may be passed when the caller has already asked ``protects_victim``."""
    if protected is None:
        protected = protects_victim(session, fir_id=fir_id)
    return levels_outside(session, [fir_id], protected={fir_id} if protected else set())[fir_id]


def levels_outside(session: Session, fir_ids: Collection[int], *, protected: set[int]) -> dict[int, SharingLevel]:
    """:func:`level_outside` for many FIRs in one query; ``protected`` holds those of them that are protected cases
    (``records.victim_identity.protected_firs``)."""
    ids = list(fir_ids)
    stored: dict[int, str] = {}
    if ids:
        query = sa.select(FirSharing.fir_id, FirSharing.level)
        for fir_id, level in session.execute(
            query.where(FirSharing.fir_id == sa.any_(sa.literal(ids, ARRAY(sa.Integer))))
        ):
            stored[fir_id] = level
    return {
        fir_id: SharingLevel.INVISIBLE
        if fir_id in protected
        else (SharingLevel(stored[fir_id]) if stored.get(fir_id) else SharingLevel.VISIBLE)
        for fir_id in ids
    }


def set_level(
    session: Session,
    actor: Actor,
    fir: Fir,
    level: SharingLevel,
    reason: str | None = None,
    *,
    now: datetime | None = None,
) -> SharingLevel:
    """Set the station's level for ``fir`` (the caller has checked the right to write it), audited; returns what
    other states will see (a protected case stays invisible whatever is set).

    The FIR's version goes up, so the next exchange record of it (which carries the level) replaces the one the
    national node holds. Never commits.
    """
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > REASON_MAX:
        raise SharingRefused(f"the reason is {len(reason)} characters long; at most {REASON_MAX}")
    before = stored_level(session, fir.id)
    row = session.get(FirSharing, fir.id)
    moment = now_unless_given(now)
    if row is None:
        row = FirSharing(fir_id=fir.id, level=level.value)
        session.add(row)
    row.level = level.value
    row.reason = reason
    row.set_by_user_id = actor.user_id
    row.set_at = moment
    touch(fir, moment)
    session.flush()
    outside = level_outside(session, fir.id)
    actor.audit(
        session,
        "set sharing level",
        "fir",
        fir.id,
        {"from": before.value, "to": level.value, "outside_the_state": outside.value, "reason": reason},
    )
    return outside
