"""Hits in the embedded engine's order on Elasticsearch: scores rounded to SCORE_DIGITS significant digits, equal
rounded scores by id ascending (indexes/embedded/paging.py does the same in Tantivy).

Elasticsearch sorts by the exact score, then id. Two documents whose scores differ only in the last digits (the
same parts summed in another order, or a field norm's rounding) tie in the embedded engine and are put in id order
there, while Elasticsearch keeps them in exact-score order: the search page showed two people swapped (issue 24). So
a page is read from a window a little wider than the page (PAD hits either side, more while a group of equal
rounded scores reaches the window's edge, up to the server's result window), and the window is ordered by rounded
score, then id. Rounding keeps the exact order between groups, so only members of one group change places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indexes.engine import Hit

SCORE_DIGITS = 6  # as indexes/embedded/paging.py
PAD = 5  # hits fetched beyond each end of a page at first
GROWTH = 8


def rounded_score(score: float) -> float:
    """``score`` to SCORE_DIGITS significant digits, as the embedded engine gives scores."""
    if score == 0 or not math.isfinite(score):
        return score
    magnitude = math.floor(math.log10(abs(score)))
    scale = 10.0 ** (SCORE_DIGITS - 1 - magnitude)
    return round(score * scale) / scale


@dataclass(frozen=True)
class Window:
    """Hits [start, start + size) of the exact-score order, holding the page [offset, offset + limit)."""

    start: int
    size: int

    @classmethod
    def around(cls, offset: int, limit: int, pad: int, most: int) -> Window:
        start = max(0, offset - pad)
        return cls(start, max(0, min(offset + limit + pad, most) - start))

    def wider(self, offset: int, limit: int, most: int) -> Window | None:
        """A window GROWTH times wider around the same page, or None when it cannot grow (the server's limit)."""
        pad = max(self.start + self.size - offset - limit, offset - self.start, PAD) * GROWTH
        wider = Window.around(offset, limit, pad, most)
        return wider if wider != self else None


def complete(window: Window, hits: list[Hit], offset: int, limit: int, total: int) -> bool:
    """Whether the groups of equal rounded scores that touch the page are whole in the window's ``hits``."""
    first, last = offset - window.start, min(offset + limit, total) - 1 - window.start
    if first >= len(hits) or last < first:
        return True
    scores = [rounded_score(hit.score) for hit in hits]
    whole_before = window.start == 0 or scores[0] != scores[first]
    ended = len(hits) < window.size or window.start + len(hits) >= total  # no match after the window's hits
    whole_after = ended or scores[-1] != scores[min(last, len(hits) - 1)]
    return whole_before and whole_after


def page_of(window: Window, hits: list[Hit], offset: int, limit: int) -> list[Hit]:
    """The page from the window's hits, by rounded score descending then id ascending, with rounded scores."""
    for hit in hits:
        hit.score = rounded_score(hit.score)
    ordered = sorted(hits, key=lambda hit: (-hit.score, str(hit.document.get("id") or hit.id)))
    start = offset - window.start
    return ordered[start : start + limit]
