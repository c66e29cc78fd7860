"""Abuse protection of the citizen portal: CSRF tokens and rate limits.

CSRF: a double-submit cookie with a signed token. Each visitor gets a random ``cctns_csrf`` cookie
(HttpOnly, SameSite=Lax); every form carries ``HMAC-SHA256(CCTNS_SECRET_KEY, cookie)``; a POST whose field
does not match its cookie is refused. Another site can neither read the cookie nor compute the signature.

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


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(32)


def csrf_token_for(secret: str, cookie: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{cookie}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token or len(cookie) > 100 or len(token) > 100:
        return False
    return hmac.compare_digest(csrf_token_for(secret, cookie), token)


HOUR = timedelta(hours=1)
# What each limit guards: complaints filed, SMS codes sent (filing, resend, status), code entries.
FILE_PER_IP = Limit("file:ip", 10, HOUR)
FILE_PER_MOBILE = Limit("file:mobile", 3, HOUR)
CODE_PER_MOBILE = Limit("code:mobile", 6, HOUR)
CODE_PER_IP = Limit("code:ip", 20, HOUR)
VERIFY_PER_IP = Limit("verify:ip", 30, HOUR)
STATUS_PER_IP = Limit("status:ip", 30, HOUR)
