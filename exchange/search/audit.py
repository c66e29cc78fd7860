"""The audit row of one cross-state step, the same shape on every node it passes (the caller's state, the
national node, the owning state): who asked (officer, station, state), from which node, the purpose, reason and
case reference, what was asked, and what was returned (counts and record keys, never the details themselves).
``query_id`` is one id for one query on every node, so the rows of its two sides can be put side by side.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from exchange.search.request import Purpose
from records.audit import Actor

ENTITY = "network_query"


def audit_step(
    session: Session,
    actor: Actor,
    action: str,
    *,
    query_id: str,
    other_node: str,
    asked_by: dict[str, Any],
    purpose: Purpose,
    asked: dict[str, Any],
    returned: dict[str, Any],
) -> None:
    """Add the audit row of one step (``action``: e.g. "cross-state search") in the caller's transaction."""
    actor.audit(
        session,
        action,
        ENTITY,
        query_id,
        {
            "other_node": other_node,
            "asked_by": asked_by,
            "purpose": purpose.purpose,
            "reason": purpose.reason,
            "case_reference": purpose.case_reference,
            "asked": asked,
            "returned": returned,
        },
    )
