"""The in-process outbox relay: with no broker configured, a thread of the server process keeps the index
current, doing what the Celery relay task does."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from indexes.engine import SearchEngine
from indexes.sync import drain_outbox
from workers.loop import BackgroundLoop


class InProcessRelay(BackgroundLoop):
    def __init__(self, database: Engine, search: SearchEngine, interval: float = 1.0, batch_size: int = 500) -> None:
        self.database, self.search, self.batch_size = database, search, batch_size
        super().__init__(
            "outbox-relay", lambda: drain_outbox(database, search, batch_size, should_stop=self.stopping), interval
        )
