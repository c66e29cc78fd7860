"""FIR numbers: a serial per police station per year, never reused, without gaps under concurrency.

The counter row for (station, year) holds the last serial a live registration took. It is locked (``INSERT ...
ON CONFLICT DO UPDATE``) inside the registering transaction; PostgreSQL holds that lock until the transaction
ends, so concurrent registrations at one station queue behind each other (other stations are unaffected); if
the registration rolls back, the counter rolls back with it and the next registration takes the same number.
Hence no duplicates and no gaps.

Imported FIRs (legacy records) keep the serials their source gave them and do not move the counter: an
imported 90000/2026 does not make the next live FIR 90001/2026. A live registration takes the lowest serial
above the counter that no FIR of the station-year holds, so it steps over imported serials instead of
colliding with them later. An import locks the same counter rows while it writes a batch
(:func:`lock_counters`), so the serials it inserts are visible to the next allocation.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

# The lowest serial above the counter's that no FIR of the station-year holds: the counter's next serial, or
# the one after an FIR whose serial is above the counter (an imported one), whichever comes first and is free.
# A separate statement from the lock, so that (read committed) it sees what a transaction that held the lock
# before us committed.
NEXT_FREE_SQL = """
    UPDATE fir_number_counter c SET last_serial = (
        SELECT min(n.serial) FROM (
            SELECT c.last_serial + 1 AS serial
            UNION ALL
            SELECT f.serial + 1 FROM fir f
            WHERE f.station_id = c.station_id AND f.year = c.year AND f.serial > c.last_serial
        ) n
        WHERE NOT EXISTS (
            SELECT 1 FROM fir t WHERE t.station_id = c.station_id AND t.year = c.year AND t.serial = n.serial
        )
    )
    WHERE c.station_id = :station_id AND c.year = :year
    RETURNING c.last_serial
"""

# Takes the station-year's counter row lock (creating the row at 0), held until the transaction ends.
LOCK_COUNTER_SQL = """
    INSERT INTO fir_number_counter (station_id, year, last_serial) VALUES (:station_id, :year, 0)
    ON CONFLICT (station_id, year) DO UPDATE SET last_serial = fir_number_counter.last_serial
"""


def allocate_fir_serial(session: Session, station_id: int, year: int) -> int:
    """Next FIR serial for ``station_id`` in ``year``; it holds only if the caller's transaction commits.

    Two statements, as :data:`LOCK_COUNTER_SQL` then :data:`NEXT_FREE_SQL` must be wherever they are used (a
    registration's set-based write embeds them in its two statements): the second's snapshot is taken after the
    lock is granted."""
    parameters = {"station_id": station_id, "year": year}
    session.execute(sa.text(LOCK_COUNTER_SQL), parameters)
    return int(session.execute(sa.text(NEXT_FREE_SQL), parameters).scalar_one())


def lock_counters_sql(staged: str) -> str:
    """SQL for an import's batch: the counter rows of every station-year in table ``staged`` (columns
    station_id, year), created at 0 where missing and locked in one order (two imports never deadlock on them),
    until the batch commits. A registration waiting on one then sees the batch's FIRs and steps over them."""
    return f"""
        INSERT INTO fir_number_counter (station_id, year, last_serial)
        SELECT DISTINCT station_id, year, 0 FROM {staged} ORDER BY station_id, year
        ON CONFLICT (station_id, year) DO UPDATE SET last_serial = fir_number_counter.last_serial
    """
