"""The Elasticsearch engine without a server: its pure builders tested by their output (mappings, templates,
names, document conversion, search bodies, response parsing), and the requests the engine sends, recorded by
a small HTTP listener in this process that answers like Elasticsearch would for those few requests.

Whether Elasticsearch *behaves* as intended with these bodies (matching, scoring, highlights, aliases) is
what the shared contract suite checks when CCTNS_ELASTICSEARCH_URL names a server.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from indexes.elasticsearch import ElasticsearchEngine, ElasticsearchIndexError, ElasticsearchUnreachable
from indexes.elasticsearch import engine as engine_module
from indexes.elasticsearch.errors import bulk_failures, redacted
from indexes.elasticsearch.mapping import (
    alias_name,
    check_prefix,
    field_mapping,
    from_source,
    generation_of,
    index_name,
    index_settings,
    index_template,
    mappings,
    to_source,
)
from indexes.elasticsearch.paging import PAD
from indexes.elasticsearch.query import (
    MAX_RESULT_WINDOW,
    add_highlights,
    build_search_body,
    parse_search_response,
)
from indexes.engine import (
    AnyOf,
    Boost,
    Hit,
    NameClause,
    RangeClause,
    SearchRequest,
    TermsClause,
    TextClause,
)
from indexes.schema import FIELDS, SINGLE_VALUED, DocumentKind, FieldType
from people.names.terms import NameTerm
from tests.support import free_port

PERSON, FIR = DocumentKind.PERSON, DocumentKind.FIR


# --- names -----------------------------------------------------------------------------------------------


def test_index_alias_and_generation_names() -> None:
    assert alias_name("cctns", PERSON) == "cctns-person"
    assert index_name("cctns", PERSON, 1) == "cctns-person-000001"
    assert index_name("cctns", FIR, 1234567) == "cctns-fir-1234567"
    assert generation_of("cctns", PERSON, "cctns-person-000042") == 42
    assert generation_of("cctns", PERSON, "cctns-fir-000042") is None, "another kind"
    assert generation_of("cctns", PERSON, "cctns-person") is None, "the alias itself"
    assert generation_of("cctns", PERSON, "cctns-person-12") is None, "too few digits"
    assert generation_of("cctns", PERSON, "cctns-person-00000x") is None
    assert generation_of("cctns", PERSON, "cctns-test-abc-person-000001") is None, "another prefix"
    assert generation_of("cctns-test-abc", PERSON, "cctns-test-abc-person-000001") == 1
    with pytest.raises(ValueError):
        index_name("cctns", PERSON, 0)


@pytest.mark.parametrize("prefix", ["CCTNS", "-cctns", "_x", "a b", "cctns-", "a*", "", "x/y"])
def test_unusable_prefixes_are_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        check_prefix(prefix)
    with pytest.raises(ValueError, match="prefix"):
        ElasticsearchEngine("http://localhost:9200", prefix=prefix)


def test_usable_prefixes() -> None:
    for prefix in ("cctns", "cctns-test-0a1b2c3d4e", "bihar.police_2"):
        assert check_prefix(prefix) == prefix


# --- mappings, settings, templates -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_schema_field_is_mapped_by_its_type(kind: DocumentKind) -> None:
    properties = dict(mappings(kind)["properties"])
    # Besides the schema's fields, "words" holds the words of each TEXT field (made by indexes/words.py).
    words = properties.pop("words", {"properties": {}})["properties"]
    assert list(properties) == [spec.name for spec in FIELDS[kind]]
    assert list(words) == [spec.name for spec in FIELDS[kind] if spec.type is FieldType.TEXT]
    assert all(mapped == {"type": "text", "analyzer": "cctns_text"} for mapped in words.values())
    for spec in FIELDS[kind]:
        mapped = properties[spec.name]
        if spec.type is FieldType.KEYWORD:
            assert mapped["type"] == "keyword"
            sorted_or_counted = spec.facet or spec.name == "id"
            assert mapped.get("doc_values", True) is sorted_or_counted, spec.name
            assert mapped.get("index", True) is True
            # Name fields keep norms, as Tantivy does, so both engines rank names alike (bench_name_recall).
            assert mapped.get("norms", False) is (spec.name.startswith(("name_", "relative_"))), spec.name
        elif spec.type is FieldType.TEXT:
            assert mapped == {"type": "text", "analyzer": "cctns_text", "index_options": "offsets"}
        elif spec.type is FieldType.INTEGER:
            assert mapped == {"type": "long"}
        elif spec.type is FieldType.DATE:
            assert mapped == {"type": "date", "format": "strict_date_optional_time"}
        else:
            assert spec.type is FieldType.STORED
            assert mapped == {"type": "keyword", "index": False, "doc_values": False}


def test_field_types_map_as_documented() -> None:
    by_type = {spec.type: spec for spec in FIELDS[FIR]}
    assert field_mapping(by_type[FieldType.STORED])["index"] is False
    assert {field_mapping(spec)["type"] for spec in FIELDS[FIR]} == {"keyword", "text", "long", "date"}
    facet_keyword = next(spec for spec in FIELDS[FIR] if spec.facet and spec.type is FieldType.KEYWORD)
    assert "doc_values" not in field_mapping(facet_keyword), "facets need doc values"


def test_mapping_is_strict_and_records_the_schema() -> None:
    person, fir = mappings(PERSON), mappings(FIR)
    assert person["dynamic"] == fir["dynamic"] == "strict"
    assert person["_meta"]["cctns_kind"] == "person" and fir["_meta"]["cctns_kind"] == "fir"
    assert person["_meta"]["cctns_fields"] != fir["_meta"]["cctns_fields"]
    assert "facts" in fir["properties"] and "facts" not in person["properties"]


def test_text_analysis_uses_core_modules_only() -> None:
    # Issue 24: the pattern tokenizer and asciifolding (analysis-common) are not on every server; the words are
    # made by indexes/words.py before indexing and querying, and the server only splits them at spaces.
    analysis = index_settings()["analysis"]
    assert analysis == {
        "analyzer": {"cctns_text": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}
    }


def test_sources_carry_the_words_of_text_fields_and_searches_return_none_of_them() -> None:
    _, source = to_source(FIR, {"id": "fir-1", "facts": "José's MOTORCYCLE, कृष्ण!", "names": ["Ram Kumar"]})
    assert source["facts"] == ["José's MOTORCYCLE, कृष्ण!"], "the value as written is kept"
    assert source["words"] == {"facts": ["jose s motorcycle कृष्ण"], "names": ["ram kumar"]}
    assert mappings(FIR)["_source"] == {"excludes": ["words.*"]}
    assert "words" not in from_source(FIR, source)


def test_index_settings_shards_replicas_and_refresh() -> None:
    default = index_settings()["index"]
    assert default == {"number_of_shards": 1, "refresh_interval": "1s", "auto_expand_replicas": "0-1"}
    fixed = index_settings(shards=3, replicas="2", refresh_interval="30s")["index"]
    assert fixed == {
        "number_of_shards": 3,
        "refresh_interval": "30s",
        "number_of_replicas": 2,
        "auto_expand_replicas": False,
    }
    assert index_settings(replicas="0-all")["index"]["auto_expand_replicas"] == "0-all"
    with pytest.raises(ValueError, match="replicas"):
        index_settings(replicas="many")
    with pytest.raises(ValueError, match="shard"):
        index_settings(shards=0)


def test_index_template_targets_every_generation_of_its_kind() -> None:
    template = index_template("cctns", PERSON)
    assert template["index_patterns"] == ["cctns-person-*"]
    assert template["priority"] > 100, "above Elasticsearch's built-in templates"
    assert template["template"]["mappings"] == mappings(PERSON)
    assert template["template"]["settings"] == index_settings()
    assert index_template("x", FIR, refresh_interval="5s")["template"]["settings"]["index"]["refresh_interval"] == "5s"


# --- documents in and out --------------------------------------------------------------------------------


def _person_document() -> dict[str, Any]:
    return {
        "id": "person-7",
        "kind": "person",
        "checksum": "abc",
        "names": ["Ram Kumar", "राम कुमार"],
        "name_keys": ("ram", "kumar"),
        "relative_keys": [],
        "mobiles": None,
        "district_ids": [5],
        "station_ids": ["101", 102],
        "registered_on": [date(2019, 3, 4), "2020-01-02T10:30:00+05:30", "2021-05-06T00:00:00Z"],
        "summary": json.dumps({"person_id": 7}),
        "person_id": [7],
        "age": "30",
    }


def test_documents_are_normalised_before_they_are_sent() -> None:
    document_id, source = to_source(PERSON, _person_document())
    assert document_id == "person-7"
    assert source == {
        "id": "person-7",
        "kind": "person",
        "checksum": "abc",
        "names": ["Ram Kumar", "राम कुमार"],
        "words": {"names": ["ram kumar", "राम कुमार"]},  # the words text clauses search (indexes/words.py)
        "name_keys": ["ram", "kumar"],
        "district_ids": [5],
        "station_ids": [101, 102],
        "registered_on": ["2019-03-04", "2020-01-02T05:00:00+00:00", "2021-05-06"],
        "summary": '{"person_id": 7}',
        "person_id": 7,
        "age": 30,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shoe_size": 9}, "shoe_size"),
        ({"age": [30, 31]}, "'age' holds one value"),
        ({"age": "thirty"}, "'age'"),
        ({"age": True}, "'age'"),
        ({"summary": {"person_id": 7}}, "json.dumps"),
        ({"names": [7]}, "'names' holds text"),
        ({"registered_on": ["04/03/2019"]}, "'registered_on'"),
        ({"facts": "a FIR field"}, "facts"),
        ({"id": None}, "'id'"),
        ({"id": 7}, "'id'"),
    ],
)
def test_bad_documents_are_refused_naming_the_field(change: dict[str, Any], message: str) -> None:
    document = {**_person_document(), **change}
    with pytest.raises(ValueError, match=message):
        to_source(PERSON, document)


def test_sources_come_back_shaped_like_the_embedded_engines_documents() -> None:
    source = {
        "id": "fir-3",
        "fir_year": [2019],  # a list for a single-valued field
        "station_ids": 101,  # a scalar for a multi-valued one
        "sections": ["IPC 379", None],
        "vehicles": [],
        "summary": '{"fir_id": 3}',
        "not_in_schema": "dropped",
    }
    document = from_source(FIR, source)
    assert document == {
        "id": "fir-3",
        "fir_year": 2019,
        "station_ids": [101],
        "sections": ["IPC 379"],
        "summary": '{"fir_id": 3}',
    }
    _, sent = to_source(PERSON, _person_document())
    back = from_source(PERSON, sent)
    sent.pop("words")  # derived from the fields and left out of _source: a search never returns it
    assert back == sent, "what was sent comes back the same"
    assert all(not isinstance(back[name], list) for name in back if name in SINGLE_VALUED)


# --- search bodies ---------------------------------------------------------------------------------------


def _request(**fields: Any) -> SearchRequest:
    fields.setdefault("kind", PERSON)
    return SearchRequest(**fields)


def test_no_clause_matches_everything_sorted_by_score_then_id_with_paging() -> None:
    body = build_search_body(_request(offset=40, limit=20))
    assert body == {
        "query": {"match_all": {}},
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "track_scores": True,
        "track_total_hits": True,
        "from": 40,
        "size": 20,
    }


def test_name_terms_add_their_variants_fine_key_and_an_initial_its_first_letter_way() -> None:
    clause = NameClause((NameTerm("s", "s"), NameTerm("ichhlam", "ACLM", "ACLM", ("ASLM",), "aclm", ("asl",))))
    (name_query,) = build_search_body(_request(must=(clause,)))["query"]["bool"]["must"]
    (full,) = (term["bool"]["should"] for term in name_query["bool"]["must"])
    (initial,) = (term["bool"]["should"] for term in name_query["bool"]["should"])  # initials only raise the score
    assert {"term": {"name_phonetic": {"value": "^s", "boost": 2.0}}} in initial
    assert {"term": {"name_phonetic": {"value": "ASLM", "boost": 1.5}}} in full
    assert {"term": {"name_phonetic": {"value": "=aclm", "boost": 1.0}}} in full
    assert {"term": {"name_phonetic": {"value": "=asl", "boost": 1.0}}} in full, "a variant's fine key as the own"
    assert {"term": {"name_loose": {"value": "ACLM", "boost": 1.0}}} in full
    assert not any("^" in str(way) for way in full), "only an initial looks for first letters"


def test_name_clause_ors_exact_phonetic_and_fuzzy_per_term_and_needs_every_term() -> None:
    clause = NameClause((NameTerm("mohammad", "MHMT"), NameTerm("islam", "ISLM")))
    query = build_search_body(_request(must=(clause,)))["query"]
    (name_query,) = query["bool"]["must"]
    assert name_query == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [
                            {"term": {"name_keys": {"value": key, "boost": 3.0}}},
                            {  # a constant score, as Tantivy's fuzzy term query scores
                                "constant_score": {
                                    "filter": {
                                        "fuzzy": {
                                            "name_keys": {
                                                "value": key,
                                                "fuzziness": 1,
                                                "prefix_length": 0,
                                                "transpositions": True,
                                            }
                                        }
                                    },
                                    "boost": 1.0,
                                }
                            },
                            *({"term": {"name_keys": {"value": letter, "boost": 0.5}}} for letter in initials),
                            {"term": {"name_phonetic": {"value": code, "boost": 2.0}}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
                for key, code, initials in (("mohammad", "MHMT", "m"), ("islam", "ISLM", "ie"))
            ]
        }
    }


def test_initials_only_score_and_a_long_name_may_miss_one_part() -> None:
    terms = tuple(NameTerm(key, key) for key in ("r", "rabindra", "nath", "ghosh"))
    query = build_search_body(_request(must=(NameClause(terms),)))["query"]
    (name_query,) = query["bool"]["must"]
    (required,) = name_query["bool"]["must"]
    assert required["bool"]["minimum_should_match"] == 2, "three required parts: any two match"
    assert len(required["bool"]["should"]) == 3
    (initial,) = name_query["bool"]["should"]
    assert {"term": {"name_keys": {"value": "r", "boost": 3.0}}} in initial["bool"]["should"]
    only_initials = build_search_body(_request(must=(NameClause((NameTerm("r", "r"), NameTerm("k", "k"))),)))
    (name_query,) = only_initials["query"]["bool"]["must"]
    assert len(name_query["bool"]["must"]) == 2 and "should" not in name_query["bool"]


def test_relative_name_clause_uses_the_relative_fields_and_its_boost() -> None:
    clause = NameClause((NameTerm("shyam", ""),), relative=True, boost=0.5)
    (query,) = build_search_body(_request(must=(clause,)))["query"]["bool"]["must"]
    assert query["bool"]["boost"] == 0.5
    (term,) = query["bool"]["must"]
    ways = term["bool"]["should"]
    kinds = [next(iter(way)) for way in ways]
    assert kinds == ["term", "constant_score", "term", "term"], (
        "recorded initials s and c; no phonetic key, no phonetic way"
    )
    assert ways[0] == {"term": {"relative_keys": {"value": "shyam", "boost": 3.0}}}
    assert "relative_keys" in ways[1]["constant_score"]["filter"]["fuzzy"]
    phonetic_only = NameClause((NameTerm("", "SYM"),), relative=True)
    (query,) = build_search_body(_request(must=(phonetic_only,)))["query"]["bool"]["must"]
    assert query["bool"]["must"][0]["bool"]["should"] == [
        {"term": {"relative_phonetic": {"value": "SYM", "boost": 2.0}}}
    ]


def test_name_clause_without_terms_or_forms_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one term"):
        build_search_body(_request(must=(NameClause(()),)))
    with pytest.raises(ValueError, match="neither a key nor a phonetic key"):
        build_search_body(_request(must=(NameClause((NameTerm("", ""),)),)))


def test_text_clause_needs_every_word_in_one_of_the_fields() -> None:
    clause = TextClause("motorcycle stolen", ("facts", "names"), boost=2.0)
    (query,) = build_search_body(_request(kind=FIR, must=(clause,)))["query"]["bool"]["must"]
    assert query == {
        "combined_fields": {
            "query": "motorcycle stolen",
            "fields": ["words.facts", "words.names"],
            "operator": "and",
            "zero_terms_query": "none",
            "boost": 2.0,
        }
    }
    (blank,) = build_search_body(_request(kind=FIR, must=(TextClause("  ", ("facts",)),)))["query"]["bool"]["must"]
    assert blank == {"match_none": {}}


def test_text_clause_on_a_field_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'mobiles'.*keyword"):
        build_search_body(_request(must=(TextClause("98765", ("mobiles",)),)))
    with pytest.raises(ValueError, match="facts"):
        build_search_body(_request(must=(TextClause("stolen", ("facts",)),)))  # a FIR field, not a person one
    with pytest.raises(ValueError, match="at least one field"):
        build_search_body(_request(must=(TextClause("stolen", ()),)))


def test_terms_clause_converts_values_to_the_field_type() -> None:
    request = _request(
        must=(
            TermsClause("mobiles", ("9876543210", 9123456789)),
            TermsClause("station_ids", ("101", 102, 101), boost=2.0),
            TermsClause("registered_on", (date(2019, 3, 4),)),
        )
    )
    must = build_search_body(request)["query"]["bool"]["must"]
    assert must == [
        {"terms": {"mobiles": ["9876543210", "9123456789"]}},
        {"terms": {"station_ids": [101, 102], "boost": 2.0}},
        {"terms": {"registered_on": ["2019-03-04"]}},
    ]
    (empty,) = build_search_body(_request(must=(TermsClause("mobiles", ()),)))["query"]["bool"]["must"]
    assert empty == {"match_none": {}}
    with pytest.raises(ValueError, match="'station_ids'"):
        build_search_body(_request(must=(TermsClause("station_ids", ("Hajipur",)),)))
    with pytest.raises(ValueError, match="shoe_size"):
        build_search_body(_request(must=(TermsClause("shoe_size", ("9",)),)))
    with pytest.raises(ValueError, match="'names'"):
        build_search_body(_request(must=(TermsClause("names", ("Ram",)),)))


def test_range_clause_on_integers_and_dates() -> None:
    def query(clause: RangeClause) -> dict[str, Any]:
        return build_search_body(_request(filters=(clause,)))["query"]["bool"]["filter"][0]

    assert query(RangeClause("age", gte=18, lte="30")) == {"range": {"age": {"gte": 18, "lte": 30}}}
    assert query(RangeClause("age", gte=31)) == {"range": {"age": {"gte": 31}}}
    assert query(RangeClause("age", gte=31, lte=30)) == {"match_none": {}}
    assert query(RangeClause("age")) == {"exists": {"field": "age"}}
    # a date's upper bound takes in the whole day
    assert query(RangeClause("registered_on", gte=date(2019, 1, 1), lte=date(2020, 6, 15))) == {
        "range": {
            "registered_on": {
                "gte": "2019-01-01T00:00:00+00:00",
                "lt": "2020-06-16T00:00:00+00:00",
                "format": "strict_date_optional_time",
            }
        }
    }
    assert query(RangeClause("registered_on", lte="2020-06-15"))["range"]["registered_on"]["lt"] == (
        "2020-06-16T00:00:00+00:00"
    )
    ist = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2024, 7, 1, 10, 0, tzinfo=ist)
    assert query(RangeClause("registered_on", lte=moment))["range"]["registered_on"] == {
        "lte": "2024-07-01T04:30:00+00:00",
        "format": "strict_date_optional_time",
    }
    assert query(RangeClause("registered_on", gte=date(2021, 1, 2), lte=date(2021, 1, 1))) == {"match_none": {}}
    with pytest.raises(ValueError, match="fir_year"):
        query(RangeClause("fir_year", gte=2019))  # a FIR field, not a person one
    with pytest.raises(ValueError, match="'mobiles'"):
        query(RangeClause("mobiles", gte=1))


def test_any_of_is_a_dis_max_of_its_clauses() -> None:
    either = AnyOf((TermsClause("mobiles", ("9000000001",)), NameClause((NameTerm("shyam", "SYM"),))))
    (query,) = build_search_body(_request(must=(either,)))["query"]["bool"]["must"]
    assert list(query) == ["dis_max"]
    first, second = query["dis_max"]["queries"]
    assert first == {"terms": {"mobiles": ["9000000001"]}}
    assert second["bool"]["must"][0]["bool"]["should"][0] == {"term": {"name_keys": {"value": "shyam", "boost": 3.0}}}
    (nothing,) = build_search_body(_request(must=(AnyOf(()),)))["query"]["bool"]["must"]
    assert nothing == {"match_none": {}}


def test_must_clauses_score_and_filters_do_not() -> None:
    name = NameClause((NameTerm("ram", "RM"),))
    district = TermsClause("district_ids", (1,))
    both = build_search_body(_request(must=(name,), filters=(district,)))["query"]
    assert list(both["bool"]) == ["must", "filter"]
    assert both["bool"]["filter"] == [{"terms": {"district_ids": [1]}}]
    assert both["bool"]["must"][0]["bool"]["must"][0]["bool"]["should"][0]["term"]["name_keys"]["value"] == "ram"
    only_filters = build_search_body(_request(filters=(district,)))["query"]
    assert only_filters == {"bool": {"filter": [{"terms": {"district_ids": [1]}}]}}
    only_must = build_search_body(_request(must=(district,)))["query"]
    assert only_must == {"bool": {"must": [{"terms": {"district_ids": [1]}}]}}


def test_boosts_are_optional_constant_scores_that_select_nothing() -> None:
    name = NameClause((NameTerm("ram", "RM"),))
    exact = Boost((TermsClause("name_whole", ("ram",)),), 64.0)
    home = Boost((TermsClause("district_ids", (7,)), RangeClause("registered_on", gte=date(2025, 1, 1))), 8.0)
    body = build_search_body(_request(must=(name,), boosts=(exact, home)))["query"]["bool"]
    assert list(body) == ["must", "should"] and "minimum_should_match" not in body
    assert body["should"][0] == {
        "constant_score": {"filter": {"bool": {"filter": [{"terms": {"name_whole": ["ram"]}}]}}, "boost": 64.0}
    }
    inner = body["should"][1]["constant_score"]["filter"]["bool"]["filter"]
    assert inner[0] == {"terms": {"district_ids": [7]}} and "range" in inner[1]
    alone = build_search_body(_request(boosts=(exact,)))["query"]["bool"]
    assert alone["must"] == [{"match_all": {}}] and len(alone["should"]) == 1, "with nothing required, all match"
    with pytest.raises(ValueError, match="at least one clause"):
        build_search_body(_request(boosts=(Boost((), 1.0),)))


def test_facets_are_terms_aggregations_by_count_then_key() -> None:
    body = build_search_body(_request(facets=("district_ids", "crime_heads", "district_ids"), facet_size=5))
    assert body["aggs"] == {
        name: {"terms": {"field": name, "size": 5, "order": [{"_count": "desc"}, {"_key": "asc"}]}}
        for name in ("district_ids", "crime_heads")
    }
    assert "aggs" not in build_search_body(_request())
    with pytest.raises(ValueError, match=r"'name_keys'.*no facet counts"):
        build_search_body(_request(facets=("name_keys",)))
    with pytest.raises(ValueError, match="'names'"):
        build_search_body(_request(facets=("names",)))
    with pytest.raises(ValueError, match="facet_size"):
        build_search_body(_request(facets=("district_ids",), facet_size=0))


def test_highlights_are_made_from_the_documents_marking_the_words_searched_in_each_field() -> None:
    request = _request(
        kind=FIR,
        must=(NameClause((NameTerm("ram", "RM"), NameTerm("kumar", "KMR"))), TextClause("motorcycle", ("facts",))),
        filters=(TextClause("market", ("facts", "names")), NameClause((NameTerm("shyam", "SYM"),), relative=True)),
        highlight=("facts", "names"),
    )
    assert "highlight" not in build_search_body(request), "the server's highlighter is not asked"
    hits = [
        Hit("fir-1", 2.0, {"id": "fir-1", "facts": ["A motorcycle stolen near the market."], "names": ["Ram Kumar"]}),
        Hit("fir-2", 1.0, {"id": "fir-2", "facts": ["Nothing here."], "names": ["Shyam", "Market Singh"]}),
    ]
    add_highlights(request, hits)
    assert hits[0].highlights == {
        "facts": ["A <b>motorcycle</b> stolen near the <b>market</b>"],  # to the end of the last word
        "names": ["<b>Ram</b> <b>Kumar</b>"],
    }
    assert hits[1].highlights == {"names": ["<b>Market</b> Singh"]}, "relatives' names are not in 'names'"


def test_paging_limits() -> None:
    assert build_search_body(_request(offset=MAX_RESULT_WINDOW - 20, limit=20))["from"] == MAX_RESULT_WINDOW - 20
    with pytest.raises(ValueError, match="first 10000 matches"):
        build_search_body(_request(offset=MAX_RESULT_WINDOW - 19, limit=20))
    with pytest.raises(ValueError, match="negative"):
        build_search_body(_request(offset=-1))


# --- responses -------------------------------------------------------------------------------------------

RESPONSE: dict[str, Any] = {
    "took": 3,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {
        "total": {"value": 37, "relation": "eq"},
        "max_score": 9.5,
        "hits": [
            {
                "_index": "cctns-fir-000002",
                "_id": "fir-12",
                "_score": 9.5,
                "_source": {
                    "id": "fir-12",
                    "kind": "fir",
                    "names": ["Ram Kumar"],
                    "district_ids": [5],
                    "fir_year": 2019,
                    "registered_on": ["2019-06-01"],
                    "summary": '{"fir_id": 12}',
                    "facts": "A motorcycle was stolen.",
                },
                "highlight": {"facts": ["A <b>motorcycle</b> was stolen."], "names": []},
                "sort": [9.5, "fir-12"],
            },
            {
                "_index": "cctns-fir-000002",
                "_id": "fir-3",
                "_score": None,
                "_source": {"id": "fir-3", "kind": "fir", "district_ids": [7]},
                "sort": [4.25, "fir-3"],
            },
        ],
    },
    "aggregations": {
        "district_ids": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 4,
            "buckets": [{"key": 5, "doc_count": 20}, {"key": 7, "doc_count": 13}, {"key": 10, "doc_count": 13}],
        },
        "statuses": {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []},
    },
}


def test_a_search_response_becomes_hits_with_documents_highlights_and_facets() -> None:
    request = SearchRequest(kind=FIR, facets=("district_ids", "statuses", "crime_heads"), facet_size=2)
    response = parse_search_response(request, RESPONSE)
    assert response.total == 37
    assert [hit.id for hit in response.hits] == ["fir-12", "fir-3"]
    first, second = response.hits
    assert first.score == 9.5 and second.score == 4.25, "a missing _score is read from the sort values"
    assert first.document == {
        "id": "fir-12",
        "kind": "fir",
        "names": ["Ram Kumar"],
        "district_ids": [5],
        "fir_year": 2019,
        "registered_on": ["2019-06-01"],
        "summary": '{"fir_id": 12}',
        "facts": ["A motorcycle was stolen."],  # TEXT fields are lists, as in the embedded engine
    }
    assert first.highlights == second.highlights == {}, "the server's snippets are not read (add_highlights makes them)"
    # keys as strings, cut to facet_size; asked but absent -> empty
    assert response.facets == {"district_ids": {"5": 20, "7": 13}, "statuses": {}, "crime_heads": {}}
    # in order of count, then key as text like the embedded engine ("10" before "7")
    wider = parse_search_response(SearchRequest(kind=FIR, facets=("district_ids",), facet_size=3), RESPONSE)
    assert list(wider.facets["district_ids"].items()) == [("5", 20), ("10", 13), ("7", 13)]


def test_an_empty_response() -> None:
    body = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
    response = parse_search_response(SearchRequest(kind=PERSON, facets=("roles",)), body)
    assert response.total == 0 and response.hits == [] and response.facets == {"roles": {}}
    with pytest.raises(ValueError, match="approximately"):
        parse_search_response(SearchRequest(kind=PERSON), {"hits": {"total": {"value": 10000, "relation": "gte"}}})


# --- the engine without a server -------------------------------------------------------------------------


def test_an_unreachable_server_is_reported_with_its_url_and_the_setting() -> None:
    url = f"http://elastic:secret@127.0.0.1:{free_port()}"
    engine = ElasticsearchEngine(url, prefix="cctns-unreachable", request_timeout=2)
    try:
        with pytest.raises(ElasticsearchUnreachable) as caught:
            engine.ensure_ready()
        message = str(caught.value)
        assert "Cannot reach Elasticsearch at http://elastic:***@127.0.0.1" in message
        assert "CCTNS_ELASTICSEARCH_URL" in message and "secret" not in message
        assert isinstance(caught.value, ConnectionError), "the command line reports connection errors plainly"
    finally:
        engine.close()


def test_documents_are_checked_before_anything_is_sent() -> None:
    engine = ElasticsearchEngine(f"http://127.0.0.1:{free_port()}", prefix="cctns-unsent")
    good = {"id": "person-1", "kind": "person"}
    try:
        with pytest.raises(ValueError, match="shoe_size"):
            engine.upsert(PERSON, [good, {"id": "person-2", "shoe_size": 9}])  # no connection attempted
        with pytest.raises(ValueError, match="no field 'shoe_size'"):
            engine.search(SearchRequest(kind=PERSON, must=(TermsClause("shoe_size", ("9",)),)))
    finally:
        engine.close()


def test_redacted_urls_and_repr() -> None:
    assert redacted("https://user:p%40ss@es.example:9243/base") == "https://user:***@es.example:9243/base"
    assert redacted("http://localhost:9200") == "http://localhost:9200"
    engine = ElasticsearchEngine("http://u:pw@localhost:9200", prefix="cctns-x")
    assert "pw" not in repr(engine) and "cctns-x" in repr(engine)
    engine.close()
    with pytest.raises(ElasticsearchIndexError, match="closed"):
        engine.count(PERSON)


def test_finish_rebuild_needs_the_engine_begin_rebuild_returned() -> None:
    engine = ElasticsearchEngine("http://localhost:9200", prefix="cctns-x")
    other = ElasticsearchEngine("http://localhost:9200", prefix="cctns-y", _generation=2)
    with pytest.raises(ValueError, match="begin_rebuild"):
        engine.finish_rebuild(engine)
    with pytest.raises(ValueError, match="begin_rebuild"):
        engine.finish_rebuild(other)
    engine.close()
    other.close()


# --- the requests the engine sends, recorded ---------------------------------------------------------------


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.body.decode().splitlines() if line.strip()]


Answer = tuple[int, Any]


class Listener:
    """An HTTP listener that records every request and answers with ``route(request)``: (status, JSON body).
    Responses carry the product header the client checks for."""

    def __init__(self, route: Callable[[Recorded], Answer]) -> None:
        self.requests: list[Recorded] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                parts = urlsplit(self.path)
                recorded = Recorded(self.command, parts.path, parse_qs(parts.query), self.rfile.read(length))
                listener.requests.append(recorded)
                status, body = route(recorded)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("x-elastic-product", "Elasticsearch")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def calls(self) -> list[tuple[str, str]]:
        return [(request.method, request.path) for request in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listen() -> Iterator[Callable[[Callable[[Recorded], Answer]], Listener]]:
    started: list[Listener] = []

    def start(route: Callable[[Recorded], Answer]) -> Listener:
        started.append(Listener(route))
        return started[-1]

    yield start
    for listener in started:
        listener.stop()


def _missing_index(name: str) -> Answer:
    return 404, {"error": {"type": "index_not_found_exception", "reason": f"no such index [{name}]"}, "status": 404}


def test_ensure_ready_puts_templates_and_creates_the_first_generation_with_its_alias(listen: Any) -> None:
    aliases: set[str] = set()

    def route(request: Recorded) -> Answer:
        if request.path.startswith("/_index_template/"):
            return 200, {"acknowledged": True}
        if request.method == "HEAD" and request.path.startswith("/_alias/"):
            return (200 if request.path.removeprefix("/_alias/") in aliases else 404), None
        if request.method == "GET" and request.path.endswith("/_alias"):
            return 200, {}
        if request.method == "PUT":
            aliases.update(request.json()["aliases"])
            return 200, {"acknowledged": True, "index": request.path[1:]}
        return 500, {"error": f"unexpected {request.method} {request.path}"}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    engine.ensure_ready()
    assert listener.calls() == [
        ("PUT", "/_index_template/t-fir"),
        ("PUT", "/_index_template/t-person"),
        ("HEAD", "/_alias/t-fir"),
        ("GET", "/t-fir-*/_alias"),
        ("PUT", "/t-fir-000001"),
        ("HEAD", "/_alias/t-fir"),
        ("HEAD", "/_alias/t-person"),
        ("GET", "/t-person-*/_alias"),
        ("PUT", "/t-person-000001"),
        ("HEAD", "/_alias/t-person"),
    ]
    template = listener.requests[1].json()
    assert template == index_template("t", PERSON)
    assert listener.requests[4].json() == {"aliases": {"t-fir": {"is_write_index": True}}}
    before = len(listener.requests)
    engine.ensure_ready()  # again: templates put again, nothing created
    assert [call for call in listener.calls()[before:] if call[0] == "PUT" and "template" not in call[1]] == []
    engine.close()


def test_upsert_sends_one_bulk_with_ids_through_the_alias_and_reports_failures(listen: Any) -> None:
    def route(request: Recorded) -> Answer:
        lines = request.lines()
        items = []
        for action in lines[::2]:
            ((operation, meta),) = action.items()
            if meta["_id"] == "person-3":
                error = {"type": "document_parsing_exception", "reason": "[1:20] failed to parse field [age]"}
                items.append(
                    {operation: {"_index": "t-person-000001", "_id": meta["_id"], "status": 400, "error": error}}
                )
            else:
                items.append({operation: {"_index": "t-person-000001", "_id": meta["_id"], "status": 201}})
        return 200, {"took": 1, "errors": any(item["index"]["status"] >= 300 for item in items), "items": items}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    engine.upsert(PERSON, [{"id": "person-1", "age": 30}, {"id": "person-2"}, {"id": "person-1", "age": 31}])
    (bulk,) = listener.requests
    assert (bulk.path, bulk.query) == ("/_bulk", {"require_alias": ["true"]})
    assert bulk.lines() == [
        {"index": {"_index": "t-person", "_id": "person-2"}},
        {"id": "person-2"},
        {"index": {"_index": "t-person", "_id": "person-1"}},
        {"id": "person-1", "age": 31},
    ], "one action per id, the later document wins"

    with pytest.raises(ElasticsearchIndexError) as caught:
        engine.upsert(PERSON, [{"id": "person-3", "age": 1}, {"id": "person-4"}])
    message = str(caught.value)
    assert "1 of 2 actions failed" in message and "person-3" in message and "failed to parse field [age]" in message
    assert "t-person" in message
    engine.close()


def test_delete_ignores_ids_that_are_not_there(listen: Any) -> None:
    def route(request: Recorded) -> Answer:
        items = [
            {"delete": {"_id": action["delete"]["_id"], "status": 404 if "404" in action["delete"]["_id"] else 200}}
            for action in request.lines()
        ]
        return 200, {"took": 1, "errors": False, "items": items}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    engine.delete(FIR, ["fir-1", "fir-404", "fir-1"])
    (bulk,) = listener.requests
    assert bulk.lines() == [
        {"delete": {"_index": "t-fir", "_id": "fir-1"}},
        {"delete": {"_index": "t-fir", "_id": "fir-404"}},
    ]
    engine.close()


def test_search_count_and_commit_go_through_the_aliases(listen: Any) -> None:
    def route(request: Recorded) -> Answer:
        if request.path == "/t-fir/_search":
            return 200, RESPONSE
        if request.path == "/t-person/_count":
            return 200, {"count": 12, "_shards": {"total": 1}}
        if request.path == "/t-fir,t-person/_refresh":
            return 200, {"_shards": {"total": 2, "successful": 2, "failed": 0}}
        if request.path == "/t-person/_search":
            return _missing_index("t-person")
        return 500, {"error": f"unexpected {request.method} {request.path}"}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    request = SearchRequest(kind=FIR, must=(TextClause("motorcycle", ("facts",)),), facets=("district_ids",))
    response = engine.search(request)
    assert response.total == 37 and [hit.id for hit in response.hits] == ["fir-12", "fir-3"]
    window = dataclasses.replace(request, limit=request.limit + PAD)  # a few more than the page, for ties
    assert listener.requests[0].json() == build_search_body(window)
    assert engine.count(PERSON) == 12
    engine.commit()
    assert listener.calls() == [
        ("POST", "/t-fir/_search"),
        ("POST", "/t-person/_count"),
        ("POST", "/t-fir,t-person/_refresh"),
    ]
    with pytest.raises(ElasticsearchIndexError, match=r"search index is missing.*cctns index rebuild"):
        engine.search(SearchRequest(kind=PERSON))
    engine.close()


def test_iter_checksums_pages_through_a_point_in_time_and_closes_it(listen: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(engine_module, "CHECKSUM_PAGE", 2)
    pages = [
        [("person-1", "aa", [1]), ("person-2", "bb", [2])],
        [("person-3", "cc", [7])],
    ]

    def route(request: Recorded) -> Answer:
        if request.path == "/t-person/_pit":
            return 200, {"id": "pit-1"}
        if request.path == "/_search":
            page = pages.pop(0)
            hits = [{"_id": i, "_source": {"id": i, "checksum": c}, "sort": s} for i, c, s in page]
            return 200, {"pit_id": "pit-2", "hits": {"hits": hits}}
        if request.path == "/_pit":
            return 200, {"succeeded": True, "num_freed": 1}
        return 500, {"error": f"unexpected {request.method} {request.path}"}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    assert list(engine.iter_checksums(PERSON)) == [("person-1", "aa"), ("person-2", "bb"), ("person-3", "cc")]
    assert listener.calls() == [
        ("POST", "/t-person/_pit"),
        ("POST", "/_search"),
        ("POST", "/_search"),
        ("DELETE", "/_pit"),
    ]
    assert listener.requests[0].query["keep_alive"] == ["2m"]
    first, second = listener.requests[1].json(), listener.requests[2].json()
    assert first["pit"] == {"id": "pit-1", "keep_alive": "2m"} and "search_after" not in first
    assert first["sort"] == [{"_shard_doc": "asc"}] and first["_source"] == {"includes": ["id", "checksum"]}
    assert second["pit"]["id"] == "pit-2" and second["search_after"] == [2], "the newest PIT id and the last sort"
    assert listener.requests[3].json() == {"id": "pit-2"}
    engine.close()


def test_rebuild_creates_the_next_generation_and_switches_both_aliases_in_one_call(listen: Any) -> None:
    live = {"t-fir-000003": {"aliases": {"t-fir": {}}}, "t-fir-000001": {"aliases": {}}}
    live_person = {"t-person-000003": {"aliases": {"t-person": {}}}}

    def route(request: Recorded) -> Answer:
        path = request.path
        if path.startswith("/_index_template/"):
            return 200, {"acknowledged": True}
        if request.method == "HEAD" and path.startswith("/_alias/"):
            return 200, None
        if path == "/t-fir-*/_alias":
            return 200, live
        if path == "/t-person-*/_alias":
            return 200, live_person
        if request.method == "PUT" and path in {"/t-fir-000004", "/t-person-000004"}:
            name = path[1:]
            (live if "fir" in name else live_person)[name] = {"aliases": {}}
            return 200, {"acknowledged": True, "index": name}
        if path in {"/t-fir-000004,t-person-000004/_settings", "/t-fir-000004,t-person-000004/_refresh"}:
            return 200, {"acknowledged": True}
        if path == "/_aliases" or request.method == "DELETE":
            return 200, {"acknowledged": True}
        return 500, {"error": f"unexpected {request.method} {path}"}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    rebuilt = engine.begin_rebuild()
    assert "generation=4" in repr(rebuilt)
    creations = [request for request in listener.requests if request.method == "PUT" and "template" not in request.path]
    assert [request.path for request in creations] == ["/t-fir-000004", "/t-person-000004"]
    assert all(request.json() == {"settings": {"index": {"refresh_interval": "-1"}}} for request in creations)

    start = len(listener.requests)
    engine.finish_rebuild(rebuilt)
    switch = listener.requests[start:]
    assert [(request.method, request.path) for request in switch] == [
        ("PUT", "/t-fir-000004,t-person-000004/_settings"),
        ("POST", "/t-fir-000004,t-person-000004/_refresh"),
        ("GET", "/t-fir-*/_alias"),
        ("GET", "/t-person-*/_alias"),
        ("POST", "/_aliases"),
        ("DELETE", "/t-fir-000001,t-fir-000003,t-person-000003"),
    ]
    assert switch[0].json() == {"index": {"refresh_interval": "1s"}}
    assert switch[4].json() == {
        "actions": [
            {"remove": {"index": "t-fir-000003", "alias": "t-fir"}},
            {"add": {"index": "t-fir-000004", "alias": "t-fir", "is_write_index": True}},
            {"remove": {"index": "t-person-000003", "alias": "t-person"}},
            {"add": {"index": "t-person-000004", "alias": "t-person", "is_write_index": True}},
        ]
    }
    with pytest.raises(ElasticsearchIndexError, match="closed"):
        rebuilt.count(PERSON)
    engine.close()


def test_writes_of_a_rebuild_engine_go_to_its_own_index_without_the_alias_requirement(listen: Any) -> None:
    def route(request: Recorded) -> Answer:
        items = [{"index": {"_id": action["index"]["_id"], "status": 201}} for action in request.lines()[::2]]
        return 200, {"took": 1, "errors": False, "items": items}

    listener = listen(route)
    rebuilt = ElasticsearchEngine(listener.url, prefix="t", _generation=7)
    rebuilt.upsert(PERSON, [{"id": "person-1"}])
    (bulk,) = listener.requests
    assert bulk.lines()[0] == {"index": {"_index": "t-person-000007", "_id": "person-1"}}
    assert bulk.query.get("require_alias") in (None, ["false"])
    with pytest.raises(ElasticsearchIndexError, match="itself a rebuild"):
        rebuilt.begin_rebuild()
    rebuilt.close()


def test_drop_all_deletes_only_this_prefixs_generations_and_templates(listen: Any) -> None:
    def route(request: Recorded) -> Answer:
        if request.path == "/t-fir-*/_alias":
            return 200, {"t-fir-000001": {"aliases": {"t-fir": {}}}, "t-fir-notes": {"aliases": {}}}
        if request.path == "/t-person-*/_alias":
            return 200, {"t-person-000002": {"aliases": {}}}
        if request.path == "/_index_template/t-person":
            return 404, {"error": {"type": "resource_not_found_exception", "reason": "missing"}, "status": 404}
        return 200, {"acknowledged": True}

    listener = listen(route)
    engine = ElasticsearchEngine(listener.url, prefix="t")
    engine.drop_all()
    assert listener.calls() == [
        ("GET", "/t-fir-*/_alias"),
        ("GET", "/t-person-*/_alias"),
        ("DELETE", "/t-fir-000001,t-person-000002"),
        ("DELETE", "/_index_template/t-fir"),
        ("DELETE", "/_index_template/t-person"),
    ]
    engine.close()
    engine.drop_all()  # after close too: the same requests again, on a client of its own
    assert len(listener.requests) == 10 and listener.calls()[5:] == listener.calls()[:5]


def test_dates_in_utc_only() -> None:
    # naive datetimes are taken as UTC, like the embedded engine does
    _, source = to_source(PERSON, {"id": "person-1", "registered_on": [datetime(2024, 7, 1, 9, 15)]})
    assert source["registered_on"] == ["2024-07-01T09:15:00+00:00"]
    _, source = to_source(PERSON, {"id": "person-1", "registered_on": datetime(2024, 7, 1, tzinfo=UTC)})
    assert source["registered_on"] == ["2024-07-01"]


def test_a_strict_name_clause_has_no_fuzzy_way_and_needs_every_part() -> None:
    terms = tuple(NameTerm(key, key) for key in ("rabindra", "nath", "ghosh"))
    query = build_search_body(_request(must=(NameClause(terms, strict=True),)))["query"]
    (name_query,) = query["bool"]["must"]
    assert len(name_query["bool"]["must"]) == 3, "every part required, no minimum_should_match"
    assert "fuzzy" not in json.dumps(name_query)


def test_a_full_term_looks_for_every_recorded_initial_its_letter_may_be_written_with() -> None:
    clause = NameClause((NameTerm("kreg", "KRG"), NameTerm("ovartan", "ABRTN")))
    (name_query,) = build_search_body(_request(must=(clause,)))["query"]["bool"]["must"]
    kreg = name_query["bool"]["must"][0]["bool"]["should"]
    assert {"term": {"name_keys": {"value": "k", "boost": 0.5}}} in kreg
    assert {"term": {"name_keys": {"value": "c", "boost": 0.5}}} in kreg, "Craig is C."
    strict = build_search_body(_request(must=(dataclasses.replace(clause, strict=True),)))["query"]["bool"]["must"]
    assert "'c'" not in str(strict[0]["bool"]["must"][0]), "only the broad search"


def test_rejected_writes_are_said_in_one_short_sentence_with_what_happens_next() -> None:
    dump = "rejected execution of TimedRunnable{original=org.elasticsearch.action.bulk.Transport" + "x" * 2000
    rejected = {"status": 429, "error": {"type": "es_rejected_execution_exception", "reason": dump}}
    failures = [("index", {**rejected, "_id": f"fir-{key}"}) for key in range(8)]
    message = bulk_failures(failures, 50, "writing 50 fir documents", "cctns-fir")
    assert message.startswith("8 of 50 actions failed while writing 50 fir documents in cctns-fir: fir-0, fir-1")
    assert "write queue was full" in message and "TimedRunnable" not in message and len(message) < 600
    assert "the relay keeps such changes in the outbox and writes them again" in message
    mapping = {"status": 400, "error": {"type": "mapper_parsing_exception", "reason": "y" * 1000}, "_id": "fir-9"}
    mixed = bulk_failures([failures[0], ("index", mapping)], 2, "writing 2 fir documents", "cctns-fir")
    assert "mapper_parsing_exception: yyy" in mixed and "..." in mixed and len(mixed) < 1000
    assert "run `cctns index rebuild`" in mixed and "writes them again" in mixed
