"""A whole index from PostgreSQL: every document written into an empty engine, or built beside the live index
and switched to in one step (``cctns index rebuild``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from indexes.document_builders import DocumentBuilders, Progress, fewer_collections
from indexes.documents import count_rows, iter_all_ids
from indexes.engine import SearchEngine
from indexes.schema import DocumentKind
from indexes.sync import persons_named_in, write_documents


def index_everything(
    database: Engine,
    search: SearchEngine,
    batch_size: int = 2000,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Write every FIR and person document into ``search`` (which should be empty); returns counts.

    With ``workers`` > 1, that many processes build documents from PostgreSQL (the costly part: queries and
    name forms) while this one writes them to the engine."""
    counts = dict.fromkeys((kind.value for kind in DocumentKind), 0)
    with fewer_collections(), DocumentBuilders(database, workers) as builders, database.connect() as connection:
        totals = {kind: count_rows(connection, kind) for kind in DocumentKind}
        # One stream of batches, FIRs then people, so the builders go on with the first people while the engine
        # commits the FIRs (a stream per kind left them idle through that commit and the pipeline's refill).
        tasks = ((kind, ids) for kind in DocumentKind for ids in iter_all_ids(connection, kind, batch_size))
        written: DocumentKind | None = None
        for kind, _, documents in builders.build_tasks(connection, tasks):
            if written is not None and kind is not written:
                search.commit()
            written = kind
            if documents:
                search.upsert(kind, documents)
            counts[kind.value] += len(documents)
            if progress:
                progress(kind, counts[kind.value], totals[kind])
        search.commit()
    return counts


def rebuild_index(
    database: Engine,
    search: SearchEngine,
    batch_size: int = 2000,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Build a fresh index beside the live one, switch to it in one step, then catch up what changed meanwhile.

    Searches see the old index until the switch. Records changed during the build also have outbox rows, so
    the relay brings them in too; the catch-up here closes the window between reading a row and the switch.
    """
    with database.connect() as connection:
        started_at = connection.execute(sa.text("SELECT now()")).scalar_one()
    rebuilt = search.begin_rebuild()
    rebuilt.ensure_ready()
    counts = index_everything(database, rebuilt, batch_size, progress, workers)
    search.finish_rebuild(rebuilt)
    with database.connect() as connection:
        changed_firs = set(
            connection.execute(sa.text("SELECT id FROM fir WHERE updated_at >= :t"), {"t": started_at}).scalars()
        )
        changed_people = set(
            connection.execute(sa.text("SELECT id FROM person WHERE updated_at >= :t"), {"t": started_at}).scalars()
        ) | persons_named_in(connection, changed_firs)
        write_documents(connection, search, {DocumentKind.FIR: changed_firs, DocumentKind.PERSON: changed_people})
    search.commit()
    return counts
