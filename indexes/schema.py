"""The fields of the two search documents, declared once; both engines derive their mappings from here.

A document is a flat ``dict[str, object]``: each key is a field below, each value a scalar or a list of
scalars (any field may hold several values). ``id`` is the deterministic document id (``fir-123``,
``person-45``); ``checksum`` is a hash of the document's content that ``cctns index verify`` compares.

Name fields hold forms computed in Python by :mod:`people.names` at indexing time; the same functions
make the query's forms, so both engines match names the same way without engine-side analysers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class DocumentKind(enum.StrEnum):
    FIR = "fir"
    PERSON = "person"


class FieldType(enum.StrEnum):
    KEYWORD = "keyword"  # exact value, filterable and facetable (ES keyword; Tantivy raw-tokenised text)
    TEXT = "text"  # free text, tokenised and lower-cased, searchable with highlights
    INTEGER = "integer"  # i64, filterable by range
    DATE = "date"  # ISO date or datetime, filterable by range
    STORED = "stored"  # returned with the hit, never searched (a JSON string)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    facet: bool = False  # facet counts may be asked for this field


# Fields that hold one value: returned as a scalar by both engines, and refused when given several values.
SINGLE_VALUED = frozenset({"id", "kind", "checksum", "summary", "fir_id", "person_id", "fir_number", "fir_year", "age"})


COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", FieldType.KEYWORD),
    FieldSpec("kind", FieldType.KEYWORD),
    FieldSpec("checksum", FieldType.KEYWORD),
    # Names as written and their Latin transliteration: shown and highlighted.
    FieldSpec("names", FieldType.TEXT),
    # Normalised Latin tokens of every name (abbreviations expanded): "mohammad", "islam".
    FieldSpec("name_keys", FieldType.KEYWORD),
    # Each name whole, as its keys joined by spaces ("mohammad islam" for Md Islam and मोहम्मद इस्लाम), and as written
    # ("~md islam", "~मोहम्मद इस्लाम"): a query equal to a name as recorded ranks above longer names containing it,
    # one typed exactly as recorded above the same name in the other script (indexes.searchbox).
    FieldSpec("name_whole", FieldType.KEYWORD),
    # Phonetic keys of those tokens: spelling variants share one key.
    FieldSpec("name_phonetic", FieldType.KEYWORD),
    # Looser keys: phonetic keys with voiced and voiceless consonants merged (k/g, t/d, p/b, c/j), for names
    # written from scripts that do not tell them apart (Tamil: Prabhakaran, PRABAHARAN).
    FieldSpec("name_loose", FieldType.KEYWORD),
    # The same three for fathers' and husbands' names.
    FieldSpec("relative_keys", FieldType.KEYWORD),
    FieldSpec("relative_phonetic", FieldType.KEYWORD),
    FieldSpec("relative_loose", FieldType.KEYWORD),
    FieldSpec("mobiles", FieldType.KEYWORD),  # 10 digits
    FieldSpec("district_ids", FieldType.INTEGER, facet=True),
    FieldSpec("station_ids", FieldType.INTEGER, facet=True),
    FieldSpec("crime_heads", FieldType.KEYWORD, facet=True),  # crime head codes
    FieldSpec("sections", FieldType.KEYWORD, facet=True),  # "IPC 302", "BNS 103"
    FieldSpec("statuses", FieldType.KEYWORD, facet=True),
    FieldSpec("roles", FieldType.KEYWORD, facet=True),  # complainant, victim, accused, suspect, witness
    FieldSpec("registered_on", FieldType.DATE),  # date(s) of the FIR(s)
    FieldSpec("summary", FieldType.STORED),  # JSON shown in results; never searched
)

FIR_FIELDS: tuple[FieldSpec, ...] = (
    *COMMON_FIELDS,
    FieldSpec("fir_id", FieldType.INTEGER),
    FieldSpec("fir_number", FieldType.KEYWORD),  # "123/2019"
    FieldSpec("fir_year", FieldType.INTEGER, facet=True),
    FieldSpec("station_keys", FieldType.KEYWORD),  # normalised station name tokens: "hajipur", "sadar"
    FieldSpec("vehicles", FieldType.KEYWORD),  # "BR01AB1234"
    FieldSpec("facts", FieldType.TEXT),
    FieldSpec("person_ids", FieldType.INTEGER),
)

PERSON_FIELDS: tuple[FieldSpec, ...] = (
    *COMMON_FIELDS,
    FieldSpec("person_id", FieldType.INTEGER),
    FieldSpec("age", FieldType.INTEGER),
    FieldSpec("addresses", FieldType.TEXT),
    FieldSpec("fir_ids", FieldType.INTEGER),
)

FIELDS: dict[DocumentKind, tuple[FieldSpec, ...]] = {DocumentKind.FIR: FIR_FIELDS, DocumentKind.PERSON: PERSON_FIELDS}


# Each kind's fields by name.
SPECS: dict[DocumentKind, dict[str, FieldSpec]] = {
    kind: {spec.name: spec for spec in specs} for kind, specs in FIELDS.items()
}


def checked_field(kind: DocumentKind, name: str, purpose: str, allowed: tuple[FieldType, ...]) -> FieldSpec:
    """The field a request names, or ValueError saying which fields would do (both engines' message)."""
    specs = SPECS[kind]
    found = specs.get(name)
    if found is None:
        raise ValueError(
            f"{kind.value} documents have no field {name!r} ({purpose}); use one of: {', '.join(sorted(specs))}."
        )
    if found.type not in allowed:
        fitting = sorted(spec.name for spec in specs.values() if spec.type in allowed)
        raise ValueError(
            f"field {name!r} of {kind.value} documents is {found.type.value}, but {purpose} needs a "
            f"{' or '.join(kind.value for kind in allowed)} field: one of {', '.join(fitting)}."
        )
    return found


def checked_facet(kind: DocumentKind, name: str) -> FieldSpec:
    """A field facet counts are asked for, or ValueError naming the fields that have them."""
    spec = checked_field(kind, name, "facet counts", (FieldType.KEYWORD, FieldType.INTEGER))
    if not spec.facet:
        facetable = sorted(spec.name for spec in SPECS[kind].values() if spec.facet)
        raise ValueError(
            f"field {name!r} of {kind.value} documents has no facet counts; ask for one of: {', '.join(facetable)}."
        )
    return spec


def document_id(kind: DocumentKind, key: int) -> str:
    return f"{kind.value}-{key}"
