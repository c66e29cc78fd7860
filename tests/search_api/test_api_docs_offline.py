"""/docs and /redoc work without internet (issue 23 item 12): their scripts and styles come from the package,
and in Chromium with every request off this machine refused, both pages draw the API's operations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from cctns.asgi import create_app
from records.database import Database
from search_api.docs_pages import DOCS_ASSETS
from tests.portal.e2e import serving
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium

SHOTS = "/tmp/shots_uxpages"


@pytest.fixture(scope="module")
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(Database(engine))) as test_client:
        yield test_client


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_documentation_pages_load_nothing_from_outside(client: TestClient, page: str) -> None:
    html = client.get(page).text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(source.startswith(DOCS_ASSETS + "/") for source in sources), sources
    assert "https://" not in html and "http://" not in html
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 1000, source


@pytest.mark.slow
@needs_chromium
def test_documentation_pages_draw_offline_in_chromium(engine: Engine) -> None:
    from playwright.sync_api import expect, sync_playwright

    with serving(create_app(Database(engine))) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            outside: list[str] = []

            def refuse_outside(route, request) -> None:  # type: ignore[no-untyped-def]
                if request.url.startswith(url):
                    route.continue_()
                else:
                    outside.append(request.url)
                    route.abort()

            page.route("**/*", refuse_outside)
            page.goto(f"{url}/docs")
            expect(page.locator(".opblock-summary-path", has_text="/api/v1/districts").first).to_be_visible()
            page.screenshot(path=f"{SHOTS}/docs.png")
            page.goto(f"{url}/redoc")
            expect(page.get_by_text("/api/v1/districts").first).to_be_attached()
            expect(page.locator(".menu-content")).to_be_visible()
            page.screenshot(path=f"{SHOTS}/redoc.png")
            assert outside == []
        finally:
            browser.close()
