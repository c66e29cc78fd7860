"""The administration pages under ``/admin/`` (administrators only, by ``records.access``): users
(``users``), the API clients of stations (``api_clients``) and police stations (``stations``). Server-rendered
in the staff frame, in Hindi and English; every change through the same commands as the admin API, audited."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from portal.admin import api_clients, stations, users
from portal.admin.common import AdminOfficer, admin_page

router = APIRouter(include_in_schema=False)


@router.get("/admin/")
def admin_home(request: Request, officer: AdminOfficer) -> HTMLResponse:
    return admin_page(request, officer, "admin/index.html")


router.include_router(users.router)
router.include_router(api_clients.router)
router.include_router(stations.router)
