"""The Elasticsearch implementation of the search-engine interface (indexes/engine.py).

``mapping`` builds index templates and converts documents, ``query`` builds search bodies and reads search
responses (both pure, tested by their output), ``engine`` talks to the cluster with the official client, and
``errors`` says in one sentence what went wrong talking to it.
"""

from indexes.elasticsearch.engine import ElasticsearchEngine
from indexes.elasticsearch.errors import ElasticsearchIndexError, ElasticsearchUnreachable

__all__ = ["ElasticsearchEngine", "ElasticsearchIndexError", "ElasticsearchUnreachable"]
