"""The quality gate before export (exchange.quality): each reason a record is held back, with the path the station
fixes and the reason in English and Hindi; a record without problems passes (test_fir_records)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import FinalReportInput
from cases.investigation import record_final_report
from cases.states import change_status
from exchange.quality import HeldBack, export_problems
from exchange.records import build_fir_record
from records.audit import Actor
from records.models import Act, ActKind, FinalReport, FinalReportKind, Fir, FirStatus, Section, State
from tests.exchange.fixtures import IO_NAME, NOW, accused, officer, register


def _held(session: Session, fir: Fir) -> list[HeldBack]:
    problems = export_problems(build_fir_record(session, fir.id))
    for problem in problems:
        assert problem.reason_en.startswith(f"FIR {fir.number}")
        assert any("\u0900" <= ch <= "\u097f" for ch in problem.reason_hi), problem.reason_hi
    return problems


def _rules(problems: list[HeldBack]) -> list[tuple[str, str]]:
    return [(p.rule, p.path) for p in problems]


def _charge_sheet(session: Session, fir: Fir, filed_by: int | None) -> None:
    change_status(session, fir, FirStatus.UNDER_INVESTIGATION, user_id=None, note="investigation", at=NOW)
    record_final_report(
        session,
        fir,
        FinalReportInput(kind=FinalReportKind.CHARGE_SHEET, submitted_on=(NOW + timedelta(days=20)).date()),
        actor=Actor(user_id=filed_by),
        now=NOW + timedelta(days=21),
    )


def test_an_accused_without_fathers_name_or_age_is_held_back(db_session: Session) -> None:
    fir = register(
        db_session,
        accused=[accused(), accused("Mukesh Yadav", relative_name=None, relation_kind=None, age=None)],
    )
    problems = _held(db_session, fir)
    assert _rules(problems) == [
        ("accused_relative", "fir.parties.2.relative.name"),
        ("accused_age", "fir.parties.2.age"),
    ]
    assert "A2 Mukesh Yadav" in problems[0].reason_en and "पिता या पति का नाम" in problems[0].reason_hi


def test_a_report_dated_before_its_fir_is_held_back(db_session: Session) -> None:
    fir = register(db_session)
    # The command refuses such a date; an imported report can carry one.
    db_session.add(
        FinalReport(
            fir_id=fir.id,
            kind=FinalReportKind.UNDETECTED,
            submitted_on=date(2024, 12, 31),
            import_source="legacy-2024",
        )
    )
    fir.status = FirStatus.FINAL_REPORT_UNDETECTED
    db_session.flush()
    problems = _held(db_session, fir)
    assert _rules(problems) == [("report_before_fir", "fir.final_reports.0.submitted_on")]
    assert "2024-12-31" in problems[0].reason_en and "2025-03-10" in problems[0].reason_en


def test_a_charge_sheet_filed_by_someone_other_than_the_io_is_held_back(db_session: Session) -> None:
    fir = register(db_session)
    _charge_sheet(db_session, fir, officer(db_session, "ASI Naresh Singh").id)
    problems = _held(db_session, fir)
    assert _rules(problems) == [("report_not_by_io", "fir.final_reports.0.filed_by")]
    assert "ASI Naresh Singh" in problems[0].reason_en and IO_NAME in problems[0].reason_en

    by_the_io = register(db_session)
    _charge_sheet(db_session, by_the_io, officer(db_session, IO_NAME.upper()).id)  # the IO, however written
    assert _held(db_session, by_the_io) == []

    imported = register(db_session)
    _charge_sheet(db_session, imported, None)  # no recorder known: not judged
    assert _held(db_session, imported) == []


def test_a_charge_sheet_on_an_fir_without_an_io_is_held_back(db_session: Session) -> None:
    fir = register(db_session, io_name=None, io_rank=None)
    _charge_sheet(db_session, fir, officer(db_session, "ASI Naresh Singh").id)
    assert _rules(_held(db_session, fir)) == [("no_io", "fir.investigating_officer")]


def test_an_act_without_a_national_code_is_held_back(db_session: Session) -> None:
    act = Act(
        code="BRLOCAL",
        short_name="Local Act",
        name_en="A Local Act",
        name_hi="एक स्थानीय अधिनियम",
        year=2020,
        kind=ActKind.SPECIAL_LOCAL,
    )
    db_session.add(act)
    db_session.flush()
    db_session.add(Section(act_id=act.id, number="3", title_en="Offence", title_hi="अपराध"))
    db_session.flush()
    fir = register(db_session, sections=[{"act": "BNS", "section": "303(2)"}, {"act": "BRLOCAL", "section": "3"}])
    problems = _held(db_session, fir)
    assert _rules(problems) == [("unknown_act", "fir.sections.1.act")]
    assert "BRLOCAL" in problems[0].reason_en


def test_a_state_code_the_national_node_cannot_read_is_held_back(db_session: Session) -> None:
    fir = register(db_session)
    db_session.execute(sa.update(State).values(code="BR"))
    db_session.expire_all()
    problems = _held(db_session, fir)
    assert ("unknown_code", "fir.state") in _rules(problems)
    assert all(p.rule == "unknown_code" or p.rule == "schema" for p in problems)
