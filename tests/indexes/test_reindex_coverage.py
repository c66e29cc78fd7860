"""Every change a search document shows queues that document for reindexing.

Migrations 0011's and 0012's triggers queue outbox rows for the columns listed in their ``DOCUMENT_COLUMNS`` and
``REFERENCE_COLUMNS``, copies of what ``indexes/documents.py`` reads; nothing else keeps them in step. This test asks
the database instead of any list: it finds the tables the document builders read (the transaction's own table
statistics), then, for every column of each, changes it on a row that feeds sampled documents, builds those
documents again and requires an outbox row of the transaction for each document that changed. A column
documents.py starts to show, or a table it starts to read, fails here until the triggers queue its changes.

Each change is made in a savepoint rolled back at once, in one transaction rolled back at the end, so the shared
generated database is left as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from indexes.documents import build_documents
from indexes.engine import Document
from indexes.schema import DocumentKind, document_id
from indexes.sync import persons_named_in

SAMPLED_FIRST = 10  # the first records of each document table, besides those sampled for their values
ROWS_CHANGED_PER_COLUMN = 3  # rows feeding the sample whose column is changed until a document shows it
ROWS_TRIED_PER_COLUMN = 10  # rows asked to take a new value (a constraint may refuse it on some: an accused's role)


# --- what the builders read, from the catalogue --------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str  # information_schema.columns.data_type ("USER-DEFINED" for enums)
    udt_name: str
    nullable: bool


@dataclass(frozen=True)
class Reference:
    """A single-column foreign key: ``table.column`` holds ``target.target_column``."""

    table: str
    column: str
    target: str
    target_column: str


_DOCUMENT_TABLES = {kind.value for kind in DocumentKind}
_SCANS = sa.text("SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans FROM pg_stat_xact_user_tables")


def _build(connection: Connection, sample: dict[DocumentKind, list[int]]) -> dict[str, Document]:
    return {
        document["id"]: document for kind, ids in sample.items() for document in build_documents(connection, kind, ids)
    }


def _tables_read(connection: Connection, sample: dict[DocumentKind, list[int]]) -> list[str]:
    """The tables the document builders scan, counted by PostgreSQL for this transaction."""
    before = {row.relname: row.scans for row in connection.execute(_SCANS)}
    _build(connection, sample)
    return sorted(row.relname for row in connection.execute(_SCANS) if row.scans > before.get(row.relname, 0))


def _columns(connection: Connection, table: str) -> list[Column]:
    """The table's columns but a primary key of one column: a surrogate key no writer changes (a composite key,
    fir_section's (fir, section), is data and is changed like any column)."""
    rows = connection.execute(
        sa.text(
            "SELECT column_name, data_type, udt_name, is_nullable = 'YES' AS nullable "
            "FROM information_schema.columns c "
            "WHERE table_schema = current_schema() AND table_name = :table AND is_generated = 'NEVER' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a "
            "                ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
            "                WHERE k.conrelid = CAST(:table AS regclass) AND k.contype = 'p' "
            "                AND cardinality(k.conkey) = 1 AND a.attname = c.column_name) "
            "ORDER BY ordinal_position"
        ),
        {"table": table},
    )
    return [Column(row.column_name, row.data_type, row.udt_name, row.nullable) for row in rows]


def _references(connection: Connection) -> list[Reference]:
    rows = connection.execute(
        sa.text(
            "SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name, "
            "       c.confrelid::regclass::text AS target, ta.attname AS target_column "
            "FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute ta ON ta.attrelid = c.confrelid AND ta.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.connamespace = current_schema()::regnamespace"
        )
    )
    return [Reference(row.table_name, row.column_name, row.target, row.target_column) for row in rows]


# --- the sample and the rows feeding it ----------------------------------------------------------------------


def _first_records(connection: Connection) -> dict[DocumentKind, list[int]]:
    return {
        kind: list(
            connection.execute(sa.text(f"SELECT id FROM {kind.value} ORDER BY id LIMIT {SAMPLED_FIRST}")).scalars()
        )
        for kind in DocumentKind
    }


def _sample(connection: Connection, tables: list[str], references: list[Reference]) -> dict[DocumentKind, list[int]]:
    """The first records of each kind; for every column of a document's table, and of each table read pointing at
    one, a record whose row holds a value there (an FIR with a seized vehicle, a person with an alias, an accused
    party: a null shows nothing); and everyone named in the sampled FIRs."""
    ids = {kind: set(found) for kind, found in _first_records(connection).items()}
    keys = [(kind.value, "id", kind) for kind in DocumentKind] + [
        (reference.table, reference.column, DocumentKind(reference.target))
        for reference in references
        if reference.target in _DOCUMENT_TABLES and reference.table in tables and reference.table != reference.target
    ]
    for table, key, kind in keys:
        holding = " UNION ".join(
            f"(SELECT {key} FROM {table} WHERE {key} IS NOT NULL AND {column.name} IS NOT NULL ORDER BY 1 LIMIT 1)"
            for column in _columns(connection, table)
        )
        if holding:
            ids[kind].update(connection.execute(sa.text(holding)).scalars())
    for fir_side in references:  # the people a sampled FIR names, through any table holding both
        for person_side in references:
            if (fir_side.table, fir_side.target, person_side.target) == (person_side.table, "fir", "person"):
                ids[DocumentKind.PERSON].update(
                    connection.execute(
                        sa.text(
                            f"SELECT DISTINCT {person_side.column} FROM {fir_side.table} "
                            f"WHERE {fir_side.column} = ANY(:firs) AND {person_side.column} IS NOT NULL"
                        ),
                        {"firs": sorted(ids[DocumentKind.FIR])},
                    ).scalars()
                )
    return {kind: sorted(found) for kind, found in ids.items()}


def _interleaved(lists: list[list[str]]) -> list[str]:
    found: dict[str, None] = {}
    for position in range(max((len(rows) for rows in lists), default=0)):
        for rows in lists:
            if position < len(rows):
                found.setdefault(rows[position])
    return list(found)


def _rows_feeding(
    connection: Connection, tables: list[str], references: list[Reference], sample: dict[DocumentKind, list[int]]
) -> dict[str, list[str]]:
    """Per table read, the ctids of rows that feed the sample: the sampled records, rows pointing at them, and the
    rows those point at (a station, its district, a section, its act), each path's rows taken in turn."""
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)  # table -> path -> ctids
    for kind, ids in sample.items():
        found[kind.value]["sampled"] = _ctids(connection, f"SELECT ctid FROM {kind.value} WHERE id = ANY(:ids)", ids)
    for reference in references:
        if reference.table in tables and reference.target in found and reference.table != reference.target:
            found[reference.table][f"{reference.column}->{reference.target}"] = _ctids(
                connection,
                f"SELECT ctid FROM {reference.table} WHERE {reference.column} = ANY(:ids) ORDER BY {reference.column}",
                sample[DocumentKind(reference.target)],
            )
    for _depth in range(len(tables)):  # follow references outwards until nothing new is reached
        grown = False
        for reference in references:
            if reference.table == reference.target or reference.target not in tables:
                continue
            if reference.target in _DOCUMENT_TABLES:
                continue  # a document's own table: only its sampled records feed the sample
            referring = [ctid for ctids in found.get(reference.table, {}).values() for ctid in ctids]
            if not referring:
                continue
            reached = _ctids(
                connection,
                f"SELECT ctid FROM {reference.target} WHERE {reference.target_column} IN "
                f"(SELECT {reference.column} FROM {reference.table} WHERE ctid = ANY(CAST(:ids AS tid[]))) "
                f"ORDER BY {reference.target_column}",
                referring,
            )
            path = f"{reference.table}.{reference.column}"
            if reached != found[reference.target].get(path):
                found[reference.target][path] = reached
                grown = True
        if not grown:
            break
    return {table: _interleaved(list(found[table].values())) for table in tables}


def _ctids(connection: Connection, sql: str, ids: list[int] | list[str]) -> list[str]:
    return [str(ctid) for ctid in connection.execute(sa.text(sql), {"ids": ids}).scalars()]


# --- changing one column of one row --------------------------------------------------------------------------


def _new_values(table: str, column: Column) -> list[str]:
    """SQL expressions (over the updated row ``t``) for a different value the column's constraints may accept:
    other rows' values first, then one made from the type."""
    name = column.name
    others = [
        f"(SELECT DISTINCT o.{name} FROM {table} o WHERE o.{name} IS DISTINCT FROM t.{name} "
        f"AND o.{name} IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET {offset})"
        for offset in range(2)
    ]
    kind = column.data_type
    if kind in ("character varying", "text", "character"):
        made = [f"CASE WHEN t.{name} = 'x' THEN 'y' ELSE 'x' END", f"coalesce(t.{name}, '') || 'x'"]
    elif kind in ("smallint", "integer", "bigint", "numeric", "double precision", "real"):
        made = [f"coalesce(t.{name} + 1, 1)", f"(SELECT coalesce(max(o.{name}), 0) + 1 FROM {table} o)"]
    elif kind == "boolean":
        made = [f"NOT coalesce(t.{name}, false)"]
    elif kind == "date":
        made = [f"coalesce(t.{name} - 1, current_date)"]
    elif kind.startswith("timestamp"):
        made = [f"coalesce(t.{name} - interval '1 day', now())"]
    elif kind == "USER-DEFINED":
        made = [
            f"(SELECT e FROM unnest(enum_range(NULL::{column.udt_name})) e WHERE e IS DISTINCT FROM t.{name} LIMIT 1)"
        ]
    else:
        made = []
    return [*others, *made, *(["NULL"] if column.nullable else [])]


@dataclass
class Probe:
    """One column changed on one row: the documents that changed, those the transaction's outbox rows name, and
    those the relay rebuilds for them."""

    table: str
    column: str
    changed: set[str] = field(default_factory=set)
    in_outbox: set[str] = field(default_factory=set)
    rebuilt: set[str] = field(default_factory=set)

    @property
    def column_path(self) -> str:
        return f"{self.table}.{self.column}"


def _outbox(connection: Connection) -> tuple[set[str], set[str]]:
    """The documents this transaction's outbox rows name, and those the relay rebuilds for them: everyone named in a
    queued FIR too (as ``indexes.sync.drain_outbox`` does, after the commit: so read here after the change)."""
    rows = connection.execute(sa.text("SELECT entity_type, entity_id FROM outbox WHERE txid = txid_current()")).all()
    named = {document_id(DocumentKind(row.entity_type), row.entity_id) for row in rows}
    firs = {row.entity_id for row in rows if row.entity_type == DocumentKind.FIR.value}
    return named, named | {document_id(DocumentKind.PERSON, key) for key in persons_named_in(connection, firs)}


def _probe(
    connection: Connection,
    table: str,
    column: Column,
    ctid: str,
    sample: dict[DocumentKind, list[int]],
    before: dict[str, Document],
) -> Probe | None:
    """Change ``column`` of the row at ``ctid`` to the first new value the database accepts and see what
    changed; None if it accepts none."""
    for value in _new_values(table, column):
        savepoint = connection.begin_nested()
        try:
            updated = connection.execute(
                sa.text(
                    f"UPDATE {table} AS t SET {column.name} = {value} "
                    f"WHERE t.ctid = CAST(:ctid AS tid) AND ({value}) IS DISTINCT FROM t.{column.name}"
                ),
                {"ctid": ctid},
            ).rowcount
        except sa.exc.DBAPIError:  # a constraint, a reference or the type refused it: try the next value
            savepoint.rollback()
            continue
        if not updated:
            savepoint.rollback()
            continue
        after = _build(connection, sample)
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        probe = Probe(table, column.name, changed, *_outbox(connection))
        savepoint.rollback()
        return probe
    return None


@dataclass
class Coverage:
    probes: list[Probe]  # per column, the first change that altered a document, else the last one made
    unchangeable: list[str]  # table.column of columns no row took a new value in

    def stale(self) -> dict[tuple[str, str], set[str]]:
        """Per column, the documents a change altered but did not queue."""
        return {
            (probe.table, probe.column): probe.changed - probe.rebuilt
            for probe in self.probes
            if probe.changed - probe.rebuilt
        }

    def shown(self, table: str) -> bool:
        return any(probe.changed for probe in self.probes if probe.table == table)


def _coverage(connection: Connection) -> tuple[list[str], Coverage]:
    references = _references(connection)
    tables = _tables_read(connection, _first_records(connection))
    sample = _sample(connection, tables, references)
    rows = _rows_feeding(connection, tables, references, sample)
    before = _build(connection, sample)
    referring = {(reference.table, reference.column) for reference in references}
    coverage = Coverage([], [])
    for table in tables:
        columns = _columns(connection, table)
        shown: list[Column] = []
        # A reference last: moving a row to another record shows only if the row holds values documents show.
        for column in sorted(columns, key=lambda column: (table, column.name) in referring):
            tried = _in_order_of_trial(connection, table, column, shown, columns, rows[table])
            probes = (_probe(connection, table, column, ctid, sample, before) for ctid in tried)
            made = [probe for probe in _until_shown(probes) if probe is not None]
            if not made:
                coverage.unchangeable.append(f"{table}.{column.name}")
                continue
            coverage.probes.append(made[-1])
            if made[-1].changed:
                shown.append(column)
    return tables, coverage


def _in_order_of_trial(
    connection: Connection, table: str, column: Column, shown: list[Column], columns: list[Column], ctids: list[str]
) -> list[str]:
    """The rows to change ``column`` in: those holding a value in it first, then those holding most values
    documents were seen to show, then most values at all (moving a seizure with no vehicle changes nothing)."""
    if not ctids:
        return []
    counts = ", ".join(
        f"num_nonnulls({', '.join(c.name for c in some)}) AS {name}" if some else f"0 AS {name}"
        for name, some in (("shown", shown), ("held", columns))
    )
    rows = connection.execute(
        sa.text(
            f"SELECT CAST(ctid AS text) AS ctid, {column.name} IS NULL AS empty, {counts} "
            f"FROM {table} WHERE ctid = ANY(CAST(:ids AS tid[]))"
        ),
        {"ids": ctids},
    )
    order = {row.ctid: (row.empty, -row.shown, -row.held) for row in rows}
    return sorted(ctids, key=lambda ctid: order[ctid])[:ROWS_TRIED_PER_COLUMN]


def _until_shown(probes: Iterator[Probe | None]) -> Iterator[Probe | None]:
    """The probes up to the first that changed a document, or the ROWS_CHANGED_PER_COLUMN-th change made."""
    made = 0
    for probe in probes:
        yield probe
        if probe is not None:
            made += 1
            if probe.changed or made == ROWS_CHANGED_PER_COLUMN:
                return


# --- the test ------------------------------------------------------------------------------------------------


def test_every_change_a_search_document_shows_queues_that_document(generated_database: sa.Engine) -> None:
    with generated_database.connect() as connection, connection.begin() as transaction:
        tables, coverage = _coverage(connection)
        transaction.rollback()

    # Shown when the test fails (or with -s): what was checked, and outbox rows written for documents a change did
    # not alter (harmless, a document rebuilt for nothing: a column the triggers list but no document shows).
    not_shown = [probe.column_path for probe in coverage.probes if not probe.changed]
    queued_needlessly = [probe.column_path for probe in coverage.probes if probe.in_outbox - probe.changed]
    print(f"Tables the document builders read: {', '.join(tables)}")
    print(f"Columns whose change altered no sampled document: {not_shown}")
    print(f"Columns no row took a new value in (not checked): {coverage.unchangeable}")
    print(f"Columns whose change queued documents it did not alter: {queued_needlessly}")

    assert not [table for table in tables if not coverage.shown(table)], (
        "no change to these tables altered a sampled document, so this test checked nothing there (is the sample "
        f"missing their rows?): {[table for table in tables if not coverage.shown(table)]}"
    )
    stale = coverage.stale()
    assert not stale, (
        "these changes alter search documents but queue no outbox row for them (the index goes stale); "
        + (
            "queue them from the side-effect triggers (a new migration; 0011 lists DOCUMENT_COLUMNS and FEEDS, 0012 "
            "REFERENCE_COLUMNS and FIRS_SHOWING): "
            + "; ".join(
                f"{table}.{column} changed {', '.join(sorted(documents)[:5])}"
                for (table, column), documents in stale.items()
            )
        )
    )
