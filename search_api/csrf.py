"""Abuse protection of the citizen portal: CSRF tokens and rate limits.

CSRF of the citizens' pages: a double-submit cookie with a signed token. Each visitor gets a random
``cctns_csrf`` cookie (HttpOnly, SameSite=Lax); every form carries ``HMAC-SHA256(CCTNS_SECRET_KEY, cookie)``;
a POST whose field does not match its cookie is refused. Another site can neither read the cookie nor compute
the signature.

CSRF of the staff pages: the same signature, bound to the staff session cookie (``cctns_session``) instead of a
cookie of its own (:func:`session_csrf_token`). Staff forms carry it in ``csrf_token``; the staff pages' own calls
to the API with the session cookie send it in the ``X-CSRF-Token`` header on every unsafe method.

Rate limits are counted in PostgreSQL by ``records.rate_limits`` (the one implementation, which logins use
too), so they hold across server processes and restarts. Each counted request is committed before the work it
guards, so a failing request still counts.
Limits per IP address assume the server sees the citizen's address (behind a proxy, configure it to pass the
client address to uvicorn with ``--proxy-headers``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from records.rate_limits import Limit, RateLimited, hit, purge_old_hits

__all__ = ["Limit", "RateLimited", "hit", "purge_old_hits"]

CSRF_COOKIE = "cctns_csrf"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "cctns_session"  # the staff session (a signed, revocable token), set by /staff/login
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_for(secret: str, cookie: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{cookie}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token or len(cookie) > 100 or len(token) > 100:
        return False
    return hmac.compare_digest(csrf_token_for(secret, cookie), token)


def _session_subject(session_cookie: str) -> str:
    return "session:" + hashlib.sha256(session_cookie.encode()).hexdigest()[:40]


def session_csrf_token(secret: str, session_cookie: str) -> str:
    """The CSRF token of a staff session: forms and the pages' API calls send it back."""
    return csrf_token_for(secret, _session_subject(session_cookie))


def session_csrf_ok(secret: str, session_cookie: str | None, token: str | None) -> bool:
    if not session_cookie:
        return False
    return csrf_ok(secret, _session_subject(session_cookie), token)


HOUR = timedelta(hours=1)
# What each limit guards: complaints filed, SMS codes sent (filing, resend, status), code entries.
FILE_PER_IP = Limit("file:ip", 10, HOUR)
FILE_PER_MOBILE = Limit("file:mobile", 3, HOUR)
CODE_PER_MOBILE = Limit("code:mobile", 6, HOUR)
CODE_PER_IP = Limit("code:ip", 20, HOUR)
VERIFY_PER_IP = Limit("verify:ip", 30, HOUR)
STATUS_PER_IP = Limit("status:ip", 30, HOUR)
