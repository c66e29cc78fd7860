"""The case diary (no HTTP): entries numbered in order, corrections as new entries, the database refusing every edit
and deletion, an audit row per entry without its text, and the one access rule for who may write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import FirConflict, FirInputError, add_diary_entry, load_fir, register_fir
from cases.input import DiaryEntryInput, FirInput
from cases.reading.diary import diary_of
from records.access import Forbidden, Jurisdiction
from records.audit import Actor
from records.models import AuditEntry, CaseDiaryEntry, Fir, OutboxEvent, PoliceStation, Role, User

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SADAR = "VAISHALI-HAJIPUR-SADAR"
TOWN = "VAISHALI-HAJIPUR-TOWN"
Case = tuple[Fir, User, Jurisdiction]  # the FIR (locked), its station's officer, what they may reach


def _station(session: Session, code: str = SADAR) -> int:
    return session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == code))


def _officer(session: Session, station_id: int, name: str = "SI Anil Kumar") -> User:
    user = User(
        username=f"diary.{name.replace(' ', '.').lower()}.{station_id}",
        full_name=name,
        password_hash="x",
        role=Role.STATION_OFFICER,
        station_id=station_id,
    )
    session.add(user)
    session.flush()
    return user


def _fir(session: Session, station_id: int) -> Fir:
    data = FirInput.model_validate(
        {
            "info_received_at": (NOW - timedelta(hours=1)).isoformat(),
            "occurrence_from": (NOW - timedelta(hours=5)).isoformat(),
            "sections": [{"act": "BNS", "section": "303(2)"}],
            "complainant": {"name": "सुनीता देवी"},
            "accused": [{"name": "Ram Kumar"}],
            "brief_facts": "चोरी",
        }
    )
    fir = register_fir(session, data, station_id=station_id, actor=Actor(), access=Jurisdiction(Role.HQ), now=NOW)
    return load_fir(session, fir.id, for_update=True)


def _entry(text: str, at: datetime = NOW, **more: object) -> DiaryEntryInput:
    return DiaryEntryInput.model_validate({"entry_at": at.isoformat(), "text": text, **more})


@pytest.fixture
def case(db_session: Session) -> tuple[Fir, User, Jurisdiction]:
    station_id = _station(db_session)
    officer = _officer(db_session, station_id)
    return _fir(db_session, station_id), officer, Jurisdiction.of_user(officer)


def _write(session: Session, case: Case, data: DiaryEntryInput) -> CaseDiaryEntry:
    fir, officer, access = case
    return add_diary_entry(session, fir, data, actor=Actor(user_id=officer.id), access=access, now=NOW)


def test_entries_are_numbered_in_order_and_a_correction_points_back(db_session: Session, case: Case) -> None:
    fir = case[0]
    version = fir.version
    first = _write(db_session, case, _entry("घटनास्थल का निरीक्षण किया। Visited the scene.", NOW - timedelta(hours=2)))
    second = _write(db_session, case, _entry("गवाह राजेश कुमार का बयान लिया।"))
    third = _write(db_session, case, _entry("Entry 1: the visit was at 09:30, not 08:30.", corrects_entry_number=1))
    assert [first.entry_number, second.entry_number, third.entry_number] == [1, 2, 3]
    assert first.written_by_name == "SI Anil Kumar" and first.written_by_user_id == case[1].id
    views = diary_of(db_session, fir.id)
    assert [view.entry.entry_number for view in views] == [1, 2, 3]
    assert [view.corrected_by for view in views] == [[3], [], []]
    db_session.flush()
    assert fir.version == version  # the FIR itself did not change: no new ETag, nothing to reindex
    outbox = db_session.scalar(
        sa.select(sa.func.count()).select_from(OutboxEvent).where(OutboxEvent.entity_id == fir.id)
    )
    assert outbox == 1  # the registration's only


def test_each_entry_is_audited_without_its_text(db_session: Session, case: Case) -> None:
    entry = _write(db_session, case, _entry("मुखबिर ने बताया कि अभियुक्त पटना में है।"))
    row = db_session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "diary_entry", AuditEntry.entity_id == str(case[0].id))
    )
    assert row is not None and row.user_id == case[1].id
    assert row.detail == {"number": case[0].number, "diary_entry_id": entry.id, "entry_number": 1}
    assert "मुखबिर" not in str(row.detail)


def test_the_database_refuses_to_edit_or_delete_an_entry(db_session: Session, case: Case) -> None:
    entry = _write(db_session, case, _entry("Visited the scene."))
    for statement in (
        sa.text("UPDATE case_diary_entry SET text = 'rewritten' WHERE id = :id"),
        sa.text("DELETE FROM case_diary_entry WHERE id = :id"),
        sa.text("DELETE FROM fir WHERE id = (SELECT fir_id FROM case_diary_entry WHERE id = :id)"),
    ):
        savepoint = db_session.begin_nested()
        with pytest.raises(sa.exc.DBAPIError) as refused:
            db_session.execute(statement, {"id": entry.id})
        savepoint.rollback()
        assert "case diary entries are never" in str(refused.value) or "case_diary_entry" in str(refused.value)
    # not even in a bulk load that turns the per-row checks off (the trigger fires always)
    savepoint = db_session.begin_nested()
    db_session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    with pytest.raises(sa.exc.DBAPIError, match="never edited"):
        db_session.execute(sa.text("UPDATE case_diary_entry SET text = 'x' WHERE id = :id"), {"id": entry.id})
    savepoint.rollback()
    assert (
        db_session.scalar(sa.select(CaseDiaryEntry.text).where(CaseDiaryEntry.id == entry.id)) == "Visited the scene."
    )


def test_a_correction_must_name_an_earlier_entry_of_the_same_fir(db_session: Session, case: Case) -> None:
    with pytest.raises(FirInputError, match=r"has no entry 1 \(it has no entries yet\)"):
        _write(db_session, case, _entry("A correction of nothing", corrects_entry_number=1))
    _write(db_session, case, _entry("First"))
    with pytest.raises(FirInputError, match=r"has no entry 5 \(its entries are 1 to 1\)"):
        _write(db_session, case, _entry("Wrong number", corrects_entry_number=5))
    # The database holds the same line: an entry of another FIR cannot be named.
    other = _fir(db_session, case[0].station_id)
    savepoint = db_session.begin_nested()
    with pytest.raises(sa.exc.IntegrityError, match="fk_case_diary_entry_corrects_same_fir"):
        db_session.execute(
            sa.insert(CaseDiaryEntry).values(
                fir_id=other.id,
                entry_number=2,
                entry_at=NOW,
                text="points at the other FIR's entry 1",
                corrects_entry_number=1,
                written_by_user_id=case[1].id,
                written_by_name="x",
            )
        )
    savepoint.rollback()


def test_dates_in_the_future_or_before_the_fir_are_refused(db_session: Session, case: Case) -> None:
    with pytest.raises(FirInputError) as error:
        _write(db_session, case, _entry("Tomorrow", NOW + timedelta(days=1)))
    assert "is in the future" in str(error.value)
    with pytest.raises(FirInputError) as error:
        _write(db_session, case, _entry("Last month", NOW - timedelta(days=30)))
    assert "begins on 10-03-2025" in str(error.value)
    with pytest.raises(ValueError, match="text"):
        _entry("   ")


def test_only_an_officer_of_the_cases_station_writes_and_never_an_api_key(db_session: Session, case: Case) -> None:
    fir = case[0]
    town = _officer(db_session, _station(db_session, TOWN), "SI Town")
    with pytest.raises(Forbidden, match="own station"):
        add_diary_entry(
            db_session, fir, _entry("x"), actor=Actor(user_id=town.id), access=Jurisdiction.of_user(town), now=NOW
        )
    with pytest.raises(Forbidden, match="only station officers"):
        add_diary_entry(db_session, fir, _entry("x"), actor=Actor(), access=Jurisdiction(Role.HQ), now=NOW)
    api_key = Jurisdiction(Role.STATION_OFFICER, fir.station_id, api_client=True)
    with pytest.raises(Forbidden, match="officer in person"):
        add_diary_entry(db_session, fir, _entry("x"), actor=Actor(api_client_id=1), access=api_key, now=NOW)
    assert Jurisdiction(Role.INVESTIGATOR).diary_read_refusal() is None
    assert diary_of(db_session, fir.id) == []


def test_a_transferred_zero_firs_diary_continues_at_the_station_it_went_to(db_session: Session, case: Case) -> None:
    fir = case[0]
    fir.status = fir.status.TRANSFERRED
    with pytest.raises(FirConflict, match="continue in the FIR registered there"):
        _write(db_session, case, _entry("x"))
