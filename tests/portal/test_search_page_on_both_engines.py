"""The staff search page and `/api/v1/search` answer the same under two real `cctns serve` processes on the same
data, one on the embedded engine and one on Elasticsearch (`CCTNS_SEARCH_BACKEND=elasticsearch`, the server of
CCTNS_ELASTICSEARCH_URL, indexes of a prefix of its own): the same people cards with their cases, the same cases, in
the same order, for names with the father's name in both scripts, a name typed in the other script, a near spelling,
a vehicle, a mobile and FIR numbers (issue 24).

Both servers read one generated database. Each index is built by `cctns index rebuild` with that server's settings
before the servers start, and nothing writes while they run, so neither server's background process has anything
to index that the other would miss."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

import httpx
import pytest
import sqlalchemy as sa

from records.models import PersonLink
from sample_data import generate_into_database
from tests.cctns.test_serve_processes import serving
from tests.portal.e2e import PASSWORD, log_in, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, elasticsearch_url_or_skip, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
ENGINES = ("embedded", "elasticsearch")
SHOTS = screenshot_folder("search_engines")


@dataclass
class Served:
    urls: dict[str, str]  # engine -> the server's base URL
    engine: sa.Engine


def _cctns(arguments: list[str], settings: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from cctns.cli import app; app()", *arguments],
        env={**os.environ, **settings},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _link_one_person_across_scripts(engine: sa.Engine) -> None:
    """One generated person recorded in both scripts becomes one card (an automatic link), as the matcher does."""
    with engine.begin() as connection:
        pair = connection.execute(
            sa.text(
                "SELECT min(p.id), max(p.id) FROM person p GROUP BY p.synthetic_identity "
                "HAVING count(DISTINCT p.name_script) = 2 ORDER BY min(p.id) LIMIT 1"
            )
        ).one()
        connection.execute(
            sa.insert(PersonLink).values(person_a_id=pair[0], person_b_id=pair[1], status="auto", score=9, reasons=[])
        )


@pytest.fixture(scope="module")
def served(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    elasticsearch_url = elasticsearch_url_or_skip()
    folder = tmp_path_factory.mktemp("engines")
    prefix = f"cctns-test-serve-{uuid.uuid4().hex[:10]}"
    with staff_database(database_url, "engines_e2e") as engine, ExitStack() as stack:
        generate_into_database(engine, firs=300, seed=7, parallel=False)
        _link_one_person_across_scripts(engine)
        database = {"CCTNS_DATABASE_URL": engine.url.render_as_string(hide_password=False), "CCTNS_BROKER_URL": ""}
        settings = {
            "embedded": {**database, "CCTNS_DATA_DIR": str(folder / "embedded"), "CCTNS_SEARCH_BACKEND": "embedded"},
            "elasticsearch": {
                **database,
                "CCTNS_DATA_DIR": str(folder / "elasticsearch"),
                "CCTNS_SEARCH_BACKEND": "elasticsearch",
                "CCTNS_ELASTICSEARCH_URL": elasticsearch_url,
                "CCTNS_ELASTICSEARCH_PREFIX": prefix,
            },
        }
        stack.callback(_drop_indexes, elasticsearch_url, prefix)
        for kind in ENGINES:
            _cctns(["index", "rebuild"], settings[kind])
        with engine.begin() as connection:  # both indexes hold everything now: nothing is left for either relay
            connection.execute(sa.text("DELETE FROM outbox"))
        urls = {}
        for kind in ENGINES:
            _, urls[kind] = stack.enter_context(serving(engine, folder / kind, 1, settings[kind]))
        yield Served(urls, engine)


def _drop_indexes(url: str, prefix: str) -> None:
    from indexes.elasticsearch import ElasticsearchEngine

    engine = ElasticsearchEngine(url, prefix=prefix)
    try:
        engine.drop_all()
    finally:
        engine.close()


def _queries(engine: sa.Engine) -> list[str]:
    """What an investigator types, taken from the generated data: names with the father's name in Latin and in
    Devanagari (of people recorded in both scripts), a name typed in the other script, a name alone, a near spelling,
    a vehicle, a mobile, FIR numbers bare and with the station's name."""
    with engine.connect() as connection:
        both_scripts = connection.execute(
            sa.text(
                "SELECT p.name, p.relative_name, p.name_script FROM person p WHERE p.relative_name <> '' "
                "AND p.synthetic_identity IN (SELECT synthetic_identity FROM person GROUP BY 1 "
                "HAVING count(DISTINCT name_script) = 2) ORDER BY p.id"
            )
        ).all()
        latin = next(row for row in both_scripts if row.name_script == "latin")
        devanagari = next(row for row in both_scripts if row.name_script == "devanagari")
        vehicle = connection.scalar(
            sa.text(
                "SELECT vehicle_registration FROM fir_property WHERE vehicle_registration <> '' ORDER BY id LIMIT 1"
            )
        )
        mobile = connection.scalar(sa.text("SELECT number FROM person_mobile ORDER BY id LIMIT 1"))
        fir = connection.execute(
            sa.text(
                "SELECT f.serial, f.year, s.name_en, s.name_hi FROM fir f JOIN police_station s ON s.id = f.station_id "
                "ORDER BY f.id LIMIT 1 OFFSET 17"
            )
        ).one()
    surname = latin.name.split()[-1]
    near = latin.name[:-1] + ("a" if latin.name[-1] != "a" else "e")  # one letter different
    return [
        f"{latin.name} s/o {latin.relative_name}",
        f"{devanagari.name} s/o {devanagari.relative_name}",
        latin.name,
        devanagari.name,
        surname,
        near,
        "Kumar",
        "कुमार",
        vehicle,
        f"{vehicle[:2]} {vehicle[2:4]} {vehicle[4:]}",
        mobile,
        f"{fir.serial}/{fir.year}",
        f"{fir.name_en} {fir.serial}/{fir.year}",
        f"{fir.name_hi} {fir.serial}/{fir.year}",
        "mobile chori",
    ]


def _token(url: str) -> str:
    answer = httpx.post(f"{url}/api/v1/auth/token", data={"username": "cid", "password": PASSWORD}, timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def _without_timing(value: Any) -> Any:
    """The answer without how long it took."""
    return {key: item for key, item in value.items() if key != "took_ms"}


def _close_scores(embedded: Any, elasticsearch: Any, where: str = "") -> list[str]:
    """Scores that differ by more than 0.5 %: each engine computes BM25 from its own statistics (field lengths are
    stored rounded, each in its own way), so scores agree to about 0.1 % (0.11 % the most seen), not to the digit;
    order and ties are what must be the same."""
    if isinstance(embedded, dict) and isinstance(elasticsearch, dict):
        if "score" in embedded and not math.isclose(embedded["score"], elasticsearch.get("score", 0), rel_tol=5e-3):
            return [f"{where}.score: {embedded['score']} != {elasticsearch.get('score')}"]
        return [
            found
            for key in embedded
            for found in _close_scores(embedded[key], elasticsearch.get(key), f"{where}.{key}")
        ]
    if isinstance(embedded, list) and isinstance(elasticsearch, list):
        return [
            found
            for number, (one, other) in enumerate(zip(embedded, elasticsearch, strict=False))
            for found in _close_scores(one, other, f"{where}[{number}]")
        ]
    return []


def _differences(embedded: Any, elasticsearch: Any, where: str = "") -> list[str]:
    """Where two answers differ, each as ``path: embedded != elasticsearch``."""
    if isinstance(embedded, dict) and isinstance(elasticsearch, dict):
        keys = list(dict.fromkeys([*embedded, *elasticsearch]))
        return [
            found for key in keys for found in _differences(embedded.get(key), elasticsearch.get(key), f"{where}.{key}")
        ]
    if isinstance(embedded, list) and isinstance(elasticsearch, list) and len(embedded) == len(elasticsearch):
        return [
            found
            for number, (one, other) in enumerate(zip(embedded, elasticsearch, strict=True))
            for found in _differences(one, other, f"{where}[{number}]")
        ]
    if where.endswith(".score"):  # compared by _close_scores
        return []
    return [] if embedded == elasticsearch else [f"{where}: {embedded!r} != {elasticsearch!r}"]


def test_the_search_api_answers_the_same_on_both_engines(served: Served) -> None:
    tokens = {kind: _token(url) for kind, url in served.urls.items()}
    found_something, differing = 0, []
    for query in _queries(served.engine):
        for spelling in ("auto", "near"):
            answers = {}
            for kind, url in served.urls.items():
                answer = httpx.get(
                    f"{url}/api/v1/search",
                    params={"q": query, "spelling": spelling, "size": 20},
                    headers={"Authorization": f"Bearer {tokens[kind]}"},
                    timeout=30,
                )
                assert answer.status_code == 200, (kind, query, answer.text)
                answers[kind] = _without_timing(answer.json())
            differing += [f"{query!r} ({spelling}){where}" for where in _differences(**answers)]
            differing += [f"{query!r} ({spelling}){where}" for where in _close_scores(**answers)]
            found_something += bool(answers["embedded"]["people"]["total"] or answers["embedded"]["cases"]["total"])
    assert not differing, "\n".join(differing)
    assert found_something >= 20, "the queries find things (a comparison of empty answers would prove nothing)"


def _page_results(page: Any) -> dict[str, Any]:
    """What the page shows of the results: people cards and case cards in order, as read on screen."""
    return {
        "people_title": page.locator("#people-title").inner_text(),
        "cases_title": page.locator("#cases-title").inner_text(),
        "spelling_note": page.locator("#spelling-note").inner_text(),
        "people": page.locator("#people .card").all_inner_texts(),
        "tiers": page.locator("#people .tier").all_inner_texts(),
        "cases": page.locator("#cases .card").all_inner_texts(),
        "facets": page.locator("#facets").inner_text(),
        "pages": page.locator("#page-label").inner_text(),
    }


def test_the_staff_search_page_shows_the_same_on_both_engines(served: Served) -> None:
    from playwright.sync_api import expect, sync_playwright

    queries = _queries(served.engine)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            pages = {}
            for kind, url in served.urls.items():
                pages[kind] = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                log_in(pages[kind], f"{url}/staff/search", "cid")
                expect(pages[kind].locator("#district option", has_text="Vaishali")).to_have_count(1)
            cards = 0
            for number, query in enumerate(queries):
                shown = {}
                for kind, page in pages.items():
                    page.goto(f"{served.urls[kind]}/staff/search?q={quote_plus(query)}")
                    expect(page.locator("#understood")).not_to_be_empty()  # this query's answer is drawn
                    shown[kind] = _page_results(page)
                    if number in (0, 1, 8):
                        page.screenshot(path=str(SHOTS / f"{number:02d}_{kind}.png"), full_page=True)
                assert shown["elasticsearch"] == shown["embedded"], query
                cards += len(shown["embedded"]["people"]) + len(shown["embedded"]["cases"])
            assert cards >= 50, f"the pages showed results to compare ({cards} cards)"
        finally:
            browser.close()
