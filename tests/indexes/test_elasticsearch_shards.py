"""Shards and replicas: the settings reach the engine, and the indexes the engine creates carry them."""

from __future__ import annotations

import uuid

import pytest

from indexes import factory
from indexes.elasticsearch import ElasticsearchEngine
from records.errors import ConfigurationError
from records.settings import get_settings
from tests.support import elasticsearch_url_or_skip


def test_the_settings_give_the_engine_its_shards_and_replicas(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ElasticsearchEngine] = []

    class Recorded(ElasticsearchEngine):
        def __init__(self, *args: object, **options: object) -> None:
            super().__init__(*args, **options)  # type: ignore[arg-type]
            made.append(self)

        def ensure_ready(self) -> None:  # no server needed: only the wiring is under test
            pass

    monkeypatch.setattr("indexes.elasticsearch.ElasticsearchEngine", Recorded)
    settings = get_settings(
        _env_file=None,
        search_backend="elasticsearch",
        elasticsearch_url="http://127.0.0.1:9",
        elasticsearch_shards=3,
        elasticsearch_replicas="0-all",
    )
    factory.open_search_engine(settings).close()
    assert [(engine.shards, engine.replicas) for engine in made] == [(3, "0-all")]


def test_a_replica_value_the_mapping_refuses_is_a_configuration_error() -> None:
    settings = get_settings(
        _env_file=None,
        search_backend="elasticsearch",
        elasticsearch_url="http://127.0.0.1:9",
        elasticsearch_replicas="some",
    )
    with pytest.raises(ConfigurationError, match="CCTNS_ELASTICSEARCH_REPLICAS"):
        factory.open_search_engine(settings)


@pytest.mark.parametrize(
    ("shards", "replicas", "expected"), [(2, "0", ("2", "0", "false")), (1, "0-1", ("1", "0", "0-1"))]
)
def test_created_indexes_have_the_shards_and_replicas_asked_for(
    shards: int, replicas: str, expected: tuple[str, str, str]
) -> None:
    url = elasticsearch_url_or_skip()
    engine = ElasticsearchEngine(url, prefix=f"cctns-test-{uuid.uuid4().hex[:10]}", shards=shards, replicas=replicas)
    try:
        engine.ensure_ready()
        created = engine._client.indices.get_settings(index=f"{engine.prefix}-*")
        assert created, "ensure_ready created no index"
        for name, body in created.items():
            index = body["settings"]["index"]
            got = (index["number_of_shards"], index["number_of_replicas"], index.get("auto_expand_replicas", "false"))
            assert got == expected, name
    finally:
        engine.close()
        engine.drop_all()
