"""One typed settings object, read from ``CCTNS_`` environment variables and an optional ``.env`` file.

Create it with :func:`get_settings`; nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from records.errors import ConfigurationError

DEVELOPMENT_SECRET_KEY = "development-only-secret-change-me"
DEFAULT_DATA_DIR = Path(".cctns-data")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CCTNS_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL, e.g. postgresql://user@host:5432/cctns. Unset: an embedded PostgreSQL "
        "is started in the data directory.",
    )
    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR,
        description="Where embedded PostgreSQL, the embedded search index and uploaded files live.",
    )
    search_backend: Literal["embedded", "elasticsearch"] = "embedded"
    elasticsearch_url: str | None = None
    elasticsearch_prefix: str = Field(
        default="cctns",
        description="Start of every index, alias and template name this deployment owns on the Elasticsearch "
        "cluster ('cctns': cctns-fir, cctns-person), so deployments or test runs can share one cluster.",
    )
    elasticsearch_shards: int = Field(
        default=1, ge=1, description="Primary shards of each search index, applied when the index is created."
    )
    elasticsearch_replicas: str = Field(
        default="0-1",
        description="Replicas of each shard: a number, or a range the cluster fits to its size ('0-1': none on one "
        "node, one once a second node joins; '0-all': one on every node). Applied when the index is created.",
    )
    search_preload: bool = Field(
        default=True,
        description="Read the embedded search index into memory when the service starts (or at the first search), "
        "so first searches do not wait for the disk (skipped when the index is larger than half the memory available).",
    )
    broker_url: str | None = Field(
        default=None, description="Celery broker (amqp:// or redis://). Unset: background work runs in-process."
    )
    worker_queue: str = Field(default="cctns", description="Celery queue the workers consume and the beat feeds.")
    relay_batch_size: int = Field(default=500, ge=1, le=10_000, description="Outbox rows indexed per batch.")
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    sms_backend: Literal["development", "http"] = "development"
    sms_gateway_url: str | None = None
    sms_sender_id: str = "CCTNSB"
    sms_gateway_template: str = Field(
        default='{"to": "{to}", "sender": "{sender}", "text": "{body}", "unicode": {unicode}, "reference": "{key}"}',
        description="Body POSTed to CCTNS_SMS_GATEWAY_URL; {to} {sender} {body} {unicode} {key} {language} are "
        "replaced (JSON-escaped when the template is JSON, URL-encoded otherwise).",
    )
    sms_gateway_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    sms_max_attempts: int = Field(default=8, ge=1, le=50, description="Sending attempts before an SMS is failed.")
    sms_callback_token: SecretStr | None = Field(
        default=None,
        description="Shared secret the SMS provider sends in X-Callback-Token with delivery reports to "
        "POST /api/v1/sms/delivery-reports; unset: delivery reports are not accepted.",
    )
    # uploads of legacy records (POST /api/v1/imports): a .zip is checked while it is unpacked
    import_zip_max_bytes: int = Field(
        default=2 * 1024**3, ge=1, description="Largest total size, in bytes, an uploaded .zip may unpack to."
    )
    import_zip_max_ratio: float = Field(
        default=100.0, gt=1, description="Most bytes an uploaded .zip may unpack to per byte of the zip (zip bombs)."
    )
    import_zip_max_members: int = Field(default=100, ge=1, description="Most entries an uploaded .zip may hold.")
    # issue 8: recognising one person across records
    person_link_auto_score: float = Field(
        default=14.5, description="Pairs of person records scoring at least this are linked automatically."
    )
    person_link_review_score: float = Field(
        default=9.5, description="Pairs scoring at least this (and below the automatic score) wait for review."
    )
    person_link_candidates: int = Field(
        default=20, ge=1, description="Records scored per person matched: those sharing the rarest blocking keys."
    )
    person_link_max_links: int = Field(
        default=3, ge=1, description="Links (automatic or for review) written per person matched, one per cluster."
    )
    habitual_offender_firs: int = Field(default=3, ge=2, description="FIRs as accused that make a habitual offender")
    habitual_offender_years: int = Field(default=5, ge=1, description="... within this many years.")
    geo_boundaries_path: Path | None = Field(
        default=None, description="GeoJSON of district boundaries for the dashboards' map."
    )

    @field_validator("database_url")
    @classmethod
    def _database_url_is_postgresql(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        value = value.strip()
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in {"postgresql", "postgres", "postgresql+psycopg"}:
            raise ValueError(
                f"must look like postgresql://user:password@host:5432/database (got scheme {scheme or 'none'!r})"
            )
        return value

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.environment != "development" and (secret == DEVELOPMENT_SECRET_KEY or len(secret) < 32):
            raise ValueError(
                "CCTNS_SECRET_KEY must be set to a random value of at least 32 characters outside "
                "development (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if self.search_backend == "elasticsearch" and not self.elasticsearch_url:
            raise ValueError("CCTNS_SEARCH_BACKEND=elasticsearch needs CCTNS_ELASTICSEARCH_URL")
        if self.person_link_review_score > self.person_link_auto_score:
            raise ValueError("CCTNS_PERSON_LINK_REVIEW_SCORE must not be above CCTNS_PERSON_LINK_AUTO_SCORE")
        if self.sms_backend == "http" and not self.sms_gateway_url:
            raise ValueError("CCTNS_SMS_BACKEND=http needs CCTNS_SMS_GATEWAY_URL")
        return self

    @property
    def postgres_data_dir(self) -> Path:
        return self.data_dir / "postgres"


def get_settings(**overrides: object) -> Settings:
    """Read settings from the environment; a bad value becomes one ConfigurationError sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "settings"
            env_name = f"CCTNS_{field.upper()}" if item["loc"] else "settings"
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{env_name}: {message}")
        raise ConfigurationError("Invalid configuration. " + "; ".join(problems) + ".") from None
