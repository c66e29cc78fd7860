"""The embedded search engine: Tantivy indexes on disk in the data directory.

Layout under the engine's directory (the product passes ``<data_dir>/search``)::

    CURRENT              the live generation's name, e.g. "gen-000001", replaced atomically on a switch
    LOCK                 held (flock) while creating generations and switching
    gen-000001/fir/      one Tantivy index per document kind
    gen-000001/person/

Several processes may use one directory: the API server searches while a worker writes. Tantivy allows one
writer per index, so an engine takes the writer at its first write after a commit and gives it back at
:meth:`TantivyEngine.commit`; a writer held by another process is waited for with back-off, then reported.
Searches reload the reader first (cheap when nothing changed), so they see other processes' commits, and
check ``CURRENT``, so they follow a rebuild switched by another process.

Fields come from :mod:`indexes.schema`: KEYWORD is raw (untokenised) text, fast when facetable; TEXT is
split into words by the rule of indexes/words.py (letters, combining marks and digits, so Devanagari words
keep their vowel signs and viramas; lower-cased and folded to ASCII), with positions for highlights; INTEGER is i64 and
DATE a date, both fast for ranges; STORED is stored bytes, never indexed. One internal field is added:
``_idkey``, an unsigned fast field that never orders two ids differently from their strings (and is unique
for the product's ``<kind>-<number>`` ids). Tantivy orders hits by score or by one fast field, not both, so
ties of score are put in id order in Python using it (fetching the group of equal scores at the end of a
page, up to TIE_WINDOW hits: beyond that, equal scores keep Tantivy's own order, which is fixed for one
state of the index, where Elasticsearch would still order them by id); searches whose matches all score
alike, and :meth:`TantivyEngine.iter_checksums`, page by it in Tantivy directly.

An upsert deletes its batch's ids with one term-set delete, then adds the documents: Tantivy applies a
delete to what was added before it, so replacing works within a batch, across batches and across commits.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from indexes.engine import (
    NAME_FINE_BOOST,
    NAME_FIRST_LETTER_BOOST,
    NAME_FUZZY_BOOST,
    NAME_FUZZY_EDITS,
    NAME_INITIAL_BOOST,
    NAME_KEY_BOOST,
    NAME_LOOSE_BOOST,
    NAME_PHONETIC_BOOST,
    NAME_VARIANT_BOOST,
    AnyOf,
    Boost,
    Clause,
    Document,
    Hit,
    NameClause,
    RangeClause,
    SearchEngine,
    SearchRequest,
    SearchResponse,
    TermsClause,
    TextClause,
)
from indexes.field_values import date_text, integer_value, keyword_value, to_utc_datetime
from indexes.schema import FIELDS, SINGLE_VALUED, DocumentKind, FieldSpec, FieldType, checked_facet, checked_field
from indexes.words import text_analyzer, text_words
from people.names.indexed import NAME_FINE_MARK, NAME_FIRST_LETTER_MARK
from records.errors import ConfigurationError

TEXT_TOKENIZER = "cctns_text"
ID_KEY = "_idkey"
CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
GENERATION_PATTERN = re.compile(r"^gen-(\d{6,})$")

logger = logging.getLogger(__name__)


_MATCHES = "_matches"  # the aggregation that counts the documents the facets were counted over
FACET_BUCKETS = 10_000  # distinct values counted per facet field; facet fields have far fewer
CHECKSUM_PAGE = 5_000
SCORE_DIGITS = 6  # significant digits of scores (see _quantise)
TIE_WINDOW = 10_000  # a tie at the page's end is completed (and put in id order) within this many hits
FIRST_WINDOW = 1_000  # hits fetched first; more only when the page ends in a tie that fills them
WINDOW_GROWTH = 8  # each further fetch is this many times larger, up to TIE_WINDOW
# Up to this many matches, facets are counted over the matches found again by id key (about 1 ms), not by running
# the query again; past a few hundred keys that lookup costs more than most queries.
FACETS_OVER_FOUND = 256


class SearchIndexError(ConfigurationError):
    """The embedded index cannot do what was asked; the message says why and what to do. A
    ConfigurationError, so the command line and the server report it in one sentence, not a traceback."""


# --- the id sort key --------------------------------------------------------------------------------------

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


class _KindSchema:
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


SCHEMAS: dict[DocumentKind, _KindSchema] = {kind: _KindSchema(kind) for kind in DocumentKind}


# --- values in and out -----------------------------------------------------------------------------------


def to_tantivy_document(schema: _KindSchema, document: Document) -> tuple[str, tantivy.Document]:
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


def _convert_quickly(schema: _KindSchema, document: Document, document_id: str) -> tantivy.Document | None:
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


def _convert(schema: _KindSchema, document: Document, document_id: str) -> tantivy.Document:
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
        kind = spec.type
        if kind is FieldType.KEYWORD:
            for item in values:
                if type(item) is str:
                    converted.add_text(name, item)
                elif item is not None:
                    converted.add_text(name, keyword_value(item, name))
        elif kind is FieldType.INTEGER:
            for item in values:
                if type(item) is int:
                    converted.add_integer(name, item)
                elif item is not None:
                    converted.add_integer(name, integer_value(item, name))
        elif kind is FieldType.TEXT:
            for item in values:
                if type(item) is str:
                    converted.add_text(name, item)
                elif item is not None:
                    raise ValueError(f"field {name!r} holds text, got {item!r}")
        elif kind is FieldType.DATE:
            for item in values:
                if item is not None:
                    converted.add_date(name, to_utc_datetime(item, name))
        else:
            for item in values:
                if type(item) is str:
                    converted.add_bytes(name, item.encode())
                elif item is not None:
                    raise ValueError(f"field {name!r} is stored JSON text; pass json.dumps(...) of {item!r}")
    converted.add_unsigned(ID_KEY, id_sort_key(document_id, schema.id_prefix))
    return converted


def from_tantivy_document(schema: _KindSchema, stored: dict[str, list[Any]]) -> Document:
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


# --- queries ---------------------------------------------------------------------------------------------


class _Translator:
    """Clause tree -> Tantivy query, for one kind's schema; collects the words to highlight per TEXT field."""

    def __init__(self, schema: _KindSchema) -> None:
        self.schema = schema
        self.highlight_words: dict[str, set[str]] = {}

    def query(self, clause: Clause) -> tantivy.Query:
        if isinstance(clause, NameClause):
            return self._name(clause)
        if isinstance(clause, TextClause):
            return self._text(clause)
        if isinstance(clause, TermsClause):
            return self._terms(clause)
        if isinstance(clause, RangeClause):
            return self._range(clause)
        if isinstance(clause, AnyOf):
            if not clause.clauses:
                return tantivy.Query.empty_query()
            return tantivy.Query.disjunction_max_query([self.query(inner) for inner in clause.clauses])
        raise ValueError(f"not a search clause: {clause!r}")

    def _name(self, clause: NameClause) -> tantivy.Query:
        if not clause.terms:
            raise ValueError("a NameClause needs at least one term")
        prefix = "relative" if clause.relative else "name"
        keys, phonetic, loose = f"{prefix}_keys", f"{prefix}_phonetic", f"{prefix}_loose"
        schema = self.schema.tantivy
        for name in (keys, phonetic, loose):
            self.schema.field(name, "a name clause", (FieldType.KEYWORD,))
        required: list[tantivy.Query] = []
        optional: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in clause.terms:
            ways: list[tuple[tantivy.Occur, tantivy.Query]] = []

            def way(query: tantivy.Query, boost: float) -> None:
                ways.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))  # noqa: B023

            if term.key:
                way(tantivy.Query.term_query(schema, keys, term.key), NAME_KEY_BOOST)
                if clause.fuzzy(term):
                    way(
                        tantivy.Query.fuzzy_term_query(schema, keys, term.key, distance=NAME_FUZZY_EDITS),
                        NAME_FUZZY_BOOST,
                    )
                if clause.by_recorded_initial(term):
                    for letter in clause.recorded_initials(term):
                        way(tantivy.Query.term_query(schema, keys, letter), NAME_INITIAL_BOOST)
                if not clause.relative:
                    self.highlight_words.setdefault("names", set()).update(text_words(term.key))
            if term.phonetic:
                way(tantivy.Query.term_query(schema, phonetic, term.phonetic), NAME_PHONETIC_BOOST)
            for variant in term.variants:
                way(tantivy.Query.term_query(schema, phonetic, variant), NAME_VARIANT_BOOST)
            if term.initial:
                way(
                    tantivy.Query.term_query(schema, phonetic, NAME_FIRST_LETTER_MARK + term.key),
                    NAME_FIRST_LETTER_BOOST,
                )
            for fine in term.fine_keys:
                way(tantivy.Query.term_query(schema, phonetic, NAME_FINE_MARK + fine), NAME_FINE_BOOST)
            if term.loose:
                way(tantivy.Query.term_query(schema, loose, term.loose), NAME_LOOSE_BOOST)
            if not ways:
                raise ValueError(f"name term {term!r} has neither a key nor a phonetic key")
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

    def _text(self, clause: TextClause) -> tantivy.Query:
        if not clause.fields:
            raise ValueError("a TextClause needs at least one field")
        for name in clause.fields:
            self.schema.field(name, "a text clause", (FieldType.TEXT,))
        words = list(dict.fromkeys(text_words(clause.text)))
        if not words:
            return tantivy.Query.empty_query()
        for name in clause.fields:
            self.highlight_words.setdefault(name, set()).update(words)
        schema = self.schema.tantivy
        per_word = [
            (
                tantivy.Occur.Must,
                tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, tantivy.Query.term_query(schema, name, word)) for name in clause.fields]
                ),
            )
            for word in words
        ]
        return _boosted(tantivy.Query.boolean_query(per_word), clause.boost)

    def _terms(self, clause: TermsClause) -> tantivy.Query:
        spec = self.schema.field(clause.field, "a terms clause", (FieldType.KEYWORD, FieldType.INTEGER, FieldType.DATE))
        if not clause.values:
            return tantivy.Query.empty_query()
        values: list[Any]
        if spec.type is FieldType.KEYWORD:
            values = [keyword_value(value, spec.name) for value in clause.values]
        elif spec.type is FieldType.INTEGER:
            values = [integer_value(value, spec.name) for value in clause.values]
        else:
            values = [to_utc_datetime(value, spec.name) for value in clause.values]
        query = tantivy.Query.term_set_query(self.schema.tantivy, spec.name, values)
        return _boosted(query, clause.boost)

    def _range(self, clause: RangeClause) -> tantivy.Query:
        spec = self.schema.field(clause.field, "a range clause", (FieldType.INTEGER, FieldType.DATE))
        if clause.gte is None and clause.lte is None:
            return tantivy.Query.exists_query(spec.name)
        include_upper = True
        lower: Any
        upper: Any
        gte, lte = clause.gte, clause.lte
        if isinstance(lte, str) and "T" not in lte and " " not in lte:
            lte = to_utc_datetime(lte, spec.name).date()  # a day given as text: the whole day, as for a date
        if spec.type is FieldType.INTEGER:
            lower = None if clause.gte is None else integer_value(clause.gte, spec.name)
            upper = None if clause.lte is None else integer_value(clause.lte, spec.name)
            field_type = tantivy.FieldType.Integer
        else:
            lower = None if gte is None else to_utc_datetime(gte, spec.name)
            upper = None
            if lte is not None:
                if isinstance(lte, date) and not isinstance(lte, datetime):
                    upper, include_upper = to_utc_datetime(lte + timedelta(days=1), spec.name), False
                else:
                    upper = to_utc_datetime(lte, spec.name)
            field_type = tantivy.FieldType.Date
        if lower is not None and upper is not None and lower > upper:
            return tantivy.Query.empty_query()
        return tantivy.Query.range_query(
            self.schema.tantivy, spec.name, field_type, lower, upper, include_upper=include_upper
        )


def _boost(translator: _Translator, boost: Boost) -> tantivy.Query:
    """A Boost: its score, constant, for documents matching all its clauses."""
    if not boost.clauses:
        raise ValueError("a Boost needs at least one clause")
    matched = tantivy.Query.boolean_query([(tantivy.Occur.Must, translator.query(clause)) for clause in boost.clauses])
    return tantivy.Query.const_score_query(matched, float(boost.score))


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else tantivy.Query.boost_query(query, float(boost))


# --- one kind's index ------------------------------------------------------------------------------------


class _KindIndex:
    def __init__(self, kind: DocumentKind, directory: Path, preload: bool = False) -> None:
        self.kind = kind
        self.wants_preload = preload
        self.schema = SCHEMAS[kind]
        self.directory = directory
        try:
            self.index = tantivy.Index(self.schema.tantivy, path=str(directory), reuse=True)
        except ValueError as error:
            if "schema does not match" in str(error):
                raise SearchIndexError(
                    f"The search index in {directory} was built for another version of the document fields; "
                    "run `cctns index rebuild` to build it again."
                ) from error
            raise SearchIndexError(f"Cannot open the search index in {directory}: {error}") from error
        self.index.register_tokenizer(TEXT_TOKENIZER, text_analyzer())
        self.index.config_reader(reload_policy="Manual")
        self.writer: tantivy.IndexWriter | None = None
        self.preloading: threading.Thread | None = None

    def start_preload(self) -> None:
        """Start reading this index's files into memory, once (see :func:`preload_files`)."""
        if self.preloading is None and self.wants_preload:
            self.preloading = threading.Thread(
                target=preload_files, args=(self.directory,), daemon=True, name=f"preload-{self.kind.value}"
            )
            self.preloading.start()

    def searcher(self) -> tantivy.Searcher:
        self.start_preload()
        for attempt in range(3):
            try:
                self.index.reload()
                break
            except ValueError:  # a writer in another process removed files between meta.json and opening them
                if attempt == 2:
                    raise
                time.sleep(0.05)
        return self.index.searcher()

    def release_writer(self, commit: bool) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        if commit:
            writer.commit()
        else:
            writer.rollback()
        writer.wait_merging_threads()


def preload_files(directory: Path, budget: int | None = None, chunk: int = 4 << 20) -> int:
    """Read an index's files once so the operating system keeps them in memory, as Elasticsearch's
    ``index.store.preload`` does: otherwise the first searches after a start or a switch read their pages from
    disk, tens of milliseconds each on millions of documents. Skipped when the files are larger than ``budget``
    bytes (default: half the memory available); returns the bytes read."""
    sizes: dict[Path, int] = {}
    with contextlib.suppress(OSError):  # a switch may remove the directory, a merge its files
        for path in directory.iterdir():
            if path.is_file():
                sizes[path] = path.stat().st_size
    total = sum(sizes.values())
    if budget is None:
        available = _memory_available()
        budget = available // 2 if available is not None else total
    if total > budget:
        logger.info("not preloading %s: %d MB of index, more than %d MB", directory, total >> 20, budget >> 20)
        return 0
    buffer, done = bytearray(chunk), 0
    for path in sizes:
        try:
            with open(path, "rb", buffering=0) as handle:
                while read := handle.readinto(buffer):
                    done += read
        except OSError:  # a merge removed it: its successor was just written, so it is in memory
            continue
    return done


def _memory_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


# --- the engine ------------------------------------------------------------------------------------------


class TantivyEngine:
    """The embedded engine (see the module docstring). ``path`` is a directory it may create."""

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
        self.preload = preload  # read the index into memory at the first search (see preload_files)
        self.heap_size = heap_size
        self.threads = threads or max(1, min(4, os.cpu_count() or 1))
        self.lock_timeout = lock_timeout
        self._pinned = _generation  # a rebuild engine writes into this generation and never follows CURRENT
        self._generation: str | None = None
        self._current: tuple[tuple[int, int, int], str] | None = None  # CURRENT's (inode, mtime, size), name
        self._indexes: dict[DocumentKind, _KindIndex] = {}
        self._lock = threading.RLock()
        self._closed = False
        # Seconds spent in each phase of search(), added up while not None (benchmarks set it to a dict).
        self.phase_seconds: dict[str, float] | None = None

    def __repr__(self) -> str:
        return f"TantivyEngine({str(self.path)!r}, generation={self._pinned or self._generation!r})"

    # -- directory and generations --

    @contextlib.contextmanager
    def _directory_lock(self) -> Iterator[None]:
        with open(self.path / LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _make_directory(self) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            probe = self.path / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise SearchIndexError(
                f"Cannot write the search index in {self.path} ({error.strerror or error}); point CCTNS_DATA_DIR "
                "at a writable directory or give this user write permission there."
            ) from error

    def _generations(self) -> list[str]:
        return sorted(
            (entry.name for entry in self.path.iterdir() if entry.is_dir() and GENERATION_PATTERN.match(entry.name)),
            key=lambda name: int(name[4:]),
        )

    def _create_generation(self, name: str) -> None:
        for kind in DocumentKind:
            directory = self.path / name / kind.value
            directory.mkdir(parents=True, exist_ok=True)
            _KindIndex(kind, directory)  # creates meta.json if missing

    def _write_current(self, name: str) -> None:
        temporary = self.path / f"{CURRENT_FILE}.{os.getpid()}.tmp"
        with open(temporary, "w") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path / CURRENT_FILE)
        directory = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _read_current(self) -> str | None:
        """The live generation, re-read only when the CURRENT file was replaced."""
        try:
            stat = os.stat(self.path / CURRENT_FILE)
        except FileNotFoundError:
            return None
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._current is None or self._current[0] != signature:
            name = (self.path / CURRENT_FILE).read_text().strip()
            if not GENERATION_PATTERN.match(name):
                raise SearchIndexError(
                    f"{self.path / CURRENT_FILE} names {name!r}, not a generation; run `cctns index rebuild`."
                )
            self._current = (signature, name)
        return self._current[1]

    def ensure_ready(self) -> None:
        with self._lock:
            self._check_open()
            self._make_directory()
            with self._directory_lock():
                if self._pinned is not None:
                    self._create_generation(self._pinned)
                elif self._read_current() is None:
                    existing = self._generations()
                    name = existing[-1] if existing else "gen-000001"
                    self._create_generation(name)
                    self._write_current(name)
            self._follow()

    def _follow(self) -> dict[DocumentKind, _KindIndex]:
        """Open the live generation's indexes, switching when another engine moved CURRENT."""
        self._check_open()
        if self._pinned is not None:
            generation = self._pinned
            if not (self.path / generation).is_dir():
                raise SearchIndexError(f"The rebuild generation {self.path / generation} is gone.")
        else:
            found = self._read_current()
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
                kind: _KindIndex(kind, self.path / generation / kind.value, self.preload) for kind in DocumentKind
            }
            self._generation = generation
        return self._indexes

    def _index(self, kind: DocumentKind) -> _KindIndex:
        with self._lock:
            return self._follow()[DocumentKind(kind)]

    def _check_open(self) -> None:
        if self._closed:
            raise SearchIndexError(f"{self!r} is closed; open a new engine.")

    # -- writing --

    def _writer(self, index: _KindIndex) -> tantivy.IndexWriter:
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
            if self._pinned is None and written is not None and self._read_current() != written:
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
        searcher = index.searcher()
        schema = index.schema.tantivy
        lower: int | None = None
        while True:
            query = (
                tantivy.Query.all_query()
                if lower is None
                else tantivy.Query.range_query(
                    schema, ID_KEY, tantivy.FieldType.Unsigned, lower, None, include_lower=False
                )
            )
            page = searcher.search(
                query, CHECKSUM_PAGE, count=False, order_by_field=ID_KEY, order=tantivy.Order.Asc
            ).hits
            full = len(page) == CHECKSUM_PAGE
            if full:
                # The last key's documents may go on past this page: take that key whole instead.
                last = page[-1][0]
                page = [hit for hit in page if hit[0] != last]
                same = tantivy.Query.range_query(schema, ID_KEY, tantivy.FieldType.Unsigned, last, last)
                found = searcher.search(same, 1, count=True).count
                page += searcher.search(same, max(found, 1), count=False).hits
                lower = last
            for _, address in page:
                stored = searcher.doc(address)
                yield str(stored.get_first("id")), str(stored.get_first("checksum") or "")
            if not full:
                return

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
        translator = _Translator(schema)
        scoring = [(tantivy.Occur.Must, translator.query(clause)) for clause in request.must]
        filtering = [
            (tantivy.Occur.Must, tantivy.Query.const_score_query(translator.query(clause), 0.0))
            for clause in request.filters
        ]
        query = tantivy.Query.boolean_query(scoring + filtering) if scoring or filtering else tantivy.Query.all_query()
        if request.boosts:  # optional beside the required clauses: they add to a match's score, select nothing
            boosting = [(tantivy.Occur.Should, _boost(translator, boost)) for boost in request.boosts]
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), *boosting])

        index = self._index(kind)
        searcher = index.searcher()
        clock.lap("query")
        constants = [_constant_score(clause) for clause in request.must]
        constant = sum(constants) if None not in constants and not request.boosts else None  # type: ignore[arg-type]
        if request.limit == 0 and not request.facets:
            total, page, every = int(searcher.search(query, 1, count=True).count), [], None
        else:  # the page and the count in one pass over the matches
            total, page, every = _ordered_page(searcher, query, constant, request.offset, request.limit)
        clock.lap("page")
        facets: dict[str, dict[str, int]] = {}
        if request.facets and total:
            facets = _facet_counts(searcher, schema, query, every, request.facets, request.facet_size)
        clock.lap("facets")

        generators = {}
        for name in request.highlight:
            words = translator.highlight_words.get(name)
            if words:
                words_query = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema.tantivy, name, word))
                        for word in sorted(words)
                    ]
                )
                generators[name] = tantivy.SnippetGenerator.create(searcher, words_query, schema.tantivy, name)

        hits = []
        for score, address in page:
            stored = searcher.doc(address).to_dict()
            document = from_tantivy_document(schema, stored)
            highlights: dict[str, list[str]] = {}
            for name, generator in generators.items():
                snippets = []
                for value in stored.get(name, []):
                    single = tantivy.Document()
                    single.add_text(name, value)
                    snippet = generator.snippet_from_doc(single)
                    if snippet.highlighted():
                        snippets.append(snippet.to_html())
                if snippets:
                    highlights[name] = snippets
            hits.append(Hit(id=str(document["id"]), score=score, document=document, highlights=highlights))

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
            with self._directory_lock():
                existing = self._generations()
                number = int(existing[-1][4:]) + 1 if existing else 1
                name = f"gen-{number:06d}"
                self._create_generation(name)
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
            with self._directory_lock():
                self._write_current(new)
                self._follow()
                # The old generation, and any abandoned older rebuild; other processes' open files stay
                # readable (POSIX) until their next search follows CURRENT.
                for name in self._generations():
                    if int(name[4:]) < int(new[4:]):
                        shutil.rmtree(self.path / name, ignore_errors=True)

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


def _quantise(scores: np.ndarray) -> np.ndarray:
    """Scores rounded to SCORE_DIGITS significant digits: sums of the same parts in another order (Tantivy's
    pruning visits scorers in varying order) differ in their last bits and must still tie."""
    magnitude = np.floor(np.log10(np.maximum(np.abs(scores), 1e-30)))
    scale = 10.0 ** (SCORE_DIGITS - 1 - magnitude)
    return np.round(scores * scale) / scale


def _ordered_page(
    searcher: tantivy.Searcher, query: tantivy.Query, constant: float | None, offset: int, limit: int
) -> tuple[int, list[tuple[float, tantivy.DocAddress]], list[tantivy.DocAddress] | None]:
    """The total, the hits at [offset, offset+limit) by score descending then id ascending, and every match
    when the hits fetched were all of them (else None), from one pass over the matches.

    With ``constant`` (every match scores the same) Tantivy pages by the id key itself. Otherwise it orders by
    score only: this fetches until the group of equal scores at the end of the page is complete, then orders
    the groups that touch the page by id key (and by the stored id where keys collide).
    """
    need = offset + limit
    by_id = constant is not None
    total = 0

    def fetch(count: int, counting: bool) -> tuple[list[tuple[Any, tantivy.DocAddress]], np.ndarray]:
        nonlocal total
        if by_id:
            result = searcher.search(query, count, count=counting, order_by_field=ID_KEY, order=tantivy.Order.Asc)
            hits = result.hits
            primary = np.array([key or 0 for key, _ in hits], dtype=np.uint64)
        else:
            result = searcher.search(query, count, count=counting)
            hits = result.hits
            primary = -_quantise(np.array([score for score, _ in hits], dtype=np.float64))
        if counting:
            total = int(result.count)
        return hits, primary

    # A thousand hits first: when the score changes before they end, the group of equal scores at the page's end
    # is complete (every hit left out scores lower). Otherwise more are fetched, up to TIE_WINDOW hits, as every
    # page of the query then does, so pages stay consistent; past it (thousands of people with one name and
    # score) equal scores keep Tantivy's order.
    widest = max(TIE_WINDOW, need + 1)
    window = min(widest, max(FIRST_WINDOW, need + 1))
    hits, primary = fetch(window, counting=True)
    every = [address for _, address in hits] if len(hits) >= total else None
    if limit == 0 or offset >= len(hits):
        return total, [], every
    while len(hits) < total and len(hits) == window < widest and primary[-1] == primary[min(need, len(hits)) - 1]:
        window = min(widest, window * WINDOW_GROWTH)
        hits, primary = fetch(window, counting=False)
    low = int(np.searchsorted(primary, primary[offset], side="left"))
    high = int(np.searchsorted(primary, primary[min(need, len(hits)) - 1], side="right"))
    middle = hits[low:high]
    middle_primary = primary[low:high]
    if by_id:
        keys = middle_primary
    else:
        keys = np.array(
            [key or 0 for key in searcher.fast_field_values(ID_KEY, [address for _, address in middle])],
            dtype=np.uint64,
        )
    order = np.lexsort((keys, middle_primary))
    sorted_primary, sorted_keys = middle_primary[order], keys[order]
    collide = (sorted_primary[1:] == sorted_primary[:-1]) & (sorted_keys[1:] == sorted_keys[:-1])
    if collide.any():  # ids that share a key: compare the stored ids themselves (never for product ids)
        rows = [
            (middle_primary[i], int(keys[i]), str(searcher.doc(middle[i][1]).get_first("id")), int(i))
            for i in range(len(middle))
        ]
        rows.sort()
        order = np.array([row[3] for row in rows], dtype=np.int64)
    start = offset - low
    chosen = order[start : start + limit]
    if by_id:
        return total, [(float(constant), middle[i][1]) for i in chosen], every
    return total, [(-float(middle_primary[i]), middle[i][1]) for i in chosen], every


def _facet_counts(
    searcher: tantivy.Searcher,
    schema: _KindSchema,
    query: tantivy.Query,
    every: list[tantivy.DocAddress] | None,
    fields: Sequence[str],
    size: int,
) -> dict[str, dict[str, int]]:
    """The top ``size`` values of each field over all matches. When ``every`` match is at hand and they are
    few, the counting reads just them (found again by their id keys) instead of running the query a second
    time; a match count that differs (ids sharing a key) sends it to the query."""
    buckets = max(size, FACET_BUCKETS)
    request: dict[str, Any] = {
        name: {"terms": {"field": name, "size": buckets, "segment_size": buckets}} for name in fields
    }
    request[_MATCHES] = {"value_count": {"field": ID_KEY}}  # every document has exactly one id key
    result = None
    if every is not None and len(every) <= FACETS_OVER_FOUND:
        keys = searcher.fast_field_values(ID_KEY, every)
        if None not in keys:
            found = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema.tantivy, ID_KEY, key)) for key in keys]
            )
            result = searcher.aggregate(found, request)
            if int(result.get(_MATCHES, {}).get("value") or 0) != len(every):
                result = None
    if result is None:
        result = searcher.aggregate(query, request)
    facets: dict[str, dict[str, int]] = {}
    for name in fields:
        counts = []
        for bucket in result.get(name, {}).get("buckets", []):
            key = bucket["key"]
            if isinstance(key, float) and key.is_integer():
                key = int(key)
            counts.append((str(key), int(bucket["doc_count"])))
        counts.sort(key=lambda item: (-item[1], item[0]))
        facets[name] = dict(counts[:size])
    return facets
