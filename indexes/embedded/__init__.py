"""The embedded implementation of the search-engine interface (indexes/engine.py): Tantivy indexes on disk.

``mapping`` builds each kind's Tantivy schema and converts documents in and out, ``query`` translates requests,
``paging`` orders hits by score then id, ``facets`` counts facet values (both over one index; snippets are
``indexes.highlights``, shared with Elasticsearch); ``kind_index`` opens one kind's index, ``generations`` keeps the
directory of generations and the live one, ``preload`` reads index files into memory, and ``engine`` puts them
together as :class:`TantivyEngine`.
"""

from indexes.embedded.engine import TantivyEngine
from indexes.embedded.errors import SearchIndexError

__all__ = ["SearchIndexError", "TantivyEngine"]
