"""Abuse protection of the citizen portal: CSRF tokens and rate limits.

CSRF: a double-submit cookie with a signed token. Each visitor gets a random ``cctns_csrf`` cookie
(HttpOnly, SameSite=Lax); every form carries ``HMAC-SHA256(CCTNS_SECRET_KEY, cookie)``; a POST whose field
does not match its cookie is refused. Another site can neither read the cookie nor compute the signature.

Rate limits are counted in PostgreSQL (``rate_limit_hit``), so they hold across server processes and
restarts. Each counted request is committed before the work it guards, so a failing request still counts.
Limits per IP address assume the server sees the citizen's address (behind a proxy, configure it to pass the
client address to uvicorn with ``--proxy-headers``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import RateLimitHit

CSRF_COOKIE = "cctns_csrf"
CSRF_FIELD = "csrf_token"


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_for(secret: str, cookie: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{cookie}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token or len(cookie) > 100 or len(token) > 100:
        return False
    return hmac.compare_digest(csrf_token_for(secret, cookie), token)


@dataclass(frozen=True)
class Limit:
    bucket: str
    count: int
    window: timedelta


HOUR = timedelta(hours=1)
# What each limit guards: complaints filed, SMS codes sent (filing, resend, status), code entries.
FILE_PER_IP = Limit("file:ip", 10, HOUR)
FILE_PER_MOBILE = Limit("file:mobile", 3, HOUR)
CODE_PER_MOBILE = Limit("code:mobile", 6, HOUR)
CODE_PER_IP = Limit("code:ip", 20, HOUR)
VERIFY_PER_IP = Limit("verify:ip", 30, HOUR)
STATUS_PER_IP = Limit("status:ip", 30, HOUR)


KEEP_HITS = timedelta(days=1)


def purge_old_hits(session: Session, *, now: datetime | None = None) -> int:
    """Delete counted requests older than any window (the table stays small); returns how many. Never commits."""
    cutoff = (now or datetime.now(UTC)) - KEEP_HITS
    return session.execute(sa.delete(RateLimitHit).where(RateLimitHit.at < cutoff)).rowcount or 0


class RateLimited(Exception):
    def __init__(self, limit: Limit, retry_after: timedelta) -> None:
        self.limit, self.retry_after = limit, retry_after
        super().__init__(f"more than {limit.count} requests of kind {limit.bucket} in {limit.window}")


def hit(session: Session, limit: Limit, subject: str, *, now: datetime | None = None) -> None:
    """Count one request by ``subject``, or raise RateLimited if it has used up ``limit`` (then nothing is counted).

    An advisory lock on (bucket, subject) makes concurrent requests of one subject count one at a time. Never
    commits: callers commit the count before the work it guards."""
    now = now or datetime.now(UTC)
    subject = subject[:64]
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(f"{limit.bucket}|{subject}", 0))))
    since = now - limit.window
    session.execute(
        sa.delete(RateLimitHit).where(
            RateLimitHit.bucket == limit.bucket, RateLimitHit.subject == subject, RateLimitHit.at < since
        )
    )
    recent = session.execute(
        sa.select(sa.func.count(), sa.func.min(RateLimitHit.at)).where(
            RateLimitHit.bucket == limit.bucket, RateLimitHit.subject == subject, RateLimitHit.at >= since
        )
    ).one()
    if recent[0] >= limit.count:
        raise RateLimited(limit, max(recent[1] + limit.window - now, timedelta(seconds=1)))
    session.add(RateLimitHit(bucket=limit.bucket, subject=subject, at=now))
    session.flush()
