"""Uniform error bodies and the request size limit.

Every 4xx answer has the same shape::

    {"error": "validation_error", "message": "one sentence", "detail": [{"loc": [...], "field": "a.b", "msg": "why"}]}

``detail`` names each field (or header, or query parameter) at fault and why; ``loc`` keeps FastAPI's
location path so clients written against FastAPI's default 422 body keep working.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cases import FirConflict, FirInputError, FirNotFound
from records.access import Forbidden
from records.errors import ConfigurationError
from records.users import UserInputError

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
IMPORT_UPLOAD_BYTES = 1 << 30  # uploads of legacy records to /api/v1/imports: up to 1 GiB
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    428: "precondition_required",
    429: "too_many_requests",
}
# Fields of an FIR that the server assigns: sent back on POST, they get a message saying so.
SERVER_FIELD_HINT = "is assigned by the server; leave it out when registering (GET returns it, POST does not take it)"

Loc = Sequence[str | int]
TooLargeAnswer = Callable[[Request], Response]
LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


class ApiError(Exception):
    """An error answered with the uniform body; ``problems`` are (location, reason) pairs."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        problems: Iterable[tuple[Loc, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)
        self.headers = headers


def _item(loc: Loc, msg: str, kind: str | None = None) -> dict[str, Any]:
    parts = list(loc[1:]) if loc and loc[0] in LOCATIONS else list(loc)
    item: dict[str, Any] = {"loc": list(loc), "field": ".".join(str(part) for part in parts) or None, "msg": msg}
    if kind:
        item["type"] = kind
    return item


def error_response(
    status: int, message: str, detail: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": ERROR_CODES.get(status, "error" if status >= 500 else "client_error"), "message": message}
    body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


def _summary(detail: list[dict[str, Any]]) -> str:
    parts = [f"{item['field']}: {item['msg']}" if item.get("field") else item["msg"] for item in detail[:5]]
    more = f" (and {len(detail) - 5} more)" if len(detail) > 5 else ""
    noun = "problem" if len(detail) == 1 else "problems"
    return f"The request has {len(detail)} {noun}: " + "; ".join(parts) + more


def _friendly(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    loc = error.get("loc", ())
    if kind == "extra_forbidden":
        from search_api.fir_schemas import SERVER_ASSIGNED_FIELDS

        if loc and loc[-1] in SERVER_ASSIGNED_FIELDS:
            return SERVER_FIELD_HINT
        return "is not a field of this request (check its spelling against /docs)"
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        return f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'syntax error')})"
    return message


def validation_detail(errors: Sequence[Any]) -> list[dict[str, Any]]:
    return [_item(tuple(error.get("loc", ())), _friendly(error), error.get("type")) for error in errors]


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = validation_detail(exc.errors())
    return error_response(422, _summary(detail), detail)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = getattr(exc, "headers", None)
    if isinstance(exc.detail, list):
        detail = [
            _item(item.get("loc", ()), str(item.get("msg", "")), item.get("type"))
            if isinstance(item, dict)
            else _item((), str(item))
            for item in exc.detail
        ]
        return error_response(exc.status_code, _summary(detail), detail, headers)
    message = str(exc.detail)
    return error_response(exc.status_code, message, [_item((), message)], headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    detail = [_item(loc, reason) for loc, reason in exc.problems] or [_item((), exc.message)]
    return error_response(exc.status, exc.message, detail, exc.headers)


async def _fir_input_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FirInputError)
    detail = [_item(("body", *problem.loc), problem.reason) for problem in exc.problems]
    return error_response(422, _summary(detail), detail)


async def _fir_conflict(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FirConflict)
    loc = ("body", exc.field) if exc.field else ()
    return error_response(409, str(exc), [_item(loc, str(exc))])


async def _forbidden(request: Request, exc: Exception) -> JSONResponse:
    """A jurisdiction rule (``records.access``) refused the caller: 403 with the rule's sentence."""
    return error_response(403, str(exc), [_item((), str(exc))])


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return error_response(404, str(exc), [_item(("path",), str(exc))])


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    message = "the record was changed by someone else while this request ran; GET it again and retry"
    return error_response(409, message, [_item(("header", "If-Match"), message)])


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    message = f"a value cannot be stored: {reason}"
    return error_response(422, message, [_item(("body",), message)])


async def _user_input(request: Request, exc: Exception) -> JSONResponse:
    text = str(exc)
    field, _, reason = text.partition(": ")
    detail = [_item(("body", field), reason or text)]
    return error_response(422, text, detail)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A part the server depends on (the search index) cannot answer: 503 with the operator's sentence."""
    log.error("%s %s: %s", request.method, request.url.path, exc)
    message = f"this service is unavailable for now, retry in a minute or tell the operator: {exc}"
    return error_response(503, message, [_item((), message)])


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = "the server failed to answer this request; it has been logged, retry later or report it"
    return error_response(500, message, [_item((), message)])


def install_error_handlers(app: FastAPI, larger_bodies: Sequence[tuple[str, int, TooLargeAnswer | None]] = ()) -> None:
    """Answer every error with the uniform body; install the request size limit (``larger_bodies``: paths
    under a prefix that take up to that many bytes, and how to answer a request over it)."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(FirInputError, _fir_input_error)
    app.add_exception_handler(FirConflict, _fir_conflict)
    app.add_exception_handler(FirNotFound, _not_found)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(UserInputError, _user_input)
    app.add_exception_handler(ConfigurationError, _unavailable)
    app.add_exception_handler(Exception, _internal)
    larger_bodies = [*larger_bodies, ("/api/v1/imports", IMPORT_UPLOAD_BYTES, None)]
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES, larger_bodies=larger_bodies)


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {max_bytes:,} bytes")


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        larger_bodies: Sequence[tuple[str, int, TooLargeAnswer | None]] = (),
    ) -> None:
        self.app = app
        self.default_max_bytes = max_bytes
        self.larger_bodies = list(larger_bodies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes, answer = self.default_max_bytes, None
        path = scope.get("path", "")
        for prefix, limit, too_large in self.larger_bodies:
            if path.startswith(prefix):
                max_bytes, answer = limit, too_large
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > max_bytes:
                    message = f"the request body is larger than the limit of {max_bytes:,} bytes"
                    response = (
                        answer(Request(scope))
                        if answer is not None
                        else error_response(413, message, [_item(("header", "Content-Length"), message)])
                    )
                    await response(scope, receive, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge(max_bytes)
            return message

        await self.app(scope, limited_receive, send)


def error_responses(meanings: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route's OpenAPI entry: what each error status means there."""
    return {status: {"description": meaning} for status, meaning in meanings.items()}
