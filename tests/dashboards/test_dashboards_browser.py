"""Every dashboard page in a real browser (headless Chromium): log in, open each page, every figure drawn with
data and no callback error; a screenshot of each page is saved for a person to look at."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.dashboards.conftest import (
    ADMIN,
    GEO_FILE,
    PASSWORD,
    STATION_OFFICER,
    Served,
    busiest_station,
    station_names,
    stations_of_firs,
)
from tests.support import needs_chromium, screenshot_folder

OUTPUT = screenshot_folder("dashboards")

pytestmark = [
    pytest.mark.slow,
    needs_chromium,
]


def _co_accused(served: Served) -> int:
    """An accused named with another accused in one FIR (the associates page then draws a link)."""
    with served.engine.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT min(person_id) FROM fir_party WHERE role = 'accused' AND person_id IS NOT NULL "
                "GROUP BY fir_id HAVING count(DISTINCT person_id) >= 2 ORDER BY fir_id LIMIT 1"
            )
        ).scalar_one()


def _log_in(page, served: Served, username: str, next_path: str = "/dashboards/") -> None:
    page.goto(served.url + next_path)
    assert "/staff/login" in page.url, "an anonymous visitor must be sent to the login"
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path.split('?')[0]}**")


def _rendered(page, minimum_graphs: int) -> list[dict]:
    """Wait until the page's figures are drawn; return each figure's id and number of plotted points."""
    page.wait_for_selector(".content", timeout=30_000)
    if minimum_graphs:
        try:
            page.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {minimum_graphs}", timeout=30_000
            )
        except Exception:
            page.screenshot(path=str(OUTPUT / "failed.png"), full_page=True)
            raise AssertionError(f"{page.url}: fewer than {minimum_graphs} figures drawn; see failed.png") from None
    page.wait_for_timeout(500)
    assert page.locator(".dash-fe-error, .dash-fe-error__title, .dash-error-card").count() == 0
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => ({
            id: g.parentElement.id || g.id,
            points: (g._fullData || []).reduce(
                (n, t) => n + (((t.x || t.z || t.values || t.locations || []).length || 0)), 0)
        }))"""
    )


PAGES = [
    # (name, path with query, graphs expected at least)
    ("overview", "/dashboards/?from=2008-01", 4),
    ("overview_hindi", "/dashboards/?from=2008-01&lang=hi&law=penal", 4),
    ("district", "/dashboards/district?from=2008-01&district=VAISHALI", 3),
    ("station", "/dashboards/station?from=2008-01&station={station}", 2),
    ("pendency", "/dashboards/pendency?from=2008-01", 3),
    ("pendency_district", "/dashboards/pendency?from=2008-01&district=VAISHALI", 3),
    ("women_sc_st", "/dashboards/women-sc-st?from=2008-01", 4),
    ("operations", "/dashboards/operations", 0),
    ("ncrb", "/dashboards/ncrb?from=2025-01&to=2025-12", 0),
    ("associates_empty", "/dashboards/associates", 0),
    ("associates", "/dashboards/associates?person={person}&depth=2", 1),
    ("network", "/dashboards/network", 0),
]


def test_every_page_renders_its_figures_without_errors(browser, served: Served) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    _log_in(page, served, "hq.test")
    station = busiest_station(served.engine, "VAISHALI")
    person = _co_accused(served)
    for name, path, graphs in PAGES:
        # Without the boundaries file (shared data not beside the repository) the overview has no map and says why.
        without_map = name.startswith("overview") and not GEO_FILE.is_file()
        graphs -= without_map
        page.goto(served.url + path.format(station=station, person=person))
        figures = _rendered(page, graphs)
        page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)
        drawn = [figure for figure in figures if figure["points"] > 0]
        assert len(drawn) >= graphs, f"{name}: figures without data: {figures}"
        assert not errors, f"{name}: browser errors: {errors}"
        notices = page.locator(".notice").all_inner_texts()
        if without_map:
            assert any("CCTNS_GEO_BOUNDARIES_PATH" in notice for notice in notices), f"{name}: {notices}"
        else:
            assert not notices, f"{name}: unexpected notice: {notices}"
    # The NCRB table lists every district and the state total.
    page.goto(served.url + "/dashboards/ncrb?from=2025-01&to=2025-12")
    page.wait_for_selector("#t-ncrb")
    assert page.get_by_text("VAISHALI", exact=True).count() >= 1
    context.close()


def test_filters_live_in_the_url_and_language_switches(browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _log_in(page, served, "hq.test", "/dashboards/district?from=2008-01&district=VAISHALI")
    _rendered(page, 3)
    page.get_by_text("हिन्दी").click()
    page.wait_for_url("**lang=hi**")
    assert "district=VAISHALI" in page.url
    page.wait_for_selector("text=थानों की तुलना")
    # A shared link opens the same view for another officer.
    other = browser.new_context().new_page()
    _log_in(other, served, "hq.test", "/dashboards/district?from=2008-01&district=VAISHALI&lang=hi")
    other.wait_for_selector("text=थानों की तुलना")
    context.close()


def test_a_district_sp_sees_only_their_district(browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _log_in(page, served, "sp.test", "/dashboards/district?from=2008-01&district=PATNA")
    _rendered(page, 3)
    notices = page.locator(".notice").all_inner_texts()
    assert any("own jurisdiction" in notice for notice in notices), notices
    page.screenshot(path=str(OUTPUT / "district_sp_narrowed.png"), full_page=True)
    names = page.evaluate("() => document.getElementById('g-units').querySelector('.js-plotly-plot').data[0].y")
    vaishali = station_names(served.engine, "VAISHALI")
    assert names and set(names) <= vaishali
    context.close()


def test_clicking_a_person_on_the_associates_graph_recentres_on_them(browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    person = _co_accused(served)
    _log_in(page, served, "hq.test", f"/dashboards/associates?person={person}&depth=1")
    _rendered(page, 1)
    people = page.locator("#assoc-graph .scatterlayer .trace").last.locator("path.point")
    assert people.count() >= 2
    people.nth(1).click(force=True)
    page.wait_for_url(lambda url: f"person={person}&" not in url and "person=" in url, timeout=15000)
    assert "depth=1" in page.url
    _rendered(page, 1)
    context.close()


def test_an_administrator_sees_why_not_and_the_system_health(browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, served, ADMIN, "/dashboards/?from=2008-01")
    _rendered(page, 0)
    notices = page.locator(".notice").all_inner_texts()
    assert any("Administrators manage users and reference data" in notice for notice in notices), notices
    assert page.locator(".js-plotly-plot").count() == 0
    page.screenshot(path=str(OUTPUT / "admin_refused.png"), full_page=True)
    page.locator(".notice a", has_text="Operations").click()
    page.wait_for_url("**/dashboards/operations**")
    page.wait_for_selector("text=Search index lag")
    assert page.locator("#t-imports").count() == 0
    assert page.get_by_text("only HQ (any station) and district SPs").count() == 1
    assert not errors, errors
    context.close()


def test_a_station_officer_sees_only_their_station(browser, served: Served) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    own, patna = busiest_station(served.engine, "VAISHALI"), busiest_station(served.engine, "PATNA")
    _log_in(page, served, STATION_OFFICER, f"/dashboards/station?from=2008-01&station={patna}")
    _rendered(page, 2)
    notices = page.locator(".notice").all_inner_texts()
    assert any("own jurisdiction" in notice for notice in notices), notices
    links = page.locator(".table a").evaluate_all("links => links.map(a => a.href)")
    assert links and stations_of_firs(served.engine, [link.rsplit("/", 1)[1] for link in links]) == {own}
    page.screenshot(path=str(OUTPUT / "station_officer_narrowed.png"), full_page=True)
    context.close()
