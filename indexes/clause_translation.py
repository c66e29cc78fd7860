"""What both engines' query translators share: the walk over a clause tree, the checks of every clause against
the kind's fields (errors name the field), and what a clause's values and bounds mean.

Each engine subclasses :class:`ClauseTranslator` and says how its own queries are written: a name clause (in the
ways of indexes/name_ways.py), a text clause, a set of terms, a range, a field that has any value, the best of
several queries, and a query matching nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from indexes.engine import AnyOf, Boost, Clause, NameClause, RangeClause, TermsClause, TextClause
from indexes.field_values import integer_value, keyword_value, to_utc_datetime
from indexes.name_ways import NameFields
from indexes.schema import DocumentKind, FieldSpec, FieldType, checked_field

Query = TypeVar("Query")


@dataclass(frozen=True)
class Bounds:
    """A range clause's bounds as the field holds values: integers, or aware UTC datetimes for a DATE field."""

    lower: int | datetime | None
    upper: int | datetime | None
    include_upper: bool = True

    @property
    def empty(self) -> bool:
        """Whether no value can lie within them."""
        if self.lower is None or self.upper is None:
            return False
        return self.lower > self.upper or (self.lower == self.upper and not self.include_upper)  # type: ignore[operator]


def range_bounds(spec: FieldSpec, clause: RangeClause) -> Bounds:
    """The bounds of ``clause`` on ``spec``'s INTEGER or DATE field. A DATE upper bound given as a date (or as text
    without a time) means the whole day: up to the next midnight, which is left out."""
    if spec.type is FieldType.INTEGER:
        return Bounds(
            None if clause.gte is None else integer_value(clause.gte, spec.name),
            None if clause.lte is None else integer_value(clause.lte, spec.name),
        )
    lower = None if clause.gte is None else to_utc_datetime(clause.gte, spec.name)
    lte: object = clause.lte
    if isinstance(lte, str) and "T" not in lte and " " not in lte:
        lte = to_utc_datetime(lte, spec.name).date()  # a day given as text: the whole day, as for a date
    if lte is None:
        return Bounds(lower, None)
    if isinstance(lte, date) and not isinstance(lte, datetime):
        return Bounds(lower, to_utc_datetime(lte + timedelta(days=1), spec.name), include_upper=False)
    return Bounds(lower, to_utc_datetime(lte, spec.name))


def term_values(spec: FieldSpec, values: Sequence[object]) -> list[str] | list[int] | list[datetime]:
    """A terms clause's values as ``spec``'s field holds them: strings, integers, or aware UTC datetimes."""
    if spec.type is FieldType.KEYWORD:
        return [keyword_value(value, spec.name) for value in values]
    if spec.type is FieldType.INTEGER:
        return [integer_value(value, spec.name) for value in values]
    return [to_utc_datetime(value, spec.name) for value in values]


class ClauseTranslator(ABC, Generic[Query]):
    """Clause tree -> one engine's query for one kind: :meth:`query` checks each clause and asks for its query."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind

    def query(self, clause: Clause) -> Query:
        if isinstance(clause, NameClause):
            if not clause.terms:
                raise ValueError("a NameClause needs at least one term")
            fields = NameFields.of(clause)
            for name in (fields.keys, fields.phonetic, fields.loose):
                checked_field(self.kind, name, "a name clause", (FieldType.KEYWORD,))
            return self.name(clause, fields)
        if isinstance(clause, TextClause):
            if not clause.fields:
                raise ValueError("a TextClause needs at least one field")
            for name in clause.fields:
                checked_field(self.kind, name, "a text clause", (FieldType.TEXT,))
            return self.text(clause)
        if isinstance(clause, TermsClause):
            allowed = (FieldType.KEYWORD, FieldType.INTEGER, FieldType.DATE)
            spec = checked_field(self.kind, clause.field, "a terms clause", allowed)
            if not clause.values:
                return self.nothing()
            return self.terms(spec, term_values(spec, clause.values), clause.boost)
        if isinstance(clause, RangeClause):
            spec = checked_field(self.kind, clause.field, "a range clause", (FieldType.INTEGER, FieldType.DATE))
            if clause.gte is None and clause.lte is None:
                return self.exists(spec)
            bounds = range_bounds(spec, clause)
            return self.nothing() if bounds.empty else self.range(spec, bounds)
        if isinstance(clause, AnyOf):
            if not clause.clauses:
                return self.nothing()
            return self.best_of([self.query(inner) for inner in clause.clauses])
        raise ValueError(f"not a search clause: {clause!r}")

    def boost_queries(self, boost: Boost) -> list[Query]:
        """The queries of a Boost's clauses (it needs at least one)."""
        if not boost.clauses:
            raise ValueError("a Boost needs at least one clause")
        return [self.query(clause) for clause in boost.clauses]

    @abstractmethod
    def name(self, clause: NameClause, fields: NameFields) -> Query: ...

    @abstractmethod
    def text(self, clause: TextClause) -> Query: ...

    @abstractmethod
    def terms(self, spec: FieldSpec, values: list[str] | list[int] | list[datetime], boost: float) -> Query:
        """The field holds one of ``values`` (at least one, converted by :func:`term_values`); scores ``boost``."""

    @abstractmethod
    def range(self, spec: FieldSpec, bounds: Bounds) -> Query:
        """The field holds a value within ``bounds`` (never empty); scores 1."""

    @abstractmethod
    def exists(self, spec: FieldSpec) -> Query: ...

    @abstractmethod
    def best_of(self, queries: list[Query]) -> Query:
        """At least one matches; the best one scores."""

    @abstractmethod
    def nothing(self) -> Query: ...
