"""Who filed each final report or charge sheet: the user whose action recorded it (its audit row, written by
``cases.investigation.record_final_report``). A report imported from a legacy system, or recorded at the command
line, has no such user and no entry here."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import AuditEntry, User


@dataclasses.dataclass(frozen=True)
class Filer:
    user_id: int
    full_name: str


def report_filers(session: Session, fir_id: int, report_ids: Collection[int]) -> dict[int, Filer]:
    """The filer of each of ``report_ids`` (reports of FIR ``fir_id``) that a user recorded, by report id."""
    if not report_ids:
        return {}
    report_id = AuditEntry.detail["final_report_id"].astext
    rows = session.execute(
        sa.select(report_id, User.id, User.full_name)
        .join(User, User.id == AuditEntry.user_id)
        .where(
            AuditEntry.entity_type == "fir",
            AuditEntry.entity_id == str(fir_id),
            AuditEntry.action == "final_report",
            report_id.in_([str(i) for i in report_ids]),
        )
        .order_by(AuditEntry.id)
    )
    return {int(report): Filer(user_id, full_name) for report, user_id, full_name in rows}
