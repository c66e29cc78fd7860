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
    session.execute(
        sa.delete(NetworkSearchRecord).where(
            NetworkSearchRecord.state_code == state_code, NetworkSearchRecord.fir_key == fir_key
        )
    )


def _level(fir: dict[str, Any]) -> str:
    return INVISIBLE if fir.get("protected") else fir.get("sharing", "visible")


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
    drop_record(session, state_code, fir_key)
    if entry["action"] == "delete":
        return True
    fir = entry["fir"]
    officer = fir.get("investigating_officer", {})
    station_name = fir.get("station_name", {})
    district_name = fir.get("district_name", {})
    session.add(
        NetworkSearchRecord(
            state_code=state_code,
            fir_key=fir_key,
            version=entry["version"],
            sharing=_level(fir),
            station=fir["station"],
            station_name=station_name.get("en"),
            station_name_hi=station_name.get("hi"),
            district=fir["district"],
            district_name=district_name.get("en"),
            district_name_hi=district_name.get("hi"),
            year=fir["year"],
            serial=fir["serial"],
            registered_at=datetime.fromisoformat(fir["registered_at"]),
            status=fir["status"],
            io_name=officer.get("name"),
            io_rank=officer.get("rank"),
            received_at=received_at,
        )
    )
    session.flush()  # the record row first: people and identifiers point at it
    identifiers: set[tuple[str, str]] = set()
    for party in fir["parties"]:
        if "withheld" in party:
            continue
        names = [party["name"]["text"], *(alias["text"] for alias in party.get("aliases", []))]
        relative = party.get("relative", {}).get("name")
        fields = index_name_fields(names, [relative] if relative else [])
        session.add(
            NetworkSearchParty(
                state_code=state_code,
                fir_key=fir_key,
                person=party["person"],
                role=party["role"],
                name=party["name"]["text"],
                relative_name=relative,
                name_keys=fields["name_phonetic"],
                relative_keys=fields["relative_phonetic"],
                age=party.get("age"),
                gender=party.get("gender"),
            )
        )
        identifiers |= {("mobile", number) for number in party.get("mobiles", []) if mobile_digits(number)}
    for seizure in fir["seizures"]:
        if seizure.get("vehicle_registration"):
            identifiers.add(("vehicle", normalise_vehicle_registration(seizure["vehicle_registration"])))
    session.add_all(
        NetworkSearchIdentifier(state_code=state_code, fir_key=fir_key, kind=kind, value=value)
        for kind, value in sorted(identifiers)
    )
    return True
