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
    counts: dict[str, int] = {}
    with fewer_collections(), DocumentBuilders(database, workers) as builders:
        for kind in DocumentKind:
            with database.connect() as connection:
                total, done = count_rows(connection, kind), 0
                for documents in builders.build(connection, kind, iter_all_ids(connection, kind, batch_size)):
                    if documents:
                        search.upsert(kind, documents)
                    done += len(documents)
                    if progress:
                        progress(kind, done, total)
            search.commit()
            counts[kind.value] = done
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
