"""The side effects the database guarantees (migrations 0011 and 0012): whatever writes the records, in whatever code
or in plain SQL, the triggers queue the search documents it changed (one outbox row per record and transaction) and
the people it newly named in an FIR for matching; a person's renaming reaches the documents of the FIRs naming them,
and a change to reference data they show (a station's name...) the documents of the FIRs showing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from indexes.engine import SearchEngine, SearchRequest, TermsClause
from indexes.rebuild import index_everything
from indexes.schema import DocumentKind
from indexes.searchbox import Filters, fir_request, interpret, person_request, search_strictly_first
from indexes.sync import drain_outbox
from indexes.verify import verify_index
from records.reference.load import load_reference_data
from tests.support import fresh_search_engine, scratch_name, server_url_of


def _person(connection: Connection | Session, name: str, relative: str | None = None) -> int:
    return int(
        connection.execute(
            sa.text(
                "INSERT INTO person (name, name_script, relative_name) VALUES (:name, 'latin', :relative) RETURNING id"
            ),
            {"name": name, "relative": relative},
        ).scalar_one()
    )


def _fir(connection: Connection | Session, serial: int) -> int:
    return int(
        connection.execute(
            sa.text(
                "INSERT INTO fir (station_id, year, serial, registered_at, information_type, status, brief_facts) "
                "SELECT id, 2026, :serial, now(), 'oral', 'registered', 'Cycle stolen from the market' "
                "FROM police_station ORDER BY id LIMIT 1 RETURNING id"
            ),
            {"serial": serial},
        ).scalar_one()
    )


def _name_party(connection: Connection | Session, fir_id: int, person_id: int, role: str = "witness") -> None:
    connection.execute(
        sa.text(
            "INSERT INTO fir_party (fir_id, person_id, role, accused_number, name_as_given) "
            "SELECT :fir, id, CAST(:role AS party_role), CASE WHEN :role = 'accused' THEN 1 END, name "
            "FROM person WHERE id = :person"
        ),
        {"fir": fir_id, "person": person_id, "role": role},
    )


def _station_of(connection: Connection | Session, fir_id: int) -> int:
    return int(connection.execute(sa.text("SELECT station_id FROM fir WHERE id = :id"), {"id": fir_id}).scalar_one())


def _firs_at(connection: Connection | Session, station_id: int) -> list[int]:
    return list(
        connection.execute(
            sa.text("SELECT id FROM fir WHERE station_id = :id ORDER BY id"), {"id": station_id}
        ).scalars()
    )


def _outbox(connection: Connection | Session) -> list[tuple[str, int, str]]:
    """This transaction's outbox rows."""
    return [
        (row.entity_type, row.entity_id, row.operation)
        for row in connection.execute(
            sa.text(
                "SELECT entity_type, entity_id, operation FROM outbox WHERE txid = txid_current() "
                "ORDER BY entity_type, entity_id"
            )
        )
    ]


def _queued(connection: Connection | Session) -> list[tuple[int, int]]:
    return [
        (row.person_id, row.fir_id)
        for row in connection.execute(
            sa.text("SELECT person_id, fir_id FROM person_match_queue WHERE txid = txid_current() ORDER BY 1, 2")
        )
    ]


def test_a_write_in_plain_sql_gets_its_outbox_and_matching_queue_rows(db_session: Session) -> None:
    """No Python service is involved: the rows come from the database itself."""
    complainant, accused = _person(db_session, "Ramesh Prasad"), _person(db_session, "Suresh Yadav")
    fir_id = _fir(db_session, 990001)
    _name_party(db_session, fir_id, complainant, "complainant")
    _name_party(db_session, fir_id, accused, "accused")
    _name_party(db_session, fir_id, accused, "suspect")  # named twice: queued for matching once
    assert _outbox(db_session) == [
        ("fir", fir_id, "upsert"),
        ("person", complainant, "upsert"),
        ("person", accused, "upsert"),
    ]
    assert _queued(db_session) == sorted([(complainant, fir_id), (accused, fir_id)])


def test_the_triggers_fire_in_a_bulk_load_without_foreign_key_checks(db_session: Session) -> None:
    """A bulk load turns the per-row foreign-key checks off (``session_replication_role = replica``, migration
    0013): the side effects still come, from the same triggers."""
    db_session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    person = _person(db_session, "Ramesh Prasad")
    fir_id = _fir(db_session, 990002)
    _name_party(db_session, fir_id, person, "accused")
    _name_party(db_session, fir_id, person, "suspect")
    db_session.execute(sa.text("SET LOCAL session_replication_role = origin"))
    assert _outbox(db_session) == [("fir", fir_id, "upsert"), ("person", person, "upsert")]
    assert _queued(db_session) == [(person, fir_id)]
    marked = db_session.execute(
        sa.text("SELECT count(*) FROM rollup_dirty WHERE station_id = :s"), {"s": _station_of(db_session, fir_id)}
    ).scalar_one()
    assert marked == 1


def test_every_trigger_of_ours_fires_always(engine: sa.Engine) -> None:
    """A trigger enabled the default way would be silent in a bulk load: a new trigger must be set to fire always
    (``ALTER TABLE ... ENABLE ALWAYS TRIGGER ...`` in its migration), as 0013 set every one before it."""
    with engine.connect() as connection:
        not_always = (
            connection.execute(
                sa.text(
                    "SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE NOT t.tgisinternal AND n.nspname = current_schema() AND t.tgenabled <> 'A'"
                )
            )
            .scalars()
            .all()
        )
        triggers = connection.execute(
            sa.text("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'A'")
        ).scalar_one()
    assert triggers > 40  # the outbox, matching-queue and rollup triggers
    assert not_always == []


def test_one_outbox_row_per_record_per_transaction_however_many_statements_touch_it(db_session: Session) -> None:
    fir_id = _fir(db_session, 990002)
    person_id = _person(db_session, "Mohan Lal")
    _name_party(db_session, fir_id, person_id)
    db_session.execute(sa.text("UPDATE fir SET status = 'under_investigation' WHERE id = :id"), {"id": fir_id})
    db_session.execute(
        sa.text("INSERT INTO fir_section (fir_id, section_id, position) SELECT :id, min(id), 0 FROM section"),
        {"id": fir_id},
    )
    db_session.execute(sa.text("UPDATE person SET name = 'Mohan Lal Sah' WHERE id = :id"), {"id": person_id})
    db_session.execute(
        sa.text("INSERT INTO person_mobile (person_id, number) VALUES (:id, '9876543210')"), {"id": person_id}
    )
    assert _outbox(db_session) == [("fir", fir_id, "upsert"), ("person", person_id, "upsert")]
    db_session.execute(sa.text("DELETE FROM fir WHERE id = :id"), {"id": fir_id})
    assert _outbox(db_session) == [("fir", fir_id, "delete"), ("person", person_id, "upsert")], "a delete wins"


def test_a_change_no_document_shows_queues_nothing(db_session: Session) -> None:
    fir_id = _fir(db_session, 990003)
    person_id = _person(db_session, "Gita Devi")
    db_session.execute(sa.text("DELETE FROM outbox WHERE txid = txid_current()"))
    db_session.execute(
        sa.text("UPDATE fir SET io_name = 'SI Verma', updated_at = now() WHERE id = :id"), {"id": fir_id}
    )
    db_session.execute(sa.text("UPDATE person SET identifying_marks = 'mole' WHERE id = :id"), {"id": person_id})
    assert _outbox(db_session) == []


def test_a_transferred_fir_does_not_queue_its_people_for_matching_again(db_session: Session) -> None:
    """As registration did before the triggers: the people of a zero FIR were matched when it was registered."""
    zero, person_id = _fir(db_session, 990004), _person(db_session, "Kamla Devi")
    _name_party(db_session, zero, person_id)
    transferred = _fir(db_session, 990005)
    db_session.execute(
        sa.text("UPDATE fir SET zero_fir_origin_id = :zero WHERE id = :id"), {"zero": zero, "id": transferred}
    )
    _name_party(db_session, transferred, person_id)
    assert _queued(db_session) == [(person_id, zero)]


def test_a_bulk_load_that_reindexes_everything_may_opt_out_for_its_transaction(db_session: Session) -> None:
    db_session.execute(sa.text("SET LOCAL cctns.side_effects = 'skip'"))
    fir_id, person_id = _fir(db_session, 990006), _person(db_session, "Sita Kumari")
    _name_party(db_session, fir_id, person_id)
    db_session.execute(
        sa.text("UPDATE police_station SET name_en = 'Naya Thana' WHERE id = :id"),
        {"id": _station_of(db_session, fir_id)},
    )
    assert _outbox(db_session) == [] and _queued(db_session) == []


def test_a_station_rename_queues_every_fir_of_the_station_and_no_other(db_session: Session) -> None:
    """An FIR's document shows its station's name (its people's documents too: the relay rebuilds everyone a queued
    FIR names). Once per FIR and transaction, whatever else changed it."""
    fir_id = _fir(db_session, 990009)
    station_id = _station_of(db_session, fir_id)
    elsewhere = int(
        db_session.execute(
            sa.text(
                "INSERT INTO fir (station_id, year, serial, registered_at, information_type, status, brief_facts) "
                "SELECT min(id), 2026, 990010, now(), 'oral', 'registered', 'Goat stolen' FROM police_station "
                "WHERE id <> :station RETURNING id"
            ),
            {"station": station_id},
        ).scalar_one()
    )
    db_session.execute(sa.text("DELETE FROM outbox WHERE txid = txid_current()"))
    db_session.execute(sa.text("UPDATE fir SET status = 'under_investigation' WHERE id = :id"), {"id": fir_id})
    db_session.execute(
        sa.text("UPDATE police_station SET name_en = 'Naya Thana', name_hi = 'नया थाना' WHERE id = :id"),
        {"id": station_id},
    )
    queued = _outbox(db_session)
    assert queued == [("fir", fir, "upsert") for fir in _firs_at(db_session, station_id)]
    assert ("fir", fir_id, "upsert") in queued and ("fir", elsewhere, "upsert") not in queued


def test_re_running_the_reference_load_queues_nothing(db_session: Session) -> None:
    """`cctns db upgrade` loads the shipped reference data on every run: writing the values rows already hold
    changes no document, so it queues nothing, even written by an UPDATE; a value it does change queues the FIRs
    showing it."""
    fir_id = _fir(db_session, 990011)  # a station with an FIR: a needless queue would show
    station_id = _station_of(db_session, fir_id)
    db_session.execute(sa.text("DELETE FROM outbox WHERE txid = txid_current()"))
    assert load_reference_data(db_session).changed == 0
    for rewrite in (  # every column documents show, set to what it holds
        "UPDATE police_station SET code = code, name_en = name_en, name_hi = name_hi, district_id = district_id",
        "UPDATE police_district SET name_en = name_en",
        "UPDATE section SET number = number, act_id = act_id, crime_head_id = crime_head_id",
        "UPDATE act SET code = code",
        "UPDATE crime_head SET code = code",
    ):
        assert db_session.execute(sa.text(rewrite)).rowcount > 0
    assert _outbox(db_session) == []

    db_session.execute(
        sa.text("UPDATE police_station SET name_en = name_en || ' Old' WHERE id = :id"), {"id": station_id}
    )
    db_session.execute(sa.text("DELETE FROM outbox WHERE txid = txid_current()"))
    assert load_reference_data(db_session).changed == 1  # the shipped name back
    assert _outbox(db_session) == [("fir", fir, "upsert") for fir in _firs_at(db_session, station_id)]


@pytest.fixture
def committed(database_url: str) -> Iterator[sa.Engine]:
    """A database of its own: the relay reads committed rows, and other transactions' outbox rows matter here."""
    name = scratch_name(database_url, "side_effects")
    engine = fresh_database(server_url_of(database_url), name)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def test_outbox_rows_of_another_transaction_are_never_merged_into(committed: sa.Engine) -> None:
    """The relay may be indexing a committed row right now: a later change gets a row of its own."""
    with committed.begin() as connection:
        fir_id = _fir(connection, 990007)
    with committed.begin() as connection:
        connection.execute(sa.text("UPDATE fir SET brief_facts = 'Two cycles stolen' WHERE id = :id"), {"id": fir_id})
    with committed.connect() as connection:
        rows = connection.execute(sa.text("SELECT entity_type, entity_id, txid FROM outbox ORDER BY id")).all()
    assert [(kind, entity) for kind, entity, _ in rows] == [("fir", fir_id), ("fir", fir_id)]
    assert rows[0].txid != rows[1].txid


@pytest.fixture
def search(tmp_path: Path) -> Iterator[SearchEngine]:
    with fresh_search_engine("embedded", tmp_path / "search") as engine:
        yield engine


def _fir_found(search: SearchEngine, query: str, fir_id: int) -> bool:
    request = fir_request(interpret(query), Filters())
    assert request is not None
    return any(hit.document.get("fir_id") == fir_id for hit in search_strictly_first(search, request).hits)


def _document(search: SearchEngine, kind: DocumentKind, key: int) -> dict[str, object]:
    found = search.search(SearchRequest(kind, filters=(TermsClause(f"{kind.value}_id", (key,)),)))
    assert found.total == 1
    return dict(found.hits[0].document)


def test_a_persons_change_reaches_the_documents_of_the_firs_naming_them(
    committed: sa.Engine, search: SearchEngine
) -> None:
    """The FIR document shows its parties' names (issue 19: 6,098 FIR documents were stale after an import changed
    30,568 people). A person's mobile and aliases are in the person's document only, so they queue only it."""
    with committed.begin() as connection:
        fir_id, person_id = _fir(connection, 990008), _person(connection, "Bhola Paswan", "Ramdeo Paswan")
        _name_party(connection, fir_id, person_id, "accused")
        connection.execute(sa.text("DELETE FROM outbox"))
    index_everything(committed, search)
    assert _fir_found(search, "Bhola Paswan", fir_id)

    with committed.begin() as connection:  # a correction in plain SQL, as a data fix or a future writer makes it
        connection.execute(
            sa.text("UPDATE person SET name = 'Bholu Manjhi', relative_name = 'Jagdeo Manjhi' WHERE id = :id"),
            {"id": person_id},
        )
        connection.execute(
            sa.text("INSERT INTO person_alias (person_id, alias, script) VALUES (:id, 'Kallu', 'latin')"),
            {"id": person_id},
        )
        connection.execute(
            sa.text("INSERT INTO person_mobile (person_id, number) VALUES (:id, '9123456780')"), {"id": person_id}
        )
    drain_outbox(committed, search)
    assert _fir_found(search, "Bholu Manjhi", fir_id), "the FIR document shows the new name"
    assert _fir_found(search, "Bholu Manjhi s/o Jagdeo Manjhi", fir_id), "and the new father's name"
    person = _document(search, DocumentKind.PERSON, person_id)
    assert "9123456780" in person["mobiles"]  # type: ignore[operator]
    kallu = person_request(interpret("Kallu"), Filters())
    assert kallu is not None
    assert any(hit.document.get("person_id") == person_id for hit in search_strictly_first(search, kallu).hits)
    assert verify_index(committed, search, repair=False).drift == 0, "every document as PostgreSQL rebuilds it"


def test_a_change_of_reference_data_reaches_the_documents_showing_it(
    committed: sa.Engine, search: SearchEngine
) -> None:
    """A station renamed and its district renamed, as `cctns stations load` or a data fix does: the FIR's document
    and its accused's (which lists the FIR's station and district) are rebuilt by the relay."""
    with committed.begin() as connection:
        fir_id, person_id = _fir(connection, 990012), _person(connection, "Lalan Mahto")
        _name_party(connection, fir_id, person_id, "accused")
        connection.execute(sa.text("DELETE FROM outbox"))
    index_everything(committed, search)

    with committed.begin() as connection:
        station_id = _station_of(connection, fir_id)
        connection.execute(
            sa.text("UPDATE police_station SET name_en = 'Naya Thana' WHERE id = :id"), {"id": station_id}
        )
        connection.execute(
            sa.text(
                "UPDATE police_district SET name_en = 'Naya Zila' "
                "WHERE id = (SELECT district_id FROM police_station WHERE id = :id)"
            ),
            {"id": station_id},
        )
    assert verify_index(committed, search, repair=False).drift == 2, "the FIR's and the accused's documents"
    drain_outbox(committed, search)
    assert verify_index(committed, search, repair=False).drift == 0, "every document as PostgreSQL rebuilds it"
    assert '"Naya Thana"' in str(_document(search, DocumentKind.FIR, fir_id)["summary"])
