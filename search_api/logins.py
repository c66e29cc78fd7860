"""Checking a password, for both login doors (``POST /api/v1/auth/token`` and ``POST /staff/login``).

Guessing is slowed three ways, all counted in PostgreSQL so they hold across processes and restarts:

* attempts per account name (``LOGIN_PER_ACCOUNT``) and per client address (``LOGIN_PER_ADDRESS``) are
  rate-limited with ``records.rate_limits`` (the portal's implementation); an attempt is counted and committed
  before the password is checked, so parallel guesses count too; a successful login takes its own count back
  and clears the account's;
* ``LOCK_AFTER`` wrong passwords in a row lock the account for ``LOCK_FOR`` (or until an administrator unlocks
  it: ``POST /api/v1/admin/users/{id}/unlock``, ``cctns user unlock NAME``); a locked account refuses even the
  right password;
* every refusal is audited (``login_failed``, ``login_throttled``, ``login_locked``, ``lock``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.normalise import clean_text
from records.audit import Actor
from records.models import User
from records.rate_limits import Limit, RateLimited, forget, hit, uncount
from records.users import hash_password, set_password, verify_password

LOGIN_PER_ACCOUNT = Limit("login:account", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Limit("login:ip", 30, timedelta(minutes=15))  # an office behind one address has many officers
LOCK_AFTER = 10
LOCK_FOR = timedelta(hours=1)
MAX_USERNAME = 64
WRONG = "the username or password is wrong, or the account is disabled"
_DUMMY_HASH = hash_password("a password nobody has, to spend the same time on unknown users")


@dataclass
class LoginRefused(Exception):
    """A login refused: 401 (wrong) or 429 (throttled or locked, with seconds to wait)."""

    status: int
    message: str
    retry_after: int | None = None

    def __str__(self) -> str:
        return self.message


def login_name(raw: str) -> str:
    """A typed username as stored: cleaned like any text field, lower-case."""
    return clean_text(raw).lower()


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def authenticate(session: Session, username: str, password: str, address: str | None, via: str) -> User:
    """The active user with this username and password, or LoginRefused. Commits its counts and audit rows.

    ``via`` (``token`` or ``cookie``) is written into the audit rows."""
    name = login_name(username)
    now = datetime.now(UTC)
    user = session.scalar(sa.select(User).where(User.username == name)) if 0 < len(name) <= MAX_USERNAME else None
    actor = Actor(user_id=user.id if user else None, client_address=address)
    detail = {"username": name[:MAX_USERNAME], "via": via}
    if user is not None and user.locked_until is not None and user.locked_until > now:
        wait = int((user.locked_until - now).total_seconds()) + 1
        actor.audit(session, "login_locked", "user", user.id, detail)
        session.commit()
        message = (
            f"this account is locked after {LOCK_AFTER} wrong passwords in a row; try again in {_minutes(wait)} "
            f"(at {user.locked_until:%H:%M} UTC) or ask an administrator to unlock it"
        )
        raise LoginRefused(429, message, wait)
    try:
        counted = [
            hit(session, LOGIN_PER_ACCOUNT, name[:MAX_USERNAME] or "-", now=now),
            hit(session, LOGIN_PER_ADDRESS, address or "unknown", now=now),
        ]
    except RateLimited as limited:
        session.rollback()
        throttled = {**detail, "limit": limited.limit.bucket}
        actor.audit(session, "login_throttled", "user", user.id if user else None, throttled)
        session.commit()
        whose = "for this account" if limited.limit is LOGIN_PER_ACCOUNT else "from this address"
        wait = limited.retry_after_seconds
        message = f"too many failed logins {whose}; try again in {_minutes(wait)}"
        raise LoginRefused(429, message, wait) from None
    session.commit()  # the attempt counts even if checking the password fails
    password_ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not password_ok or not user.is_active:
        if user is not None and not password_ok:
            _count_failure(session, actor, user, now)
        actor.audit(session, "login_failed", "user", user.id if user else None, detail)
        session.commit()
        raise LoginRefused(401, WRONG)
    uncount(session, *counted)
    forget(session, LOGIN_PER_ACCOUNT, name)
    user.failed_logins = 0
    actor.audit(session, "login", "user", user.id, {"via": via})
    session.commit()
    return user


def _count_failure(session: Session, actor: Actor, user: User, now: datetime) -> None:
    """One more wrong password in a row; the ``LOCK_AFTER``-th locks the account (and starts the count afresh)."""
    counted = sa.update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
    failures = session.execute(counted.returning(User.failed_logins)).scalar_one()
    if failures >= LOCK_AFTER:
        until = now + LOCK_FOR
        session.execute(sa.update(User).where(User.id == user.id).values(failed_logins=0, locked_until=until))
        actor.audit(session, "lock", "user", user.id, {"failed_logins": failures, "locked_until": until.isoformat()})
    session.expire(user, ["failed_logins", "locked_until"])


def clear_lock(session: Session, user: User) -> dict[str, object]:
    """Clear an account's lock, failed logins and throttle (as a new password does); returns the before/after.
    Never commits."""
    before = {"failed_logins": user.failed_logins, "locked_until": user.locked_until and user.locked_until.isoformat()}
    user.failed_logins = 0
    user.locked_until = None
    forget(session, LOGIN_PER_ACCOUNT, user.username)
    session.flush()
    return {"username": user.username, "before": before, "after": {"failed_logins": 0, "locked_until": None}}


def unlock(session: Session, user: User, *, actor: Actor) -> None:
    """An administrator or the operator releases a locked account before the lock times out; audited as
    ``actor``'s, whichever door asks. Never commits."""
    actor.audit(session, "unlock", "user", user.id, clear_lock(session, user))


def reset_password(session: Session, user: User, password: str, *, actor: Actor) -> None:
    """Give ``user`` a new password (checked against the rules) and clear their lock and failed logins; audited
    as ``actor``'s, whichever door asks (the ``cctns user password`` command, the administration pages). Never
    commits."""
    set_password(user, password)
    clear_lock(session, user)
    actor.audit(session, "set_password", "user", user.id, {"username": user.username})
