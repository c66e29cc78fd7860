"""In-app alerts (issue 8): an officer's own (from their watch list) and their station's or district's (a
known offender named in a new FIR there), and marking them read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request

from records.models import Notification
from search_api.audit import audit
from search_api.auth import Principal, PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.linked_records import ERRORS, user_only
from search_api.person_schemas import NotificationOut
from search_api.schemas import from_row

router = APIRouter(tags=["criminal tracking"])


def _mine(principal: Principal) -> sa.ColumnElement[bool]:
    mine = [Notification.user_id == principal.user_id] if principal.user_id else []
    access = principal.access
    if access.station_only is not None or access.district_only is not None:
        mine.append(sa.and_(Notification.station_id.is_not(None), access.stations(Notification.station_id)))
    return sa.or_(*mine) if mine else sa.false()


@router.get("/notifications", response_model=list[NotificationOut], responses=ERRORS, summary="My alerts")
def notifications(
    session: SessionDep,
    principal: PrincipalDep,
    unread: Annotated[bool, Query(description="Only alerts not yet marked read")] = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[NotificationOut]:
    """Alerts for the caller: their own (watch list) and their station's or district's (known offenders)."""
    user_only(principal)
    query = sa.select(Notification).where(_mine(principal))
    if unread:
        query = query.where(Notification.read_at.is_(None))
    rows = session.scalars(query.order_by(Notification.id.desc()).limit(limit)).all()
    return [from_row(NotificationOut, n, for_station=n.station_id is not None) for n in rows]


@router.post("/notifications/{notification_id}/read", status_code=204, responses=ERRORS, summary="Mark an alert read")
def mark_read(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    notification_id: Annotated[int, Path(ge=1, le=2**62)],
) -> None:
    user_only(principal)
    found = session.scalar(sa.select(Notification).where(Notification.id == notification_id, _mine(principal)))
    if found is None:
        raise ApiError(404, f"no alert {notification_id} of yours")
    if found.read_at is None:
        found.read_at = datetime.now(UTC)
        audit(session, request, principal, "mark_read", "notification", found.id, {"kind": found.kind})
    session.commit()
