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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from people.linkage.linker import MAX_CLUSTER, clusters_at
from records.access import Jurisdiction, readable_pairs
from records.models import Fir, FirParty, Notification, PoliceStation, User, WatchListEntry
from records.sms_queue import queue_sms

OFFENDER_ROLES = ("accused", "suspect")
MAX_LISTED = 5


def _fir_label(number: str, station: str) -> str:
    return f"{station} PS FIR {number}"


def alerts_for(session: Session, person_id: int, fir_id: int) -> int:
    """Raise the alerts for ``person_id`` named in ``fir_id``; returns how many new alerts were written."""
    return alerts_for_many(session, [(person_id, fir_id)])


def alerts_for_many(
    session: Session, named: Sequence[tuple[int, int | None]], unseen: Iterable[tuple[int, int, int]] = ()
) -> int:
    """Raise the alerts for each (person, FIR) of ``named`` (a batch of the queue, in order; no FIR, no alert),
    with a few statements for the whole batch; returns how many new alerts were written. ``unseen``: links the
    batch's matching wrote, each with the place (from 1) of the row whose matching wrote it; a row's alerts do not
    follow links written for later rows (:func:`people.linkage.linker.clusters_at`), so the alerts are those of
    the rows handled one after another."""
    named = list(named)
    parties = _new_parties(session, named)
    if not parties:
        return 0
    clusters = clusters_at(session, [person_id for person_id, _ in named], unseen, most=MAX_CLUSTER * len(named))
    members = set().union(*(clusters[place] for place in parties))
    earlier_rows = session.execute(
        sa.select(
            FirParty.person_id, Fir.id, Fir.serial, Fir.year, Fir.station_id, PoliceStation.name_en, FirParty.role
        )
        .join(FirParty, FirParty.fir_id == Fir.id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(FirParty.person_id == sa.any_(_ids(members)), FirParty.role.in_(OFFENDER_ROLES))
        .order_by(Fir.registered_at.desc(), Fir.id.desc())
    ).all()
    watchers = session.execute(
        sa.select(WatchListEntry.person_id, WatchListEntry.notify_sms, User)
        .join(User, User.id == WatchListEntry.user_id)
        .where(WatchListEntry.person_id == sa.any_(_ids(members)), User.is_active)
        .order_by(WatchListEntry.id)
    ).all()
    earlier_of = _by_person(earlier_rows)
    watchers_of = _by_person(watchers)
    alerts: list[_Alert] = []
    for place, new in parties.items():
        person_id, fir_id = named[place]
        cluster_set = clusters[place]
        cluster = [person_id, *sorted(cluster_set - {person_id})]
        here = _fir_label(f"{new.serial}/{new.year}", new.name_en)
        named_as = f"{new.name_as_given} (named as {new.role.value} in {here})"
        earlier = [row for row in _of_members(earlier_of, cluster_set) if row.id != fir_id]
        if earlier:
            role = new.role.value
            alerts += _station_alerts(person_id, fir_id, new.station_id, cluster, here, named_as, role, earlier)
        for watcher in {w.User.id: w for w in _of_members(watchers_of, cluster_set)}.values():
            alerts.append(_Alert(person_id, fir_id, user=watcher.User, named_as=named_as, watched=watcher.person_id,
                                 sms=watcher.notify_sms))  # fmt: skip
    return _write(session, alerts)


@dataclass
class _Alert:
    """An alert to be written once the readers of its person are known: to a station (``station_id``) or to a
    watching officer (``user``)."""

    person_id: int
    fir_id: int
    station_id: int | None = None
    user: User | None = None
    named_as: str = ""
    message_if_readable: str = ""
    message_otherwise: str = ""
    detail: dict[str, Any] | None = None
    watched: int | None = None
    sms: bool = False

    def reader(self) -> Jurisdiction:
        if self.user is not None:
            return Jurisdiction.of_user(self.user)
        assert self.station_id is not None
        return Jurisdiction.of_station(self.station_id)


def _by_person(rows: Sequence[sa.Row]) -> dict[int, list[tuple[int, sa.Row]]]:
    """The rows of each person, each with its place in ``rows``."""
    of: dict[int, list[tuple[int, sa.Row]]] = {}
    for index, row in enumerate(rows):
        of.setdefault(row.person_id, []).append((index, row))
    return of


def _of_members(of: dict[int, list[tuple[int, sa.Row]]], members: set[int]) -> list[sa.Row]:
    """The rows of these people, in their order in the rows they came from."""
    return [row for _, row in sorted((item for m in members for item in of.get(m, ())), key=lambda item: item[0])]


def _new_parties(session: Session, named: Sequence[tuple[int, int | None]]) -> dict[int, sa.Row]:
    """For each place of ``named`` whose person is a party of its FIR, that party (the first if named twice)."""
    wanted = {(person_id, fir_id) for person_id, fir_id in named if fir_id is not None}
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(
            FirParty.person_id,
            FirParty.fir_id,
            FirParty.role,
            FirParty.name_as_given,
            Fir.serial,
            Fir.year,
            Fir.station_id,
            PoliceStation.name_en,
        )
        .join(Fir, Fir.id == FirParty.fir_id)
        .join(PoliceStation, PoliceStation.id == Fir.station_id)
        .where(
            FirParty.fir_id == sa.any_(_ids({fir_id for _, fir_id in wanted})),
            FirParty.person_id == sa.any_(_ids({person_id for person_id, _ in wanted})),
        )
        .order_by(FirParty.id)
    ).all()
    first: dict[tuple[int, int], sa.Row] = {}
    for row in rows:
        first.setdefault((row.person_id, row.fir_id), row)
    return {place: first[pair] for place, pair in enumerate(named) if pair in first}


def _station_alerts(person_id: int, fir_id: int, station_id: int, cluster: list[int], here: str, named_as: str,
                    role: str, earlier: list[sa.Row]) -> list[_Alert]:  # fmt: skip
    """The known-offender alerts to the new FIR's station and the stations of the earlier FIRs."""
    fir_ids = list(dict.fromkeys(row.id for row in earlier))
    listed = ", ".join(
        dict.fromkeys(_fir_label(f"{row.serial}/{row.year}", row.name_en) for row in earlier[:MAX_LISTED])
    )
    more = f" and {len(fir_ids) - MAX_LISTED} more" if len(fir_ids) > MAX_LISTED else ""
    detail = {"earlier_fir_ids": fir_ids[:50], "linked_person_ids": cluster[:50]}
    alerts = []
    for station in dict.fromkeys([station_id, *(row.station_id for row in earlier)]):
        own = [_fir_label(f"{r.serial}/{r.year}", r.name_en) for r in earlier if r.station_id == station]
        yours = ", ".join(list(dict.fromkeys(own))[:MAX_LISTED])
        alerts.append(
            _Alert(
                person_id,
                fir_id,
                station_id=station,
                message_if_readable=(
                    f"Known offender: {named_as} has {len(fir_ids)} earlier FIR(s) as accused: {listed}{more}."
                ),
                message_otherwise=(
                    f"Known offender: a record linked to the accused of {yours} was named as {role} in "
                    f"{here}, outside your jurisdiction; ask HQ or an investigator."
                ),
                detail=detail,
            )
        )
    return alerts


def _write(session: Session, alerts: list[_Alert]) -> int:
    """Write the alerts (one statement; an alert whose key was written before is not written again), each worded
    for whether its readers may read the person (one query for all stations and officers told), and queue the SMS of
    the new watch-list alerts that ask for one; returns how many alerts were new."""
    readable = readable_pairs(session, [(alert.reader(), alert.person_id) for alert in alerts])
    rows: dict[str, dict[str, Any]] = {}
    texts: dict[str, tuple[_Alert, str, int | None]] = {}
    for index, alert in enumerate(alerts):
        if alert.user is not None:
            user = alert.user
            key = f"watch:{alert.fir_id}:{alert.person_id}:u{user.id}"
            if index in readable:
                message, about, fir = f"Watch list: {alert.named_as}.", alert.person_id, alert.fir_id
            else:
                message = (
                    f"Watch list: a record linked to person {alert.watched}, whom you watch, was named in an FIR "
                    "outside your jurisdiction; ask HQ or an investigator."
                )
                about, fir = alert.watched, None
            row = {"user_id": user.id, "station_id": None, "kind": "watch_list", "person_id": about,
                   "fir_id": fir, "message": message, "detail": {"watched_person_id": alert.watched}}  # fmt: skip
        else:
            assert alert.station_id is not None
            key = f"known:{alert.fir_id}:{alert.person_id}:s{alert.station_id}"
            message = alert.message_if_readable if index in readable else alert.message_otherwise
            row = {"user_id": None, "station_id": alert.station_id, "kind": "known_offender",
                   "person_id": alert.person_id, "fir_id": alert.fir_id, "message": message,
                   "detail": alert.detail}  # fmt: skip
        key = key[:120]
        if key not in rows:  # the first of a batch, as one after another: the later ones find it written
            rows[key] = {"key": key, **row, "message": row["message"][:1000]}
            texts[key] = (alert, message, row["fir_id"])
    if not rows:
        return 0
    written = set(
        session.execute(
            # The table, not the ORM class: one multi-row statement, not one per set of columns left empty.
            insert(Notification.__table__).on_conflict_do_nothing(index_elements=["key"]).returning(sa.column("key")),
            list(rows.values()),
        ).scalars()
    )
    for key in rows:  # in the order the alerts were raised
        alert, message, fir = texts[key]
        if key in written and alert.user is not None and alert.sms and alert.user.mobile:
            queue_sms(
                session, key=key, to=alert.user.mobile, kind="watch_list", language="en", fir_id=fir, message=message
            )
    return len(written)


def _ids(ids: Iterable[int]) -> sa.BindParameter[list[int]]:
    return sa.bindparam(None, list(ids), type_=ARRAY(sa.BigInteger))
