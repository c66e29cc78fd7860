"""The query language of indexes/engine.py translated to Tantivy queries, for one kind's schema.

Name terms match in the ways of indexes/name_ways.py, each a boosted term (or fuzzy term) query; Tantivy has no
minimum-should-match, so "all but one" required terms is the best of the conjunctions that leave one out. Text
clauses need every word (indexes/words.py) in one of their fields. ``filters`` score nothing, ``boosts`` are
optional constant scores beside the required clauses. The words searched for are kept per TEXT field for
highlights (indexes/highlights.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import tantivy

from indexes.clause_translation import Bounds, ClauseTranslator
from indexes.embedded.mapping import KindSchema
from indexes.engine import (
    NAME_FUZZY_EDITS,
    AnyOf,
    Boost,
    Clause,
    NameClause,
    RangeClause,
    SearchRequest,
    TermsClause,
    TextClause,
)
from indexes.name_ways import NameFields, NameWay, name_ways
from indexes.schema import FieldSpec, FieldType
from indexes.words import text_words


@dataclass
class Translation:
    """A request as one Tantivy query; the words it searched for per TEXT field (for highlights); and the score
    every match gets when it does not depend on the document (then hits page by id alone), else None."""

    query: tantivy.Query
    highlight_words: dict[str, set[str]]
    constant_score: float | None


def translate(schema: KindSchema, request: SearchRequest) -> Translation:
    """``must`` clauses score and must match, ``filters`` must match and score nothing, ``boosts`` add their
    score to the matches they match (optional beside the required clauses, they select nothing)."""
    translator = _Translator(schema)
    scoring = [(tantivy.Occur.Must, translator.query(clause)) for clause in request.must]
    filtering = [
        (tantivy.Occur.Must, tantivy.Query.const_score_query(translator.query(clause), 0.0))
        for clause in request.filters
    ]
    query = tantivy.Query.boolean_query(scoring + filtering) if scoring or filtering else tantivy.Query.all_query()
    if request.boosts:
        boosting = [(tantivy.Occur.Should, _boost(translator, boost)) for boost in request.boosts]
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *boosting])
    constants = [_constant_score(clause) for clause in request.must]
    constant = sum(constants) if None not in constants and not request.boosts else None  # type: ignore[arg-type]
    return Translation(query, translator.highlight_words, constant)


class _Translator(ClauseTranslator[tantivy.Query]):
    """Clause tree -> Tantivy query, for one kind's schema; collects the words to highlight per TEXT field."""

    def __init__(self, schema: KindSchema) -> None:
        super().__init__(schema.kind)
        self.schema = schema.tantivy
        self.highlight_words: dict[str, set[str]] = {}

    def name(self, clause: NameClause, fields: NameFields) -> tantivy.Query:
        required: list[tantivy.Query] = []
        optional: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in clause.terms:
            ways = [(tantivy.Occur.Should, self._name_way(way)) for way in name_ways(clause, term)]
            if term.key and not clause.relative:
                self.highlight_words.setdefault("names", set()).update(text_words(term.key))
            matched = tantivy.Query.boolean_query(ways)
            if clause.required(term):
                required.append(matched)
            else:
                optional.append((tantivy.Occur.Should, matched))
        # Tantivy has no minimum-should-match: "all but one" is the best of the conjunctions that leave one out.
        conjunctions = [required]
        if clause.required_matches() < len(required):
            conjunctions += [required[:index] + required[index + 1 :] for index in range(len(required))]
        alternatives = [
            tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in musts] + optional)
            for musts in conjunctions
        ]
        query = alternatives[0] if len(alternatives) == 1 else tantivy.Query.disjunction_max_query(alternatives)
        return _boosted(query, clause.boost)

    def _name_way(self, way: NameWay) -> tantivy.Query:
        if way.fuzzy:
            query = tantivy.Query.fuzzy_term_query(self.schema, way.field, way.value, distance=NAME_FUZZY_EDITS)
        else:
            query = tantivy.Query.term_query(self.schema, way.field, way.value)
        return tantivy.Query.boost_query(query, way.boost)

    def text(self, clause: TextClause) -> tantivy.Query:
        words = list(dict.fromkeys(text_words(clause.text)))
        if not words:
            return tantivy.Query.empty_query()
        for name in clause.fields:
            self.highlight_words.setdefault(name, set()).update(words)
        per_word = [
            (
                tantivy.Occur.Must,
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, name, word))
                        for name in clause.fields
                    ]
                ),
            )
            for word in words
        ]
        return _boosted(tantivy.Query.boolean_query(per_word), clause.boost)

    def terms(self, spec: FieldSpec, values: list[str] | list[int] | list[datetime], boost: float) -> tantivy.Query:
        return _boosted(tantivy.Query.term_set_query(self.schema, spec.name, list(values)), boost)

    def range(self, spec: FieldSpec, bounds: Bounds) -> tantivy.Query:
        field_type = tantivy.FieldType.Integer if spec.type is FieldType.INTEGER else tantivy.FieldType.Date
        return tantivy.Query.range_query(
            self.schema, spec.name, field_type, bounds.lower, bounds.upper, include_upper=bounds.include_upper
        )

    def exists(self, spec: FieldSpec) -> tantivy.Query:
        return tantivy.Query.exists_query(spec.name)

    def best_of(self, queries: list[tantivy.Query]) -> tantivy.Query:
        return tantivy.Query.disjunction_max_query(queries)

    def nothing(self) -> tantivy.Query:
        return tantivy.Query.empty_query()


def _boost(translator: _Translator, boost: Boost) -> tantivy.Query:
    """A Boost: its score, constant, for documents matching all its clauses."""
    matched = tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in translator.boost_queries(boost)])
    return tantivy.Query.const_score_query(matched, float(boost.score))


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, float(boost))


def _constant_score(clause: Clause) -> float | None:
    """The score every match of ``clause`` gets when it does not depend on the document, else None."""
    if isinstance(clause, TermsClause):
        return float(clause.boost)  # a term set scores 1 per match, like Elasticsearch's terms query
    if isinstance(clause, RangeClause):
        return 1.0
    if isinstance(clause, AnyOf):
        inner = {_constant_score(each) for each in clause.clauses}
        return inner.pop() if len(inner) == 1 else None
    return None
