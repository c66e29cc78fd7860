"""What happens to an FIR after registration, each recorded by its own endpoint: people found later, status
changes, arrests, seizures, final reports, the court's result and the transfer of a zero FIR.

Each answers with the whole FIR as stored. All but the status change take an ``Idempotency-Key``: a retry with
it records nothing new and returns the first answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from cases import (
    Actor,
    add_party,
    record_arrest,
    record_court_result,
    record_final_report,
    record_seizure,
    set_status,
    transfer_zero_fir,
)
from cases.input import PartyAddInput
from records.models import Fir, PoliceStation
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.errors import ApiError
from search_api.fir_http import (
    ERRORS,
    FirId,
    IdempotencyKeyHeader,
    IfMatchHeader,
    fir_response,
    idempotent_write,
    writable_fir,
)
from search_api.fir_schemas import (
    ArrestInput,
    CourtResultInput,
    FinalReportInput,
    FirOut,
    SeizureInput,
    StatusChangeInput,
    TransferInput,
)

router = APIRouter(prefix="/firs", tags=["FIRs"])


@dataclasses.dataclass
class EventRequest:
    """A request recording an event on one FIR: who asks, which FIR, and the preconditions they send."""

    request: Request
    session: SessionDep
    principal: PrincipalDep
    fir_id: FirId
    if_match: IfMatchHeader = None
    idempotency_key: IdempotencyKeyHeader = None

    @property
    def actor(self) -> Actor:
        return self.principal.actor(self.request)

    def record(self, data: Any, write: Callable[[Fir], object]) -> JSONResponse:
        """Lock the FIR the caller may write and run ``write`` on it once per Idempotency-Key; answer 201 with
        the FIR, or with the FIR ``write`` returns if it returns one (a transfer's new FIR)."""

        def once() -> tuple[Fir, int]:
            fir = writable_fir(self.session, self.principal, self.fir_id, self.if_match, required=False)
            written = write(fir)
            return written if isinstance(written, Fir) else fir, 201

        body = data.model_dump(mode="json")
        return idempotent_write(self.request, self.session, self.principal, self.idempotency_key, body, once)


Event = Annotated[EventRequest, Depends()]


def _event_route(path: str, summary: str, status_code: int = 201) -> Callable[[Callable[..., Any]], Any]:
    return router.post(path, status_code=status_code, response_model=FirOut, responses=ERRORS, summary=summary)


@_event_route("/{fir_id}/parties", "Add a person to an FIR")
def add_person(event: Event, data: PartyAddInput) -> JSONResponse:
    """An accused, suspect, victim or witness found after registration (linked by person_id or new)."""
    access = event.principal.access
    return event.record(data, lambda fir: add_party(event.session, fir, data, actor=event.actor, access=access))


@_event_route("/{fir_id}/status", "Change an FIR's status", status_code=200)
def change_fir_status(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: StatusChangeInput,
    if_match: IfMatchHeader = None,
) -> JSONResponse:
    """Begin investigation, send a charge-sheeted case to court, or reopen an undetected case. Other changes
    come with their record (final report, court result, transfer); an impossible change gets 409 saying why."""
    fir = writable_fir(session, principal, fir_id, if_match, required=False)
    set_status(session, fir, data, actor=principal.actor(request))
    response, _ = fir_response(session, fir)
    session.commit()
    return response


@_event_route("/{fir_id}/arrests", "Record an arrest or surrender")
def add_arrest(event: Event, data: ArrestInput) -> JSONResponse:
    """An accused or suspect of this FIR arrested or surrendered; a registered FIR goes under investigation."""
    return event.record(data, lambda fir: record_arrest(event.session, fir, data, actor=event.actor))


@_event_route("/{fir_id}/seizures", "Record a seizure")
def add_seizure(event: Event, data: SeizureInput) -> JSONResponse:
    """Property seized in the case (IIF-IV)."""
    return event.record(data, lambda fir: record_seizure(event.session, fir, data, actor=event.actor))


@_event_route("/{fir_id}/final-reports", "Record a charge sheet or final report")
def add_final_report(event: Event, data: FinalReportInput) -> JSONResponse:
    """A charge sheet (status charge_sheeted) or final report undetected / false / mistake of fact."""
    return event.record(data, lambda fir: record_final_report(event.session, fir, data, actor=event.actor))


@_event_route("/{fir_id}/court-results", "Record the court's result")
def add_court_result(event: Event, data: CourtResultInput) -> JSONResponse:
    """The court's disposal of a case sent to court; the FIR becomes disposed."""
    return event.record(data, lambda fir: record_court_result(event.session, fir, data, actor=event.actor))


@_event_route("/{fir_id}/transfer", "Transfer a zero FIR")
def transfer(event: Event, data: TransferInput) -> JSONResponse:
    """Hand a zero FIR to the station with jurisdiction. That station gets a regular FIR in its own series
    (returned, with ``zero_fir_origin_id``); the zero FIR becomes ``transferred``."""

    def write(fir: Fir) -> Fir:
        station = event.session.scalar(sa.select(PoliceStation).where(PoliceStation.code == data.to_station.upper()))
        if station is None:
            message = f"no police station has code {data.to_station!r}"
            raise ApiError(422, message, problems=[(("body", "to_station"), message)])
        return transfer_zero_fir(event.session, fir, station, actor=event.actor, note=data.note)

    return event.record(data, write)
