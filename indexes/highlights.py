"""Highlighted snippets, made by the project for both engines: the words a query searched for, marked with ``<b>``
in the value as written, in one fragment of the value.

Both engines give the same snippet for the same value and words, as they find the same words (indexes/words.py).
The rule is Tantivy's snippet generator's, which the embedded engine used before: the value's words (runs of
letters, marks and digits) are taken in order into fragments of at most SNIPPET_BYTES bytes of UTF-8, a new fragment
starting at the word that would pass that; a fragment scores one for each searched word in it; the best fragment,
the first of equal ones, is the snippet, from its start (the value's start for the first) to the end of its last
word, HTML-escaped. Unlike Tantivy's, every searched word weighs the same (Tantivy weighed rarer words more, from
its index's statistics, which Elasticsearch's snippets cannot share). Elasticsearch's own highlighter cut fragments
at sentences (``Mohd.`` ended one) and split words by its ``standard`` tokenizer: the search page showed other
snippets on each engine (issue 24).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

from indexes.words import LONGEST_WORD_BYTES, text_words

SNIPPET_BYTES = 150  # Tantivy's default snippet length
MARK, UNMARK = "<b>", "</b>"


def _word_spans(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(first char, end char, first byte, end byte) of each word of indexes/words.py's rule in ``text``."""
    start = start_byte = None
    position = 0
    for index, char in enumerate(text):
        in_word = unicodedata.category(char)[0] in "LMN"
        if in_word and start is None:
            start, start_byte = index, position
        elif not in_word and start is not None:
            yield start, index, start_byte, position  # type: ignore[misc]
            start = None
        position += len(char.encode())
    if start is not None:
        yield start, len(text), start_byte, position  # type: ignore[misc]


def snippet(value: str, searched: Iterable[str]) -> str | None:
    """The snippet of ``value`` marking the ``searched`` words (words of indexes/words.py), or None when none is in
    it."""
    wanted = set(searched)
    if not wanted or not value:
        return None
    spans = [span for span in _word_spans(value) if span[3] - span[2] < LONGEST_WORD_BYTES]
    words = text_words(value)
    if len(words) != len(spans):  # a character the two rules see otherwise: analyse word by word
        words = [next(iter(text_words(value[span[0] : span[1]])), "") for span in spans]
    best: tuple[int, int, int, list[tuple[int, int]]] | None = None  # score, start char, end char, marked
    start_char = start_byte = end_char = score = 0
    marked: list[tuple[int, int]] = []
    for (first, end, first_byte, end_byte), word in zip(spans, words, strict=True):
        if end_byte - start_byte > SNIPPET_BYTES:
            if score and (best is None or score > best[0]):
                best = (score, start_char, end_char, marked)
            start_char, start_byte, end_char, score, marked = first, first_byte, first, 0, []
        end_char = end
        if word in wanted:
            score += 1
            marked.append((first, end))
    if score and (best is None or score > best[0]):
        best = (score, start_char, end_char, marked)
    if best is None:
        return None
    _, start, stop, marks = best
    parts, at = [], start
    for first, end in marks:
        parts += [html.escape(value[at:first]), MARK, html.escape(value[first:end]), UNMARK]
        at = end
    parts.append(html.escape(value[at:stop]))
    return "".join(parts)


def highlights(
    document: Mapping[str, object], words: Mapping[str, set[str]], fields: Sequence[str]
) -> dict[str, list[str]]:
    """Per field of ``fields``, a snippet of each of the document's values holding a word searched in that field
    (``words``); fields with none are left out."""
    found: dict[str, list[str]] = {}
    for name in fields:
        searched = words.get(name)
        if not searched:
            continue
        values = document.get(name)
        values = values if isinstance(values, list) else [] if values is None else [values]
        snippets = [made for value in values if (made := snippet(str(value), searched))]
        if snippets:
            found[name] = snippets
    return found
