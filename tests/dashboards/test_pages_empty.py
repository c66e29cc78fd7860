"""Every page renders on a database with no FIRs yet (a fresh install) and says so instead of failing: each shows
its own title as the current page, the cards it is made of, and for each card what an empty database holds
(zero counts, "no FIRs", what to do next), all in the language asked; with no boundaries file the overview says
what is missing and how to provide it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from bench.scratch_database import drop_database, fresh_database
from dashboards.app import PAGES, create_dash_app
from dashboards.components.context import PRINCIPAL_KEY
from dashboards.pages import (
    associates,
    district,
    ncrb,
    network,
    operations,
    overview,
    pendency,
    station,
    women_sc_st,
)
from tests.support import scratch_name, server_url_of

NO_FIRS_HI = "इन फ़िल्टरों से कोई प्राथमिकी नहीं मिली।"
NO_FIRS_EN = "No FIRs match these filters."
DEVANAGARI = re.compile("[\u0900-\u097f]")

# What each page must show in Hindi on an empty database: its title (the navigation's current entry) and the
# texts of its cards, in order of appearance.
HINDI: dict[ModuleType, tuple[str, list[str]]] = {
    overview: (
        "राज्य सारांश",
        [
            "अपराध शीर्षवार प्राथमिकी: इस अवधि बनाम पिछले वर्ष",
            NO_FIRS_HI,
            "सबसे तेज़ बढ़ते ज़िले (पिछले वर्ष की तुलना में)",
            "पिछले वर्ष इसी अवधि में किसी की 10 या अधिक प्राथमिकी नहीं थीं, अतः तुलना नहीं।",
            "2008 से मासिक प्राथमिकी",
            "वार्षिक भा.दं.सं./भा.न्या.सं. प्राथमिकी बनाम एनसीआरबी प्रकाशित आँकड़े",
            "एनसीआरबी की प्रकाशित तालिकाएँ लोड नहीं हैं: `cctns ncrb load ../shared/data/ncrb_district_ipc` चलाएँ।",
            "ज़िलावार प्राथमिकी",
            "ज़िलों की सीमाएँ विन्यस्त नहीं हैं: CCTNS_GEO_BOUNDARIES_PATH में जनगणना 2011 कोड सहित बिहार के ज़िलों की "
            "GeoJSON फ़ाइल (जैसे ../shared/data/geo_bihar/bihar_districts.geojson) दें और पुनः आरंभ करें।",
        ],
    ),
    district: (
        "ज़िला",
        [
            "ज़िलों की तुलना",
            "थाने देखने हेतु ऊपर ज़िला चुनें।",
            NO_FIRS_HI,
            "अपराध शीर्ष मिश्रण",
            NO_FIRS_HI,
            "माह x अपराध शीर्ष",
            NO_FIRS_HI,
        ],
    ),
    station: ("थाना", ["थाना", "ऊपर थाना चुनें।"]),
    pendency: (
        "लंबित एवं निष्पादन",
        [
            *[
                value
                for years in ("60 दिन", "90 दिन", "1 वर्ष", "3 वर्ष", "5 वर्ष")
                for value in ("0", f"{years} से अधिक अनुसंधानाधीन")
            ],
            "अभी नहीं",
            "आरोप-पत्र दर",
            "अभी कोई आरोप-पत्र या अंतिम प्रतिवेदन नहीं",
            "0",
            "नामित अभियुक्त",
            "0",
            "गिरफ्तार/आत्मसमर्पित",
            "60 दिन से अधिक अनुसंधानाधीन मामले, अवधिवार (आज की स्थिति, पंजीकरण कभी भी)",
            NO_FIRS_HI,
            "अंतिम प्रतिवेदन प्रकारवार",
            NO_FIRS_HI,
            "आरोप-पत्र दर",
            NO_FIRS_HI,
            "नामित एवं गिरफ्तार अभियुक्त",
            NO_FIRS_HI,
        ],
    ),
    women_sc_st: (
        "महिला, अजा/अजजा",
        [
            "महिलाओं के विरुद्ध अपराध",
            "महिलाओं के विरुद्ध अपराध · अपराध शीर्ष मिश्रण",
            NO_FIRS_HI,
            "महिलाओं के विरुद्ध अपराध · ज़िलों की तुलना",
            NO_FIRS_HI,
            "अनुसूचित जाति एवं जनजाति के विरुद्ध अपराध",
            "अनुसूचित जाति एवं जनजाति के विरुद्ध अपराध · अपराध शीर्ष मिश्रण",
            NO_FIRS_HI,
            "अनुसूचित जाति एवं जनजाति के विरुद्ध अपराध · ज़िलों की तुलना",
            NO_FIRS_HI,
        ],
    ),
    operations: (
        "संचालन",
        [
            "0 s",
            "खोज सूचकांक विलंब",
            "0 प्रतीक्षारत, 0 विफल",
            "0 s",
            "डैशबोर्ड अद्यतन प्रतीक्षारत",
            "0 थाना-दिवस प्रतीक्षारत",
            "आयात",
            "अभी तक कोई आयात नहीं हुआ: `cctns import FILE --mapping PROFILE`, या POST /api/v1/imports।",
            "एसएमएस",
            "अभी तक कोई एसएमएस नहीं भेजा गया।",
        ],
    ),
    ncrb: ("एनसीआरबी तालिकाएँ", ["एनसीआरबी तालिकाएँ", "सीएसवी डाउनलोड", "एक्सेल डाउनलोड"]),
    associates: (
        "सह-अभियुक्त संबंध",
        [
            "सह-अभियुक्त संबंध",
            "किसी व्यक्ति का विवरण (/staff/persons/ID, स्टाफ़ खोज से) खोलें और 'Associates graph in the dashboards' "
            "चुनें, या इस पते में ?person=ID जोड़ें।",
        ],
    ),
    network: (
        "नेटवर्क",
        [
            # a node standing alone: no feed; the queries table at zero; no court or prison event
            "यह नोड अकेला है (नेटवर्क विन्यस्त नहीं)",
            "0",
            "अन्य राज्यों से की गई पूछताछ (7 दिन)",
            "अन्य राज्यों को उत्तर: 0",
            "0",
            "न्यायालय एवं जेल घटनाएँ (30 दिन)",
            "न्यायालय हेतु प्रतीक्षारत: 0",
            "ज़िलावार फ़ीड विलंब",
            "यह नोड अकेला है (नेटवर्क विन्यस्त नहीं)",
            "थाने: रिपोर्ट नहीं, शांत, रिपोर्ट कर रहे",
            "मौन और शांत थाने का भेद राष्ट्रीय नोड करता है (हृदय-स्पंदन और शून्य रिपोर्ट वहीं पहुँचती हैं); उसका नेटवर्क पृष्ठ देखें।",
            "रोके गए या अस्वीकृत अभिलेख, कारण सहित",
            "कोई अभिलेख रोका या अस्वीकृत नहीं।",
            "अन्य राज्यों से पूछताछ: की गई एवं उत्तर दी गई",
            "क्या",
            "पक्ष",
            "24 घंटे",
            "7 दिन",
            "विफल",
            *["अन्य राज्यों को भेजी गई खोज", "यहाँ से की गई", "0", "0", "0"],
            *["दूसरे राज्य का अभिलेख खोला", "यहाँ से की गई", "0", "0", "0"],
            *["खोज का उत्तर दिया", "यहाँ उत्तर दी गई", "0", "0", "0"],
            *["अभिलेख आगे भेजा (राष्ट्रीय नोड)", "यहाँ उत्तर दी गई", "0", "0", "0"],
            *["दूसरे राज्य को अभिलेख दिया", "यहाँ उत्तर दी गई", "0", "0", "0"],
            *["अभिलेख रोका (स्वामी का नियम)", "यहाँ उत्तर दी गई", "0", "0", "0"],
            "न्यायालय एवं जेल घटनाएँ",
            "वाद दर्ज (CNR): 0",
            "सुनवाई तय: 0",
            "वाद निस्तारित: 0",
            "जेल में दाख़िल: 0",
            "जेल से रिहा: 0",
            "पैरोल पर: 0",
            "जेल से फ़रार: 0",
            "अभी कोई न्यायालय या जेल घटना नहीं।",
        ],
    ),
}
# The same pages in English: their title and one text of their content.
ENGLISH: dict[ModuleType, tuple[str, str]] = {
    overview: ("State overview", NO_FIRS_EN),
    district: ("District", "Choose a district above to see its stations."),
    station: ("Police station", "Choose a station above."),
    pendency: ("Pendency and disposal", NO_FIRS_EN),
    women_sc_st: ("Women, SC/ST", "Crimes against women"),
    operations: ("Operations", "0 waiting, 0 failing"),
    ncrb: ("NCRB tables", "Download CSV"),
    associates: ("Associates (co-accused)", "Associates (co-accused)"),
    network: ("Network", "This node stands alone (no network configured)"),
}


@pytest.fixture(scope="module")
def empty_database(database_url: str) -> Iterator[sa.Engine]:
    name = scratch_name(database_url, "empty")
    engine = fresh_database(server_url_of(database_url), name)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _text(component: object) -> str:
    return str(component.to_plotly_json()) if hasattr(component, "to_plotly_json") else str(component)


def _visible(component: Any) -> list[str]:
    """The texts a reader sees, in order (the children's strings, not the properties)."""
    if isinstance(component, str):
        return [component] if component.strip() else []
    if isinstance(component, list | tuple):
        return [text for child in component for text in _visible(child)]
    return _visible(getattr(component, "children", None) or [])


def _find(component: Any, wanted: Any) -> list[Any]:
    """The components under ``component`` (itself included) for which ``wanted`` is true."""
    if isinstance(component, list | tuple):
        return [found for child in component for found in _find(child, wanted)]
    if not hasattr(component, "to_plotly_json"):
        return []
    return ([component] if wanted(component) else []) + _find(getattr(component, "children", None) or [], wanted)


def _render(engine: sa.Engine, module: Any, lang: str) -> Any:
    app = create_dash_app(engine, None)
    principal = {"role": "hq", "username": "hq.test", "district_id": None, "station_id": None}
    with app.server.test_request_context("/dashboards/", environ_overrides={PRINCIPAL_KEY: principal}):
        return module.layout(lang=lang)


def _current_page(layout: Any) -> str:
    active = _find(layout, lambda c: "active" in (getattr(c, "className", None) or "").split())
    assert len(active) == 1, "exactly one navigation entry is marked as the current page"
    return active[0].children


def _content(layout: Any) -> list[str]:
    (content,) = _find(layout, lambda c: getattr(c, "className", None) == "content")
    return _visible(content)


def test_every_page_has_its_expectations() -> None:
    assert set(HINDI) == set(ENGLISH) == set(PAGES)


@pytest.mark.parametrize("module", list(PAGES), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_each_page_renders_with_no_firs_in_hindi(empty_database: sa.Engine, module: ModuleType) -> None:
    layout = _render(empty_database, module, "hi")
    title, texts = HINDI[module]
    assert _current_page(layout) == title
    content = _content(layout)
    if module is ncrb:
        # The year is the filter's (this year by default); the table has the NCRB columns and no FIRs counted.
        assert re.fullmatch(r"वर्ष \d{4}\. दूसरा वर्ष 'तक' से चुनें; .*", content[1])
        content = content[:1] + content[2:]
        (grid,) = _find(layout, lambda c: getattr(c, "id", None) == "t-ncrb")
        columns = [column["name"] for column in grid.columns]
        assert columns[:3] == ["STATE/UT", "DISTRICT", "YEAR"]
        counted = [row[column] for row in grid.data for column in columns[3:]]
        assert all(value == 0 for value in counted if isinstance(value, int | float))
        content = [text for text in content if text.strip() and "अभी पूरा नहीं हुआ है" not in text]
    if module is women_sc_st:
        # The monthly trends are drawn, at zero for every month of the period.
        for trend in ("g-women-trend", "g-sc_st-trend"):
            (graph,) = _find(layout, lambda c, wanted=trend: getattr(c, "id", None) == wanted)
            (line,) = graph.figure.data
            assert len(line.y) >= 1 and not any(line.y)
    assert content == texts
    english_words = re.findall(r"[A-Za-z_]{2,}", " ".join(_visible(layout)))
    assert not set(english_words) - ALLOWED_LATIN, "English words on a Hindi page"


# Latin-script words a Hindi page may carry: commands, paths, the login name and names of things in English.
ALLOWED_LATIN = {
    "hq", "test", "cctns", "import", "FILE", "mapping", "PROFILE", "POST", "api", "v1", "imports", "ncrb", "load",
    "shared", "data", "ncrb_district_ipc", "district", "ipc", "staff", "persons", "ID", "person", "Associates",
    "graph", "in", "the", "dashboards", "NCRB", "CCTNS_GEO_BOUNDARIES_PATH", "GeoJSON", "geo_bihar", "bihar_districts",
    "geojson", "s", "x", "CNR",
}  # fmt: skip


@pytest.mark.parametrize("module", list(PAGES), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_each_page_renders_with_no_firs_in_english(empty_database: sa.Engine, module: ModuleType) -> None:
    layout = _render(empty_database, module, "en")
    title, text = ENGLISH[module]
    assert _current_page(layout) == title
    assert any(text in shown for shown in _content(layout))
    assert not [shown for shown in _visible(layout) if DEVANAGARI.search(shown)], "Hindi on an English page"


def test_overview_says_what_is_missing_in_the_pages_language(empty_database: sa.Engine) -> None:
    rendered = _text(_render(empty_database, overview, "hi"))
    assert "CCTNS_GEO_BOUNDARIES_PATH" in rendered
    # The notices are in the page's language too (issue 23), not English on a Hindi page.
    assert "ज़िलों की सीमाएँ विन्यस्त नहीं हैं" in rendered and "No district boundaries" not in rendered
    assert "एनसीआरबी की प्रकाशित तालिकाएँ लोड नहीं हैं" in rendered and "not loaded" not in rendered
    assert NO_FIRS_HI in rendered


def test_a_page_outside_the_login_guard_asks_to_log_in(empty_database: sa.Engine) -> None:
    app = create_dash_app(empty_database, None)
    with app.server.test_request_context("/dashboards/"):
        assert "/staff/login" in _text(overview.layout())
