"""The case diary of an FIR: read it whole, add an entry. Entries are never edited or deleted (there is no PUT,
PATCH or DELETE, and the database refuses them too); a correction is a new entry naming the one it corrects.

Who may read and write is ``records.access`` (``diary_read_refusal``, ``diary_write_refusal``); the write is
``cases.diary.add_diary_entry``, the one the case page uses too. Reads are audited like reads of the FIR.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from cases import add_diary_entry, load_fir
from cases.reading.diary import DiaryEntryView, diary_of
from records.access import place_of_station
from search_api import idempotency
from search_api.audit import audit
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.diary_schemas import DiaryEntryInput, DiaryEntryOut, DiaryOut, diary_entry_out
from search_api.fir_http import ERRORS, FirId, IdempotencyKeyHeader

router = APIRouter(prefix="/firs", tags=["Case diary"])


@router.get("/{fir_id}/diary", response_model=DiaryOut, responses=ERRORS, summary="Read an FIR's case diary")
def read_diary(request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> DiaryOut:
    """Every entry in the order written (entry 1 first), each with the numbers of later entries correcting it.
    Readable by whoever may read the FIR; never shown to the public."""
    principal.access.require_diary_read()
    fir = load_fir(session, fir_id)
    principal.access.require_diary_read(place_of_station(session, fir.station_id))
    entries = diary_of(session, fir.id)
    audit(session, request, principal, "read_diary", "fir", fir.id, {"number": fir.number, "entries": len(entries)})
    session.commit()
    return DiaryOut(fir_id=fir.id, fir_number=fir.number, entries=[diary_entry_out(view) for view in entries])


@router.post(
    "/{fir_id}/diary",
    status_code=201,
    response_model=DiaryEntryOut,
    responses=ERRORS,
    summary="Add a case diary entry",
)
def add_entry(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    fir_id: FirId,
    data: DiaryEntryInput,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """The next entry of the FIR's diary, written by the logged-in officer (a station officer of the FIR's
    station; a station's API key writes none). With an ``Idempotency-Key`` a retry adds nothing and returns the
    first answer: a diary entry, once written, can never be taken back."""
    principal.access.require_diary_write()
    body = data.model_dump(mode="json")
    claim = idempotency.claim(session, request, principal, idempotency_key, body) if idempotency_key else None
    if claim is not None and claim.replay is not None:
        session.rollback()
        return claim.replay
    fir = load_fir(session, fir_id, for_update=True)
    entry = add_diary_entry(session, fir, data, actor=principal.actor(request), access=principal.access)
    out = diary_entry_out(DiaryEntryView(entry, corrected_by=[]))
    answer = out.model_dump(mode="json")
    response = JSONResponse(answer, status_code=201, headers={"Location": f"/api/v1/firs/{fir.id}/diary"})
    if claim is not None:
        idempotency.store(session, claim, response, answer)
    session.commit()
    return response
