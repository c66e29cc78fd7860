"""The /api/v1 router: every API route, gathered for the composition root to mount."""

from fastapi import APIRouter

from search_api import auth
from search_api.routes import (
    admin,
    associates,
    complaints,
    court_cases,
    diary,
    dossier,
    fir_events,
    fir_sharing,
    firs,
    imports,
    network_confirmations,
    network_feed,
    network_icjs,
    network_search,
    notifications,
    person_links,
    reference,
    search,
    sms,
    watch_list,
)

API_PREFIX = "/api/v1"


def create_api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    router.include_router(reference.router)
    router.include_router(auth.router)
    router.include_router(firs.router)
    router.include_router(fir_events.router)
    router.include_router(diary.router)
    router.include_router(fir_sharing.router)
    router.include_router(search.router)
    router.include_router(admin.router)
    router.include_router(complaints.router)
    router.include_router(sms.router)
    router.include_router(imports.router)
    router.include_router(network_feed.router)
    router.include_router(network_search.router)
    router.include_router(network_confirmations.router)
    router.include_router(court_cases.router)  # issue 25: courts and prisons
    router.include_router(network_icjs.router)
    for criminal_tracking in (person_links, dossier, associates, watch_list, notifications):
        router.include_router(criminal_tracking.router)
    return router
