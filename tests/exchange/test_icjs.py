"""Courts and prisons (exchange.icjs) on the real database: the CNR rule, an offer queued and sent store-and-forward,
a court's answers applied to the case through its commands, a prison's events raising alerts at the station."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import FinalReportInput
from cases.investigation import record_final_report
from cases.states import change_status
from exchange.icjs.court import apply_court_event
from exchange.icjs.keys import IcjsRefused
from exchange.icjs.offers import DeliveryFailed, deliver_due, queue_offer
from exchange.icjs.prison import apply_prison_event
from exchange.icjs.reading import court_and_prison
from exchange.icjs.validation import cnr_problem, icjs_problems, read_cnr
from exchange.records import build_fir_record
from exchange.validation import InvalidMessage
from records.audit import Actor
from records.models import AuditEntry, CourtDisposal, FinalReportKind, Fir, FirStatus, Notification
from tests.exchange.fixtures import NOW, accused, register

COURT = {"code": "BRVS01", "name": "Chief Judicial Magistrate, Vaishali at Hajipur"}
PRISON = {"code": "10-HAJIPUR_MANDAL", "name": "Mandal Kara, Hajipur"}
CNR = "BRVS010004562025"
PDF = b"%PDF-1.4 a copy"
COURT_ACTOR = Actor(via="court BRVS01")
PRISON_ACTOR = Actor(via="prison 10-HAJIPUR_MANDAL")


def _charge_sheeted(session: Session) -> Fir:
    fir = register(session, accused=[accused(), accused("मुकेश यादव", relative_name="रामू यादव")])
    change_status(session, fir, FirStatus.UNDER_INVESTIGATION, user_id=None, note="investigation", at=NOW)
    record_final_report(
        session,
        fir,
        FinalReportInput(kind=FinalReportKind.CHARGE_SHEET, report_number="CS-12/2025", submitted_on=NOW.date()),
        actor=Actor(user_id=None),
        now=NOW + timedelta(days=1),
    )
    return fir


def _court(kind: str, fir_key: str, **fields: Any) -> dict[str, Any]:
    return {"spec": "cctns-icjs/1", "event_id": str(uuid.uuid4()), "kind": kind, "sent_at": "2025-03-20T11:00:00+05:30",
            "court": COURT, "fir_key": fir_key, "cnr": CNR} | fields  # fmt: skip


def _prison(kind: str, fir_key: str, **fields: Any) -> dict[str, Any]:
    return {"spec": "cctns-icjs/1", "event_id": str(uuid.uuid4()), "kind": kind, "sent_at": "2025-04-01T09:00:00+05:30",
            "prison": PRISON, "occurred_at": "2025-04-01T08:30:00+05:30", "fir_key": fir_key} | fields  # fmt: skip


def test_a_cnr_is_the_establishment_a_serial_and_a_year() -> None:
    cnr = read_cnr(CNR, this_year=2025)
    assert (cnr.court_code, cnr.serial, cnr.year) == ("BRVS01", 456, 2025)
    assert "not a CNR" in (cnr_problem("BRVS01000456202", this_year=2025) or "")  # 15 characters
    assert "not a CNR" in (cnr_problem("brvs010004562025", this_year=2025) or "")
    assert "starts at 000001" in (cnr_problem("BRVS010000002025", this_year=2025) or "")
    assert "not between" in (cnr_problem("BRVS010004562031", this_year=2025) or "")
    problems = icjs_problems("court_event", _court("hearing_fixed", "10-X/2025/1", cnr="BRVS0100045"))
    assert {(p.path, "required form" in p.reason) for p in problems} == {("cnr", True), ("next_hearing_on", False)}


def test_an_offer_waits_while_the_court_is_down_and_goes_once_it_is_back(db_session: Session) -> None:
    fir = _charge_sheeted(db_session)
    offer = queue_offer(db_session, fir.id, court_code="BRVS01", offered="charge_sheet", pdf=PDF,
                        actor=Actor(user_id=None), now=NOW)  # fmt: skip
    assert (
        offer.body["report_number"] == "CS-12/2025"
        and offer.body["fir_key"] == build_fir_record(db_session, fir.id).fir_key
    )
    sessions = lambda: Session(bind=db_session.connection(), join_transaction_mode="create_savepoint")  # noqa: E731
    received: list[dict[str, Any]] = []

    def down(court: str, document: dict[str, Any]) -> None:
        raise DeliveryFailed("connection refused")

    def up(court: str, document: dict[str, Any]) -> None:
        received.append(document)

    assert deliver_due(sessions, down, NOW).failed == 1
    db_session.refresh(offer)
    assert offer.delivered_at is None and offer.last_error == "connection refused" and offer.next_attempt_at > NOW
    assert deliver_due(sessions, up, NOW + timedelta(seconds=1)).sent == 0  # not due yet
    assert deliver_due(sessions, up, NOW + timedelta(minutes=1)).sent == 1
    assert deliver_due(sessions, up, NOW + timedelta(hours=1)).sent == 0  # delivered once
    db_session.refresh(offer)
    assert offer.delivered_at is not None and offer.attempts == 2
    (document,) = received
    assert document["event_id"] == str(offer.event_id)
    assert base64.b64decode(document["documents"][0]["content_base64"]) == PDF
    assert icjs_problems("offer", document) == []
    actions = db_session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir.id))
    ).all()
    assert {"icjs_offer_queued", "icjs_offer_failed", "icjs_offer_delivered"} <= set(actions)


def test_a_charge_sheet_is_offered_only_when_there_is_one(db_session: Session) -> None:
    fir = register(db_session)
    with pytest.raises(IcjsRefused, match="no charge sheet"):
        queue_offer(db_session, fir.id, court_code="BRVS01", offered="charge_sheet", pdf=PDF,
                    actor=Actor(user_id=None), now=NOW)  # fmt: skip
    with pytest.raises(InvalidMessage, match="court"):
        queue_offer(db_session, fir.id, court_code="vaishali", offered="fir", pdf=PDF, actor=Actor(), now=NOW)


def test_the_court_registers_fixes_a_hearing_and_disposes(db_session: Session) -> None:
    fir = _charge_sheeted(db_session)
    key = build_fir_record(db_session, fir.id).fir_key
    now = NOW + timedelta(days=30)
    registered = _court("case_registered", key, registered_on="2025-03-19")
    applied = apply_court_event(db_session, registered, sender="BRVS01", actor=COURT_ACTOR, now=now)
    assert fir.status is FirStatus.SENT_TO_COURT and "sent to court" in applied.event.outcome
    again = apply_court_event(db_session, registered, sender="BRVS01", actor=COURT_ACTOR, now=now)
    assert again.repeat and again.event.id == applied.event.id
    apply_court_event(db_session, _court("hearing_fixed", key, next_hearing_on="2025-04-02", purpose="charge"),
                      sender="BRVS01", actor=COURT_ACTOR, now=now)  # fmt: skip
    record = court_and_prison(db_session, fir.id)
    (case,) = record.court_cases
    assert (case.cnr, case.next_hearing_on.isoformat(), case.next_hearing_purpose) == (CNR, "2025-04-02", "charge")
    accused_ref = build_fir_record(db_session, fir.id).body["parties"][1]["person"]
    disposal = _court("case_disposed", key, disposed_on="2025-03-29", result="convicted", person=accused_ref,
                      sentence="3 years")  # fmt: skip
    apply_court_event(db_session, disposal, sender="BRVS01", actor=COURT_ACTOR, now=now)
    assert fir.status is FirStatus.DISPOSED
    (result,) = db_session.scalars(sa.select(CourtDisposal).where(CourtDisposal.fir_id == fir.id)).all()
    assert (result.court_case_number, result.result.value, result.sentence) == (CNR, "convicted", "3 years")
    record = court_and_prison(db_session, fir.id)
    assert record.court_cases[0].disposal_result == "convicted" and record.court_cases[0].next_hearing_on is None
    assert [e.kind for e in record.events] == ["case_registered", "hearing_fixed", "case_disposed"]
    audited = db_session.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity_id == str(fir.id))).all()
    assert audited.count("icjs_court_event") == 3 and "court_result" in audited


def test_a_court_event_that_does_not_fit_is_refused_with_the_reason(db_session: Session) -> None:
    fir = _charge_sheeted(db_session)
    key = build_fir_record(db_session, fir.id).fir_key
    with pytest.raises(IcjsRefused, match="send case_registered first") as refused:
        apply_court_event(db_session, _court("hearing_fixed", key, next_hearing_on="2025-04-02"), sender="BRVS01",
                          actor=COURT_ACTOR, now=NOW)  # fmt: skip
    assert refused.value.status == 409
    with pytest.raises(IcjsRefused, match="no FIR 9999/2025") as refused:
        missing = _court("case_registered", key.rsplit("/", 1)[0] + "/9999", registered_on="2025-03-19")
        apply_court_event(db_session, missing, sender="BRVS01", actor=COURT_ACTOR, now=NOW)
    assert refused.value.status == 404
    with pytest.raises(IcjsRefused, match="the court sending is BRVS02"):
        apply_court_event(db_session, _court("case_registered", key, registered_on="2025-03-19"), sender="BRVS02",
                          actor=COURT_ACTOR, now=NOW)  # fmt: skip


def test_a_prison_release_raises_an_alert_at_the_station_in_english_and_hindi(db_session: Session) -> None:
    fir = _charge_sheeted(db_session)
    record = build_fir_record(db_session, fir.id)
    now = NOW + timedelta(days=30)
    by_ref = _prison("released", record.fir_key, person=record.body["parties"][1]["person"], release_reason="bail")
    applied = apply_prison_event(db_session, by_ref, sender=PRISON["code"], actor=PRISON_ACTOR, now=now)
    alert = db_session.get(Notification, applied.event.notification_id)
    assert alert is not None and alert.station_id == fir.station_id and alert.kind == "prison_event"
    assert alert.message.startswith("Prison: Ram Kumar (relative: Shiv Kumar) of Hajipur Sadar PS FIR")
    assert "released from Mandal Kara, Hajipur on 01-04-2025 08:30 IST (on bail)" in alert.message
    assert "रिहा" in alert.detail["message_hi"] and "ज़मानत" in alert.detail["message_hi"]
    # The same person by name and father's name in the other script; an escape says to act.
    by_name = _prison("escaped", record.fir_key, name="Mukesh Yadav", relative_name="Ramu Yadav")
    escaped = apply_prison_event(db_session, by_name, sender=PRISON["code"], actor=PRISON_ACTOR, now=now)
    assert escaped.event.person_id == record.view.parties[2].person_id
    assert "ESCAPED" in db_session.get(Notification, escaped.event.notification_id).message
    # A name that is nobody in the FIR still raises the alert, saying so.
    nobody = _prison("admitted", record.fir_key, name="Suresh Paswan", relative_name="Ramesh Paswan")
    unknown = apply_prison_event(db_session, nobody, sender=PRISON["code"], actor=PRISON_ACTOR, now=now)
    assert unknown.event.person_id is None
    assert "did not match" in db_session.get(Notification, unknown.event.notification_id).message
    repeat = apply_prison_event(db_session, by_ref, sender=PRISON["code"], actor=PRISON_ACTOR, now=now)
    assert (
        repeat.repeat
        and db_session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.kind == "prison_event", Notification.fir_id == fir.id)
        )
        == 3
    )
    kinds = [e.kind for e in court_and_prison(db_session, fir.id).events]
    assert kinds == ["released", "escaped", "admitted"]


def test_a_prison_naming_someone_outside_the_fir_is_refused(db_session: Session) -> None:
    fir = _charge_sheeted(db_session)
    key = build_fir_record(db_session, fir.id).fir_key
    with pytest.raises(IcjsRefused, match="is not named in FIR"):
        apply_prison_event(db_session, _prison("admitted", key, person="10-P999999999"), sender=PRISON["code"],
                           actor=PRISON_ACTOR, now=NOW)  # fmt: skip
    with pytest.raises(InvalidMessage, match="person: is required, or name and relative_name"):
        apply_prison_event(db_session, _prison("admitted", key, name="Ram Kumar"), sender=PRISON["code"],
                           actor=PRISON_ACTOR, now=NOW)  # fmt: skip
