"""The one ASGI application: health check, the /api/v1 API (docs at /docs and /redoc), the citizen portal
(/portal/), the staff pages behind the one staff login (``/``, /staff/..., /admin/, the dashboards); the
documentation pages work without internet (``search_api.docs_pages``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from cctns.dashboards_mount import mount_dashboards
from indexes.engine import SearchEngine
from portal import admin, citizen, staff, staff_login
from portal.staff_frame import install_staff_frame
from portal.station import case_page
from portal.station import home as station_home
from portal.station import network as station_network
from portal.station import registration as station_registration
from records.background import BackgroundWork
from records.database import Database
from records.migrate import current_revision, head_revision
from search_api.app import create_api_router
from search_api.docs_pages import install_docs_pages
from search_api.errors import install_error_handlers

# At a stop the background work finishes its current batch within this and leaves the rest in PostgreSQL for the
# next start.
BACKGROUND_GRACE_SECONDS = 3.0


def create_app(
    database: Database, search: SearchEngine | None = None, background: BackgroundWork | None = None
) -> FastAPI:
    """Build the app on an open database and search engine (the caller owns opening and closing both).

    ``background`` (``workers.background``) is started with the app and stopped after its last request; what was
    still running then is ``app.state.background_still_running`` (None until it stopped). Without it the app runs
    no background work and refuses imports."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if background is not None:
            await run_in_threadpool(background.start)
        yield
        if background is not None:
            app.state.background_still_running = await run_in_threadpool(background.stop, BACKGROUND_GRACE_SECONDS)

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        title="CCTNS Bihar: crime records search and analytics",
        version="0.1.0",
        description="FIRs and criminal records of every police station, searchable in one place.",
    )
    app.state.database = database
    app.state.search = search
    app.state.background = background
    app.state.background_still_running = None
    install_error_handlers(
        app, larger_bodies=[(citizen.PREFIX + "/", citizen.MAX_REQUEST_BYTES, citizen.too_large_page)]
    )
    install_staff_frame(app)
    install_docs_pages(app)
    app.include_router(create_api_router())
    app.include_router(staff.router)
    app.include_router(citizen.router)
    app.include_router(staff_login.router)
    app.include_router(admin.router)
    app.include_router(station_home.router)
    app.include_router(station_registration.router)
    app.include_router(case_page.router)
    app.include_router(station_network.router)
    _mount_dashboards(app, database)

    @app.get("/health", tags=["operations"])
    def health() -> JSONResponse:
        """Whether the database answers and its schema is current."""
        body: dict[str, Any] = {"status": "ok", "schema_head": head_revision()}
        try:
            with database.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
                body["schema_revision"] = current_revision(connection)
            body["database"] = "ok"
        except sa.exc.SQLAlchemyError as error:
            body.update(status="error", database=f"unreachable: {type(error).__name__}")
            return JSONResponse(body, status_code=503)
        if body["schema_revision"] != body["schema_head"]:
            body.update(status="error", database="schema out of date; run `cctns db upgrade`")
            return JSONResponse(body, status_code=503)
        return JSONResponse(body)

    return app


def app_for_worker_process() -> FastAPI:
    """The app of one of several API processes (``cctns serve --workers N``, as uvicorn's factory): its own
    database connections and index reader, from the environment the server set; the server's background process
    (or a broker's worker) does the background work."""
    from indexes.factory import open_search_engine
    from records.database import open_database
    from records.settings import get_settings
    from workers.background import api_process_background

    settings = get_settings()
    database = open_database(settings)
    search = open_search_engine(settings)
    search.warm_up()
    return create_app(database, search, api_process_background(settings))


def _mount_dashboards(app: FastAPI, database: Database) -> None:
    """The HQ and district dashboards at /dashboards/, behind the staff cookie login (issue 6)."""

    @app.get("/dashboards", include_in_schema=False)
    def dashboards_root() -> RedirectResponse:
        return RedirectResponse("/dashboards/")

    mount_dashboards(app, database)
