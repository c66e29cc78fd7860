"""The owner's sharing level of an FIR outside the state (issue 25, ``exchange.sharing``): read it, set it.

Set by a station officer (or the station's API key) of the FIR's station, audited; a protected case stays
``invisible`` outside the state whatever is set, and the answer says so (``outside_the_state``).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from cases import load_fir
from exchange.sharing import REASON_MAX, SharingLevel, level_outside, set_level, stored_level
from records.access import place_of_station
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.fir_http import ERRORS, FirId

router = APIRouter(prefix="/firs", tags=["Federated search"])


class SharingInput(BaseModel):
    level: Literal["visible", "pointer", "invisible"] = Field(
        description="visible: other states find it and may open it; pointer: they find only 'contact the station'; "
        "invisible: they never find it"
    )
    reason: str | None = Field(default=None, max_length=REASON_MAX, description="Why, for the station's own record")


class SharingOut(BaseModel):
    fir_id: int
    level: str = Field(description="What the station set (visible when it set nothing)")
    outside_the_state: str = Field(description="What other states see: a protected case is always invisible")


def _answer(session: SessionDep, fir_id: int) -> SharingOut:
    return SharingOut(
        fir_id=fir_id,
        level=stored_level(session, fir_id).value,
        outside_the_state=level_outside(session, fir_id).value,
    )


@router.get("/{fir_id}/sharing", response_model=SharingOut, responses=ERRORS, summary="Read an FIR's sharing level")
def read_sharing(session: SessionDep, principal: PrincipalDep, fir_id: FirId) -> SharingOut:
    principal.access.require_read()
    fir = load_fir(session, fir_id)
    principal.access.require_read(place_of_station(session, fir.station_id))
    return _answer(session, fir.id)


@router.put("/{fir_id}/sharing", response_model=SharingOut, responses=ERRORS, summary="Set an FIR's sharing level")
def put_sharing(
    request: Request, session: SessionDep, principal: PrincipalDep, fir_id: FirId, data: SharingInput
) -> SharingOut:
    """What other states may see of this FIR in a federated search. Audited; the FIR's version goes up, so the
    national node receives the new level with the next record of the FIR."""
    principal.access.require_write()
    fir = load_fir(session, fir_id, for_update=True)
    principal.access.require_write(place_of_station(session, fir.station_id))
    set_level(session, principal.actor(request), fir, SharingLevel(data.level), data.reason)
    answer = _answer(session, fir.id)
    session.commit()
    return answer
