"""The embedded engine: the search-engine interface (indexes/engine.py) over Tantivy indexes on disk.

Several processes may use one directory (indexes/embedded/generations.py): the API server searches while a worker
writes. Tantivy allows one writer per index, so an engine takes the writer at its first write after a commit and
gives it back at :meth:`TantivyEngine.commit`; a writer held by another process is waited for with back-off, then
reported. Searches reload the reader first (cheap when nothing changed), so they see other processes' commits, and
check ``CURRENT``, so they follow a rebuild switched by another process.

An upsert deletes its batch's ids with one term-set delete, then adds the documents: Tantivy applies a
delete to what was added before it, so replacing works within a batch, across batches and across commits.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import tantivy

from indexes.embedded.errors import SearchIndexError
from indexes.embedded.facets import facet_counts
from indexes.embedded.generations import GenerationDirectory, generation_name
from indexes.embedded.kind_index import KindIndex
from indexes.embedded.mapping import SCHEMAS, from_tantivy_document, to_tantivy_document
from indexes.embedded.paging import checksums_in_id_order, ordered_page
from indexes.embedded.query import translate
from indexes.engine import Document, Hit, SearchEngine, SearchRequest, SearchResponse
from indexes.highlights import highlights
from indexes.schema import DocumentKind, FieldType, checked_facet


class TantivyEngine:
    """The embedded engine (see the package docstring). ``path`` is a directory it may create."""

    name = "embedded"

    def __init__(
        self,
        path: Path,
        *,
        heap_size: int = 256_000_000,
        threads: int | None = None,
        lock_timeout: float = 60.0,
        preload: bool = True,
        _generation: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.directory = GenerationDirectory(self.path)
        self.preload = preload  # read the index into memory at the first search (see preload_files)
        self.heap_size = heap_size
        self.threads = threads or max(1, min(4, os.cpu_count() or 1))
        self.lock_timeout = lock_timeout
        self._pinned = _generation  # a rebuild engine writes into this generation and never follows CURRENT
        self._generation: str | None = None
        self._indexes: dict[DocumentKind, KindIndex] = {}
        self._lock = threading.RLock()
        self._closed = False
        # Seconds spent in each phase of search(), added up while not None (benchmarks set it to a dict).
        self.phase_seconds: dict[str, float] | None = None

    def __repr__(self) -> str:
        return f"TantivyEngine({str(self.path)!r}, generation={self._pinned or self._generation!r})"

    # -- directory and generations --

    def ensure_ready(self) -> None:
        with self._lock:
            self._check_open()
            self.directory.make()
            with self.directory.lock():
                if self._pinned is not None:
                    self.directory.create(self._pinned)
                elif self.directory.read_current() is None:
                    existing = self.directory.names()
                    name = existing[-1] if existing else generation_name(1)
                    self.directory.create(name)
                    self.directory.write_current(name)
            self._follow()

    def _follow(self) -> dict[DocumentKind, KindIndex]:
        """Open the live generation's indexes, switching when another engine moved CURRENT."""
        self._check_open()
        if self._pinned is not None:
            generation = self._pinned
            if not (self.path / generation).is_dir():
                raise SearchIndexError(f"The rebuild generation {self.path / generation} is gone.")
        else:
            found = self.directory.read_current()
            if found is None:
                self.ensure_ready()
                return self._indexes
            generation = found
        if generation != self._generation or not self._indexes:
            pending = [index for index in self._indexes.values() if index.writer is not None]
            if pending:
                # Writes started in the old generation; they must not silently land in the new one.
                return self._indexes
            self._indexes = {
                kind: KindIndex(kind, self.path / generation / kind.value, self.preload) for kind in DocumentKind
            }
            self._generation = generation
        return self._indexes

    def _index(self, kind: DocumentKind) -> KindIndex:
        with self._lock:
            return self._follow()[DocumentKind(kind)]

    def _check_open(self) -> None:
        if self._closed:
            raise SearchIndexError(f"{self!r} is closed; open a new engine.")

    # -- writing --

    def _writer(self, index: KindIndex) -> tantivy.IndexWriter:
        if index.writer is not None:
            return index.writer
        deadline, delay = time.monotonic() + self.lock_timeout, 0.01
        while True:
            try:
                index.writer = index.index.writer(heap_size=self.heap_size, num_threads=self.threads)
                return index.writer
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise SearchIndexError(f"Cannot write the search index in {index.directory}: {error}") from error
                if time.monotonic() > deadline:
                    raise SearchIndexError(
                        f"Another writer has held the search index in {index.directory} for more than "
                        f"{self.lock_timeout:.0f} s (a worker or `cctns index` command in another process, or an "
                        "engine in this one with uncommitted writes); let it finish, or stop it, and retry."
                    ) from error
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def upsert(self, kind: DocumentKind, documents: Sequence[Document]) -> None:
        if not documents:
            return
        schema = SCHEMAS[DocumentKind(kind)]
        # All checked before anything is written; the last of several with one id wins.
        latest = dict(to_tantivy_document(schema, document) for document in documents)
        with self._lock:
            writer = self._writer(self._index(kind))
            # One delete for the batch (a delete per document would cost as much as the writing): it removes
            # what was added before it, in this writer or committed, and not what is added after it.
            writer.delete_documents_by_query(tantivy.Query.term_set_query(schema.tantivy, "id", list(latest)))
            for document in latest.values():
                writer.add_document(document)

    def delete(self, kind: DocumentKind, ids: Sequence[str]) -> None:
        if not ids:
            return
        schema = SCHEMAS[DocumentKind(kind)]
        with self._lock:
            writer = self._writer(self._index(kind))
            gone = list(dict.fromkeys(map(str, ids)))
            writer.delete_documents_by_query(tantivy.Query.term_set_query(schema.tantivy, "id", gone))

    def commit(self) -> None:
        with self._lock:
            self._check_open()
            written = self._generation
            failure: Exception | None = None
            for index in self._indexes.values():
                try:
                    index.release_writer(commit=True)
                except Exception as error:  # reported below, once every writer is released
                    failure = failure or error
            if self._pinned is None and written is not None and self.directory.read_current() != written:
                self._follow()
                raise SearchIndexError(
                    f"The search index was rebuilt (switched from {written} to {self._generation}) while these "
                    "writes were in progress; they went to the replaced index. Write them again."
                ) from failure
            if failure is not None:
                raise failure

    # -- reading --

    def count(self, kind: DocumentKind) -> int:
        return int(self._index(kind).searcher().num_docs)

    def iter_checksums(self, kind: DocumentKind) -> Iterator[tuple[str, str]]:
        """(id, checksum) of every document, in id order, a page at a time from one consistent snapshot."""
        index = self._index(kind)
        yield from checksums_in_id_order(index.searcher(), index.schema.tantivy)

    def search(self, request: SearchRequest) -> SearchResponse:
        if request.offset < 0 or request.limit < 0:
            raise ValueError(f"offset and limit must not be negative (got {request.offset}, {request.limit})")
        if request.facet_size < 1:
            raise ValueError(f"facet_size must be at least 1 (got {request.facet_size})")
        kind = DocumentKind(request.kind)
        schema = SCHEMAS[kind]
        for name in request.facets:
            checked_facet(kind, name)
        for name in request.highlight:
            schema.field(name, "highlighting", (FieldType.TEXT,))

        clock = _PhaseClock(self.phase_seconds)
        translation = translate(schema, request)
        index = self._index(kind)
        searcher = index.searcher()
        clock.lap("query")
        query, constant = translation.query, translation.constant_score
        if request.limit == 0 and not request.facets:
            total, page, every = int(searcher.search(query, 1, count=True).count), [], None
        else:  # the page and the count in one pass over the matches
            total, page, every = ordered_page(searcher, query, constant, request.offset, request.limit)
        clock.lap("page")
        facets: dict[str, dict[str, int]] = {}
        if request.facets and total:
            facets = facet_counts(searcher, schema, query, every, request.facets, request.facet_size)
        clock.lap("facets")

        hits = []
        for score, address in page:
            stored = searcher.doc(address).to_dict()
            document = from_tantivy_document(schema, stored)
            marked = highlights(stored, translation.highlight_words, request.highlight)
            hits.append(Hit(id=str(document["id"]), score=score, document=document, highlights=marked))

        for name in request.facets:
            facets.setdefault(name, {})
        clock.lap("documents")
        return SearchResponse(total=total, hits=hits, facets=facets)

    # -- rebuild --

    def begin_rebuild(self) -> TantivyEngine:
        if self._pinned is not None:
            raise SearchIndexError("This engine is itself a rebuild; begin the rebuild on the live engine.")
        with self._lock:
            self.ensure_ready()
            with self.directory.lock():
                name = self.directory.next_name()
                self.directory.create(name)
        return TantivyEngine(
            self.path,
            heap_size=self.heap_size,
            threads=self.threads,
            lock_timeout=self.lock_timeout,
            preload=False,
            _generation=name,
        )

    def finish_rebuild(self, rebuilt: SearchEngine) -> None:
        if not isinstance(rebuilt, TantivyEngine) or rebuilt._pinned is None or rebuilt.path != self.path:
            raise ValueError(f"finish_rebuild needs the engine begin_rebuild of {self!r} returned, got {rebuilt!r}")
        new = rebuilt._pinned
        rebuilt.commit()
        rebuilt.close()
        with self._lock:
            self.commit()
            with self.directory.lock():
                self.directory.write_current(new)
                self._follow()
                self.directory.remove_older_than(new)

    def warm_up(self) -> None:
        """Start reading the live index into memory now rather than at the first search (when ``preload``)."""
        with self._lock:
            for index in self._follow().values():
                index.start_preload()

    def wait_for_preload(self, timeout: float | None = None) -> None:
        """Wait until the indexes searched so far are read into memory (benchmarks time a warmed service)."""
        for index in list(self._indexes.values()):
            if index.preloading is not None:
                index.preloading.join(timeout)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            for index in self._indexes.values():
                index.release_writer(commit=False)
            self._indexes = {}
            self._closed = True


class _PhaseClock:
    """Adds the seconds since the last lap to ``into[phase]``; does nothing when ``into`` is None."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self.into = into
        self.last = time.perf_counter() if into is not None else 0.0

    def lap(self, phase: str) -> None:
        if self.into is not None:
            now = time.perf_counter()
            self.into[phase] = self.into.get(phase, 0.0) + now - self.last
            self.last = now
