"""Against a real Elasticsearch (CCTNS_ELASTICSEARCH_URL): the server's core-only ``cctns_text`` analyser splits
the project's words (indexes/words.py) back into exactly those words, so both engines search the same words."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from indexes.elasticsearch.mapping import TEXT_ANALYZER, index_settings
from indexes.words import indexed_words, text_words
from tests.support import elasticsearch_url_or_skip

SAMPLES = [
    "The complainant's MOTORCYCLE (BR-01-AB-1234) was stolen from the market at 10:30 p.m.",
    "José Müller, Straße 5; Ærø",
    "कृष्ण यादव की मोटरसाइकिल चोरी हो गई। थाना हाजीपुर, १२३४",
    "राम-कुमार s/o श्याम,ग्राम रामपुर",
    "İstanbul naïve café 12ab ab12 1.5kg",
    "mixed रामKumar text\u200cwith\u200djoiners",
    "x" * 59 + " " + "y" * 70,
]


@pytest.fixture
def server() -> Iterator[tuple[object, str]]:
    url = elasticsearch_url_or_skip()
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    index = f"cctns-test-words-{uuid.uuid4().hex[:10]}"
    client.indices.create(index=index, settings=index_settings())
    try:
        yield client, index
    finally:
        client.indices.delete(index=index)
        client.close()


@pytest.mark.parametrize("text", SAMPLES)
def test_the_server_splits_the_projects_words_at_spaces_only(server: tuple[object, str], text: str) -> None:
    client, index = server
    answer = client.indices.analyze(index=index, analyzer=TEXT_ANALYZER, text=indexed_words(text))  # type: ignore[attr-defined]
    assert [token["token"] for token in answer["tokens"]] == text_words(text)
