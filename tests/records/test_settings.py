"""Settings: typed, from CCTNS_ variables, with one-sentence errors."""

from __future__ import annotations

import pytest

from records.errors import ConfigurationError
from records.settings import DEVELOPMENT_SECRET_KEY, get_settings


def test_defaults_are_the_embedded_development_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CCTNS_DATABASE_URL", "CCTNS_ENVIRONMENT", "CCTNS_SECRET_KEY", "CCTNS_SEARCH_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    settings = get_settings(_env_file=None)
    assert settings.database_url is None
    assert settings.search_backend == "embedded"
    assert settings.environment == "development"
    assert settings.postgres_data_dir == settings.data_dir / "postgres"


def test_values_come_from_prefixed_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_DATABASE_URL", "postgresql://police@db.example:5433/cctns")
    monkeypatch.setenv("CCTNS_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    monkeypatch.setenv("CCTNS_DATA_DIR", "/var/lib/cctns")
    settings = get_settings(_env_file=None)
    assert settings.database_url == "postgresql://police@db.example:5433/cctns"
    assert settings.broker_url == "amqp://guest:guest@127.0.0.1:5672//"
    assert str(settings.data_dir) == "/var/lib/cctns"


@pytest.mark.parametrize("url", ["mysql://root@localhost/cctns", "localhost:5432", "sqlite:///x.db"])
def test_a_database_url_that_is_not_postgresql_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("CCTNS_DATABASE_URL", url)
    with pytest.raises(ConfigurationError) as raised:
        get_settings(_env_file=None)
    message = str(raised.value)
    assert "CCTNS_DATABASE_URL" in message
    assert "postgresql://user:password@host:5432/database" in message
    assert "\n" not in message


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_ENVIRONMENT", "production")
    monkeypatch.delenv("CCTNS_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="CCTNS_SECRET_KEY must be set"):
        get_settings(_env_file=None)
    monkeypatch.setenv("CCTNS_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        get_settings(_env_file=None)
    monkeypatch.setenv("CCTNS_SECRET_KEY", "x" * 40)
    assert get_settings(_env_file=None).secret_key.get_secret_value() != DEVELOPMENT_SECRET_KEY


def test_backends_that_need_a_url_say_which(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_SEARCH_BACKEND", "elasticsearch")
    monkeypatch.delenv("CCTNS_ELASTICSEARCH_URL", raising=False)
    with pytest.raises(ConfigurationError, match="needs CCTNS_ELASTICSEARCH_URL"):
        get_settings(_env_file=None)
    monkeypatch.setenv("CCTNS_SEARCH_BACKEND", "embedded")
    monkeypatch.setenv("CCTNS_SMS_BACKEND", "http")
    with pytest.raises(ConfigurationError, match="needs CCTNS_SMS_GATEWAY_URL"):
        get_settings(_env_file=None)


def test_an_unknown_choice_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_SEARCH_BACKEND", "solr")
    with pytest.raises(ConfigurationError, match="CCTNS_SEARCH_BACKEND"):
        get_settings(_env_file=None)


def test_elasticsearch_shards_and_replicas_default_to_one_shard_and_none_on_one_node(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("CCTNS_ELASTICSEARCH_SHARDS", "CCTNS_ELASTICSEARCH_REPLICAS"):
        monkeypatch.delenv(name, raising=False)
    settings = get_settings(_env_file=None)
    assert (settings.elasticsearch_shards, settings.elasticsearch_replicas) == (1, "0-1")
    monkeypatch.setenv("CCTNS_ELASTICSEARCH_SHARDS", "3")
    monkeypatch.setenv("CCTNS_ELASTICSEARCH_REPLICAS", "2")
    settings = get_settings(_env_file=None)
    assert (settings.elasticsearch_shards, settings.elasticsearch_replicas) == (3, "2")
    monkeypatch.setenv("CCTNS_ELASTICSEARCH_SHARDS", "0")
    with pytest.raises(ConfigurationError, match="CCTNS_ELASTICSEARCH_SHARDS"):
        get_settings(_env_file=None)
