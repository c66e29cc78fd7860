"""The SMS a complainant gets when something happens to the FIR registered from their complaint.

``cases.registration`` and ``cases.investigation`` call :func:`tell_complainant` in the transaction of the arrest,
final report or change of investigating officer; FIRs not registered from an online complaint send nothing (their
complainants neither asked for messages nor confirmed their number).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import Complaint, Fir, PoliceStation
from records.sms_queue import FINAL_REPORT_KINDS, queue_sms


def tell_complainant(session: Session, fir: Fir, kind: str, key: str, **values: object) -> bool:
    """Queue SMS ``kind`` (arrest, charge_sheet, final_report, io_assigned) to the complainant of the complaint
    ``fir`` was registered from; ``key`` names the event (one SMS per key). False when there is none."""
    complaint = session.scalar(sa.select(Complaint).where(Complaint.fir_id == fir.id))
    if complaint is None:
        return False
    station = session.get(PoliceStation, fir.station_id)
    assert station is not None
    language = complaint.language
    if "report_kind" in values:
        en, hi = FINAL_REPORT_KINDS.get(str(values.pop("report_kind")), ("", ""))
        values["report"] = hi if language == "hi" else en
    return queue_sms(
        session,
        key=f"fir:{fir.id}:{key}"[:100],
        to=complaint.mobile,
        kind=kind,
        language=language,
        complaint_id=complaint.id,
        fir_id=fir.id,
        fir=fir.number,
        station=station.name_hi if language == "hi" else station.name_en,
        **values,
    )
