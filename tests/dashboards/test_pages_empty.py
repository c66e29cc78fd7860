"""Every page renders on a database with no FIRs yet (a fresh install) and says so instead of failing; with no
boundaries file the overview says what is missing and how to provide it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from dashboards.app import PAGES, create_dash_app
from dashboards.components.context import PRINCIPAL_KEY
from dashboards.pages import overview
from tests.support import scratch_name, server_url_of


@pytest.fixture(scope="module")
def empty_database(database_url: str) -> Iterator[sa.Engine]:
    name = scratch_name(database_url, "empty")
    engine = fresh_database(server_url_of(database_url), name)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _text(component: object) -> str:
    return str(component.to_plotly_json()) if hasattr(component, "to_plotly_json") else str(component)


@pytest.mark.parametrize("module", list(PAGES), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_each_page_renders_with_no_firs(empty_database: sa.Engine, module: object) -> None:
    app = create_dash_app(empty_database, None)
    principal = {"role": "hq", "username": "hq.test", "district_id": None, "station_id": None}
    with app.server.test_request_context("/dashboards/", environ_overrides={PRINCIPAL_KEY: principal}):
        rendered = _text(module.layout(lang="hi"))  # type: ignore[attr-defined]
    assert "Traceback" not in rendered
    if module is overview:
        assert "CCTNS_GEO_BOUNDARIES_PATH" in rendered
        # The notices are in the page's language too (issue 23), not English on a Hindi page.
        assert "ज़िलों की सीमाएँ विन्यस्त नहीं हैं" in rendered and "No district boundaries" not in rendered
        assert "एनसीआरबी की प्रकाशित तालिकाएँ लोड नहीं हैं" in rendered and "not loaded" not in rendered
        assert "इन फ़िल्टरों से कोई प्राथमिकी नहीं मिली" in rendered


def test_a_page_outside_the_login_guard_asks_to_log_in(empty_database: sa.Engine) -> None:
    app = create_dash_app(empty_database, None)
    with app.server.test_request_context("/dashboards/"):
        assert "/staff/login" in _text(overview.layout())
