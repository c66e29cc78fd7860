"""A new FIR's rows written set-based in two statements, and its objects made persistent without reading back.

``cases.registration`` validates the input and builds the rows with the constructors every other write uses
(``cases.parties.new_person`` and ``party_row``, ``cases.states.first_history_row``); this module only stores them:

1. the new people with their aliases, mobiles and addresses, and the lock on the station's number counter
   (``records.numbering.LOCK_COUNTER_SQL``);
2. the serial (``records.numbering.NEXT_FREE_SQL``, a statement after the lock, so it sees what the lock's previous
   holder committed), the FIR, its sections, property, parties and first history row.

Ids come from the tables' sequences inside the statements and are returned, so the objects get them and the FIR
joins the session as persistent with its sections, property and history loaded, as a flush would leave it. The FIR's
columns the constructor leaves unset (version, timestamps, transfer, ...) are returned too: an attribute left expired
would be loaded by a SELECT of the whole row at its first read, which is what the answer does. The second statement
also returns the sections cited, with their acts and crime heads, read from the rows it inserted (a section's row
as the statement sees it, in the registration's own transaction). The answer to the registration is built from all
this, not read back. Rows go in as JSON (one parameter per statement,
read with ``jsonb_populate_record`` on the table's own row type, so every value is converted as its column says).
The side-effect triggers (outbox, matching queue, rollup marks) fire per statement as for any other write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from cases.reading.sections import Citation
from records.models import AuditEntry, Fir, FirParty, FirProperty, FirSection, FirStatusChange, Person
from records.numbering import LOCK_COUNTER_SQL, NEXT_FREE_SQL

# The columns each constructor sets; the others keep their column defaults, as a flush would leave them.
PERSON_COLUMNS = (
    "name", "name_script", "relative_name", "relation_kind", "gender", "date_of_birth", "age_years",
    "age_recorded_on", "identifying_marks",
)  # fmt: skip
PERSON_CHILDREN = {  # relationship: (table, columns)
    "aliases": ("person_alias", ("alias", "script")),
    "mobiles": ("person_mobile", ("number",)),
    "addresses": ("person_address", ("address",)),
}
FIR_COLUMNS = (
    "station_id", "year", "registered_at", "occurrence_from", "occurrence_to", "info_received_at", "gd_entry_number",
    "gd_entry_at", "information_type", "place_address", "place_distance_km", "place_direction", "beat",
    "place_latitude", "place_longitude", "brief_facts", "property_value_total", "delay_reason", "io_name", "io_rank",
    "status", "zero_fir_origin_id",
)  # fmt: skip
# The FIR's other columns, whatever their defaults (a column added later is returned without a change here).
FIR_RETURNED = tuple(c.name for c in Fir.__table__.columns if c.name not in {*FIR_COLUMNS, "id", "serial"})
# A cited section as ``cases.reading.sections.Citation`` holds it, from the inserted ``fir_section`` rows (``r``).
CITATION_SQL = {
    "act": "a.code", "short_name": "a.short_name", "act_en": "a.name_en", "act_hi": "a.name_hi", "number": "s.number",
    "title_en": "s.title_en", "title_hi": "s.title_hi", "crime_head": "h.code",
}  # fmt: skip
assert list(CITATION_SQL) == [field.name for field in dataclasses.fields(Citation)][1:], "Citation's fields changed"
CITED = (
    f"SELECT json_agg(json_build_array({', '.join(CITATION_SQL.values())}) ORDER BY r.position) "
    "FROM section_rows r JOIN section s ON s.id = r.section_id JOIN act a ON a.id = s.act_id "
    "LEFT JOIN crime_head h ON h.id = s.crime_head_id"
)
PROPERTY_COLUMNS = (
    "kind", "description", "value", "mobile_imei", "vehicle_registration", "vehicle_chassis", "vehicle_engine",
    "vehicle_make_model",
)  # fmt: skip
PARTY_COLUMNS = (
    "person_id", "role", "accused_number", "name_as_given", "relative_name_as_given", "age_as_given",
    "address_as_given", "mobile_as_given",
)  # fmt: skip
HISTORY_COLUMNS = ("from_status", "to_status", "changed_at", "changed_by_user_id", "note")
AUDIT_COLUMNS = ("user_id", "api_client_id", "action", "entity_type", "client_address", "detail")


def _selected(alias: str, columns: Sequence[str]) -> str:
    return ", ".join(f"{alias}.{column}" for column in columns)


def _numbered(name: str, table: str, source: str) -> str:
    """A CTE giving each element of JSON array ``source`` the next id of ``table`` and its position."""
    return (
        f"{name} AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id, x.item, x.ord "
        f"FROM {source} WITH ORDINALITY AS x(item, ord))"
    )


def _people_statement() -> sa.TextClause:
    parts = [
        _numbered("given", "person", "jsonb_array_elements(CAST(:people AS jsonb))"),
        f"person_rows AS (INSERT INTO person (id, {', '.join(PERSON_COLUMNS)}) "
        f"SELECT g.id, {_selected('r', PERSON_COLUMNS)} FROM given g, jsonb_populate_record(NULL::person, g.item) r)",
    ]
    returned = []
    for key, (table, columns) in PERSON_CHILDREN.items():
        parts.append(
            f"{key} AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id, g.id AS person_id, "
            f"x.item, x.ord FROM given g, jsonb_array_elements(g.item -> '{key}') WITH ORDINALITY AS x(item, ord))"
        )
        parts.append(
            f"{key}_rows AS (INSERT INTO {table} (id, person_id, {', '.join(columns)}) "
            f"SELECT c.id, c.person_id, {_selected('r', columns)} "
            f"FROM {key} c, jsonb_populate_record(NULL::{table}, c.item) r)"
        )
        returned.append(f"ARRAY(SELECT c.id FROM {key} c WHERE c.person_id = g.id ORDER BY c.ord) AS {key}")
    parts.append(f"counter AS ({LOCK_COUNTER_SQL})")
    return sa.text(f"WITH {', '.join(parts)} SELECT g.id, {', '.join(returned)} FROM given g ORDER BY g.ord")


def _fir_statement() -> sa.TextClause:
    parts = [
        f"serial AS ({NEXT_FREE_SQL})",
        f"new_fir AS (INSERT INTO fir (serial, {', '.join(FIR_COLUMNS)}) "
        f"SELECT s.last_serial, {_selected('r', FIR_COLUMNS)} "
        f"FROM serial s, jsonb_populate_record(NULL::fir, CAST(:fir AS jsonb)) r "
        f"RETURNING id, serial, year, {', '.join(FIR_RETURNED)})",
        "section_rows AS (INSERT INTO fir_section (fir_id, section_id, position) SELECT f.id, r.section_id, r.position "
        "FROM new_fir f, jsonb_populate_recordset(NULL::fir_section, CAST(:sections AS jsonb)) r "
        "RETURNING section_id, position)",
    ]
    for name, table, columns, source in (
        ("properties", "fir_property", PROPERTY_COLUMNS, ":properties"),
        ("parties", "fir_party", PARTY_COLUMNS, ":parties"),
        ("history", "fir_status_change", HISTORY_COLUMNS, ":history"),
    ):
        parts.append(_numbered(name, table, f"jsonb_array_elements(CAST({source} AS jsonb))"))
        parts.append(
            f"{name}_rows AS (INSERT INTO {table} (id, fir_id, {', '.join(columns)}) "
            f"SELECT c.id, f.id, {_selected('r', columns)} "
            f"FROM new_fir f, {name} c, jsonb_populate_record(NULL::{table}, c.item) r)"
        )
    # The audit row, as ``records.audit.Actor.audit`` shaped it, naming the FIR by its id and number ("serial/year",
    # as ``Fir.number``), which only this statement knows.
    parts.append(
        f"audit_row AS (INSERT INTO audit_log ({', '.join(AUDIT_COLUMNS)}, entity_id) "
        f"SELECT {', '.join(f'r.{c}' for c in AUDIT_COLUMNS if c != 'detail')}, "
        "coalesce(r.detail, '{}'::jsonb) || jsonb_build_object('number', f.serial::text || '/' || f.year::text), "
        "f.id::text FROM new_fir f, jsonb_populate_record(NULL::audit_log, CAST(:audit AS jsonb)) r)"
    )
    ids = ", ".join(
        f"ARRAY(SELECT c.id FROM {name} c ORDER BY c.ord) AS {name}" for name in ("properties", "parties", "history")
    )
    return sa.text(f"WITH {', '.join(parts)} SELECT f.*, {ids}, ({CITED}) AS citations FROM new_fir f")


PEOPLE_STATEMENT = _people_statement()
FIR_STATEMENT = _fir_statement()


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _json(rows: list[dict[str, Any]] | dict[str, Any]) -> str:
    return orjson.dumps(rows, default=_plain).decode()


def _values(row: object, columns: Sequence[str]) -> dict[str, Any]:
    return {column: value for column in columns if (value := getattr(row, column)) is not None}


def write_new_people(session: Session, people: Sequence[Person], station_id: int, year: int) -> None:
    """Insert ``people`` (new, never added to a session) with their aliases, mobiles and addresses and give each its
    id; and lock the station-year's number counter until the transaction ends. The people stay out of the session:
    nothing later writes them again."""
    rows = [
        {
            **_values(person, PERSON_COLUMNS),
            **{
                key: [_values(child, columns) for child in getattr(person, key)]
                for key, (_, columns) in PERSON_CHILDREN.items()
            },
        }
        for person in people
    ]
    result = session.execute(PEOPLE_STATEMENT, {"people": _json(rows), "station_id": station_id, "year": year})
    for person, (person_id, *children) in zip(people, result, strict=True):
        person.id = person_id
        for key, ids in zip(PERSON_CHILDREN, children, strict=True):
            for child, child_id in zip(getattr(person, key), ids, strict=True):
                child.id, child.person_id = child_id, person_id


def write_new_fir(
    session: Session,
    fir: Fir,
    *,
    sections: Sequence[FirSection],
    properties: Sequence[FirProperty],
    parties: Sequence[FirParty],
    history: FirStatusChange,
    audit: AuditEntry,
) -> list[Citation]:
    """Insert the FIR (its serial taken here, after :func:`write_new_people` locked the counter) with its sections,
    property, parties and first history row; ``fir`` then is persistent in ``session`` with every column and these
    loaded. The parties keep their people as given (transient), for the answer. ``audit`` (made by ``Actor.audit``
    and taken out of the session) is written with it, its ``entity_id`` and ``number`` filled in. Returns the sections
    cited."""
    row = session.execute(
        FIR_STATEMENT,
        {
            "station_id": fir.station_id,
            "year": fir.year,
            "fir": _json(_values(fir, FIR_COLUMNS)),
            "sections": _json([_values(s, ("section_id", "position")) for s in sections]),
            "properties": _json([_values(p, PROPERTY_COLUMNS) for p in properties]),
            "parties": _json([_values(p, PARTY_COLUMNS) for p in parties]),
            "history": _json([_values(history, HISTORY_COLUMNS)]),
            "audit": _json(_values(audit, AUDIT_COLUMNS)),
        },
    ).one()
    fir.id, fir.serial = row.id, row.serial
    for column in FIR_RETURNED:
        setattr(fir, column, getattr(row, column))
    for section in sections:
        section.fir_id = fir.id
    for children, ids in ((properties, row.properties), (parties, row.parties), ([history], row.history)):
        for child, child_id in zip(children, ids, strict=True):
            child.id, child.fir_id = child_id, fir.id
    for child in (*sections, *properties, history):
        make_transient_to_detached(child)
    set_committed_value(fir, "sections", list(sections))
    set_committed_value(fir, "properties", list(properties))
    set_committed_value(fir, "status_history", [history])
    set_committed_value(fir, "parties", list(parties))
    make_transient_to_detached(fir)
    session.add(fir)
    return [Citation(fir.id, *values) for values in row.citations or []]
