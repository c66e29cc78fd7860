"""The search a national node runs over its index of held records (``exchange.search.index``): possibles, never
details.

A person is matched the way the state's own search matches names (``people.names.terms``): every part of the
queried name must meet a part of the recorded name (or an alias) by its phonetic key or a spelling variant's (an
initial by its first letter), and so must every part of the relative's name when one is given; the age band
and the district narrow it (an unknown age is kept: a lead is not lost for a missing age). Vehicles and mobiles
match their stored form exactly, an FIR by its key or by serial/year (and district).

What a hit shows follows the owner's level: an ``invisible`` record is never returned; a ``pointer`` record
returns only its owning state and station ("contact the station"), without its key, number, officer or names; a
``visible`` record returns the owning state, station, district, FIR number and key, registration day, status,
investigating officer, the persons matched (name as written, relative, role, age) and how fresh it is (version,
when the national node received it). The detail is asked from the owning state (``exchange.search.detail``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from exchange.codes import state_name
from exchange.search.request import NetworkQuery
from people.names.indexed import NAME_FINE_MARK, NAME_FIRST_LETTER_MARK
from people.names.terms import NameTerm, name_terms
from records.display import IST
from records.models import NationalRecord, NetworkSearchIdentifier, NetworkSearchParty, NetworkSearchRecord

HIT_LIMIT = 50
_CANDIDATES = 500  # people matched before ranking; a name common enough to exceed it is narrowed by the caller


@dataclass(frozen=True)
class MatchedPerson:
    name: str
    relative_name: str | None
    role: str
    age: int | None


@dataclass(frozen=True)
class Hit:
    """One possible: a record held nationally, as much of it as its owner lets other states see."""

    state_code: str
    station: str
    station_name: str | None
    station_name_hi: str | None
    district_name: str | None
    district_name_hi: str | None
    pointer: bool  # True: "contact the station", nothing below is given
    fir_key: str | None = None
    fir_number: str | None = None
    registered_on: str | None = None
    status: str | None = None
    io_name: str | None = None
    io_rank: str | None = None
    version: int | None = None
    received_at: datetime | None = None
    matched: tuple[MatchedPerson, ...] = field(default_factory=tuple)
    score: float = 0.0


def _term_keys(term: NameTerm) -> list[str]:
    if term.initial:
        return [NAME_FIRST_LETTER_MARK + term.key]
    return list(dict.fromkeys((term.phonetic, *term.variants)))


def _all_terms_meet(column: sa.ColumnElement[list[str]], terms: tuple[NameTerm, ...]) -> sa.ColumnElement[bool]:
    return sa.and_(*(column.op("&&")(sa.cast(_term_keys(term), ARRAY(sa.Text))) for term in terms))


def _fine_keys(terms: tuple[NameTerm, ...]) -> list[str]:
    """The fine keys of the queried parts, as the index marks them: a recorded name holding them all is spelled as
    asked (not only sounded alike), so such people are taken first when a common name has more than
    ``_CANDIDATES`` records."""
    return [NAME_FINE_MARK + term.fine for term in terms if term.fine]


def _fine_share(keys: list[str], terms: tuple[NameTerm, ...]) -> float:
    """How many queried parts meet the recorded name by their fine key too (spelling, not only sound): a rank."""
    held = set(keys)
    if not terms:
        return 0.0
    return sum(any(NAME_FINE_MARK + fine in held for fine in term.fine_keys) for term in terms) / len(terms)


def _district_filter(district: str) -> sa.ColumnElement[bool]:
    record = NetworkSearchRecord
    upper = district.upper().replace(" ", "_")
    return sa.or_(
        sa.func.lower(record.district_name) == district.lower(),
        record.district_name_hi == district,
        record.district == upper,
        record.district.like("%-" + upper),
    )


def _person_matches(session: Session, query: NetworkQuery) -> dict[tuple[str, str], tuple[list[MatchedPerson], float]]:
    assert query.name is not None  # read_query refuses a person search without one
    terms = name_terms(query.name)
    relative_terms = name_terms(query.relative) if query.relative else ()
    party = NetworkSearchParty
    record = NetworkSearchRecord
    statement = (
        sa.select(party, record.sharing)
        .join(record, sa.and_(record.state_code == party.state_code, record.fir_key == party.fir_key))
        .where(_all_terms_meet(party.name_keys, terms), record.sharing != "invisible")
        .order_by(party.name_keys.op("@>")(sa.cast(_fine_keys(terms), ARRAY(sa.Text))).desc())  # spelled alike first
        .limit(_CANDIDATES)
    )
    if relative_terms:
        statement = statement.where(_all_terms_meet(party.relative_keys, relative_terms))
    if query.age_from is not None:
        statement = statement.where(sa.or_(party.age.is_(None), party.age >= query.age_from))
    if query.age_to is not None:
        statement = statement.where(sa.or_(party.age.is_(None), party.age <= query.age_to))
    if query.district:
        statement = statement.where(_district_filter(query.district))
    found: dict[tuple[str, str], tuple[list[MatchedPerson], float]] = {}
    for person, _sharing in session.execute(statement):
        score = _fine_share(person.name_keys, terms) + (
            _fine_share(person.relative_keys, relative_terms) if relative_terms else 0.0
        )
        matched, best = found.get((person.state_code, person.fir_key), ([], 0.0))
        matched.append(MatchedPerson(person.name, person.relative_name, person.role, person.age))
        found[(person.state_code, person.fir_key)] = (matched, max(best, score))
    return found


def _record_matches(session: Session, query: NetworkQuery) -> dict[tuple[str, str], tuple[list[MatchedPerson], float]]:
    record = NetworkSearchRecord
    if query.kind in {"vehicle", "mobile"}:
        value = query.registration if query.kind == "vehicle" else query.mobile
        identifier = NetworkSearchIdentifier
        keys = session.execute(
            sa.select(identifier.state_code, identifier.fir_key).where(
                identifier.kind == query.kind, identifier.value == value
            )
        ).all()
    elif query.fir_key:
        keys = session.execute(
            sa.select(record.state_code, record.fir_key).where(record.fir_key == query.fir_key)
        ).all()
    else:
        assert query.fir_number is not None
        serial, year = (int(part) for part in query.fir_number.split("/"))
        statement = sa.select(record.state_code, record.fir_key).where(record.serial == serial, record.year == year)
        if query.district:
            statement = statement.where(_district_filter(query.district))
        keys = session.execute(statement.limit(_CANDIDATES)).all()
    return {(state, key): ([], 1.0) for state, key in keys}


def search_held(session: Session, query: NetworkQuery, *, limit: int = HIT_LIMIT) -> list[Hit]:
    """The possibles for ``query`` among the records held, best first (then the newest registration), at most
    ``limit``; invisible records never, pointer records without details."""
    found = _person_matches(session, query) if query.kind == "person" else _record_matches(session, query)
    if not found:
        return []
    record = NetworkSearchRecord
    held = NationalRecord
    rows = session.scalars(
        sa.select(record)
        .join(held, sa.and_(held.state_code == record.state_code, held.record_id == record.fir_key))
        .where(
            sa.tuple_(record.state_code, record.fir_key).in_(list(found)),
            record.sharing != "invisible",
            held.version == record.version,  # indexed as the copy holds it now (a change not yet indexed: left out)
            held.deleted.is_(False),
        )
    ).all()
    hits: list[Hit] = []
    for row in rows:
        matched, score = found[(row.state_code, row.fir_key)]
        place = {
            "state_code": row.state_code,
            "station": row.station,
            "station_name": row.station_name,
            "station_name_hi": row.station_name_hi,
            "district_name": row.district_name,
            "district_name_hi": row.district_name_hi,
        }
        if row.sharing == "pointer":
            hits.append(Hit(**place, pointer=True, score=score))
            continue
        hits.append(
            Hit(
                **place,
                pointer=False,
                fir_key=row.fir_key,
                fir_number=f"{row.serial}/{row.year}",
                registered_on=row.registered_at.astimezone(IST).date().isoformat(),
                status=row.status,
                io_name=row.io_name,
                io_rank=row.io_rank,
                version=row.version,
                received_at=row.received_at,
                matched=tuple(matched),
                score=score,
            )
        )
    hits.sort(key=lambda hit: hit.registered_on or "", reverse=True)  # newest first within a rank (a stable sort)
    hits.sort(key=lambda hit: (-hit.score, hit.pointer))
    return hits[:limit]


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit as the national node answers it (node-to-node and on to the caller): the owning state named in words;
    a pointer hit carries only the owning state and station, and ``contact_the_station``."""
    place = {
        "state_code": hit.state_code,
        "state_name": state_name(hit.state_code),
        "state_name_hi": state_name(hit.state_code, "hi"),
        "station": hit.station,
        "station_name": hit.station_name,
        "station_name_hi": hit.station_name_hi,
        "district_name": hit.district_name,
        "district_name_hi": hit.district_name_hi,
        "contact_the_station": hit.pointer,
    }
    if hit.pointer:
        return place
    return place | {
        "fir_key": hit.fir_key,
        "fir_number": hit.fir_number,
        "registered_on": hit.registered_on,
        "status": hit.status,
        "investigating_officer": {"name": hit.io_name, "rank": hit.io_rank} if hit.io_name else None,
        "matched": [
            {"name": m.name, "relative_name": m.relative_name, "role": m.role, "age": m.age} for m in hit.matched
        ],
        "version": hit.version,
        "received_at": hit.received_at.isoformat() if hit.received_at else None,
    }
