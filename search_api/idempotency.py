"""``Idempotency-Key``: a write sent again with the same key gets the first answer and changes nothing.

The key is claimed with ``INSERT ... ON CONFLICT DO NOTHING`` in the same transaction that does the write
and stores the response, so it commits with the record or not at all. A concurrent request with the same
key waits on that insert until the first transaction ends, then finds the stored response. A key is scoped
to its sender (user or API client); reused for a different request it is refused with 422.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from records.models import IdempotencyKey
from search_api.auth import Principal
from search_api.errors import ApiError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEPT_HEADERS = ("Location", "ETag")


@dataclass
class Claim:
    """A fresh key this request now owns (``row_id``), or the stored answer to replay."""

    row_id: int | None = None
    replay: JSONResponse | None = None


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def _check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > 255 or not key.isascii() or not key.isprintable():
        message = "must be 1-255 printable ASCII characters (a UUID is a good choice)"
        raise ApiError(422, f"{HEADER} {message}", problems=[(("header", HEADER), message)])
    return key


def claim(session: Session, request: Request, principal: Principal, key: str, body: Any) -> Claim:
    """Claim ``key`` for this request, or return the stored response of the request that claimed it."""
    key = _check_key(key)
    method, path = request.method, request.url.path
    digest = fingerprint(method, path, body)
    row_id = session.execute(
        insert(IdempotencyKey)
        .values(
            owner=principal.owner,
            key=key,
            user_id=principal.user_id,
            api_client_id=principal.api_client_id,
            method=method,
            path=path[:255],
            request_hash=digest,
        )
        .on_conflict_do_nothing(index_elements=[IdempotencyKey.owner, IdempotencyKey.key])
        .returning(IdempotencyKey.id)
    ).scalar()
    if row_id is not None:
        return Claim(row_id=row_id)
    stored = session.scalar(
        sa.select(IdempotencyKey).where(IdempotencyKey.owner == principal.owner, IdempotencyKey.key == key)
    )
    if stored is None or stored.response_status is None:  # pragma: no cover - the claimer committed without answer
        message = "a request with this key is still being processed; retry in a moment"
        raise ApiError(409, message, problems=[(("header", HEADER), message)])
    if stored.request_hash != digest or stored.method != method or stored.path != path[:255]:
        message = (
            f"was already used for a different request ({stored.method} {stored.path} at "
            f"{stored.created_at:%Y-%m-%d %H:%M} UTC); use a new key for a new request"
        )
        raise ApiError(422, f"{HEADER} {message}", problems=[(("header", HEADER), message)])
    headers = {**(stored.response_headers or {}), REPLAYED_HEADER: "true"}
    return Claim(replay=JSONResponse(stored.response_body, status_code=stored.response_status, headers=headers))


def store(session: Session, claim_: Claim, response: JSONResponse, body: Any) -> None:
    """Keep the answer with the claimed key (in the same transaction as the write)."""
    if claim_.row_id is None:
        return
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    session.execute(
        sa.update(IdempotencyKey)
        .where(IdempotencyKey.id == claim_.row_id)
        .values(response_status=response.status_code, response_body=body, response_headers=headers)
    )
