"""What pages need at request time: the database, reference tables, the boundaries path, and who is asking.

Who is asking comes only from the request (the login guard's principal, from the session cookie), never from a
page's query or a callback's inputs; what they may see is ``records.access.Jurisdiction``, the one home of the
jurisdiction rule."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask
from sqlalchemy.engine import Engine

from dashboards.data.reference import Reference, load_reference
from records.access import Jurisdiction
from records.models import Role

PRINCIPAL_KEY = "cctns.principal"  # the login guard puts the officer here, in the ASGI scope
REFERENCE_SECONDS = 300.0


@dataclass
class DashboardContext:
    engine: Engine
    boundaries_path: Path | None
    _reference: Reference | None = None
    _loaded_at: float = 0.0

    def reference(self) -> Reference:
        """Districts, stations and crime heads, re-read every few minutes (stations get added)."""
        if self._reference is None or time.monotonic() - self._loaded_at > REFERENCE_SECONDS:
            self._reference = load_reference(self.engine)
            self._loaded_at = time.monotonic()
        return self._reference


_context: DashboardContext | None = None


def set_context(context: DashboardContext) -> None:
    global _context
    _context = context


def context() -> DashboardContext:
    if _context is None:
        raise RuntimeError("the dashboards were not set up: call dashboards.app.create_dash_app first")
    return _context


def principal_of(environ: dict[str, Any]) -> dict[str, Any] | None:
    scope = environ.get("asgi.scope") or {}
    return scope.get(PRINCIPAL_KEY) or environ.get(PRINCIPAL_KEY)


@dataclass(frozen=True)
class Caller:
    """The logged-in officer: their username (shown in the header) and what they may reach."""

    username: str
    access: Jurisdiction


def current_caller() -> Caller | None:
    """The officer the login guard let in, or None outside a request that passed it (or with an unknown role)."""
    if not flask.has_request_context():
        return None
    principal = principal_of(flask.request.environ)
    if not principal:
        return None
    try:
        role = Role(principal["role"])
    except (KeyError, ValueError):
        return None
    access = Jurisdiction(role, principal.get("station_id"), principal.get("district_id"))
    return Caller(str(principal.get("username", "")), access)
