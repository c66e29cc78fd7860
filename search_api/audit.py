"""Audit rows for API requests: who (user or API client), what, when, from which address.

Writes use the ``Actor`` of ``cases`` in their own transaction; reads of case records and people's
details, and administrative actions, are recorded here and committed by the route.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from records.models import AuditEntry
from search_api.auth import Principal


def audit(
    session: Session,
    request: Request,
    principal: Principal,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit row to the request's transaction (the route commits it)."""
    return principal.actor(request).audit(session, action, entity_type, entity_id, detail)
