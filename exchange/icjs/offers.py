"""What a station offers a court, and the store-and-forward delivery of it.

:func:`queue_offer` writes the offer (the FIR as the exchange record, or the same with its charge sheet named, and
the PDF copy as it stands) in the caller's transaction, checked against the specification first, so a court is
never sent what it must refuse. :func:`deliver_due` sends what is waiting, oldest first, each in its own
transaction: a delivered offer is marked so, a failed one waits longer each time (``RETRY_PAUSES``) and keeps its
``event_id``, so a court that did take an offer whose answer was lost recognises the repeat.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.icjs.keys import IcjsRefused
from exchange.icjs.validation import ICJS_SPEC, validate_icjs
from exchange.records import build_fir_record, moment
from records.audit import Actor
from records.models import FinalReport, FinalReportKind, IcjsCourtOffer

OFFERED = ("fir", "charge_sheet")
RETRY_PAUSES = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
BATCH = 20
SENDER = Actor(via="ICJS court offers (store and forward)")


class DeliveryFailed(Exception):
    """The court did not take an offer (unreachable, or it answered with an error): tried again later."""


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int


def _charge_sheet(session: Session, fir_id: int) -> FinalReport:
    report = session.scalar(
        sa.select(FinalReport)
        .where(FinalReport.fir_id == fir_id, FinalReport.kind == FinalReportKind.CHARGE_SHEET)
        .order_by(FinalReport.submitted_on.desc(), FinalReport.id.desc())
        .limit(1)
    )
    if report is None:
        raise IcjsRefused("offered", "the FIR has no charge sheet to offer; record the charge sheet first", 409)
    return report


def document_of(pdf: bytes, name: str) -> dict[str, str]:
    return {
        "name": name,
        "media_type": "application/pdf",
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "content_base64": base64.b64encode(pdf).decode("ascii"),
    }


def queue_offer(
    session: Session,
    fir_id: int,
    *,
    court_code: str,
    offered: str,
    pdf: bytes,
    actor: Actor,
    now: datetime,
) -> IcjsCourtOffer:
    """Queue the FIR (``offered="fir"``) or its latest charge sheet (``"charge_sheet"``) with the PDF copy for the
    court ``court_code``; IcjsRefused or InvalidMessage when it cannot go as it stands. Never commits."""
    if offered not in OFFERED:
        raise IcjsRefused("offered", f"{offered!r} is not one of {', '.join(OFFERED)}")
    record = build_fir_record(session, fir_id)
    state = record.fir_key.split("-", 1)[0]
    report = _charge_sheet(session, fir_id) if offered == "charge_sheet" else None
    event_id = uuid.uuid4()
    body: dict[str, Any] = {
        "spec": ICJS_SPEC,
        "event_id": str(event_id),
        "kind": "case_offered",
        "sent_at": moment(now),
        "sending_state": state,
        "station": record.body["station"],
        "court": court_code,
        "fir_key": record.fir_key,
        "offered": offered,
        "fir": record.body,
    }
    if report is not None and report.report_number:
        body["report_number"] = report.report_number
    name = f"FIR-{record.fir_key.replace('/', '-')}.pdf"
    validate_icjs("offer", {**body, "documents": [document_of(pdf, name)]}, this_year=now.year)
    offer = IcjsCourtOffer(
        fir_id=fir_id,
        final_report_id=report.id if report is not None else None,
        what=offered,
        court_code=court_code,
        event_id=event_id,
        body=body,
        pdf=pdf,
        queued_by_user_id=actor.user_id,
        queued_at=now,
        next_attempt_at=now,
    )
    session.add(offer)
    session.flush()
    actor.audit(
        session,
        "icjs_offer_queued",
        "fir",
        fir_id,
        {"offer_id": offer.id, "event_id": str(event_id), "court": court_code, "offered": offered},
    )
    return offer


def offer_document(offer: IcjsCourtOffer) -> dict[str, Any]:
    """The offer as it goes to the court: the stored body with the PDF copy beside it."""
    name = f"FIR-{offer.body['fir_key'].replace('/', '-')}.pdf"
    return {**offer.body, "documents": [document_of(offer.pdf, name)]}


def deliver_due(
    session_factory: Callable[[], Session], send: Callable[[str, dict[str, Any]], None], now: datetime
) -> Delivered:
    """Send every offer due by ``now`` (at most ``BATCH``), each in its own transaction: ``send(court_code,
    document)`` returns when the court took it and raises DeliveryFailed when it did not."""
    sent = failed = 0
    for _ in range(BATCH):
        with session_factory() as session:
            offer = session.scalar(
                sa.select(IcjsCourtOffer)
                .where(IcjsCourtOffer.delivered_at.is_(None), IcjsCourtOffer.next_attempt_at <= now)
                .order_by(IcjsCourtOffer.next_attempt_at, IcjsCourtOffer.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if offer is None:
                break
            detail = {"offer_id": offer.id, "event_id": str(offer.event_id), "court": offer.court_code}
            try:
                send(offer.court_code, offer_document(offer))
            except DeliveryFailed as error:
                pause = RETRY_PAUSES[min(offer.attempts, len(RETRY_PAUSES) - 1)]
                offer.attempts += 1
                offer.last_error = str(error)[:500]
                offer.next_attempt_at = now + pause
                SENDER.audit(session, "icjs_offer_failed", "fir", offer.fir_id, {**detail, "error": offer.last_error})
                failed += 1
            else:
                offer.attempts += 1
                offer.delivered_at = now
                offer.last_error = None
                SENDER.audit(session, "icjs_offer_delivered", "fir", offer.fir_id, detail)
                sent += 1
            session.commit()
    return Delivered(sent, failed)
