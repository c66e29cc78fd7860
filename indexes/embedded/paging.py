"""Hits in the engine interface's order, score descending then id ascending, which Tantivy cannot give alone.

Tantivy orders hits by score or by one fast field, not both, so ties of score are put in id order here by the id
key (indexes/embedded/mapping.py), fetching the group of equal scores at the end of a page, up to TIE_WINDOW hits:
beyond that, equal scores keep Tantivy's own order, which is fixed for one state of the index, where Elasticsearch
would still order them by id. Searches whose matches all score alike, and every document's checksum, page by the id
key in Tantivy directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import tantivy

from indexes.embedded.mapping import ID_KEY

CHECKSUM_PAGE = 5_000
SCORE_DIGITS = 6  # significant digits of scores (see _quantise)
TIE_WINDOW = 10_000  # a tie at the page's end is completed (and put in id order) within this many hits
FIRST_WINDOW = 1_000  # hits fetched first; more only when the page ends in a tie that fills them
WINDOW_GROWTH = 8  # each further fetch is this many times larger, up to TIE_WINDOW


def checksums_in_id_order(searcher: tantivy.Searcher, schema: tantivy.Schema) -> Iterator[tuple[str, str]]:
    """(id, checksum) of every document, in id order, a page at a time from the searcher's snapshot."""
    lower: int | None = None
    while True:
        query = (
            tantivy.Query.all_query()
            if lower is None
            else tantivy.Query.range_query(schema, ID_KEY, tantivy.FieldType.Unsigned, lower, None, include_lower=False)
        )
        page = searcher.search(query, CHECKSUM_PAGE, count=False, order_by_field=ID_KEY, order=tantivy.Order.Asc).hits
        full = len(page) == CHECKSUM_PAGE
        if full:
            # The last key's documents may go on past this page: take that key whole instead.
            last = page[-1][0]
            page = [hit for hit in page if hit[0] != last]
            same = tantivy.Query.range_query(schema, ID_KEY, tantivy.FieldType.Unsigned, last, last)
            found = searcher.search(same, 1, count=True).count
            page += searcher.search(same, max(found, 1), count=False).hits
            lower = last
        for _, address in page:
            stored = searcher.doc(address)
            yield str(stored.get_first("id")), str(stored.get_first("checksum") or "")
        if not full:
            return


def _quantise(scores: np.ndarray) -> np.ndarray:
    """Scores rounded to SCORE_DIGITS significant digits: sums of the same parts in another order (Tantivy's
    pruning visits scorers in varying order) differ in their last bits and must still tie."""
    magnitude = np.floor(np.log10(np.maximum(np.abs(scores), 1e-30)))
    scale = 10.0 ** (SCORE_DIGITS - 1 - magnitude)
    return np.round(scores * scale) / scale


def ordered_page(
    searcher: tantivy.Searcher, query: tantivy.Query, constant: float | None, offset: int, limit: int
) -> tuple[int, list[tuple[float, tantivy.DocAddress]], list[tantivy.DocAddress] | None]:
    """The total, the hits at [offset, offset+limit) by score descending then id ascending, and every match
    when the hits fetched were all of them (else None), from one pass over the matches.

    With ``constant`` (every match scores the same) Tantivy pages by the id key itself. Otherwise it orders by
    score only: this fetches until the group of equal scores at the end of the page is complete, then orders
    the groups that touch the page by id key (and by the stored id where keys collide).
    """
    need = offset + limit
    by_id = constant is not None
    total = 0

    def fetch(count: int, counting: bool) -> tuple[list[tuple[Any, tantivy.DocAddress]], np.ndarray]:
        nonlocal total
        if by_id:
            result = searcher.search(query, count, count=counting, order_by_field=ID_KEY, order=tantivy.Order.Asc)
            hits = result.hits
            primary = np.array([key or 0 for key, _ in hits], dtype=np.uint64)
        else:
            result = searcher.search(query, count, count=counting)
            hits = result.hits
            primary = -_quantise(np.array([score for score, _ in hits], dtype=np.float64))
        if counting:
            total = int(result.count)
        return hits, primary

    # A thousand hits first: when the score changes before they end, the group of equal scores at the page's end
    # is complete (every hit left out scores lower). Otherwise more are fetched, up to TIE_WINDOW hits, as every
    # page of the query then does, so pages stay consistent; past it (thousands of people with one name and
    # score) equal scores keep Tantivy's order.
    widest = max(TIE_WINDOW, need + 1)
    window = min(widest, max(FIRST_WINDOW, need + 1))
    hits, primary = fetch(window, counting=True)
    every = [address for _, address in hits] if len(hits) >= total else None
    if limit == 0 or offset >= len(hits):
        return total, [], every
    while len(hits) < total and len(hits) == window < widest and primary[-1] == primary[min(need, len(hits)) - 1]:
        window = min(widest, window * WINDOW_GROWTH)
        hits, primary = fetch(window, counting=False)
    low = int(np.searchsorted(primary, primary[offset], side="left"))
    high = int(np.searchsorted(primary, primary[min(need, len(hits)) - 1], side="right"))
    middle = hits[low:high]
    middle_primary = primary[low:high]
    if by_id:
        keys = middle_primary
    else:
        keys = np.array(
            [key or 0 for key in searcher.fast_field_values(ID_KEY, [address for _, address in middle])],
            dtype=np.uint64,
        )
    order = np.lexsort((keys, middle_primary))
    sorted_primary, sorted_keys = middle_primary[order], keys[order]
    collide = (sorted_primary[1:] == sorted_primary[:-1]) & (sorted_keys[1:] == sorted_keys[:-1])
    if collide.any():  # ids that share a key: compare the stored ids themselves (never for product ids)
        rows = [
            (middle_primary[i], int(keys[i]), str(searcher.doc(middle[i][1]).get_first("id")), int(i))
            for i in range(len(middle))
        ]
        rows.sort()
        order = np.array([row[3] for row in rows], dtype=np.int64)
    start = offset - low
    chosen = order[start : start + limit]
    if by_id:
        return total, [(float(constant), middle[i][1]) for i in chosen], every
    return total, [(-float(middle_primary[i]), middle[i][1]) for i in chosen], every
