"""The national node's candidates are made incrementally (``exchange.confirmations.national_copy.CopyIndex``): a
round compares only the people of the records received since the last one with the others sharing a name key,
finds what the full pass over the whole copy finds, skips a record it has seen, and forgets the people of a
record deleted or made protected."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations.candidates import collect_people, propose
from exchange.confirmations.national_copy import CopyIndex
from records.models import CrossStateCandidate, NationalRecord
from tests.exchange.test_cross_state_candidates import BIHAR, BIHAR_AGAIN, REVIEW, UP

START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _hold(session: Session, state: str, entry: dict[str, Any], at: datetime, **changes: Any) -> None:
    """The national copy's row of ``entry`` (a new version when held already)."""
    key = entry["fir_key"]
    row = session.get(NationalRecord, (state, key))
    if row is None:
        station, year, serial = key.rsplit("/", 2)
        row = NationalRecord(
            state_code=state, record_id=key, version=0, station_code=station, district_code=f"{state}-X",
            year=int(year), serial=int(serial), registered_on=date(2025, 3, 10), record=entry["fir"],
        )  # fmt: skip
        session.add(row)
    row.version += 1
    row.received_at = at
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()


def _pairs(session: Session) -> set[tuple[str, str]]:
    return {
        tuple(row) for row in session.execute(sa.select(CrossStateCandidate.person_a, CrossStateCandidate.person_b))
    }  # type: ignore[misc]


def test_each_round_compares_only_what_arrived_and_finds_what_the_full_pass_finds(
    db_session: Session, monkeypatch: Any
) -> None:
    copy = CopyIndex()
    _hold(db_session, "10", BIHAR, START)
    assert copy.round(db_session, REVIEW) == 0 and set(copy.people) == {"10-P4712", "10-P4713"}

    _hold(db_session, "09", UP, START + timedelta(minutes=1))
    _hold(db_session, "10", BIHAR_AGAIN, START + timedelta(minutes=2))
    compared: list[str] = []
    others = CopyIndex.others
    monkeypatch.setattr(CopyIndex, "others", lambda self, ref: compared.append(ref) or others(self, ref))
    assert copy.round(db_session, REVIEW) == 2
    assert sorted(compared) == ["09-P90", "09-P91", "10-P4720"]  # not the Bihar people seen in the first round
    full = propose(collect_people([("10", BIHAR), ("09", UP), ("10", BIHAR_AGAIN)]), REVIEW)
    assert (
        _pairs(db_session)
        == {(p.a.person, p.b.person) for p in full}
        == {("09-P90", "10-P4712"), ("09-P90", "10-P4720")}
    )

    compared.clear()
    assert copy.round(db_session, REVIEW) == 0 and compared == []  # read again (the overlap), but seen: no work

    _hold(db_session, "10", BIHAR_AGAIN, START + timedelta(minutes=3), deleted=True)
    _hold(db_session, "10", BIHAR, START + timedelta(minutes=3), record={**BIHAR["fir"], "protected": True})
    assert copy.round(db_session, REVIEW) == 0
    assert set(copy.people) == {"09-P90", "09-P91"}  # the deleted and the protected record's people are gone
    assert all(ref.startswith("09-") for refs in copy.keys.values() for ref in refs)
