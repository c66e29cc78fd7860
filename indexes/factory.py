"""Open the search engine the settings name: the embedded Tantivy index in the data directory by default."""

from __future__ import annotations

from indexes.engine import SearchEngine
from records.errors import ConfigurationError
from records.settings import Settings


def open_search_engine(settings: Settings) -> SearchEngine:
    if settings.search_backend == "elasticsearch":
        from indexes.elasticsearch import ElasticsearchEngine

        assert settings.elasticsearch_url  # the settings refuse elasticsearch without a URL
        try:
            engine: SearchEngine = ElasticsearchEngine(
                settings.elasticsearch_url,
                prefix=settings.elasticsearch_prefix,
                shards=settings.elasticsearch_shards,
                replicas=settings.elasticsearch_replicas,
            )
        except ValueError as error:  # the mapping is the one home of what prefix, shard and replica values are valid
            raise ConfigurationError(
                f"CCTNS_ELASTICSEARCH_PREFIX/CCTNS_ELASTICSEARCH_SHARDS/CCTNS_ELASTICSEARCH_REPLICAS: {error}"
            ) from None
    else:
        from indexes.embedded import TantivyEngine

        engine = TantivyEngine(settings.data_dir / "search", preload=settings.search_preload)
    engine.ensure_ready()
    return engine
