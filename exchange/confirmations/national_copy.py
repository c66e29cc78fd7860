"""Cross-state candidates from the national node's copy of the records states sent (``national_record``): every
held record that is not deleted and not protected (a protected case is never shown outside its state, so its people
are not proposed to another state either), people compared by ``exchange.confirmations.candidates``.

Incremental: :class:`CopyIndex` keeps the people of the copy by their name keys between rounds (the forwarder's
memory; a fresh process fills it with one full pass). A round reads only the records received since the last one
(a few minutes back, since a message's transaction may commit after a later one: a record whose version was seen is
not applied again), takes their people out and in again, and compares only those people with the others sharing a
name key, instead of every person of the copy with every other on each change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations.candidates import (
    MAX_BLOCK,
    ExchangePerson,
    Proposal,
    collect_people,
    people_of_record,
    person_keys,
    propose,
    scored,
    store_proposals,
)
from records.models import NationalRecord

OVERLAP = timedelta(minutes=5)  # how far back a round reads again: a transaction may commit after a later one
_PROTECTED = sa.func.coalesce(NationalRecord.record["protected"].as_boolean(), False)


def propose_from_national_copy(session: Session, threshold: float) -> int:
    """Propose (or refresh) every candidate pair of the whole national copy scoring at least ``threshold`` (the
    full pass; the forwarder runs :class:`CopyIndex` instead)."""
    rows = session.execute(
        sa.select(NationalRecord.state_code, NationalRecord.record, NationalRecord.record_id).where(
            NationalRecord.deleted.is_(False), _PROTECTED.is_(False)
        )
    )
    people = collect_people((state, record, key) for state, record, key in rows)
    return store_proposals(session, propose(people, threshold))


class CopyIndex:
    """The people of the national copy by name key, brought up to date record by record."""

    def __init__(self) -> None:
        self.people: dict[str, ExchangePerson] = {}
        self.keys: dict[str, set[str]] = defaultdict(set)  # name key -> person references
        self._keys_of: dict[str, set[str]] = {}
        self._people_of: dict[tuple[str, str], set[str]] = {}  # (state, record id) -> person references
        self._versions: dict[tuple[str, str], tuple[int, bool]] = {}
        self.read_up_to: datetime | None = None

    def _drop_record(self, record: tuple[str, str]) -> set[str]:
        touched = self._people_of.pop(record, set())
        for reference in touched:
            person = self.people[reference]
            person.records = [key for key in person.records if key != record[1]]
            if not person.records:
                del self.people[reference]
                for key in self._keys_of.pop(reference, set()):
                    self.keys[key].discard(reference)
        return touched

    def _add(self, person: ExchangePerson, record: tuple[str, str]) -> None:
        known = self.people.get(person.person)
        if known is None:
            self.people[person.person] = person
            self._keys_of[person.person] = person_keys(person)
            for key in self._keys_of[person.person]:
                self.keys[key].add(person.person)
        elif record[1] not in known.records:
            known.records.append(record[1])
        self._people_of.setdefault(record, set()).add(person.person)

    def apply(self, state: str, record_id: str, version: int, deleted: bool, record: dict) -> set[str]:  # type: ignore[type-arg]
        """Take one held record (as it now stands) in; the person references it touched (none if already seen)."""
        at = (state, record_id)
        if self._versions.get(at) == (version, deleted):
            return set()
        self._versions[at] = (version, deleted)
        touched = self._drop_record(at)
        if not deleted and not record.get("protected"):
            for person in people_of_record(state, record, record_id):
                self._add(person, at)
                touched.add(person.person)
        return touched

    def others(self, reference: str) -> set[str]:
        """The people of other states sharing a name key with ``reference`` (keys too common are skipped)."""
        person = self.people[reference]
        found: set[str] = set()
        for key in self._keys_of.get(reference, set()):
            sharing = self.keys[key]
            if len(sharing) <= MAX_BLOCK:
                found.update(other for other in sharing if self.people[other].state != person.state)
        return found

    def round(self, session: Session, threshold: float) -> int:
        """Read what was received since the last round, compare the people it touched, store the pairs found."""
        query = sa.select(
            NationalRecord.state_code,
            NationalRecord.record_id,
            NationalRecord.version,
            NationalRecord.deleted,
            NationalRecord.record,
            NationalRecord.received_at,
        ).order_by(NationalRecord.received_at)
        if self.read_up_to is not None:
            query = query.where(NationalRecord.received_at > self.read_up_to - OVERLAP)
        touched: set[str] = set()
        for state, record_id, version, deleted, record, received_at in session.execute(query):
            touched |= self.apply(state, record_id, version, deleted, record)
            self.read_up_to = max(self.read_up_to or received_at, received_at)
        proposals: dict[tuple[str, str], Proposal] = {}
        for reference in sorted(touched & self.people.keys()):
            for other in self.others(reference):
                pair = tuple(sorted((reference, other)))
                if pair not in proposals and (found := scored(self.people[reference], self.people[other], threshold)):
                    proposals[pair] = found  # type: ignore[index]
        ordered = sorted(proposals.values(), key=lambda p: (-p.score, p.a.person, p.b.person))
        return store_proposals(session, ordered)
