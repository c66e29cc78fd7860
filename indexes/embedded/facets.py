"""Facet counts: the top values of facetable fields over every match of a search (a terms aggregation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tantivy

from indexes.embedded.mapping import ID_KEY, KindSchema

_MATCHES = "_matches"  # the aggregation that counts the documents the facets were counted over
FACET_BUCKETS = 10_000  # distinct values counted per facet field; facet fields have far fewer
# Up to this many matches, facets are counted over the matches found again by id key (about 1 ms), not by running
# the query again; past a few hundred keys that lookup costs more than most queries.
FACETS_OVER_FOUND = 256


def facet_counts(
    searcher: tantivy.Searcher,
    schema: KindSchema,
    query: tantivy.Query,
    every: list[tantivy.DocAddress] | None,
    fields: Sequence[str],
    size: int,
) -> dict[str, dict[str, int]]:
    """The top ``size`` values of each field over all matches. When ``every`` match is at hand and they are
    few, the counting reads just them (found again by their id keys) instead of running the query a second
    time; a match count that differs (ids sharing a key) sends it to the query."""
    buckets = max(size, FACET_BUCKETS)
    request: dict[str, Any] = {
        name: {"terms": {"field": name, "size": buckets, "segment_size": buckets}} for name in fields
    }
    request[_MATCHES] = {"value_count": {"field": ID_KEY}}  # every document has exactly one id key
    result = None
    if every is not None and len(every) <= FACETS_OVER_FOUND:
        keys = searcher.fast_field_values(ID_KEY, every)
        if None not in keys:
            found = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema.tantivy, ID_KEY, key)) for key in keys]
            )
            result = searcher.aggregate(found, request)
            if int(result.get(_MATCHES, {}).get("value") or 0) != len(every):
                result = None
    if result is None:
        result = searcher.aggregate(query, request)
    facets: dict[str, dict[str, int]] = {}
    for name in fields:
        counts: list[tuple[int | float | str, int]] = []
        for bucket in result.get(name, {}).get("buckets", []):
            key = bucket["key"]
            if isinstance(key, float) and key.is_integer():
                key = int(key)
            counts.append((key, int(bucket["doc_count"])))
        # The top ``size`` as Elasticsearch's terms aggregation chooses them: by count, ties by key (numerically for
        # a number field: station 2 before station 1034), then ordered by count and key as text, as both engines
        # give them (found with both engines behind the search page, issue 24).
        counts.sort(key=lambda item: (-item[1], item[0]))
        top = sorted(((str(key), count) for key, count in counts[:size]), key=lambda item: (-item[1], item[0]))
        facets[name] = dict(top)
    return facets
