"""What the dashboards draw, read back from the browser (issue 23): the heat map's months and cells, whole-number
ticks, percentage labels inside the figure, Hindi month pickers shown whole, the pendency age bands, a district
SP's stations rising, and the associates page without console errors. Screenshots go to the test output folder
(``CCTNS_TEST_OUTPUT``) for a person to look at."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from tests.dashboards.conftest import Served, busiest_station, station_names
from tests.dashboards.test_dashboards_browser import OUTPUT, _log_in, _rendered
from tests.support import needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium]
IST = timedelta(hours=5, minutes=30)
HINDI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FRACTION = re.compile(r"^[−-]?[\d,]*\.\d+%?$")  # a tick such as 0.5 or 1.5


def _page(browser, served: Served, username: str, path: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    _log_in(page, served, username, path)
    return page


def _figure(page, graph_id: str) -> dict:
    return page.evaluate(
        f"""() => {{ const g = document.getElementById('{graph_id}').querySelector('.js-plotly-plot');
        return {{data: g._fullData.map(t => ({{x: t.x && Array.from(t.x), y: t.y && Array.from(t.y),
                         z: t.z && Array.from(t.z, row => Array.from(row)), name: t.name}})),
                 xrange: g._fullLayout.xaxis.range, xtype: g._fullLayout.xaxis.type}}; }}"""
    )


def _busiest_year(served: Served, station: str) -> int:
    with served.engine.connect() as connection:
        return int(
            connection.execute(
                sa.text(
                    "SELECT extract(year FROM registered_at AT TIME ZONE 'Asia/Kolkata') FROM fir f "
                    "JOIN police_station s ON s.id = f.station_id WHERE s.code = :code "
                    "GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1"
                ),
                {"code": station},
            ).scalar_one()
        )


def _firs_by_month(served: Served, year: int, station: str | None = None, district: str | None = None) -> Counter:
    with served.engine.connect() as connection:
        times = connection.execute(
            sa.text(
                "SELECT f.registered_at FROM fir f JOIN police_station s ON s.id = f.station_id "
                "JOIN police_district d ON d.id = s.district_id WHERE (s.code = :station OR d.code = :district)"
            ),
            {"station": station, "district": district},
        ).scalars()
        months = [(moment.astimezone(UTC) + IST).date() for moment in times]
    return Counter(day.month for day in months if day.year == year)


@pytest.mark.parametrize("where", ["station", "district"])
def test_the_heat_map_has_every_month_of_the_period_and_its_cells_where_the_firs_are(
    browser, served: Served, where: str
) -> None:
    station = busiest_station(served.engine, "VAISHALI")
    year = _busiest_year(served, station)
    query = f"station={station}" if where == "station" else "district=VAISHALI"
    page = _page(browser, served, "hq.test", f"/dashboards/{where}?from={year}-01&to={year}-12&{query}")
    _rendered(page, 2)
    heat = _figure(page, "g-heat")
    trace = heat["data"][0]
    assert trace["x"] == [f"{month} {year}" for month in MONTHS], "one column per month, months without FIRs too"
    assert heat["xtype"] == "category" and heat["xrange"] == [-0.5, 11.5], "the axis ends with December"
    expected = _firs_by_month(served, year, station=station if where == "station" else None, district="VAISHALI"
                              if where == "district" else None)  # fmt: skip
    drawn = {index + 1: sum(row[index] for row in trace["z"]) for index in range(12)}
    assert drawn == {month: expected.get(month, 0) for month in range(1, 13)}, "each month's cells hold its FIRs"
    page.screenshot(path=str(OUTPUT / f"issue23_heat_{where}.png"), full_page=True)
    page.goto(page.url + "&lang=hi")
    _rendered(page, 2)
    assert _figure(page, "g-heat")["data"][0]["x"] == [f"{month} {year}" for month in HINDI_MONTHS]
    page.screenshot(path=str(OUTPUT / f"issue23_heat_{where}_hindi.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()


def test_counts_tick_on_whole_numbers_and_percentages_stay_inside_the_figure(browser, served: Served) -> None:
    station = busiest_station(served.engine, "VAISHALI")
    year = _busiest_year(served, station)
    page = _page(browser, served, "hq.test", f"/dashboards/station?from={year}-01&to={year}-12&station={station}")
    for path, graphs in (
        (f"/dashboards/station?from={year}-01&to={year}-12&station={station}", 2),
        (f"/dashboards/district?from={year}-01&to={year}-12&district=VAISHALI", 3),
        ("/dashboards/pendency?from=2008-01&district=VAISHALI", 3),
        ("/dashboards/women-sc-st?from=2008-01&district=VAISHALI", 4),
        ("/dashboards/?from=2008-01", 4),
        ("/dashboards/?from=2008-01&lang=hi", 4),
    ):
        page.goto(served.url + path)
        _rendered(page, graphs)
        ticks = page.evaluate(
            "() => Array.from(document.querySelectorAll('.xtick text, .ytick text, .colorbar text'))"
            ".filter(t => !t.closest('#g-map_rate')).map(t => t.textContent)"  # a rate per lakh may be 0.5
        )
        assert ticks, path
        fractions = [tick for tick in ticks if FRACTION.match(tick.strip())]
        assert not fractions, f"{path}: fractional ticks {fractions}"
        # The crime-head mix's labels ("30.2%") are drawn whole, inside the figure.
        if page.locator("#g-mix").count():
            labels = page.evaluate(
                """() => { const svg = document.querySelector('#g-mix .main-svg').getBoundingClientRect();
                return Array.from(document.querySelectorAll('#g-mix text.bartext')).map(t => {
                    const box = t.getBoundingClientRect();
                    return {text: t.textContent, inside: box.right <= svg.right && box.left >= svg.left}; }); }"""
            )
            assert labels and all(label["text"].endswith("%") and label["inside"] for label in labels), labels
    page.screenshot(path=str(OUTPUT / "issue23_overview_hindi.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_month_pickers_show_the_whole_month(browser, served: Served, lang: str) -> None:
    # September and December: the longest month names in Hindi, "Dec 2025" the one English cut.
    page = _page(browser, served, "hq.test", f"/dashboards/district?from=2025-09&to=2025-12&lang={lang}")
    _rendered(page, 0)
    shown = page.evaluate(
        """() => ['f-from', 'f-to'].map(id => {
            const value = document.getElementById(id).querySelector('.dash-dropdown-value');
            const cut = [value, ...value.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1);
            return {text: value.textContent, cut: cut}; })"""
    )
    expected = ["सितंबर 2025", "दिसंबर 2025"] if lang == "hi" else ["Sep 2025", "Dec 2025"]
    assert [one["text"] for one in shown] == expected
    assert not any(one["cut"] for one in shown), shown
    page.locator("#f-from").screenshot(path=str(OUTPUT / f"issue23_month_picker_{lang}.png"))
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_pendency_shows_the_years_old_backlog(browser, served: Served, lang: str) -> None:
    page = _page(browser, served, "hq.test", f"/dashboards/pendency?from=2008-01&lang={lang}")
    _rendered(page, 3)
    bands = [trace["name"] for trace in _figure(page, "g-pending")["data"]]
    if lang == "en":
        assert bands == ["over 5 years", "3-5 years", "1-3 years", "91 days - 1 year", "61-90 days"]
        stats = page.locator(".stat-label").all_inner_texts()
        assert "Under investigation beyond 5 years" in stats and "Under investigation beyond 1 year" in stats
    else:
        assert bands == ["5 वर्ष से अधिक", "3-5 वर्ष", "1-3 वर्ष", "91 दिन - 1 वर्ष", "61-90 दिन"]
    page.screenshot(path=str(OUTPUT / f"issue23_pendency_{lang}.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()


def test_a_district_sp_sees_their_stations_rising(browser, served: Served) -> None:
    page = _page(browser, served, "sp.test", "/dashboards/?from=2008-01")
    _rendered(page, 2)
    card = page.locator(".card", has=page.locator("h3", has_text="Stations rising fastest"))
    assert card.count() == 1, page.locator("h3").all_inner_texts()
    assert card.locator("th").first.inner_text() == "Police station"
    names = card.locator("tbody tr td:first-child").all_inner_texts()
    vaishali = station_names(served.engine, "VAISHALI")
    assert names and set(names) <= vaishali, names
    page.screenshot(path=str(OUTPUT / "issue23_overview_sp.png"), full_page=True)
    page.context.close()


def test_the_associates_page_of_a_person_without_co_accused_logs_no_error(browser, served: Served) -> None:
    """A person the SP may read (named in a Vaishali FIR) but not as accused: the depth selector without a graph."""
    with served.engine.connect() as connection:
        person = connection.execute(
            sa.text(
                "SELECT min(p.person_id) FROM fir_party p JOIN fir f ON f.id = p.fir_id "
                "JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id "
                "WHERE d.code = 'VAISHALI' AND p.person_id IS NOT NULL AND p.person_id NOT IN "
                "(SELECT person_id FROM fir_party WHERE role IN ('accused', 'suspect') AND person_id IS NOT NULL)"
            )
        ).scalar_one()
        outside = connection.execute(
            sa.text(
                "SELECT min(p.person_id) FROM fir_party p JOIN fir f ON f.id = p.fir_id "
                "JOIN police_station s ON s.id = f.station_id JOIN police_district d ON d.id = s.district_id "
                "WHERE d.code = 'PATNA' AND p.role = 'accused' AND p.person_id IS NOT NULL"
            )
        ).scalar_one()
    page = _page(browser, served, "sp.test", f"/dashboards/associates?person={person}")
    page.wait_for_selector("#assoc-depth")
    page.wait_for_timeout(1500)
    assert page.get_by_text("not named as accused in any FIR you may see").count() == 1
    page.locator("#assoc-depth label", has_text="2").click()
    page.wait_for_url("**depth=2**", timeout=15_000)
    page.screenshot(path=str(OUTPUT / "issue23_associates_no_co_accused.png"), full_page=True)
    page.goto(served.url + f"/dashboards/associates?person={outside}")
    page.wait_for_selector(".notice")
    page.wait_for_timeout(1500)
    assert "own district" in " ".join(page.locator(".notice").all_inner_texts())
    page.screenshot(path=str(OUTPUT / "issue23_associates_outside.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()
