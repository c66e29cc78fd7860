"""``/admin/api-clients``: the keys of stations' own systems: create one (bound to a station), give a client a
new key (the old one stops working), revoke it. A new key is shown once, on the answer to the form, and never
stored in the clear (``records.api_keys``, which audits each change)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from portal.admin.common import AdminOfficer, admin_page, after_change, found, station_choices, text
from portal.i18n import language_of
from portal.staff_frame import Officer, StaffForm, StaffSession
from records.api_keys import issue_api_key, revoke_api_key, rotate_api_key
from records.models import ApiClient, PoliceStation
from records.users import UserInputError

router = APIRouter(prefix="/admin/api-clients")


def _list_page(
    request: Request, session: Session, officer: Officer, error: str = "", entered: dict[str, str] | None = None
) -> HTMLResponse:
    language = language_of(request)
    with_revoked = request.query_params.get("revoked") == "1"
    query = sa.select(ApiClient, PoliceStation).join(PoliceStation, PoliceStation.id == ApiClient.station_id)
    if not with_revoked:
        query = query.where(ApiClient.revoked_at.is_(None))
    rows = [
        (client, station.name_hi if language == "hi" else station.name_en)
        for client, station in session.execute(query.order_by(ApiClient.id))
    ]
    return admin_page(
        request,
        officer,
        "admin/api_clients.html",
        status_code=422 if error else 200,
        rows=rows,
        with_revoked=with_revoked,
        stations=station_choices(session, language),
        error=error,
        entered=entered or {},
    )


def _key_page(request: Request, officer: Officer, client: ApiClient, key: str) -> HTMLResponse:
    """The one time a key is shown (the page is not cached; reloading it does not show the key again)."""
    return admin_page(request, officer, "admin/api_key.html", client=client, key=key)


@router.get("/")
def api_clients_page(request: Request, session: StaffSession, officer: AdminOfficer) -> HTMLResponse:
    return _list_page(request, session, officer)


@router.post("/")
def create_client_form(request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm) -> Response:
    entered = {"name": text(form, "name", 120), "station": text(form, "station", 24)}
    try:
        if not entered["name"]:
            raise UserInputError("name: say what system the key is for")
        client, key = issue_api_key(
            session, name=entered["name"], station_code=entered["station"], actor=officer.principal.actor(request)
        )
    except UserInputError as problem:
        session.rollback()
        return _list_page(request, session, officer, str(problem), entered)
    session.commit()
    return _key_page(request, officer, client, key)


@router.post("/{client_id}/rotate")
def rotate_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, client_id: int
) -> Response:
    client = found(session, ApiClient, client_id)
    try:
        key = rotate_api_key(session, client, actor=officer.principal.actor(request))
    except UserInputError as problem:
        session.rollback()
        return _list_page(request, session, officer, str(problem))
    session.commit()
    return _key_page(request, officer, client, key)


@router.post("/{client_id}/revoke")
def revoke_form(
    request: Request, session: StaffSession, officer: AdminOfficer, form: StaffForm, client_id: int
) -> Response:
    revoke_api_key(session, found(session, ApiClient, client_id), actor=officer.principal.actor(request))
    session.commit()
    return after_change("/admin/api-clients/", "revoked")
