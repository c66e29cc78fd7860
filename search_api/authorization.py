"""Who may do what, where: role x jurisdiction.

| role | read FIRs | write FIRs | manage users, API clients, reference data |
|---|---|---|---|
| station officer (and a station's API key) | own station | own station | no |
| district SP | own district | no | no |
| investigator, HQ | whole state | no | no |
| administrator | no (manages the system, not cases) | no | yes |

Every refusal is 403 with a sentence saying which rule refused it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import PoliceStation, Role
from search_api.auth import Principal
from search_api.errors import ApiError


class Action(enum.StrEnum):
    READ_FIR = "read_fir"
    WRITE_FIR = "write_fir"
    LIST_FIRS = "list_firs"
    ADMINISTER = "administer"


STATE_WIDE_READERS = frozenset({Role.HQ, Role.INVESTIGATOR})


@dataclass(frozen=True)
class Place:
    """Where a record belongs: its station and that station's district."""

    station_id: int
    district_id: int
    station_code: str = ""


def place_of_station(session: Session, station_id: int) -> Place:
    row = session.execute(
        sa.select(PoliceStation.district_id, PoliceStation.code).where(PoliceStation.id == station_id)
    ).one()
    return Place(station_id, row.district_id, row.code)


def refusal(principal: Principal, action: Action, place: Place | None = None) -> str | None:
    """None if allowed; otherwise why not, in one sentence."""
    role = principal.role
    who = "a station's API key" if principal.kind == "api_client" else f"a {role.value.replace('_', ' ')}"
    if action is Action.ADMINISTER:
        return (
            None
            if role is Role.ADMIN
            else f"only administrators manage users, API clients and reference data; you are {who}"
        )
    if role is Role.ADMIN:
        return "administrators manage users and reference data and do not read or write case records"
    if action is Action.WRITE_FIR:
        if role is not Role.STATION_OFFICER:
            return f"only station officers (or a station's API key) register and update FIRs; you are {who}"
        if place is not None and place.station_id != principal.station_id:
            return f"{who} may write only FIRs of their own station; this FIR belongs to station {place.station_code}"
        return None
    # reading
    if role in STATE_WIDE_READERS or place is None:
        return None
    if role is Role.DISTRICT_SP and place.district_id != principal.district_id:
        return f"a district SP reads only FIRs of their own district; this FIR is of station {place.station_code}"
    if role is Role.STATION_OFFICER and place.station_id != principal.station_id:
        return f"{who} reads only FIRs of their own station; this FIR belongs to station {place.station_code}"
    return None


def require(principal: Principal, action: Action, place: Place | None = None) -> None:
    """Raise 403 with the reason if ``principal`` may not do ``action`` at ``place``."""
    reason = refusal(principal, action, place)
    if reason:
        raise ApiError(403, reason)
