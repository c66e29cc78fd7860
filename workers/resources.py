"""What a worker process holds open for its tasks: settings, the database and the search engine, opened once."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from indexes.engine import SearchEngine
from indexes.factory import open_search_engine
from records.database import Database, open_database
from records.settings import Settings, get_settings


@dataclass
class WorkerResources:
    settings: Settings
    database: Database
    search: SearchEngine


@functools.cache
def worker_resources() -> WorkerResources:
    settings = get_settings()
    database = open_database(settings)
    return WorkerResources(settings, database, open_search_engine(settings))
