"""FIR numbers: a serial per police station per year, never reused, without gaps under concurrency.

The counter row for (station, year) is incremented with ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``
inside the registering transaction. PostgreSQL holds that row's lock until the transaction ends, so
concurrent registrations at one station queue behind each other (other stations are unaffected); if the
registration rolls back, the increment rolls back with it and the next registration takes the same
number. Hence no duplicates and no gaps.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from records.models import FirNumberCounter


def allocate_fir_serial(session: Session, station_id: int, year: int) -> int:
    """Next FIR serial for ``station_id`` in ``year``; it holds only if the caller's transaction commits."""
    statement = (
        insert(FirNumberCounter)
        .values(station_id=station_id, year=year, last_serial=1)
        .on_conflict_do_update(
            index_elements=[FirNumberCounter.station_id, FirNumberCounter.year],
            set_={"last_serial": FirNumberCounter.last_serial + 1},
        )
        .returning(FirNumberCounter.last_serial)
    )
    return int(session.execute(statement).scalar_one())
