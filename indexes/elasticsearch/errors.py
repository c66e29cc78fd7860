"""What goes wrong talking to Elasticsearch, said in one sentence: what failed, where, and what to check.

The client's exceptions (unreachable, refused credentials, missing privileges, not Elasticsearch, an error
response) become :class:`ElasticsearchUnreachable` or :class:`ElasticsearchIndexError`, both ConfigurationErrors, so
the command line and the server report them without a traceback; a bulk request's failed actions become one message.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterator
from typing import Any

import elastic_transport
from elasticsearch import ApiError, AuthenticationException, AuthorizationException, UnsupportedProductError

from records.errors import ConfigurationError

URL_SETTING = "CCTNS_ELASTICSEARCH_URL"
FAILURES_SHOWN = 5


class ElasticsearchIndexError(ConfigurationError):
    """Elasticsearch could not do what was asked; the message says why and what to do. A ConfigurationError,
    like the embedded engine's errors, so the command line and the server report it in one sentence."""


class ElasticsearchUnreachable(ElasticsearchIndexError, ConnectionError):
    """The cluster could not be reached (or refused us) at the configured URL."""


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


REJECTED = "es_rejected_execution_exception"
BUSY = "the cluster's write queue was full and it refused the write (HTTP 429) after the client's retries with backoff"
BUSY_ADVICE = (
    " Nothing is lost from PostgreSQL: the relay keeps such changes in the outbox and writes them again, a rebuild can "
    "be run again; if it lasts, give the cluster more write capacity (nodes, thread_pool.write.queue_size) or run "
    "fewer relays."
)
REASON_CHARACTERS = 300  # Elasticsearch's reasons can hold whole Java object dumps


def short_reason(kind: str, reason: str) -> str:
    """``kind: reason`` in a sentence's space: a rejection said in words, anything else cut to REASON_CHARACTERS."""
    if kind == REJECTED:
        return f"{kind}: {BUSY}"
    text = f"{kind}: {reason}".strip()
    return text if len(text) <= REASON_CHARACTERS else text[: REASON_CHARACTERS - 3] + "..."


def _reason(error: ApiError) -> str:
    """``type: reason`` of an Elasticsearch error response, or the client's own text."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    if isinstance(detail, dict):
        causes = detail.get("root_cause") or [detail]
        cause = causes[0] if isinstance(causes[0], dict) else detail
        return short_reason(str(cause.get("type", "error")), str(cause.get("reason", "")))
    if isinstance(detail, str):
        return detail
    return str(error.message or error)


def error_type(error: ApiError) -> str | None:
    """The ``type`` of an Elasticsearch error response (``index_not_found_exception``), if it has one."""
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    return detail.get("type") if isinstance(detail, dict) else None


@contextlib.contextmanager
def explained_errors(where: str, prefix: str, doing: str) -> Iterator[None]:
    """Turn the client's errors while ``doing`` (on the cluster at ``where``, its URL without a password, with the
    indexes of ``prefix``) into messages saying what failed, where, and what to check."""
    try:
        yield
    except (elastic_transport.ConnectionError, elastic_transport.ConnectionTimeout) as error:
        raise ElasticsearchUnreachable(
            f"Cannot reach Elasticsearch at {where} while {doing} ({error.message}); check {URL_SETTING} "
            "and that the server is running and reachable from here."
        ) from error
    except AuthenticationException as error:
        raise ElasticsearchUnreachable(
            f"Elasticsearch at {where} refused the credentials while {doing} ({_reason(error)}); put a valid "
            f"user and password in {URL_SETTING} (https://user:password@host:9200)."
        ) from error
    except AuthorizationException as error:
        raise ElasticsearchIndexError(
            f"Elasticsearch at {where} does not allow this user {doing} ({_reason(error)}); grant it the "
            f"index privileges on {prefix}-* and the manage_index_templates cluster privilege."
        ) from error
    except UnsupportedProductError as error:
        raise ElasticsearchUnreachable(
            f"The server at {where} is not Elasticsearch (or not a supported version); check {URL_SETTING}."
        ) from error
    except ApiError as error:
        if error_type(error) == "index_not_found_exception":
            raise ElasticsearchIndexError(
                f"The search index is missing in Elasticsearch at {where} while {doing} ({_reason(error)}); "
                "open the engine once (it creates its indexes) or run `cctns index rebuild`."
            ) from error
        advice = BUSY_ADVICE if error_type(error) == REJECTED or error.meta.status == 429 else ""
        raise ElasticsearchIndexError(
            f"Elasticsearch at {where} failed {doing}: {error.meta.status} {_reason(error)}.{advice}"
        ) from error


def bulk_failures(failures: list[tuple[str, dict[str, Any]]], count: int, doing: str, target: str) -> str:
    """One message for the failed actions of a bulk request of ``count`` actions."""
    shown = []
    stale_mapping = False
    rejected = sum(1 for _, info in failures if info.get("status") == 429)
    for operation, info in failures[:FAILURES_SHOWN]:
        error = info.get("error")
        if isinstance(error, dict):
            kind = error.get("type", "error")
            stale_mapping = stale_mapping or kind in {"strict_dynamic_mapping_exception", "mapper_parsing_exception"}
            detail = short_reason(str(kind), str(error.get("reason", "")))
        else:
            detail = str(error or f"status {info.get('status')}")
        shown.append(f"{operation} {info.get('_id')}: {detail}")
    if rejected == len(failures):  # one sentence for them all, not the same one five times
        shown = [f"{', '.join(str(info.get('_id')) for _, info in failures[:FAILURES_SHOWN])}: {REJECTED}: {BUSY}"]
    more = f" (and {len(failures) - FAILURES_SHOWN} more)" if len(failures) > FAILURES_SHOWN else ""
    message = f"{len(failures)} of {count} actions failed while {doing} in {target}: {'; '.join(shown)}{more}."
    if rejected:
        message += BUSY_ADVICE
    if stale_mapping:
        message += " The index may have been created for an older set of document fields; run `cctns index rebuild`."
    return message
