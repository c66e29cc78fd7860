"""The national node's search index of the records it holds, written in the transaction that stores each record.

Why tables of keys in PostgreSQL rather than the embedded search engine: the index must change in the same
transaction as the national copy (a record replaced, deleted, or made invisible by its owner must never be found
a moment later), the engine's documents are built from our own FIR tables, not from exchange records, and a
national search asks few, selective things (a name's phonetic keys through a GIN index, a registration or mobile
through a b-tree). The keys are the ones the state's own search engine indexes (``people.names.indexed``), so a
name is matched across scripts and spellings the same way at home and across the network.

What is indexed: one row per record with what a hit shows; one per *named* person (a withheld marker, a protected
victim or a child, has no name and no row); one per vehicle registration (seizures) and mobile number (people).
A protected case is stored as ``invisible`` whatever its ``sharing`` says (belt and braces: the schema already
refuses a protected record that says otherwise).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from people.identifiers import mobile_digits, normalise_vehicle_registration
from people.names.indexed import index_name_fields
from records.models import NetworkSearchIdentifier, NetworkSearchParty, NetworkSearchRecord

INVISIBLE = "invisible"


def drop_record(session: Session, state_code: str, fir_key: str) -> None:
    """Remove a record from the index (its people and identifiers go with it)."""
    drop_records(session, [(state_code, fir_key)])


def drop_records(session: Session, keys: list[tuple[str, str]]) -> None:
    """Remove records, by (state code, FIR key), from the index in one statement (people and identifiers cascade)."""
    if keys:
        record = NetworkSearchRecord
        session.execute(
            sa.delete(record).where(sa.tuple_(record.state_code, record.fir_key).in_(keys)),
            execution_options={"synchronize_session": False},
        )


def _level(fir: dict[str, Any]) -> str:
    return INVISIBLE if fir.get("protected") else fir.get("sharing", "visible")


Rows = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]


def _rows(state_code: str, fir_key: str, version: int, fir: dict[str, Any], received_at: datetime) -> Rows:
    """The index rows of one record: the record's, its named people's (with their name keys), its identifiers'."""
    officer = fir.get("investigating_officer", {})
    station_name = fir.get("station_name", {})
    district_name = fir.get("district_name", {})
    key = {"state_code": state_code, "fir_key": fir_key}
    record = key | {
        "version": version,
        "sharing": _level(fir),
        "station": fir["station"],
        "station_name": station_name.get("en"),
        "station_name_hi": station_name.get("hi"),
        "district": fir["district"],
        "district_name": district_name.get("en"),
        "district_name_hi": district_name.get("hi"),
        "year": fir["year"],
        "serial": fir["serial"],
        "registered_at": datetime.fromisoformat(fir["registered_at"]),
        "status": fir["status"],
        "io_name": officer.get("name"),
        "io_rank": officer.get("rank"),
        "received_at": received_at,
    }
    people: list[dict[str, Any]] = []
    identifiers: set[tuple[str, str]] = set()
    for party in fir["parties"]:
        if "withheld" in party:
            continue
        names = [party["name"]["text"], *(alias["text"] for alias in party.get("aliases", []))]
        relative = party.get("relative", {}).get("name")
        fields = index_name_fields(names, [relative] if relative else [])
        people.append(
            key
            | {
                "person": party["person"],
                "role": party["role"],
                "name": party["name"]["text"],
                "relative_name": relative,
                "name_keys": fields["name_phonetic"],
                "relative_keys": fields["relative_phonetic"],
                "age": party.get("age"),
                "gender": party.get("gender"),
            }
        )
        identifiers |= {("mobile", number) for number in party.get("mobiles", []) if mobile_digits(number)}
    for seizure in fir["seizures"]:
        if seizure.get("vehicle_registration"):
            identifiers.add(("vehicle", normalise_vehicle_registration(seizure["vehicle_registration"])))
    return record, people, [key | {"kind": kind, "value": value} for kind, value in sorted(identifiers)]


def write_records(session: Session, records: list[tuple[str, str, int, dict[str, Any], datetime]]) -> None:
    """(Re)index records, each (state code, FIR key, version, the record's ``fir`` object, received at), replacing
    what the index held for them: a few statements for the whole batch, whatever its size. Never commits."""
    drop_records(session, [(state_code, fir_key) for state_code, fir_key, *_ in records])
    built = [_rows(*record) for record in records]
    for model, rows in (
        (NetworkSearchRecord, [record for record, _, _ in built]),
        (NetworkSearchParty, [person for _, people, _ in built for person in people]),
        (NetworkSearchIdentifier, [identifier for _, _, identifiers in built for identifier in identifiers]),
    ):
        if rows:
            session.execute(sa.insert(model), rows)


def index_record(session: Session, state_code: str, entry: dict[str, Any], received_at: datetime) -> bool:
    """Index one validated record entry of a message (``add``, ``replace`` or ``delete``) from ``state_code``.

    Idempotent and ordered by version: an entry whose version is lower than the one indexed changes nothing (and
    returns False), so a repeated or late delivery never rolls the index back. Never commits.
    """
    fir_key = entry["fir_key"]
    held = session.scalar(
        sa.select(NetworkSearchRecord.version).where(
            NetworkSearchRecord.state_code == state_code, NetworkSearchRecord.fir_key == fir_key
        )
    )
    if held is not None and entry["version"] < held:
        return False
    if entry["action"] == "delete":
        drop_record(session, state_code, fir_key)
    else:
        write_records(session, [(state_code, fir_key, entry["version"], entry["fir"], received_at)])
    session.expire_all()  # rows written by statements: loaded objects of the index are stale
    return True
