"""One person across states: the national node proposes pairs of people recorded by two states who may be one
person, each state's officer confirms or rejects its side, and a pair is the same person only when both did.
Nothing is ever merged: a ``cross_state_candidate`` row links two person references and changes no record.

The people come from the exchange records the national node holds (:func:`people_of_record`, a function over one
record: the name keys are built here from the record itself, not read from another module's index). They are
compared with the project's one person matching (``people.linkage.scoring``), which reads names across scripts
(Devanagari and Latin forms share phonetic keys); what an exchange record does not carry (mobile numbers,
addresses, marks) simply adds no points. Only accused and suspects are proposed: the people the police follow
across states (victims, complainants and witnesses stay out of it). Withheld people (protected victims,
juveniles) have no name in a record and are never compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from people.linkage.profile import PersonProfile, name_parts
from people.linkage.scoring import score_pair
from records.audit import Actor
from records.models import CrossStateCandidate

PROPOSED_ROLES = frozenset({"accused", "suspect"})
MAX_BLOCK = 200  # a name key shared by more people than this is too common to tell anyone apart (skipped)
ENTITY = "cross_state_candidate"


@dataclass
class ExchangePerson:
    """A person of one state as its exchange records name them (the first record's particulars, every record)."""

    state: str
    person: str
    name: str
    aliases: tuple[str, ...]
    relative: str | None
    relation_kind: str | None
    gender: str
    born_about: float | None
    records: list[str] = field(default_factory=list)


def _year_fraction(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def people_of_record(state: str, record: dict[str, Any], key: str | None = None) -> list[ExchangePerson]:
    """The named accused and suspects of one exchange record (``record`` as held: an entry with ``fir``, or the
    ``fir`` itself, whose key is then ``key``), each with their record's key."""
    fir = record.get("fir", record)
    key = key or record.get("fir_key") or f"{fir.get('station')}/{fir.get('year')}/{fir.get('serial')}"
    registered = fir.get("registered_at")
    on = datetime.fromisoformat(registered).date() if registered else None
    found = []
    for party in fir.get("parties", []):
        if "withheld" in party or party.get("role") not in PROPOSED_ROLES or "name" not in party:
            continue
        age = party.get("age")
        relative = party.get("relative") or {}
        found.append(
            ExchangePerson(
                state=state,
                person=party["person"],
                name=party["name"]["text"],
                aliases=tuple(alias["text"] for alias in party.get("aliases", [])),
                relative=relative.get("name"),
                relation_kind=relative.get("kind") if relative.get("kind") != "unknown" else None,
                gender=party.get("gender", "unknown"),
                born_about=_year_fraction(on) - age - 0.5 if age is not None and on is not None else None,
                records=[key],
            )
        )
    return found


def collect_people(
    records: Iterable[tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], str]],
) -> list[ExchangePerson]:
    """Every person of the records (``(state, record)`` or ``(state, fir, key)``), one entry per person reference."""
    by_ref: dict[str, ExchangePerson] = {}
    for state, record, *key in records:
        for person in people_of_record(state, record, *key):
            known = by_ref.get(person.person)
            if known is None:
                by_ref[person.person] = person
            elif person.records[0] not in known.records:
                known.records.append(person.records[0])
    return list(by_ref.values())


def _profile(index: int, person: ExchangePerson) -> PersonProfile:
    return PersonProfile(
        id=index,
        name=name_parts(person.name),
        aliases=tuple(p for p in map(name_parts, person.aliases) if p is not None),
        relative=name_parts(person.relative),
        relation_kind=person.relation_kind,
        gender=person.gender,
        date_of_birth=None,
        born_about=person.born_about,
        mobiles=frozenset(),
        station_ids=frozenset(),
        district_ids=frozenset(),
        fir_district_ids=frozenset(),
        villages={},
        marks=frozenset(),
        marks_written=None,
    )


def name_keys(profile: PersonProfile) -> set[str]:
    """Blocking keys across states: loose given name with the relative's loose given name, or with the loose
    surname (Ram/राम, Vinod/Binod share them)."""
    keys = set()
    relative = profile.relative.given_loose if profile.relative is not None else None
    for name in (n for n in (profile.name, *profile.aliases) if n is not None):
        if relative:
            keys.add(f"gr:{name.given_loose}:{relative}")
        if name.surname:
            keys.add(f"gs:{name.given_loose}:{name.surname_loose}")
    return keys


@dataclass(frozen=True)
class Proposal:
    a: ExchangePerson
    b: ExchangePerson
    score: float
    reasons: tuple[str, ...]


def propose(people: list[ExchangePerson], threshold: float) -> list[Proposal]:
    """Pairs of people of two different states scoring at least ``threshold``, best first."""
    profiles = [_profile(index, person) for index, person in enumerate(people)]
    blocks: dict[str, list[int]] = defaultdict(list)
    for profile in profiles:
        for key in name_keys(profile):
            blocks[key].append(profile.id)
    pairs = set()
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            pairs.update((i, j) for i, j in combinations(sorted(members), 2) if people[i].state != people[j].state)
    found = [
        proposal for i, j in pairs if (proposal := scored(people[i], people[j], threshold, profiles[i], profiles[j]))
    ]
    return sorted(found, key=lambda p: (-p.score, p.a.person, p.b.person))


def person_keys(person: ExchangePerson) -> set[str]:
    """The blocking keys of one person (:func:`name_keys` of their profile)."""
    return name_keys(_profile(0, person))


def scored(
    one: ExchangePerson,
    other: ExchangePerson,
    threshold: float,
    one_profile: PersonProfile | None = None,
    other_profile: PersonProfile | None = None,
) -> Proposal | None:
    """The pair as a proposal if it scores at least ``threshold`` (the one scoring of every proposal)."""
    scored_pair = score_pair(one_profile or _profile(0, one), other_profile or _profile(1, other))
    if scored_pair.score < threshold:
        return None
    a, b = sorted((one, other), key=lambda p: p.person)
    return Proposal(a, b, scored_pair.score, scored_pair.reasons)


def store_proposals(session: Session, proposals: list[Proposal]) -> int:
    """Add new pairs and refresh the score, reasons and records of known ones (their decisions stay)."""
    for proposal in proposals:
        a, b = proposal.a, proposal.b
        values = {
            "state_a": a.state,
            "person_a": a.person,
            "name_a": a.name[:200],
            "records_a": a.records,
            "state_b": b.state,
            "person_b": b.person,
            "name_b": b.name[:200],
            "records_b": b.records,
            "score": proposal.score,
            "reasons": list(proposal.reasons),
        }
        statement = insert(CrossStateCandidate).values(**values)
        kept = ("name_a", "records_a", "name_b", "records_b", "score", "reasons")
        refreshed = {name: statement.excluded[name] for name in kept}
        session.execute(statement.on_conflict_do_update(index_elements=["person_a", "person_b"], set_=refreshed))
    return len(proposals)


@dataclass(frozen=True)
class CandidateView:
    """A candidate pair as one state sees it: its own person, the other state's, the evidence, both decisions."""

    id: int
    own_state: str
    own_person: str
    own_name: str
    own_records: list[str]
    other_state: str
    other_person: str
    other_name: str
    other_records: list[str]
    score: float
    reasons: list[str]
    own_decision: str | None
    other_decision: str | None
    proposed_at: datetime

    @property
    def status(self) -> str:
        """proposed, waiting_other_state, waiting_this_state, same_person or rejected."""
        decisions = (self.own_decision, self.other_decision)
        if "rejected" in decisions:
            return "rejected"
        if decisions == ("confirmed", "confirmed"):
            return "same_person"
        if self.own_decision == "confirmed":
            return "waiting_other_state"
        if self.other_decision == "confirmed":
            return "waiting_this_state"
        return "proposed"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "own": {"state": self.own_state, "person": self.own_person, "name": self.own_name,
                    "records": self.own_records, "decision": self.own_decision},
            "other": {"state": self.other_state, "person": self.other_person, "name": self.other_name,
                      "records": self.other_records, "decision": self.other_decision},
            "score": self.score,
            "reasons": self.reasons,
            "status": self.status,
            "proposed_at": self.proposed_at.isoformat(timespec="seconds"),
        }  # fmt: skip


def _view(row: CrossStateCandidate, state: str) -> CandidateView:
    mine = "a" if row.state_a == state else "b"
    other = "b" if mine == "a" else "a"

    def of(side: str, name: str) -> Any:
        return getattr(row, f"{name}_{side}")

    return CandidateView(
        id=row.id,
        own_state=state,
        own_person=of(mine, "person"),
        own_name=of(mine, "name"),
        own_records=of(mine, "records"),
        other_state=of(other, "state"),
        other_person=of(other, "person"),
        other_name=of(other, "name"),
        other_records=of(other, "records"),
        score=row.score,
        reasons=list(row.reasons),
        own_decision=of(mine, "decision"),
        other_decision=of(other, "decision"),
        proposed_at=row.proposed_at,
    )


def for_state(session: Session, state: str, limit: int = 500) -> list[CandidateView]:
    """The candidates naming a person of ``state`` (national node), best first."""
    rows = session.scalars(
        sa.select(CrossStateCandidate)
        .where(sa.or_(CrossStateCandidate.state_a == state, CrossStateCandidate.state_b == state))
        .order_by(CrossStateCandidate.score.desc(), CrossStateCandidate.id)
        .limit(limit)
    )
    return [_view(row, state) for row in rows]


class NotYourCandidate(LookupError):
    """The candidate does not exist or does not name this state's person."""


def decide(
    session: Session, actor: Actor, candidate_id: int, *, state: str, person: str, decision: str, decided_by: str
) -> CandidateView:
    """Record ``state``'s decision on its side of a candidate (national node). A state may change its mind (a
    confirmation later rejected, or the reverse); every decision is audited."""
    if decision not in ("confirmed", "rejected"):
        raise ValueError(f"decision must be confirmed or rejected, not {decision!r}")
    row = session.get(CrossStateCandidate, candidate_id, with_for_update=True)
    if row is None or (state, person) not in ((row.state_a, row.person_a), (row.state_b, row.person_b)):
        raise NotYourCandidate(f"candidate {candidate_id} does not name person {person} of state {state}")
    side = "a" if (row.state_a, row.person_a) == (state, person) else "b"
    setattr(row, f"decision_{side}", decision)
    setattr(row, f"decided_{side}_by", decided_by[:160])
    setattr(row, f"decided_{side}_at", sa.func.now())
    session.flush()
    session.refresh(row)
    view = _view(row, state)
    detail = {"state": state, "person": person, "other": view.other_person, "decision": decision}
    actor.audit(session, "candidate_decision", ENTITY, row.id, detail | {"status": view.status})
    return view
