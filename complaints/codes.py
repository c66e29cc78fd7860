"""One-time codes sent by SMS: six digits, valid ten minutes, five tries, stored only as an HMAC."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from complaints.errors import Problem
from records.models import Complaint, OneTimeCode
from records.sms_queue import queue_sms

CODE_MINUTES = 10
MAX_TRIES = 5


def _digest(secret: str, code_id: int, code: str) -> str:
    return hmac.new(secret.encode(), f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def issue_code(session: Session, complaint: Complaint, purpose: str, *, secret: str, now: datetime) -> OneTimeCode:
    """A new code for ``purpose`` (confirm or status), queued by SMS to the complaint's mobile; earlier unused
    codes of the same purpose stop working."""
    session.execute(
        sa.update(OneTimeCode)
        .where(OneTimeCode.complaint_id == complaint.id, OneTimeCode.purpose == purpose, OneTimeCode.used_at.is_(None))
        .values(used_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = OneTimeCode(
        complaint_id=complaint.id, purpose=purpose, code_hash="-", expires_at=now + timedelta(minutes=CODE_MINUTES)
    )
    session.add(row)
    session.flush()
    row.code_hash = _digest(secret, row.id, code)
    queue_sms(
        session,
        key=f"otp:{row.id}",
        to=complaint.mobile,
        kind="otp",
        language=complaint.language,
        complaint_id=complaint.id,
        code=code,
        minutes=CODE_MINUTES,
    )
    return row


def check_code(
    session: Session, complaint: Complaint, purpose: str, code: str, *, secret: str, now: datetime
) -> Problem | None:
    """None if ``code`` is the latest code for ``purpose`` (it is then used up), else why not.

    A wrong try is counted on the code's row and not raised, so the caller commits the count: guessing is
    limited to five tries per code, and a new code needs a new SMS (which is rate-limited)."""
    row = session.scalar(
        sa.select(OneTimeCode)
        .where(OneTimeCode.complaint_id == complaint.id, OneTimeCode.purpose == purpose)
        .order_by(OneTimeCode.id.desc())
        .limit(1)
        .with_for_update()
    )
    again_en, again_hi = "ask for a new code", "नया कोड मँगाएँ"
    if row is None or row.used_at is not None:
        return Problem("code", f"Code: no code is waiting; {again_en}", f"कोड: कोई कोड प्रतीक्षा में नहीं है; {again_hi}")
    if row.expires_at <= now:
        return Problem(
            "code",
            f"Code: has expired (codes last {CODE_MINUTES} minutes); {again_en}",
            f"कोड: की अवधि ({CODE_MINUTES} मिनट) समाप्त हो गई; {again_hi}",
        )
    if row.attempts >= MAX_TRIES:
        return Problem(
            "code",
            f"Code: was entered wrongly {MAX_TRIES} times; {again_en}",
            f"कोड: {MAX_TRIES} बार गलत डाला गया; {again_hi}",
        )
    cleaned = "".join(ch for ch in code if not ch.isspace())[:12]
    if not hmac.compare_digest(row.code_hash, _digest(secret, row.id, cleaned)):
        row.attempts += 1
        left = MAX_TRIES - row.attempts
        return Problem(
            "code",
            f"Code: is not the code we sent; {left} tries left (check the latest SMS)",
            f"कोड: भेजा गया कोड नहीं है; {left} प्रयास बाकी (नवीनतम SMS देखें)",
        )
    row.used_at = now
    return None
