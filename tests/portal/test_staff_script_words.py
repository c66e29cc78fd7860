"""The words of the staff pages written in JavaScript: every word a page asks for (``{{key}}`` in its HTML,
``t("key")`` in its script) is in its table in both languages, so no page shows a bare key or an English word
in Hindi."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from portal.staff_script_words import COMMON_WORDS, COMPLAINTS_WORDS, MATCHES_WORDS, PERSON_WORDS, SEARCH_WORDS
from portal.staff_words import Words

PAGES = {
    "staff_search.html": SEARCH_WORDS,
    "staff_complaints.html": COMPLAINTS_WORDS,
    "staff_matches.html": MATCHES_WORDS,
    "staff_person.html": PERSON_WORDS,
}
HTML_KEY = re.compile(r"\{\{(\w+)\}\}")
SCRIPT_KEY = re.compile(r"""\bt\(\s*"(\w+)"\s*[,)]""")


def _text(name: str) -> str:
    return resources.files("portal").joinpath(f"static/{name}").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_word_a_page_asks_for_is_in_its_table(page: str) -> None:
    table: Words = {**COMMON_WORDS, **PAGES[page]}
    asked = set(HTML_KEY.findall(_text(page))) | set(SCRIPT_KEY.findall(_text(page)))
    assert asked, "the page takes its words from the table"
    # keys made at run time (t("f_" + name), t("cs_" + code), t(one) in plural()) are not seen here: the browser
    # tests in Hindi see what they show
    assert sorted(asked - set(table)) == []


def test_staff_script_asks_only_for_common_words() -> None:
    assert sorted(set(SCRIPT_KEY.findall(_text("staff.js"))) - set(COMMON_WORDS)) == []


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_word_has_both_languages_and_the_same_blanks(page: str) -> None:
    for key, (english, hindi) in {**COMMON_WORDS, **PAGES[page]}.items():
        assert english.strip() and hindi.strip(), key
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", hindi)), key
