"""Index names, index templates and document conversion for Elasticsearch, derived from indexes/schema.py.

Pure functions: nothing here talks to a server.

Names. Each document kind lives in one index per *generation*, ``<prefix>-<kind>-<generation>`` with the
generation as six or more digits (``cctns-person-000001``), reached through the alias ``<prefix>-<kind>``
(``cctns-person``), which every search and write of the live engine uses. A rebuild creates the next
generation beside the live one and moves the alias to it in one ``_aliases`` call. One index template per
kind, named like the alias, matches ``<prefix>-<kind>-*``, so every generation gets the same settings and
mappings, and an index created by hand under that name would too.

Mappings are explicit and strict (``dynamic: strict``: a field outside the schema is refused, not guessed):

- KEYWORD -> ``keyword`` (exact value). Doc values (column storage) only where something sorts or counts
  on it: ``id`` (the tie-break sort) and facet fields.
- TEXT -> ``text`` holding the value as written (returned as written, and highlighted, with offsets indexed
  for fast highlights), plus ``words.<field>``, a ``text`` field holding :func:`indexes.words.indexed_words`
  of each value: the words of the one word rule both engines share (runs of letters, combining marks and
  digits, lower-cased, folded to ASCII), made by the project before indexing and before querying, and the
  field every text clause searches. Both use the ``cctns_text`` analyser: the core ``standard`` tokenizer and
  ``lowercase`` filter, nothing else, so the mapping runs on every Elasticsearch (a full distribution, the
  integration-test one of core modules only, a managed service) and on OpenSearch; ``standard`` splits a line
  of such words at its spaces and nowhere else (tests/indexes/test_elasticsearch_words.py checks it on a
  server). ``words`` is left out of ``_source``: it is derived, never returned.
- INTEGER -> ``long``. DATE -> ``date`` with ``strict_date_optional_time`` (``2019-03-04`` or
  ``2019-03-04T10:30:00+05:30``); dates are midnight UTC.
- STORED -> ``keyword`` with ``index: false`` and ``doc_values: false``: the JSON string is kept only in
  ``_source`` and returned exactly as written. (``object`` with ``enabled: false`` would need a JSON object,
  not the JSON *string* the schema declares, and would hand back a re-serialised dict.)

Documents are checked and normalised before they are sent (:func:`to_source`), so a bad document fails
with a ``ValueError`` naming it and its field before anything of the batch is written, and a hit's document
(:func:`from_source`) has the same shape as the embedded engine's: one value for single-valued fields,
lists for the rest, dates as ISO strings, empty fields left out.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from indexes.engine import Document
from indexes.field_values import date_text, integer_value, keyword_value
from indexes.schema import FIELDS, SINGLE_VALUED, SPECS, DocumentKind, FieldSpec, FieldType
from indexes.words import indexed_words

TEXT_ANALYZER = "cctns_text"
WORDS = "words"  # the object holding each TEXT field's words: ``words.facts``
DATE_FORMAT = "strict_date_optional_time"
TEMPLATE_PRIORITY = 500  # above the built-in templates (100) and generic catch-alls a cluster may have

# KEYWORD fields that are sorted on besides the facet fields.
SORTED_KEYWORDS = frozenset({"id"})
# KEYWORD fields that name clauses score on: with norms, as Tantivy keeps for them, so a match among few values
# scores above one among many in both engines (bench_name_recall ranks alike).
SCORED_KEYWORDS = frozenset(
    {"name_keys", "name_whole", "name_phonetic", "name_loose", "relative_keys", "relative_phonetic", "relative_loose"}
)

GENERATION_DIGITS = 6
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")


# --- names -----------------------------------------------------------------------------------------------


def check_prefix(prefix: str) -> str:
    """The prefix itself when it can start Elasticsearch index names, else a ValueError saying why."""
    if not _PREFIX.match(prefix) or prefix.endswith("-"):
        raise ValueError(
            f"Elasticsearch index prefix {prefix!r} is not usable: use lower-case letters, digits, '.', '_' "
            "and '-', starting with a letter or digit and not ending with '-' (e.g. 'cctns')."
        )
    return prefix


def alias_name(prefix: str, kind: DocumentKind) -> str:
    """The alias searches and writes go through: ``cctns-person``."""
    return f"{prefix}-{DocumentKind(kind).value}"


def template_name(prefix: str, kind: DocumentKind) -> str:
    return alias_name(prefix, kind)


def index_pattern(prefix: str, kind: DocumentKind) -> str:
    return f"{alias_name(prefix, kind)}-*"


def index_name(prefix: str, kind: DocumentKind, generation: int) -> str:
    """One generation's index: ``cctns-person-000001``."""
    if generation < 1:
        raise ValueError(f"index generations start at 1, got {generation}")
    return f"{alias_name(prefix, kind)}-{generation:0{GENERATION_DIGITS}d}"


def generation_of(prefix: str, kind: DocumentKind, name: str) -> int | None:
    """The generation number of an index of this prefix and kind, or None for any other name."""
    head = f"{alias_name(prefix, kind)}-"
    if not name.startswith(head):
        return None
    rest = name[len(head) :]
    if len(rest) < GENERATION_DIGITS or not rest.isascii() or not rest.isdigit():
        return None
    return int(rest)


# --- mappings and settings -------------------------------------------------------------------------------


def field_mapping(spec: FieldSpec) -> dict[str, Any]:
    """The Elasticsearch mapping of one schema field."""
    if spec.type is FieldType.KEYWORD:
        mapping: dict[str, Any] = {"type": "keyword"}
        if not (spec.facet or spec.name in SORTED_KEYWORDS):
            mapping["doc_values"] = False
        if spec.name in SCORED_KEYWORDS:
            mapping["norms"] = True
        return mapping
    if spec.type is FieldType.TEXT:
        return {"type": "text", "analyzer": TEXT_ANALYZER, "index_options": "offsets"}
    if spec.type is FieldType.INTEGER:
        return {"type": "long"}
    if spec.type is FieldType.DATE:
        return {"type": "date", "format": DATE_FORMAT}
    if spec.type is FieldType.STORED:
        return {"type": "keyword", "index": False, "doc_values": False}
    raise AssertionError(f"no Elasticsearch mapping for {spec.type}")  # pragma: no cover - a new FieldType


def schema_fingerprint(kind: DocumentKind) -> str:
    """A short hash of the kind's fields, recorded in the mapping's ``_meta`` to tell which schema built it."""
    fields = [[spec.name, spec.type.value, spec.facet] for spec in FIELDS[DocumentKind(kind)]]
    return hashlib.blake2b(json.dumps(fields).encode(), digest_size=8).hexdigest()


def words_field(name: str) -> str:
    """The field a text clause on the TEXT field ``name`` searches: ``words.facts``."""
    return f"{WORDS}.{name}"


def mappings(kind: DocumentKind) -> dict[str, Any]:
    kind = DocumentKind(kind)
    properties = {spec.name: field_mapping(spec) for spec in FIELDS[kind]}
    if WORDS in properties:  # pragma: no cover - a schema change would have to rename one of them
        raise AssertionError(f"the schema field {WORDS!r} clashes with the words of TEXT fields")
    words = {
        spec.name: {"type": "text", "analyzer": TEXT_ANALYZER} for spec in FIELDS[kind] if spec.type is FieldType.TEXT
    }
    if words:
        properties[WORDS] = {"properties": words}
    return {
        "dynamic": "strict",
        "_meta": {"cctns_kind": kind.value, "cctns_fields": schema_fingerprint(kind)},
        "_source": {"excludes": [f"{WORDS}.*"]},
        "properties": properties,
    }


def analysis() -> dict[str, Any]:
    """Core analysis only (see the module docstring): the words are made before they reach the server."""
    return {"analyzer": {TEXT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}}


def index_settings(*, shards: int = 1, replicas: str = "0-1", refresh_interval: str = "1s") -> dict[str, Any]:
    """Index settings. One shard by default: a few million small documents fit one shard well, and a single
    shard scores and counts facets exactly. ``replicas`` is an ``auto_expand_replicas`` range ("0-1": none on
    a one-node cluster, one as soon as there is a second node) or a fixed number given as digits."""
    if shards < 1:
        raise ValueError(f"an index needs at least one shard, got {shards}")
    settings: dict[str, Any] = {"number_of_shards": shards, "refresh_interval": refresh_interval}
    if replicas.isdigit():
        settings["number_of_replicas"] = int(replicas)
        settings["auto_expand_replicas"] = False
    elif re.fullmatch(r"\d+-(\d+|all)", replicas):
        settings["auto_expand_replicas"] = replicas
    else:
        raise ValueError(f"replicas must be a number or a range like '0-1' or '0-all', got {replicas!r}")
    return {"index": settings, "analysis": analysis()}


def index_template(
    prefix: str, kind: DocumentKind, *, shards: int = 1, replicas: str = "0-1", refresh_interval: str = "1s"
) -> dict[str, Any]:
    """The body of ``PUT _index_template/<prefix>-<kind>`` (keyword arguments of ``indices.put_index_template``
    besides ``name``)."""
    kind = DocumentKind(kind)
    return {
        "index_patterns": [index_pattern(check_prefix(prefix), kind)],
        "priority": TEMPLATE_PRIORITY,
        "template": {
            "settings": index_settings(shards=shards, replicas=replicas, refresh_interval=refresh_interval),
            "mappings": mappings(kind),
        },
        "_meta": {"managed_by": "cctns", "description": f"CCTNS {kind.value} search documents"},
    }


# --- documents -------------------------------------------------------------------------------------------


def _value(spec: FieldSpec, value: object) -> object:
    if spec.type is FieldType.KEYWORD:
        return keyword_value(value, spec.name)
    if spec.type is FieldType.INTEGER:
        return integer_value(value, spec.name)
    if spec.type is FieldType.DATE:
        return date_text(value, spec.name)
    if isinstance(value, str):
        return value
    if spec.type is FieldType.STORED:
        raise ValueError(f"field {spec.name!r} is stored JSON text; pass json.dumps(...) of {value!r}")
    raise ValueError(f"field {spec.name!r} holds text, got {value!r}")


def to_source(kind: DocumentKind, document: Document) -> tuple[str, dict[str, object]]:
    """The document's id and the ``_source`` to index: every field checked against the kind's schema,
    values converted (dates to ISO text), empty fields left out, single-valued fields as one value, and the
    words of each TEXT value under ``words`` (see the module docstring).

    Raises ValueError naming the document and the field for anything the mapping would refuse."""
    kind = DocumentKind(kind)
    specs = SPECS[kind]
    document_id = document.get("id")
    if not isinstance(document_id, str) or not document_id:
        raise ValueError(f"every {kind.value} document needs a string 'id'; got {document_id!r}")
    if len(document_id.encode()) > 512:
        raise ValueError(f"document id {document_id[:40]!r}... is longer than Elasticsearch's 512 bytes")
    source: dict[str, object] = {}
    words: dict[str, object] = {}
    for name, raw in document.items():
        spec = specs.get(name)
        if spec is None:
            raise ValueError(
                f"document {document_id}: {kind.value} documents have no field {name!r}; "
                "the fields are declared in indexes/schema.py"
            )
        values = list(raw) if isinstance(raw, list | tuple) else [raw]
        try:
            converted = [_value(spec, value) for value in values if value is not None]
        except ValueError as error:
            raise ValueError(f"document {document_id}: {error}") from None
        if not converted:
            continue
        if name in SINGLE_VALUED and len(converted) > 1:
            raise ValueError(f"document {document_id}: field {name!r} holds one value, got {len(converted)}")
        source[name] = converted[0] if name in SINGLE_VALUED else converted
        if spec.type is FieldType.TEXT:
            line = [indexed_words(str(value)) for value in converted]
            words[name] = line[0] if name in SINGLE_VALUED else line
    if words:
        source[WORDS] = words
    return document_id, source


def from_source(kind: DocumentKind, source: dict[str, Any]) -> Document:
    """A hit's ``_source`` as a document of the engine interface (see the module docstring)."""
    specs = SPECS[DocumentKind(kind)]
    document: Document = {}
    for name, spec in specs.items():
        raw = source.get(name)
        values = [value for value in (raw if isinstance(raw, list) else [raw]) if value is not None]
        if not values:
            continue
        if spec.type is FieldType.INTEGER:
            values = [int(value) for value in values]
        document[name] = values[0] if name in SINGLE_VALUED else values
    return document
