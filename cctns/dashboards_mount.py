"""The dashboards inside the one ASGI app: the Dash (Flask, WSGI) app behind a login guard at /dashboards/.

The guard reads the session cookie that ``/staff/login`` sets, checks it as the API checks a bearer token
(signature, expiry, the account still active), and hands the officer (role, district, station) to Dash in the
ASGI scope (``cctns.principal``, which a2wsgi passes on as ``environ["asgi.scope"]``). Without a valid cookie a
page request is redirected to the login with ``next`` set; a Dash background request gets 401.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

from a2wsgi import WSGIMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import Receive, Scope, Send

from dashboards.app import create_dash_app
from dashboards.components.context import PRINCIPAL_KEY
from records.database import Database
from records.settings import Settings, get_settings
from search_api.session_login import COOKIE, principal_from_cookie

MOUNT_PATH = "/dashboards"


class DashboardsGuard:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database, self.settings = database, settings
        dash_app = create_dash_app(database.engine, settings.geo_boundaries_path)
        self.inner = WSGIMiddleware(dash_app.server, workers=8)

    def _principal(self, token: str | None) -> dict[str, Any] | None:
        with self.database.sessions() as session:
            return principal_from_cookie(session, self.settings, token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)  # type: ignore[arg-type]
            return
        cookies = SimpleCookie()
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                cookies.load(value.decode("latin-1"))
        token = cookies[COOKIE].value if COOKIE in cookies else None
        principal = await run_in_threadpool(self._principal, token)
        if principal is None:
            path = scope.get("path", "")
            if not path.startswith(MOUNT_PATH + "/"):  # servers that strip the mount point from the path
                path = scope.get("root_path", "") + path
            query = scope.get("query_string", b"").decode("latin-1")
            wanted = path + ("?" + query if query else "")
            if scope.get("method") == "GET" and "_dash" not in path:
                response: Any = RedirectResponse("/staff/login?next=" + quote(wanted, safe=""), status_code=303)
            else:
                response = JSONResponse(
                    {"detail": "your login has expired or is missing; log in again at /staff/login"}, status_code=401
                )
            await response(scope, receive, send)
            return
        await self.inner({**scope, PRINCIPAL_KEY: principal}, receive, send)  # type: ignore[arg-type]


def mount_dashboards(app: Any, database: Database, settings: Settings | None = None) -> None:
    """Mount the guarded dashboards at /dashboards/ of the FastAPI app."""
    app.mount(MOUNT_PATH, DashboardsGuard(database, settings or get_settings()))
