"""The words of TEXT fields: the one rule both search engines index and query by.

A word is a run of Unicode letters, combining marks and digits (so a Devanagari word keeps its vowel signs and
viramas and is never split inside), lower-cased, then folded to ASCII where it has an ASCII form (``José`` ->
``jose``, ``Straße`` -> ``strasse``; Devanagari passes through unchanged). Words of LONGEST_WORD_BYTES bytes of
UTF-8 or more are dropped (they are not words anyone searches for, and they would bloat the index).

The embedded engine registers :func:`text_analyzer` as its TEXT tokenizer and splits query text with
:func:`text_words`. Elasticsearch is given :func:`indexed_words` of every TEXT value (and of the query text), so
it needs nothing beyond its core ``standard`` tokenizer: a line of words of this rule separated by spaces is
split back into the same words by it (checked against a real server by tests/indexes/test_elasticsearch_words.py).
Nothing here depends on a server or an analysis plugin.

The same words make the KEYWORD field of a station's names (:func:`keyword_words`): an FIR document holds the
words of its station's English and Hindi names and code, and the search box looks up the words typed before an
FIR number by this rule, so "हाजीपुर सदर 10/2020" finds Hajipur Sadar's case as "Hajipur Sadar 10/2020" does.
"""

from __future__ import annotations

import tantivy

WORD_PATTERN = r"[\p{L}\p{M}\p{N}]+"  # Rust regex (Tantivy's tokenizer): what a word is made of
LONGEST_WORD_BYTES = 60  # words this long or longer (in UTF-8) are not indexed


def text_analyzer() -> tantivy.TextAnalyzer:
    """The analyser of TEXT fields (a new one each call: Tantivy indexes register their own)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN))
        .filter(tantivy.Filter.remove_long(LONGEST_WORD_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_ANALYZER = text_analyzer()


def text_words(text: str) -> list[str]:
    """The words of ``text`` in order, repeats kept: ``"José's MOTORCYCLE"`` -> ``["jose", "s", "motorcycle"]``."""
    return _ANALYZER.analyze(text)


def indexed_words(text: str) -> str:
    """The words of ``text`` as one line separated by spaces: what Elasticsearch indexes and searches for."""
    return " ".join(text_words(text))


def keyword_words(*texts: str) -> list[str]:
    """The words of ``texts`` once each, in first-seen order: ``("Hajipur Sadar", "हाजीपुर सदर")`` ->
    ``["hajipur", "sadar", "हाजीपुर", "सदर"]``. What a KEYWORD field of words holds (a station's names and code)
    and what is looked up in it."""
    return list(dict.fromkeys(word for text in texts for word in text_words(text)))
