"""What the FIR endpoints share over HTTP: the path and header parameters, ETags and ``If-Match``, loading
the FIR the caller may read or write, and answering a write (once per ``Idempotency-Key``) with the FIR."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Header, Path, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from cases import load_fir
from cases.reading.fir import FirView, fir_view
from records.access import place_of_station
from records.models import Fir
from search_api import idempotency
from search_api.auth import Principal
from search_api.errors import ApiError, error_responses
from search_api.fir_schemas import FirOut, fir_out

FirId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The FIR's id")]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Any unique string (a UUID); sending the request again with it registers nothing new "
        "and returns the first answer",
    ),
]
IfMatchHeader = Annotated[
    str | None,
    Header(alias="If-Match", max_length=200, description="The ETag from your last GET; a stale one gets 409"),
]
ERRORS = error_responses(
    {
        401: "Not authenticated",
        403: "Not allowed for this role or jurisdiction",
        404: "No such FIR",
        409: "The FIR's state or version forbids the change; the body says why",
        413: "Request body too large",
        422: "Invalid input; the body names each field and why",
    }
)


def etag(fir: Fir) -> str:
    return f'"{fir.id}.{fir.version}"'


def check_if_match(fir: Fir, if_match: str | None, *, required: bool) -> None:
    loc = ("header", "If-Match")
    if if_match is None:
        if required:
            message = f"send If-Match with the ETag of your last GET of this FIR (now {etag(fir)})"
            raise ApiError(428, "If-Match is required to change an FIR", problems=[(loc, message)])
        return
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in tags or etag(fir) in tags:
        return
    message = (
        f"FIR {fir.number} has changed since you read it: your ETag is {if_match.strip()}, the FIR is now at "
        f"{etag(fir)} (version {fir.version}); GET it again, re-apply your change and retry"
    )
    raise ApiError(409, message, problems=[(loc, message)], headers={"ETag": etag(fir)})


def readable_fir(session: Session, principal: Principal, fir_id: int) -> Fir:
    principal.access.require_read()
    fir = load_fir(session, fir_id)
    principal.access.require_read(place_of_station(session, fir.station_id))
    return fir


def writable_fir(session: Session, principal: Principal, fir_id: int, if_match: str | None, *, required: bool) -> Fir:
    """Load and lock the FIR, check the caller may write it and, if given, that their ETag is current."""
    principal.access.require_write()
    fir = load_fir(session, fir_id, for_update=True)
    principal.access.require_write(place_of_station(session, fir.station_id))
    check_if_match(fir, if_match, required=required)
    return fir


def body_of(out: FirOut) -> Any:
    return out.model_dump(mode="json", warnings=False)


def _headers(fir: Fir) -> dict[str, str]:
    return {"ETag": etag(fir), "Location": f"/api/v1/firs/{fir.id}"}


def fir_response(session: Session, fir: Fir | FirView, status_code: int = 200) -> tuple[JSONResponse, Any]:
    """The FIR as GET shows it, and its body: read back, or built from the view a registration returns
    (``cases.register_fir_view``: its objects hold what was stored)."""
    if isinstance(fir, FirView):
        view = fir
    else:
        session.flush()
        session.expire(fir)  # answer with what was stored (rounded money, defaults), exactly as GET will
        view = fir_view(session, fir)
    body = body_of(fir_out(view))
    return JSONResponse(body, status_code=status_code, headers=_headers(view.fir)), body


def fir_json_response(view: FirView, status_code: int) -> Response:
    """:func:`fir_response` without the body as Python objects: pydantic writes the JSON itself (several times
    faster than ``model_dump`` and then ``json.dumps``, for the same document)."""
    content = fir_out(view).model_dump_json(warnings=False)
    return Response(content, status_code=status_code, headers=_headers(view.fir), media_type="application/json")


def idempotent_write(
    request: Request,
    session: Session,
    principal: Principal,
    key: str | None,
    request_body: Any,
    write: Callable[[], tuple[Fir | FirView, int]],
) -> Response:
    """Run ``write`` once per Idempotency-Key; store and commit its answer with the change. ``request_body`` (for the
    key's fingerprint) is only read with a key. A write that returns the FIR's view is answered from it."""
    claim = idempotency.claim(session, request, principal, key, request_body) if key is not None else None
    if claim is not None and claim.replay is not None:
        session.rollback()
        return claim.replay
    fir, status_code = write()
    if claim is None and isinstance(fir, FirView):
        # Answered from the written objects: commit, then serialise (nothing left to read, the lock goes sooner).
        session.commit()
        return fir_json_response(fir, status_code)
    session.flush()
    if claim is None:
        # Commit first: a write may hold a station's number counter until commit (a transfer registers an FIR);
        # answer afterwards.
        session.commit()
        response, _ = fir_response(session, fir, status_code)
        session.commit()
        return response
    response, body = fir_response(session, fir, status_code)
    idempotency.store(session, claim, response, body)
    session.commit()
    return response
