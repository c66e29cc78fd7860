"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), working without internet.

FastAPI's own pages load both from a CDN, so on a police network without internet they are blank. Here their
scripts and styles are served from the ``fastapi-offline`` package (MIT), which ships Swagger UI (Apache-2.0)
and ReDoc (MIT) builds, at :data:`DOCS_ASSETS`. Each page also says, in its Content-Security-Policy, that it
loads nothing from elsewhere (ReDoc's footer would fetch its maker's logo from the web)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_ASSETS = "/docs-assets"
_ASSETS_DIRECTORY = Path(fastapi_offline.__file__).parent / "static"
ONLY_THIS_SERVER = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:"
)
_HIDE_REDOC_FOOTER = '<style>a[href*="redocly.com"] { display: none; }</style>'


def install_docs_pages(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets to ``app`` (built with ``docs_url=None, redoc_url=None``)."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=_ASSETS_DIRECTORY), name="docs-assets")
    openapi_url = str(app.openapi_url)
    headers = {"Content-Security-Policy": ONLY_THIS_SERVER}

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=app.swagger_ui_oauth2_redirect_url,
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )
        return HTMLResponse(page.body, headers=headers)

    @app.get(str(app.swagger_ui_oauth2_redirect_url), include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        body = bytes(page.body).decode().replace("</head>", _HIDE_REDOC_FOOTER + "</head>", 1)
        return HTMLResponse(body, headers=headers)
