"""Rate limits counted in PostgreSQL (``rate_limit_hit``), so they hold across server processes and restarts.

One implementation for every limit: the citizen portal's (``search_api.csrf``) and the logins'
(``search_api.logins``). A ``Limit`` allows ``count`` counted requests of one kind (``bucket``) by one subject
(an IP address, a mobile number, a username) in a sliding ``window``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import RateLimitHit

KEEP_HITS = timedelta(days=1)  # longer than any window


@dataclass(frozen=True)
class Limit:
    bucket: str
    count: int
    window: timedelta


class RateLimited(Exception):
    def __init__(self, limit: Limit, retry_after: timedelta) -> None:
        self.limit, self.retry_after = limit, retry_after
        super().__init__(f"more than {limit.count} requests of kind {limit.bucket} in {limit.window}")

    @property
    def retry_after_seconds(self) -> int:
        """Whole seconds to wait, rounded up (what a Retry-After header says)."""
        return int(self.retry_after.total_seconds()) + 1


def purge_old_hits(session: Session, *, now: datetime | None = None) -> int:
    """Delete counted requests older than any window (the table stays small); returns how many. Never commits."""
    cutoff = (now or datetime.now(UTC)) - KEEP_HITS
    return session.execute(sa.delete(RateLimitHit).where(RateLimitHit.at < cutoff)).rowcount or 0


def hit(session: Session, limit: Limit, subject: str, *, now: datetime | None = None) -> RateLimitHit:
    """Count one request by ``subject``, or raise RateLimited if it has used up ``limit`` (then nothing is counted).

    An advisory lock on (bucket, subject) makes concurrent requests of one subject count one at a time. Never
    commits: callers commit the count before the work it guards. Returns the counted row (see :func:`uncount`)."""
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
    counted = RateLimitHit(bucket=limit.bucket, subject=subject, at=now)
    session.add(counted)
    session.flush()
    return counted


def uncount(session: Session, *hits: RateLimitHit) -> None:
    """Take back counted requests (a login that succeeded does not count against its address). Never commits."""
    ids = [counted.id for counted in hits]
    if ids:
        session.execute(sa.delete(RateLimitHit).where(RateLimitHit.id.in_(ids)))


def forget(session: Session, limit: Limit, subject: str) -> int:
    """Clear every counted request of ``subject`` under ``limit`` (an unlocked account starts afresh). Never
    commits; returns how many."""
    query = sa.delete(RateLimitHit).where(RateLimitHit.bucket == limit.bucket, RateLimitHit.subject == subject[:64])
    return session.execute(query).rowcount or 0
