"""``cctns index verify``: every indexed document compared with one rebuilt from PostgreSQL, and optionally repaired."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from indexes.document_builders import Progress, fewer_collections
from indexes.documents import build_documents, count_rows, iter_all_ids
from indexes.engine import SearchEngine
from indexes.schema import DocumentKind


@dataclass
class VerifyReport:
    checked: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)  # in PostgreSQL, not in the index
    stale: dict[str, int] = field(default_factory=dict)  # in both, content differs
    extra: dict[str, int] = field(default_factory=dict)  # in the index, gone from PostgreSQL
    repaired: bool = False

    @property
    def drift(self) -> int:
        return sum(self.missing.values()) + sum(self.stale.values()) + sum(self.extra.values())


def verify_index(
    database: Engine,
    search: SearchEngine,
    repair: bool = True,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> VerifyReport:
    """Compare every document's checksum with one rebuilt from PostgreSQL; optionally fix what differs."""
    with fewer_collections():
        return _verify_index(database, search, repair, batch_size, progress)


def _verify_index(
    database: Engine, search: SearchEngine, repair: bool, batch_size: int, progress: Progress | None
) -> VerifyReport:
    report = VerifyReport(repaired=repair)
    for kind in DocumentKind:
        indexed = dict(search.iter_checksums(kind))
        missing = stale = checked = 0
        with database.connect() as connection:
            total = count_rows(connection, kind)
            for ids in iter_all_ids(connection, kind, batch_size):
                documents = build_documents(connection, kind, ids)
                to_fix = []
                for document in documents:
                    have = indexed.pop(str(document["id"]), None)
                    if have is None:
                        missing += 1
                    elif have != document["checksum"]:
                        stale += 1
                    else:
                        continue
                    to_fix.append(document)
                if repair and to_fix:
                    search.upsert(kind, to_fix)
                checked += len(documents)
                if progress:
                    progress(kind, checked, total)
        extra = list(indexed)  # left over: documents of records PostgreSQL no longer has
        if repair and extra:
            search.delete(kind, extra)
        report.checked[kind.value] = checked
        report.missing[kind.value], report.stale[kind.value], report.extra[kind.value] = missing, stale, len(extra)
    if repair:
        search.commit()
    return report
