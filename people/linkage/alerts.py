"""Alerts when a known person turns up again: a person with a record (linked to earlier FIRs as accused or
suspect) or on an officer's watch list is named in a new FIR anywhere.

Who is told: the station of the new FIR and the stations of the earlier FIRs (in-app, per station), and every
officer watching the person (in-app, and by SMS through ``records.sms_queue`` when they asked for it and have a
mobile number). Each alert has a key naming the event and recipient, so processing a queued person twice tells
nobody twice.

A watcher, or a station, is told who was named only if they may read that record (``records.access``);
otherwise the alert points to the FIR or the person they know, and says to ask HQ.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from people.linkage.linker import cluster_of
from records.access import Jurisdiction
from records.models import Fir, FirParty, Notification, PoliceStation, User, WatchListEntry
from records.sms_queue import queue_sms

OFFENDER_ROLES = ("accused", "suspect")
MAX_LISTED = 5


def _notify(session: Session, key: str, *, user_id: int | None = None, station_id: int | None = None,
            kind: str, person_id: int, fir_id: int, message: str, detail: dict[str, Any]) -> bool:  # fmt: skip
    result = session.execute(
        insert(Notification)
        .values(
            key=key[:120],
            user_id=user_id,
            station_id=station_id,
            kind=kind,
            person_id=person_id,
            fir_id=fir_id,
            message=message[:1000],
            detail=detail,
        )
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return bool(result.rowcount)


def _fir_label(number: str, station: str) -> str:
    return f"{station} PS FIR {number}"


def alerts_for(session: Session, person_id: int, fir_id: int) -> int:
    """Raise the alerts for ``person_id`` named in ``fir_id``; returns how many new alerts were written."""
    new = session.execute(
        sa.select(FirParty.role, FirParty.name_as_given, Fir.serial, Fir.year, Fir.station_id, PoliceStation.name_en)
        .join(Fir, Fir.id == FirParty.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(FirParty.fir_id == fir_id, FirParty.person_id == person_id)
    ).first()
    if new is None:
        return 0
    here = _fir_label(f"{new.serial}/{new.year}", new.name_en)
    named = f"{new.name_as_given} (named as {new.role.value} in {here})"
    cluster = cluster_of(session, person_id)
    earlier = session.execute(
        sa.select(Fir.id, Fir.serial, Fir.year, Fir.station_id, PoliceStation.name_en, FirParty.role)
        .join(FirParty, FirParty.fir_id == Fir.id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(FirParty.person_id.in_(cluster), Fir.id != fir_id, FirParty.role.in_(OFFENDER_ROLES))
        .order_by(Fir.registered_at.desc())
    ).all()
    written = 0
    if earlier:
        fir_ids = list(dict.fromkeys(row.id for row in earlier))
        listed = ", ".join(
            dict.fromkeys(_fir_label(f"{row.serial}/{row.year}", row.name_en) for row in earlier[:MAX_LISTED])
        )
        more = f" and {len(fir_ids) - MAX_LISTED} more" if len(fir_ids) > MAX_LISTED else ""
        detail = {"earlier_fir_ids": fir_ids[:50], "linked_person_ids": cluster[:50]}
        for station_id in dict.fromkeys([new.station_id, *(row.station_id for row in earlier)]):
            if person_id in Jurisdiction.of_station(station_id).readable_people(session, [person_id]):
                message = f"Known offender: {named} has {len(fir_ids)} earlier FIR(s) as accused: {listed}{more}."
            else:
                own = [_fir_label(f"{r.serial}/{r.year}", r.name_en) for r in earlier if r.station_id == station_id]
                yours = ", ".join(list(dict.fromkeys(own))[:MAX_LISTED])
                message = (
                    f"Known offender: a record linked to the accused of {yours} was named as {new.role.value} in "
                    f"{here}, outside your jurisdiction; ask HQ or an investigator."
                )
            written += _notify(
                session, f"known:{fir_id}:{person_id}:s{station_id}", station_id=station_id, kind="known_offender",
                person_id=person_id, fir_id=fir_id, message=message, detail=detail,
            )  # fmt: skip
    watchers = session.execute(
        sa.select(WatchListEntry.person_id, WatchListEntry.notify_sms, User)
        .join(User, User.id == WatchListEntry.user_id)
        .where(WatchListEntry.person_id.in_(cluster), User.is_active)
    ).all()
    for watcher in {w.User.id: w for w in watchers}.values():
        user = watcher.User
        if person_id in Jurisdiction.of_user(user).readable_people(session, [person_id]):
            message, about, fir = f"Watch list: {named}.", person_id, fir_id
        else:
            message = (
                f"Watch list: a record linked to person {watcher.person_id}, whom you watch, was named in an FIR "
                "outside your jurisdiction; ask HQ or an investigator."
            )
            about, fir = watcher.person_id, None
        key = f"watch:{fir_id}:{person_id}:u{user.id}"
        if _notify(session, key, user_id=user.id, kind="watch_list", person_id=about, fir_id=fir,
                   message=message, detail={"watched_person_id": watcher.person_id}):  # fmt: skip
            written += 1
            if watcher.notify_sms and user.mobile:
                queue_sms(
                    session, key=key, to=user.mobile, kind="watch_list", language="en", fir_id=fir, message=message
                )
    return written
