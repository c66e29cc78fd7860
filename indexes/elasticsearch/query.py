"""The query language of indexes/engine.py translated to the Elasticsearch query DSL, and search responses
translated back. Pure functions: nothing here talks to a server.

Translation (each clause's ``boost`` multiplies its score):

- NameClause: for every term, a ``bool.should`` of ``term`` on the key field, ``term`` on the phonetic
  field, ``fuzzy`` on the key field within one edit, ``term`` on the loose field and ``term`` on the key
  field with the term's initial (weights in indexes/engine.py). Required terms are ``bool.must`` (or a
  ``bool.should`` with ``minimum_should_match`` of all but one for long names); initials are ``should``.
  The fields are ``name_keys``/``name_phonetic``/``name_loose``, or the ``relative_`` ones.
- TextClause: ``combined_fields`` with ``operator: and`` over the fields' ``words.<field>`` (each word in at least
  one field), searching for the words of indexes/words.py, the rule both engines share.
- TermsClause: ``terms`` (constant score 1). RangeClause: ``range`` (constant score 1; a DATE ``lte`` given as
  a date means the whole day); both bounds open: ``exists``.
- AnyOf: ``dis_max``, at least one clause matches and the best one scores, as engine.py says ("the best
  scores"); a ``bool.should`` would add the scores of every clause that matches instead.

The request's ``must`` clauses go in ``bool.must`` (they score), ``filters`` in ``bool.filter`` (they do not),
each Boost in ``bool.should`` as a ``constant_score`` of its clauses (optional beside must and filter: it adds
its score and selects nothing); no clause at all is ``match_all``. Hits sort by ``_score`` descending, then
``id`` ascending (and indexes/elasticsearch/paging.py orders equal rounded scores by id, as the embedded engine
does). Facets are ``terms`` aggregations ordered by count, then key. Highlights are not asked of the server:
:func:`add_highlights` makes them from the documents with indexes/highlights.py, marking the words the request
searched each field for (text clause words, and name keys for ``names``), as the embedded engine does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from indexes.clause_translation import Bounds, ClauseTranslator
from indexes.elasticsearch.mapping import DATE_FORMAT, from_source, words_field
from indexes.engine import (
    NAME_FUZZY_EDITS,
    Boost,
    Hit,
    NameClause,
    SearchRequest,
    SearchResponse,
    TextClause,
)
from indexes.field_values import date_text
from indexes.highlights import highlights
from indexes.name_ways import NameFields, NameWay, name_ways
from indexes.schema import DocumentKind, FieldSpec, FieldType, checked_facet, checked_field
from indexes.words import indexed_words, text_words

MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window: offset + limit may not pass it

MATCH_NONE: dict[str, Any] = {"match_none": {}}


class _Translator(ClauseTranslator[dict[str, Any]]):
    """Clause tree -> query DSL for one kind; collects, per TEXT field, the text searched for (highlights)."""

    def __init__(self, kind: DocumentKind) -> None:
        super().__init__(kind)
        self.highlight_words: dict[str, set[str]] = {}

    def name(self, clause: NameClause, fields: NameFields) -> dict[str, Any]:
        required, optional = [], []
        for term in clause.terms:
            ways = [_name_way(way) for way in name_ways(clause, term)]
            if term.key and not clause.relative:
                self.highlight_words.setdefault("names", set()).update(text_words(term.key))
            matched = {"bool": {"should": ways, "minimum_should_match": 1}}
            (required if clause.required(term) else optional).append(matched)
        at_least = clause.required_matches()
        if at_least < len(required):
            must = [{"bool": {"should": required, "minimum_should_match": at_least}}]
        else:
            must = required
        query: dict[str, Any] = {"bool": {"must": must}}
        if optional:
            query["bool"]["should"] = optional
        if clause.boost != 1.0:
            query["bool"]["boost"] = float(clause.boost)
        return query

    def text(self, clause: TextClause) -> dict[str, Any]:
        words = indexed_words(clause.text)
        if not words:  # no words (blank, or only punctuation): nothing matches, as in the embedded engine
            return MATCH_NONE
        for name in clause.fields:
            self.highlight_words.setdefault(name, set()).update(words.split())
        body: dict[str, Any] = {
            "query": words,
            "fields": [words_field(name) for name in clause.fields],
            "operator": "and",
            "zero_terms_query": "none",
        }
        if clause.boost != 1.0:
            body["boost"] = float(clause.boost)
        return {"combined_fields": body}

    def terms(self, spec: FieldSpec, values: list[str] | list[int] | list[datetime], boost: float) -> dict[str, Any]:
        written = [date_text(value, spec.name) for value in values] if spec.type is FieldType.DATE else values
        body: dict[str, Any] = {spec.name: list(dict.fromkeys(written))}
        if boost != 1.0:
            body["boost"] = float(boost)
        return {"terms": body}

    def range(self, spec: FieldSpec, bounds: Bounds) -> dict[str, Any]:
        if spec.type is FieldType.INTEGER:
            limits = {"gte": bounds.lower, "lte": bounds.upper}
            return {"range": {spec.name: {key: value for key, value in limits.items() if value is not None}}}
        written: dict[str, Any] = {}
        if isinstance(bounds.lower, datetime):
            written["gte"] = bounds.lower.isoformat()
        if isinstance(bounds.upper, datetime):
            written["lte" if bounds.include_upper else "lt"] = bounds.upper.isoformat()
        written["format"] = DATE_FORMAT
        return {"range": {spec.name: written}}

    def exists(self, spec: FieldSpec) -> dict[str, Any]:
        return {"exists": {"field": spec.name}}

    def best_of(self, queries: list[dict[str, Any]]) -> dict[str, Any]:
        return {"dis_max": {"queries": queries}}

    def nothing(self) -> dict[str, Any]:
        return MATCH_NONE


def _name_way(way: NameWay) -> dict[str, Any]:
    if way.fuzzy:
        # A constant score, the way's weight, as Tantivy's fuzzy term query scores every match: Lucene's own fuzzy
        # scoring (BM25 of blended term statistics) ranked names otherwise than the embedded engine (issue 24).
        fuzzy = {"value": way.value, "fuzziness": NAME_FUZZY_EDITS, "prefix_length": 0, "transpositions": True}
        return {"constant_score": {"filter": {"fuzzy": {way.field: fuzzy}}, "boost": way.boost}}
    return {"term": {way.field: {"value": way.value, "boost": way.boost}}}


def _boost(translator: _Translator, boost: Boost) -> dict[str, Any]:
    """A Boost: ``constant_score`` of its clauses as filters; beside ``must`` or ``filter`` a ``should`` is
    optional, so it adds its score to the matches it matches and selects nothing."""
    inner = translator.boost_queries(boost)
    return {"constant_score": {"filter": {"bool": {"filter": inner}}, "boost": float(boost.score)}}


def build_search_body(request: SearchRequest) -> dict[str, Any]:
    """The body of ``POST /<alias>/_search`` for ``request`` (the keys are also keyword arguments of the
    client's ``search``). Raises ValueError, naming the field, for anything the kind's fields cannot do."""
    if request.offset < 0 or request.limit < 0:
        raise ValueError(f"offset and limit must not be negative (got {request.offset}, {request.limit})")
    if request.facet_size < 1:
        raise ValueError(f"facet_size must be at least 1 (got {request.facet_size})")
    if request.offset + request.limit > MAX_RESULT_WINDOW:
        raise ValueError(
            f"Elasticsearch pages only through the first {MAX_RESULT_WINDOW} matches (offset {request.offset} + "
            f"limit {request.limit}); narrow the search with filters."
        )
    kind = DocumentKind(request.kind)
    translator = _Translator(kind)
    for name in request.facets:
        checked_facet(translator.kind, name)
    for name in request.highlight:
        checked_field(translator.kind, name, "highlighting", (FieldType.TEXT,))

    must = [translator.query(clause) for clause in request.must]
    filters = [translator.query(clause) for clause in request.filters]
    query: dict[str, Any]
    if must or filters:
        query = {"bool": {}}
        if must:
            query["bool"]["must"] = must
        if filters:
            query["bool"]["filter"] = filters
    else:
        query = {"match_all": {}}
    if request.boosts:
        if "bool" not in query:
            query = {"bool": {"must": [query]}}
        query["bool"]["should"] = [_boost(translator, boost) for boost in request.boosts]

    body: dict[str, Any] = {
        "query": query,
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "track_scores": True,
        "track_total_hits": True,
        "from": request.offset,
        "size": request.limit,
    }
    if request.facets:
        body["aggs"] = {
            name: {
                "terms": {
                    "field": name,
                    "size": request.facet_size,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
            for name in dict.fromkeys(request.facets)
        }
    return body


def _total(hits: Mapping[str, Any]) -> int:
    total = hits.get("total", 0)
    if isinstance(total, Mapping):
        if total.get("relation", "eq") != "eq":
            raise ValueError(f"the response counted matches only approximately ({total}); ask with track_total_hits")
        return int(total.get("value", 0))
    return int(total)


def _score(hit: Mapping[str, Any]) -> float:
    score = hit.get("_score")
    if score is None:
        sort = hit.get("sort") or [0.0]
        score = sort[0]
    return float(score)


def parse_search_response(request: SearchRequest, body: Mapping[str, Any]) -> SearchResponse:
    """The raw ``_search`` response for ``request`` as engine.py's SearchResponse: documents shaped by
    :func:`indexes.elasticsearch.mapping.from_source`, highlights per field, facet keys as strings (every
    asked facet present, empty when nothing matched), ordered by count then key."""
    kind = DocumentKind(request.kind)
    hits_section = body.get("hits") or {}
    hits = []
    for raw in hits_section.get("hits", []):
        source = raw.get("_source") or {}
        document = from_source(kind, source)
        hit_id = str(raw.get("_id") or document.get("id"))
        hits.append(Hit(id=hit_id, score=_score(raw), document=document))

    facets: dict[str, dict[str, int]] = {}
    aggregations = body.get("aggregations") or {}
    for name in request.facets:
        buckets = (aggregations.get(name) or {}).get("buckets", [])
        # Elasticsearch's top facet_size (ties by key, numerically for INTEGER fields), then ordered by count and
        # key as text, as the embedded engine orders them.
        counts = [(str(bucket.get("key_as_string", bucket["key"])), int(bucket["doc_count"])) for bucket in buckets]
        counts = sorted(counts[: request.facet_size], key=lambda item: (-item[1], item[0]))
        facets[name] = dict(counts)
    return SearchResponse(total=_total(hits_section), hits=hits, facets=facets)


def add_highlights(request: SearchRequest, hits: list[Hit]) -> None:
    """Give ``hits`` the snippets of ``request.highlight`` fields marking the words the request searched each field
    for (text clause words, and name keys for ``names``), made by indexes/highlights.py from the documents as the
    embedded engine makes them: the server is not asked for its own."""
    if not request.highlight or not hits:
        return
    translator = _Translator(DocumentKind(request.kind))
    for clause in (*request.must, *request.filters):
        translator.query(clause)
    for boost in request.boosts:  # their names are marked too, as in the embedded engine
        translator.boost_queries(boost)
    for hit in hits:
        hit.highlights = highlights(hit.document, translator.highlight_words, request.highlight)
