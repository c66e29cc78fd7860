"""One typed settings object, read from ``CCTNS_`` environment variables and an optional ``.env`` file.

Create it with :func:`get_settings`; nothing reads the environment at import time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from records.errors import ConfigurationError

NATIONAL_CODE = "00"  # the national node's code in the network (states have their Census 2011 codes)
CONFIRMATION_MAX_HOURS = 24 * 30  # the longest deadline a confirmation request may carry (exchange v1)
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
    # issue 25: the nationwide network. Unset: the node stands alone and everything works as before.
    network_role: Literal["state", "national"] = Field(
        default="state", description="What this deployment is in the network: a state's node or the national node."
    )
    network_state_code: str | None = Field(
        default=None,
        description="This state's two-digit Census 2011 code (Bihar 10, Uttar Pradesh 09); the national node has "
        "none (or 00).",
    )
    network_national_url: str | None = Field(
        default=None, description="A state node's national node, e.g. https://national.example:8000 (its base URL)."
    )
    network_node_key: SecretStr | None = Field(
        default=None,
        description="The secret this node presents to its peers (X-CCTNS-Node-Key); they keep only its hash "
        "(`cctns network peer add`).",
    )
    network_timeout_seconds: float = Field(
        default=10.0, gt=0, le=300, description="How long one call to a peer node may take."
    )
    network_feed_batch_size: int = Field(
        default=200, ge=1, le=1000, description="FIR records per message the feed sends to the national node."
    )
    network_heartbeat_seconds: float = Field(
        default=300.0, gt=0, description="How often a state node reports each station's count of the day."
    )
    network_confirmation_hours: int = Field(
        default=24,
        ge=1,
        le=CONFIRMATION_MAX_HOURS,
        description="The deadline a confirmation request gets when the asking officer names none: hours from the "
        f"request, 1 to {CONFIRMATION_MAX_HOURS} (the owning station sees it and the time left).",
    )

    @field_validator("network_state_code", "network_national_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("network_state_code")
    @classmethod
    def _two_digit_state_code(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9]{2}", value):
            raise ValueError(
                f"must be the state's two-digit Census 2011 code (Bihar 10, Uttar Pradesh 09), got {value!r}"
            )
        return value

    @field_validator("network_national_url")
    @classmethod
    def _national_url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError(f"must be the national node's base URL, http(s)://host:port, got {value!r}")
        return value.rstrip("/") if value else value

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
        self._network_is_complete()
        return self

    def _network_is_complete(self) -> None:
        """A national node has no state code; a state that feeds a national node says which state it is and has a
        key to present."""
        if self.network_role == "national":
            if self.network_state_code not in (None, NATIONAL_CODE):
                raise ValueError(
                    f"CCTNS_NETWORK_STATE_CODE: the national node has no state code (leave it unset or "
                    f"{NATIONAL_CODE}), got {self.network_state_code!r}"
                )
            if self.network_national_url:
                raise ValueError("CCTNS_NETWORK_NATIONAL_URL: the national node has no national node above it")
            return
        if self.network_state_code == NATIONAL_CODE:
            raise ValueError(
                f"CCTNS_NETWORK_STATE_CODE: {NATIONAL_CODE} is the national node's; set CCTNS_NETWORK_ROLE=national "
                "or give this state's own two-digit code"
            )
        if self.network_national_url:
            if not self.network_state_code:
                raise ValueError(
                    "CCTNS_NETWORK_NATIONAL_URL needs CCTNS_NETWORK_STATE_CODE (this state's two-digit code, Bihar 10)"
                )
            if self.network_node_key is None or not self.network_node_key.get_secret_value().strip():
                raise ValueError(
                    "CCTNS_NETWORK_NATIONAL_URL needs CCTNS_NETWORK_NODE_KEY (the secret this node presents to the "
                    "national node, which keeps its hash)"
                )

    @property
    def network_enabled(self) -> bool:
        """Whether this node is part of a network (a national node, or a state with a national node)."""
        return self.network_role == "national" or bool(self.network_national_url)

    @property
    def network_node_code(self) -> str:
        """This node's code in the network: the state's two digits, or 00 for the national node."""
        return NATIONAL_CODE if self.network_role == "national" else (self.network_state_code or "")

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
