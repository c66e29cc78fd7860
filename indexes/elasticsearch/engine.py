"""The Elasticsearch engine: the SearchEngine interface of indexes/engine.py on an Elasticsearch cluster,
through the official client.

Indexes, aliases and templates are named and shaped by :mod:`indexes.elasticsearch.mapping`; queries by
:mod:`indexes.elasticsearch.query`; the client's failures are explained by :mod:`indexes.elasticsearch.errors`.
Writes go through the bulk helper with the document id as ``_id``, so writing a document again replaces it.
:meth:`ElasticsearchEngine.commit` refreshes the indexes, which makes the writes visible (each bulk request is
already durable when it returns: Elasticsearch writes its translog before answering).

Rebuild: :meth:`~ElasticsearchEngine.begin_rebuild` creates the next generation's indexes beside the live
ones (no alias, periodic refresh off while bulk loading) and returns an engine that writes and searches
there; :meth:`~ElasticsearchEngine.finish_rebuild` restores the refresh interval, refreshes, moves both
aliases in one ``_aliases`` call (atomic: every search sees either the old or the new index) and deletes the
older generations. Writes the live engine makes meanwhile land in the old index; ``indexes.rebuild`` catches up
on everything changed since the rebuild started, after the switch.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from indexes.elasticsearch.errors import (
    URL_SETTING,
    ElasticsearchIndexError,
    ElasticsearchUnreachable,
    bulk_failures,
    error_type,
    explained_errors,
    redacted,
)
from indexes.elasticsearch.mapping import (
    alias_name,
    check_prefix,
    generation_of,
    index_name,
    index_pattern,
    index_template,
    template_name,
    to_source,
)
from indexes.elasticsearch.paging import PAD, Window, complete, page_of
from indexes.elasticsearch.query import MAX_RESULT_WINDOW, add_highlights, build_search_body, parse_search_response
from indexes.engine import Document, SearchEngine, SearchRequest, SearchResponse
from indexes.schema import DocumentKind

CHECKSUM_PAGE = 5_000
PIT_KEEP_ALIVE = "2m"
REBUILD_REFRESH_INTERVAL = "-1"  # no periodic refresh while a rebuild bulk-loads; commit() still refreshes


class ElasticsearchEngine:
    """The engine on the cluster at ``url`` (``http://user:password@host:9200``), with every index, alias and
    template name starting ``<prefix>-``. ``client`` is an already built ``Elasticsearch`` client to use
    instead of making one (it is then not closed by :meth:`close`)."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        prefix: str = "cctns",
        client: Elasticsearch | None = None,
        *,
        shards: int = 1,
        replicas: str = "0-1",
        refresh_interval: str = "1s",
        request_timeout: float = 30.0,
        chunk_size: int = 500,
        _generation: int | None = None,
    ) -> None:
        self.url = url
        self.prefix = check_prefix(prefix)
        self.shards, self.replicas, self.refresh_interval = shards, replicas, refresh_interval
        self.request_timeout = request_timeout
        self.chunk_size = chunk_size
        index_template(prefix, DocumentKind.FIR, shards=shards, replicas=replicas)  # checks the settings now
        self._pinned = _generation  # a rebuild engine writes into this generation's indexes, never the alias
        self._owns_client = client is None
        if client is None:
            try:
                client = Elasticsearch(url, request_timeout=request_timeout, max_retries=2, retry_on_timeout=True)
            except (ValueError, TypeError) as error:
                raise ElasticsearchUnreachable(
                    f"{URL_SETTING}={redacted(url)!r} is not a usable Elasticsearch URL ({error}); give one like "
                    "http://localhost:9200 or https://user:password@search.example:9200."
                ) from error
        self._client = client
        self._closed = False

    def __repr__(self) -> str:
        where = f"generation={self._pinned}" if self._pinned is not None else "live"
        return f"ElasticsearchEngine({redacted(self.url)!r}, prefix={self.prefix!r}, {where})"

    @property
    def client(self) -> Elasticsearch:
        return self._client

    # -- plumbing --

    def _talking(self, doing: str) -> contextlib.AbstractContextManager[None]:
        """Turn the client's errors while ``doing`` into messages saying what failed, where, and what to check."""
        self._check_open()
        return explained_errors(redacted(self.url), self.prefix, doing)

    def _check_open(self) -> None:
        if self._closed:
            raise ElasticsearchIndexError(f"{self!r} is closed; open a new engine.")

    def _target(self, kind: DocumentKind) -> str:
        """Where this engine reads and writes documents of ``kind``: the alias, or a rebuild's own index."""
        kind = DocumentKind(kind)
        if self._pinned is not None:
            return index_name(self.prefix, kind, self._pinned)
        return alias_name(self.prefix, kind)

    def _targets(self) -> str:
        return ",".join(self._target(kind) for kind in DocumentKind)

    def _indexes(self, kind: DocumentKind) -> dict[str, set[str]]:
        """Every generation index of ``kind`` under this prefix, with its aliases."""
        listing = self._client.indices.get_alias(
            index=index_pattern(self.prefix, kind), expand_wildcards="all", allow_no_indices=True
        )
        return {
            name: set((info or {}).get("aliases") or {})
            for name, info in listing.body.items()
            if generation_of(self.prefix, kind, name) is not None
        }

    def _create_index(self, name: str, **options: Any) -> None:
        """Create an index (the template gives settings and mappings); one that exists already is fine."""
        try:
            self._client.indices.create(index=name, **options)
        except ApiError as error:
            if error_type(error) != "resource_already_exists_exception":
                raise

    def _bulk(self, actions: Iterable[dict[str, Any]], count: int, doing: str, target: str) -> None:
        failures: list[tuple[str, dict[str, Any]]] = []
        with self._talking(doing):
            for ok, item in streaming_bulk(
                self._client,
                actions,
                chunk_size=self.chunk_size,
                raise_on_error=False,
                raise_on_exception=True,
                max_retries=3,
                initial_backoff=1,
                yield_ok=False,
                require_alias=self._pinned is None,  # never let a write auto-create an index named like the alias
            ):
                if ok:
                    continue
                ((operation, info),) = item.items()
                if operation == "delete" and info.get("status") == 404:
                    continue  # deleting what is not there is fine
                failures.append((operation, info))
        if failures:
            raise ElasticsearchIndexError(bulk_failures(failures, count, doing, target))

    # -- SearchEngine --

    def ensure_ready(self) -> None:
        """Put the index templates (every start, so they follow the code's schema); create the first
        generation's indexes with their aliases if the aliases do not exist yet (or, for a rebuild engine, its
        generation's indexes). Harmless to repeat and to run from several processes at once."""
        with self._talking("preparing the search indexes"):
            for kind in DocumentKind:
                self._client.indices.put_index_template(
                    name=template_name(self.prefix, kind),
                    **index_template(
                        self.prefix,
                        kind,
                        shards=self.shards,
                        replicas=self.replicas,
                        refresh_interval=self.refresh_interval,
                    ),
                )
            for kind in DocumentKind:
                if self._pinned is not None:
                    self._create_index(
                        index_name(self.prefix, kind, self._pinned),
                        settings={"index": {"refresh_interval": REBUILD_REFRESH_INTERVAL}},
                    )
                    continue
                alias = alias_name(self.prefix, kind)
                if self._client.indices.exists_alias(name=alias):
                    continue
                # No live index yet. An unaliased generation left behind (an abandoned rebuild) is not adopted:
                # the first live generation comes after it.
                existing = [generation_of(self.prefix, kind, name) or 0 for name in self._indexes(kind)]
                generation = max(existing, default=0) + 1
                self._create_index(index_name(self.prefix, kind, generation), aliases={alias: {"is_write_index": True}})
                if not self._client.indices.exists_alias(name=alias):
                    raise ElasticsearchIndexError(
                        f"Could not create the alias {alias} at {redacted(self.url)}: "
                        f"{index_name(self.prefix, kind, generation)} exists without it; delete that index or run "
                        "`cctns index rebuild`."
                    )

    def upsert(self, kind: DocumentKind, documents: Sequence[Document]) -> None:
        if not documents:
            return
        kind = DocumentKind(kind)
        latest: dict[str, dict[str, object]] = {}
        for document in documents:  # every document checked before anything is sent
            document_id, source = to_source(kind, document)
            latest.pop(document_id, None)
            latest[document_id] = source  # the later one of an id given twice wins
        target = self._target(kind)
        actions = (
            {"_op_type": "index", "_index": target, "_id": document_id, "_source": source}
            for document_id, source in latest.items()
        )
        self._bulk(actions, len(latest), f"writing {len(latest)} {kind.value} documents", target)

    def delete(self, kind: DocumentKind, ids: Sequence[str]) -> None:
        if not ids:
            return
        kind = DocumentKind(kind)
        unique = list(dict.fromkeys(map(str, ids)))
        target = self._target(kind)
        actions = ({"_op_type": "delete", "_index": target, "_id": document_id} for document_id in unique)
        self._bulk(actions, len(unique), f"deleting {len(unique)} {kind.value} documents", target)

    def commit(self) -> None:
        with self._talking("refreshing the search indexes"):
            self._client.indices.refresh(index=self._targets())

    def search(self, request: SearchRequest) -> SearchResponse:
        """The page in the embedded engine's order (indexes/elasticsearch/paging.py): read from a window a little
        wider than the page, widened while a group of equal rounded scores reaches its edge."""
        build_search_body(request)  # refuses a bad request before anything is sent
        if request.limit == 0:
            return self._search_once(request)
        window = Window.around(request.offset, request.limit, PAD, MAX_RESULT_WINDOW)
        found = self._search_once(dataclasses.replace(request, offset=window.start, limit=window.size))
        hits = found.hits
        while not complete(window, hits, request.offset, request.limit, found.total):
            wider = window.wider(request.offset, request.limit, MAX_RESULT_WINDOW)
            if wider is None:  # past the server's result window equal scores keep its order, as in Tantivy's
                break
            window = wider
            hits = self._search_once(
                dataclasses.replace(request, offset=window.start, limit=window.size, facets=())
            ).hits
        found.hits = page_of(window, hits, request.offset, request.limit)
        add_highlights(request, found.hits)
        return found

    def _search_once(self, request: SearchRequest) -> SearchResponse:
        body = build_search_body(request)
        with self._talking(f"searching {DocumentKind(request.kind).value} documents"):
            response = self._client.search(index=self._target(request.kind), **body)
        return parse_search_response(request, response.body)

    def count(self, kind: DocumentKind) -> int:
        with self._talking(f"counting {DocumentKind(kind).value} documents"):
            return int(self._client.count(index=self._target(kind))["count"])

    def iter_checksums(self, kind: DocumentKind) -> Iterator[tuple[str, str]]:
        """(id, checksum) of every document, in index order, a page at a time from one point in time."""
        kind = DocumentKind(kind)
        doing = f"reading the checksums of {kind.value} documents"
        with self._talking(doing):
            pit = self._client.open_point_in_time(index=self._target(kind), keep_alive=PIT_KEEP_ALIVE)["id"]
        try:
            after: list[Any] | None = None
            while True:
                with self._talking(doing):
                    page = self._client.search(
                        pit={"id": pit, "keep_alive": PIT_KEEP_ALIVE},
                        size=CHECKSUM_PAGE,
                        sort=[{"_shard_doc": "asc"}],
                        source={"includes": ["id", "checksum"]},
                        track_total_hits=False,
                        search_after=after,
                    ).body
                pit = page.get("pit_id", pit)
                hits = page["hits"]["hits"]
                for hit in hits:
                    source = hit.get("_source") or {}
                    yield str(source.get("id") or hit["_id"]), str(source.get("checksum") or "")
                if len(hits) < CHECKSUM_PAGE:
                    return
                after = hits[-1]["sort"]
        finally:
            if not self._closed:
                with contextlib.suppress(Exception):  # it expires by itself after PIT_KEEP_ALIVE
                    self._client.close_point_in_time(id=pit)

    def begin_rebuild(self) -> ElasticsearchEngine:
        if self._pinned is not None:
            raise ElasticsearchIndexError("This engine is itself a rebuild; begin the rebuild on the live engine.")
        self.ensure_ready()
        with self._talking("choosing the rebuild's generation"):
            generations = [
                generation_of(self.prefix, kind, name) or 0 for kind in DocumentKind for name in self._indexes(kind)
            ]
        rebuilt = ElasticsearchEngine(
            self.url,
            self.prefix,
            client=self._client,
            shards=self.shards,
            replicas=self.replicas,
            refresh_interval=self.refresh_interval,
            request_timeout=self.request_timeout,
            chunk_size=self.chunk_size,
            _generation=max(generations, default=0) + 1,
        )
        rebuilt.ensure_ready()
        return rebuilt

    def finish_rebuild(self, rebuilt: SearchEngine) -> None:
        if (
            not isinstance(rebuilt, ElasticsearchEngine)
            or rebuilt._pinned is None
            or rebuilt.prefix != self.prefix
            or self._pinned is not None
        ):
            raise ValueError(f"finish_rebuild needs the engine begin_rebuild of {self!r} returned, got {rebuilt!r}")
        new = rebuilt._pinned
        new_indexes = [index_name(self.prefix, kind, new) for kind in DocumentKind]
        with self._talking(f"switching the search indexes to generation {new}"):
            self._client.indices.put_settings(
                index=",".join(new_indexes), settings={"index": {"refresh_interval": self.refresh_interval}}
            )
            self._client.indices.refresh(index=",".join(new_indexes))
            actions: list[dict[str, Any]] = []
            older: list[str] = []
            for kind, new_index in zip(DocumentKind, new_indexes, strict=True):
                alias = alias_name(self.prefix, kind)
                indexes = self._indexes(kind)
                if new_index not in indexes:
                    raise ElasticsearchIndexError(f"The rebuilt index {new_index} is gone; run the rebuild again.")
                for name, aliases in sorted(indexes.items()):
                    if name == new_index:
                        continue
                    if alias in aliases:
                        actions.append({"remove": {"index": name, "alias": alias}})
                    if (generation_of(self.prefix, kind, name) or 0) < new:
                        older.append(name)  # the old live index and any abandoned older rebuild
                actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
            self._client.indices.update_aliases(actions=actions)
            if older:
                self._client.indices.delete(index=",".join(older), ignore_unavailable=True)
        rebuilt.close()  # it shares this engine's client, which stays open

    def warm_up(self) -> None:
        """Nothing to do: the Elasticsearch cluster keeps its own caches (and ``index.store.preload`` is the
        cluster operator's choice)."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._owns_client:
            self._client.close()

    # -- beyond the interface --

    def drop_all(self) -> None:
        """Delete every index (all generations of both kinds) and template this engine's prefix owns.
        Indexes of other prefixes, even ones starting with this prefix (``cctns-test-...`` for ``cctns``), stay.
        Works on a closed engine too (with a client of its own), so test teardown can call it last."""
        if self._closed:
            fresh = ElasticsearchEngine(self.url, self.prefix, request_timeout=self.request_timeout)
            try:
                fresh.drop_all()
            finally:
                fresh.close()
            return
        with self._talking(f"deleting the {self.prefix} indexes"):
            names = [name for kind in DocumentKind for name in self._indexes(kind)]
            if names:
                self._client.indices.delete(index=",".join(sorted(names)), ignore_unavailable=True)
            for kind in DocumentKind:
                with contextlib.suppress(NotFoundError):
                    self._client.indices.delete_index_template(name=template_name(self.prefix, kind))
