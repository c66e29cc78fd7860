"""Highlighted snippets of a hit's TEXT fields: the words the query searched for, marked with ``<b>``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import tantivy

from indexes.embedded.mapping import KindSchema


class Highlighter:
    """Snippets of ``fields`` marking the words searched for in each (``words``, per field, from the query)."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        schema: KindSchema,
        fields: Iterable[str],
        words: Mapping[str, set[str]],
    ) -> None:
        self.generators: dict[str, tantivy.SnippetGenerator] = {}
        for name in fields:
            searched = words.get(name)
            if searched:
                words_query = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema.tantivy, name, word))
                        for word in sorted(searched)
                    ]
                )
                self.generators[name] = tantivy.SnippetGenerator.create(searcher, words_query, schema.tantivy, name)

    def highlights(self, stored: Mapping[str, list[Any]]) -> dict[str, list[str]]:
        """Per field, a snippet of each value that holds a searched word (fields with none are left out)."""
        highlights: dict[str, list[str]] = {}
        for name, generator in self.generators.items():
            snippets = []
            for value in stored.get(name, []):
                single = tantivy.Document()
                single.add_text(name, value)
                snippet = generator.snippet_from_doc(single)
                if snippet.highlighted():
                    snippets.append(snippet.to_html())
            if snippets:
                highlights[name] = snippets
        return highlights
