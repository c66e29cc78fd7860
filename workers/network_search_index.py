"""The national node's search index kept up with its copy of records (issue 25, ``exchange.search.catch_up``): a
loop of ``cctns serve`` that indexes what the copy's trigger queued, a batch at a time, so that a national search
(which drains one batch itself before it searches) finds the queue short even after a state's backfill."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from exchange.search.catch_up import BATCH, index_pending
from records.settings import Settings
from workers.loop import BackgroundLoop

INDEX_EVERY_SECONDS = 1.0


class NationalSearchIndex(BackgroundLoop):
    """A daemon thread of a national node's ``cctns serve``: index queued records until none is left."""

    def __init__(self, database: Engine, interval: float = INDEX_EVERY_SECONDS) -> None:
        self.database = database
        super().__init__("national-search-index", self._tick, interval, max_backoff=8, join_timeout=30)

    def _tick(self) -> None:
        while not self.stopping():
            with Session(self.database) as session, session.begin():
                if index_pending(session) < BATCH:
                    return


def network_search_loops(database: Engine, settings: Settings) -> list[BackgroundLoop]:
    """The loop on a national node (none on a state node, or a node standing alone)."""
    return [NationalSearchIndex(database)] if settings.network_role == "national" else []
