"""What an ICJS event names, found here: the FIR by its national key, a person by the reference the police side
gave (``10-P4711``), and the refusal a sender gets when either is not ours."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.validation import SchemaProblem
from records.models import Fir, FirParty, PoliceDistrict, PoliceStation, State

FIR_KEY = re.compile(
    r"^(?P<state>[0-9]{2})-(?P<station>[A-Z0-9][A-Z0-9_-]{0,23})/(?P<year>[0-9]{4})/(?P<serial>[1-9][0-9]{0,8})$"
)
PERSON_REF = re.compile(r"^(?P<state>[0-9]{2})-P(?P<number>[1-9][0-9]{0,17})$")


class IcjsRefused(Exception):
    """An event this node cannot take, with the field at fault and why (``status``: the HTTP answer: 404 for an FIR
    that is not here, 409 for a conflict with what is stored, 422 for anything else)."""

    def __init__(self, path: str, reason: str, status: int = 422) -> None:
        super().__init__(f"{path}: {reason}")
        self.problems = [SchemaProblem(path, reason)]
        self.status = status


def fir_by_key(session: Session, fir_key: str, *, for_update: bool = False) -> Fir:
    """The FIR ``fir_key`` names (``10-VAISHALI-HAJIPUR-SADAR/2025/17``), or IcjsRefused (404) naming what is not
    here: the state, the station or the FIR."""
    match = FIR_KEY.match(fir_key)
    if match is None:
        raise IcjsRefused("fir_key", f"{fir_key!r} is not an FIR key (station code/year/serial)")
    row = session.execute(
        sa.select(PoliceStation.id, State.code)
        .join(PoliceDistrict, PoliceDistrict.id == PoliceStation.district_id)
        .join(State, State.id == PoliceDistrict.state_id)
        .where(PoliceStation.code == match["station"])
    ).one_or_none()
    if row is None or row.code != match["state"]:
        raise IcjsRefused("fir_key", f"no police station {match['state']}-{match['station']} on this node", 404)
    query = sa.select(Fir).where(
        Fir.station_id == row.id, Fir.year == int(match["year"]), Fir.serial == int(match["serial"])
    )
    fir = session.scalar(query.with_for_update() if for_update else query)
    if fir is None:
        raise IcjsRefused("fir_key", f"no FIR {match['serial']}/{match['year']} at station {match['station']}", 404)
    return fir


def person_in_fir(session: Session, fir: Fir, reference: str, *, path: str = "person") -> int:
    """Our person id for ``reference`` (``10-P4711``), who must be named in ``fir``; IcjsRefused otherwise."""
    match = PERSON_REF.match(reference)
    state = fir_key_state(session, fir)
    if match is None or match["state"] != state:
        raise IcjsRefused(path, f"{reference!r} is not a person reference of state {state} (like {state}-P4711)")
    person_id = int(match["number"])
    named = session.scalar(sa.select(sa.func.count()).where(FirParty.fir_id == fir.id, FirParty.person_id == person_id))
    if not named:
        raise IcjsRefused(path, f"person {reference} is not named in FIR {fir.number}")
    return person_id


def fir_key_state(session: Session, fir: Fir) -> str:
    """The state code of the FIR's station."""
    return session.execute(
        sa.select(State.code)
        .join(PoliceDistrict, PoliceDistrict.state_id == State.id)
        .join(PoliceStation, PoliceStation.district_id == PoliceDistrict.id)
        .where(PoliceStation.id == fir.station_id)
    ).scalar_one()
