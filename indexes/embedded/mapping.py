"""Each document kind's Tantivy schema (from indexes/schema.py), and documents converted to Tantivy and back.

KEYWORD is raw (untokenised) text, fast when facetable; TEXT is split into words by the rule of indexes/words.py
(letters, combining marks and digits, so Devanagari words keep their vowel signs and viramas; lower-cased and
folded to ASCII), with positions for highlights; INTEGER is i64 and DATE a date, both fast for ranges; STORED is
stored bytes, never indexed. One internal field is added: ``_idkey``, an unsigned fast field that never orders two
ids differently from their strings (and is unique for the product's ``<kind>-<number>`` ids), by which hits of
equal score are put in id order (see indexes/embedded/paging.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tantivy

from indexes.engine import Document
from indexes.field_values import date_text, integer_value, keyword_value, to_utc_datetime
from indexes.schema import FIELDS, SINGLE_VALUED, DocumentKind, FieldSpec, FieldType, checked_field

TEXT_TOKENIZER = "cctns_text"
ID_KEY = "_idkey"


_SYMBOLS = {str(digit): "23456789ab"[digit] for digit in range(10)}


def id_sort_key(document_id: str, prefix: str) -> int:
    """An unsigned 64-bit number that never orders two ids differently from their string order.

    Ids of the form ``<prefix><digits>`` (all ids the product writes, ``person-12345``) get distinct keys up
    to 16 digits; other ids may share a key with a neighbour, and ties of the key are then broken by the
    stored id. The top two bits say whether the id sorts before the prefix (0), starts with it (1) or sorts
    after it (2); the rest are the following characters in base 13 (end, below '0', '0'..'9', above '9')
    for class 1, and the first seven UTF-8 bytes otherwise.
    """
    if document_id.startswith(prefix):
        rest = document_id[len(prefix) : len(prefix) + 16]
        digits = "".join(_SYMBOLS.get(char) or ("1" if char < "0" else "c") for char in rest)
        return (1 << 62) | int(digits.ljust(16, "0"), 13)
    head = int.from_bytes(document_id.encode()[:7].ljust(7, b"\0"), "big")
    return ((0 if document_id < prefix else 2) << 62) | head


# --- schema ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    type: FieldType
    single: bool


class KindSchema:
    """One document kind's Tantivy schema and the field facts the engine checks requests against."""

    def __init__(self, kind: DocumentKind) -> None:
        self.kind = kind
        self.id_prefix = f"{kind.value}-"
        self.fields: dict[str, _Field] = {
            spec.name: _Field(spec.name, spec.type, spec.name in SINGLE_VALUED) for spec in FIELDS[kind]
        }
        builder = tantivy.SchemaBuilder()
        for spec in FIELDS[kind]:
            _add_field(builder, spec)
        builder.add_unsigned_field(ID_KEY, indexed=True, fast=True)
        self.tantivy = builder.build()
        self.single_names = tuple(name for name, field in self.fields.items() if field.single)
        self.date_names = tuple(name for name, field in self.fields.items() if field.type is FieldType.DATE)
        self.stored_names = tuple(name for name, field in self.fields.items() if field.type is FieldType.STORED)

    def field(self, name: str, purpose: str, allowed: tuple[FieldType, ...]) -> _Field:
        return self.fields[checked_field(self.kind, name, purpose, allowed).name]


def _add_field(builder: tantivy.SchemaBuilder, spec: FieldSpec) -> None:
    if spec.type is FieldType.KEYWORD:
        builder.add_text_field(spec.name, stored=True, fast=spec.facet, tokenizer_name="raw", index_option="basic")
    elif spec.type is FieldType.TEXT:
        builder.add_text_field(spec.name, stored=True, tokenizer_name=TEXT_TOKENIZER, index_option="position")
    elif spec.type is FieldType.INTEGER:
        builder.add_integer_field(spec.name, stored=True, indexed=True, fast=True)
    elif spec.type is FieldType.DATE:
        builder.add_date_field(spec.name, stored=True, indexed=True, fast=True)
    elif spec.type is FieldType.STORED:
        builder.add_bytes_field(spec.name, stored=True, indexed=False, fast=False)
    else:  # pragma: no cover - a new FieldType must be mapped here
        raise AssertionError(f"no Tantivy mapping for {spec.type}")


SCHEMAS: dict[DocumentKind, KindSchema] = {kind: KindSchema(kind) for kind in DocumentKind}


# --- values in and out -----------------------------------------------------------------------------------


def to_tantivy_document(schema: KindSchema, document: Document) -> tuple[str, tantivy.Document]:
    """Check one document against its kind's fields and convert it; errors name the document and field."""
    document_id = document.get("id")
    if not isinstance(document_id, str) or not document_id:
        raise ValueError(f"every {schema.kind.value} document needs a string 'id'; got {document_id!r}")
    quick = _convert_quickly(schema, document, document_id)
    if quick is not None:
        return document_id, quick
    try:
        return document_id, _convert(schema, document, document_id)
    except ValueError as error:
        raise ValueError(f"document {document_id}: {error}") from None


def _convert_quickly(schema: KindSchema, document: Document, document_id: str) -> tantivy.Document | None:
    """The usual well-formed document, converted by Tantivy in one call; None sends it the careful way."""
    if not document.keys() <= schema.fields.keys():
        return None
    prepared = dict(document)
    for name in schema.single_names:
        value = prepared.get(name)
        if type(value) is list and len(value) > 1:
            return None
    try:
        for name in schema.date_names:
            value = prepared.get(name)
            if value is not None:
                values = value if type(value) is list else [value]
                prepared[name] = [to_utc_datetime(item, name) for item in values]
        for name in schema.stored_names:
            value = prepared.get(name)
            if type(value) is str:
                prepared[name] = value.encode()
        prepared[ID_KEY] = id_sort_key(document_id, schema.id_prefix)
        return tantivy.Document.from_dict(prepared, schema.tantivy)
    except (ValueError, TypeError):
        return None


def _convert(schema: KindSchema, document: Document, document_id: str) -> tantivy.Document:
    converted = tantivy.Document()
    fields = schema.fields
    for name, value in document.items():
        spec = fields.get(name)
        if spec is None:
            raise ValueError(
                f"{schema.kind.value} documents have no field {name!r}; the fields are declared in indexes/schema.py"
            )
        if value is None:
            continue
        values = value if type(value) is list or type(value) is tuple else (value,)
        if spec.single and len(values) > 1:
            raise ValueError(f"field {name!r} holds one value, got {len(values)}")
        add = _ADD[spec.type]
        for item in values:
            if item is not None:
                add(converted, name, _value(spec.type, name, item))
    converted.add_unsigned(ID_KEY, id_sort_key(document_id, schema.id_prefix))
    return converted


_ADD = {
    FieldType.KEYWORD: tantivy.Document.add_text,
    FieldType.TEXT: tantivy.Document.add_text,
    FieldType.INTEGER: tantivy.Document.add_integer,
    FieldType.DATE: tantivy.Document.add_date,
    FieldType.STORED: tantivy.Document.add_bytes,
}


def _value(field_type: FieldType, name: str, item: object) -> Any:
    """One value as Tantivy takes it for a field of ``field_type``; errors name the field."""
    if field_type is FieldType.KEYWORD:
        return item if type(item) is str else keyword_value(item, name)
    if field_type is FieldType.INTEGER:
        return item if type(item) is int else integer_value(item, name)
    if field_type is FieldType.DATE:
        return to_utc_datetime(item, name)
    if type(item) is not str:
        if field_type is FieldType.TEXT:
            raise ValueError(f"field {name!r} holds text, got {item!r}")
        raise ValueError(f"field {name!r} is stored JSON text; pass json.dumps(...) of {item!r}")
    return item if field_type is FieldType.TEXT else item.encode()


def from_tantivy_document(schema: KindSchema, stored: dict[str, list[Any]]) -> Document:
    document: Document = {}
    for name, spec in schema.fields.items():
        values = stored.get(name)
        if not values:
            continue
        if spec.type is FieldType.DATE:
            values = [date_text(value, name) for value in values]
        elif spec.type is FieldType.STORED:
            values = [bytes(value).decode() for value in values]
        document[name] = values[0] if spec.single else list(values)
    return document
