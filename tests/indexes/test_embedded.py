"""What only the embedded (Tantivy) engine does: its directory, generations, writer lock, other processes,
and the id key that orders ties; the shared behaviour is in test_engine_contract.py."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from indexes.embedded import SearchIndexError, TantivyEngine, mapping, paging
from indexes.embedded.mapping import id_sort_key
from indexes.embedded.preload import preload_files
from indexes.engine import SearchRequest, TermsClause
from indexes.schema import DocumentKind
from tests.indexes.test_engine_contract import find, ids, name, person, write

PERSON = DocumentKind.PERSON


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[TantivyEngine]:
    built = TantivyEngine(tmp_path / "search")
    built.ensure_ready()
    yield built
    built.close()


def test_id_key_never_orders_ids_differently_from_their_strings() -> None:
    samples = [
        "",
        "a",
        "fir-1",
        "person",
        "person-",
        "person-0",
        "person-1",
        "person-10",
        "person-100",
        "person-2",
        "person-9",
        "person-99999999999999999",
        "person-999999999999999999",
        "person-1a",
        "person-1-2",
        "person-a",
        "person-~",
        "person-\u0939",
        "personx",
        "persoo",
        "persop-1",
        "zzzzzzzz-1",
        "zzzzzzzz-2",
        "\u0930\u093e\u092e",
        "person-12345678901234567890",
    ]
    keys = {sample: id_sort_key(sample, "person-") for sample in samples}
    ordered = sorted(samples)
    assert [keys[sample] for sample in ordered] == sorted(keys.values())
    assert all(0 <= key < 2**64 for key in keys.values())
    product = [f"person-{number}" for number in (*range(0, 2000), 10**15, 10**15 + 1)]
    assert len({id_sort_key(sample, "person-") for sample in product}) == len(product), "product ids never collide"


def test_writes_are_invisible_until_commit(engine: TantivyEngine) -> None:
    engine.upsert(PERSON, [person(1)])
    assert engine.count(PERSON) == 0
    engine.commit()
    assert engine.count(PERSON) == 1


def test_ties_among_ids_that_share_an_id_key_are_ordered_by_the_ids_themselves(engine: TantivyEngine) -> None:
    documents = [person(key) for key in range(1, 13)]
    for number, document in enumerate(documents):
        document["id"] = f"zz-shared-prefix-{12 - number:02d}"  # same first seven bytes: one id key
    write(engine, PERSON, *documents)
    expected = sorted(str(document["id"]) for document in documents)
    for must in ((), (name("ram"),)):
        full = find(engine, must=must)
        assert ids(full) == expected
        paged = [hit for offset in range(0, 12, 5) for hit in ids(find(engine, must=must, offset=offset, limit=5))]
        assert paged == expected
    assert sorted(engine.iter_checksums(PERSON)) == sorted((str(d["id"]), str(d["checksum"])) for d in documents)


def test_checksums_are_read_a_page_at_a_time(engine: TantivyEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "CHECKSUM_PAGE", 7)
    documents = [person(key) for key in range(1, 60)]
    for document in documents[:10]:
        document["id"] = f"zz-shared-prefix-{document['person_id']}"
    write(engine, PERSON, *documents)
    found = list(engine.iter_checksums(PERSON))
    assert len(found) == len(set(found)) == 59
    assert sorted(found) == sorted((str(d["id"]), str(d["checksum"])) for d in documents)


def test_a_held_writer_is_waited_for_then_reported(tmp_path: Path) -> None:
    holder = TantivyEngine(tmp_path / "search")
    waiter = TantivyEngine(tmp_path / "search", lock_timeout=0.3)
    try:
        holder.upsert(PERSON, [person(1)])  # takes the writer and keeps it until commit
        with pytest.raises(SearchIndexError, match="Another writer"):
            waiter.upsert(PERSON, [person(2)])
        holder.commit()
        write(waiter, PERSON, person(2))
        assert holder.count(PERSON) == 2
    finally:
        holder.close()
        waiter.close()


def test_another_process_writes_and_this_one_sees_it_on_its_next_search(engine: TantivyEngine) -> None:
    write(engine, PERSON, person(1, ("ram",)))
    assert ids(find(engine, must=(name("ram"),))) == ["person-1"]
    script = textwrap.dedent(
        f"""
        from indexes.embedded import TantivyEngine
        from indexes.schema import DocumentKind
        from tests.indexes.test_engine_contract import person
        engine = TantivyEngine({str(engine.path)!r})
        engine.upsert(DocumentKind.PERSON, [person(2, ("ram",)), person(3, ("ram",))])
        engine.delete(DocumentKind.PERSON, ["person-1"])
        engine.commit()
        engine.close()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parents[2], timeout=120)
    assert ids(find(engine, must=(name("ram"),))) == ["person-2", "person-3"]
    write(engine, PERSON, person(4, ("ram",)))  # and the writer lock was given back
    assert engine.count(PERSON) == 3


def test_rebuild_switches_current_and_removes_the_old_generation(engine: TantivyEngine) -> None:
    write(engine, PERSON, person(1))
    (old,) = [entry.name for entry in engine.path.iterdir() if entry.name.startswith("gen-")]
    rebuilt = engine.begin_rebuild()
    write(rebuilt, PERSON, person(2))
    engine.finish_rebuild(rebuilt)
    current = (engine.path / "CURRENT").read_text().strip()
    assert current != old and not (engine.path / old).exists()
    assert sorted(entry.name for entry in engine.path.iterdir() if entry.name.startswith("gen-")) == [current]
    assert ids(find(engine)) == ["person-2"]


def test_the_first_search_reads_the_index_into_memory_once_unless_told_not_to(tmp_path: Path) -> None:
    engine, quiet = TantivyEngine(tmp_path / "on"), TantivyEngine(tmp_path / "off", preload=False)
    for each in (engine, quiet):
        each.ensure_ready()
        write(each, PERSON, person(1))
        assert ids(find(each)) == ["person-1"]
    engine.wait_for_preload(timeout=30)
    reading = engine._indexes[PERSON].preloading
    assert reading is not None and not reading.is_alive()
    find(engine)
    assert engine._indexes[PERSON].preloading is reading, "read once, not at every search"
    assert quiet._indexes[PERSON].preloading is None
    rebuilt = engine.begin_rebuild()
    assert rebuilt.preload is False, "a rebuild only writes"
    engine.finish_rebuild(rebuilt)
    find(engine)
    assert engine._indexes[PERSON].preloading is not reading, "the new generation is read in turn"
    for each in (engine, quiet):
        each.close()


def test_a_service_warms_the_index_up_before_any_search(engine: TantivyEngine) -> None:
    engine.warm_up()
    engine.wait_for_preload(timeout=30)
    reading = {kind: index.preloading for kind, index in engine._indexes.items()}
    assert set(reading) == set(DocumentKind) and all(thread and not thread.is_alive() for thread in reading.values())


def test_preload_reads_every_file_of_an_index_that_fits_its_budget(engine: TantivyEngine) -> None:
    write(engine, PERSON, person(1), person(2))
    directory = engine.path / (engine.path / "CURRENT").read_text().strip() / PERSON.value
    size = sum(path.stat().st_size for path in directory.iterdir() if path.is_file())
    assert size > 0
    assert preload_files(directory) == size
    assert preload_files(directory, budget=size - 1) == 0, "too large for the memory: not read"
    assert preload_files(directory / "gone") == 0


def test_writes_in_flight_during_a_switch_are_reported_not_lost_silently(tmp_path: Path) -> None:
    worker, rebuilder = TantivyEngine(tmp_path / "search"), TantivyEngine(tmp_path / "search")
    try:
        write(worker, PERSON, person(1))
        rebuilt = rebuilder.begin_rebuild()
        write(rebuilt, PERSON, person(2))
        worker.upsert(PERSON, [person(3)])  # a worker's batch into the old generation
        worker.commit()  # (committing before the switch is fine: the rebuild's catch-up covers it)
        worker.upsert(PERSON, [person(4)])
        rebuilder.finish_rebuild(rebuilt)
        with pytest.raises(SearchIndexError, match="rebuilt"):
            worker.commit()
        write(worker, PERSON, person(4))  # retried: now into the new generation
        assert ids(find(rebuilder)) == ["person-2", "person-4"]
    finally:
        worker.close()
        rebuilder.close()


def test_a_directory_that_cannot_be_written_is_reported_with_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    engine = TantivyEngine(blocker / "search")
    with pytest.raises(SearchIndexError, match="CCTNS_DATA_DIR"):
        engine.ensure_ready()


def test_an_index_of_other_fields_asks_for_a_rebuild(engine: TantivyEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    write(engine, PERSON, person(1))
    changed = mapping.KindSchema(PERSON)
    changed.tantivy = tantivy.SchemaBuilder().add_text_field("id", stored=True).build()
    monkeypatch.setitem(mapping.SCHEMAS, PERSON, changed)
    other = TantivyEngine(engine.path)
    with pytest.raises(SearchIndexError, match="cctns index rebuild"):
        other.count(PERSON)
    other.close()


def test_bad_values_are_refused_with_the_field_and_the_document(engine: TantivyEngine) -> None:
    document = person(1)
    document["age"] = "thirty"
    with pytest.raises(ValueError, match=r"'age'.*thirty"):
        engine.upsert(PERSON, [document])
    document = person(2)
    document["person_id"] = [1, 2]
    with pytest.raises(ValueError, match=r"person-2.*person_id.*one value"):
        engine.upsert(PERSON, [document])
    with pytest.raises(ValueError, match=r"is text.*needs a keyword"):
        engine.search(SearchRequest(PERSON, must=(TermsClause("addresses", ("x",)),)))


def test_replacing_and_deleting_before_a_commit_acts_in_the_order_of_the_calls(engine: TantivyEngine) -> None:
    engine.upsert(PERSON, [person(1, ("ram",)), person(1, ("shyam",)), person(5, ("gopal",))])
    engine.upsert(PERSON, [person(1, ("mohan",)), person(2, ("mohan",))])
    engine.delete(PERSON, ["person-2", "person-5"])
    engine.upsert(PERSON, [person(3, ("mohan",)), person(5, ("mohan",))])
    engine.commit()
    assert engine.count(PERSON) == 3
    assert ids(find(engine, must=(name("mohan"),))) == ["person-1", "person-3", "person-5"]
    assert find(engine, must=(name("ram"),)).total == find(engine, must=(name("shyam"),)).total == 0


def test_the_quick_and_the_careful_conversion_agree() -> None:
    schema = mapping.SCHEMAS[PERSON]
    for document in (person(1), person(2, ("ram", "kumar", "singh"), registered_on=("2019-01-01", "2024-07-01"))):
        quick = mapping._convert_quickly(schema, document, str(document["id"]))
        assert quick is not None
        careful = mapping._convert(schema, document, str(document["id"]))
        assert {key: value for key, value in quick.to_dict().items() if value} == careful.to_dict()
    with_none = person(3, age=None)
    assert mapping._convert_quickly(schema, with_none, "person-3") is None, "None values go the careful way"


def test_a_tie_wider_than_the_first_fetch_is_fetched_whole_and_paged_in_id_order(
    engine: TantivyEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [7, 31, 2, 19, 40, 11, 3, 25, 38, 5, 16, 29, 8, 34, 1, 22, 13, 37, 4, 27]
    documents = [person(key, ("ram", "kumar")) for key in keys]  # all score alike
    documents += [person(100 + key, ("ram", "kumar", "singh", "yadav")) for key in (3, 1, 2)]  # longer: lower
    write(engine, PERSON, *documents)
    expected = ids(find(engine, must=(name("ram", "kumar"),)))
    assert expected[:20] == [f"person-{key}" for key in sorted(keys, key=str)]
    monkeypatch.setattr(paging, "FIRST_WINDOW", 3)
    monkeypatch.setattr(paging, "WINDOW_GROWTH", 2)
    for size in (1, 4, 7):
        pages = [find(engine, must=(name("ram", "kumar"),), offset=offset, limit=size) for offset in range(0, 30, size)]
        assert [hit for page in pages for hit in ids(page)] == expected
        assert {page.total for page in pages} == {len(documents)}


@pytest.mark.parametrize("first_window", [1_000, 2])
def test_facets_count_every_match_whether_or_not_all_were_fetched(
    engine: TantivyEngine, monkeypatch: pytest.MonkeyPatch, first_window: int
) -> None:
    monkeypatch.setattr(paging, "FIRST_WINDOW", first_window)
    documents = [person(key, ("ram",), district=5 if key % 3 else 7) for key in range(1, 10)]
    documents += [person(key, ("shyam",), district=9) for key in range(10, 14)]
    for document in documents:  # ids that share one id key, matched or not
        document["id"] = f"zz-shared-prefix-{document['person_id']:02d}"
    write(engine, PERSON, *documents)
    response = find(engine, must=(name("ram"),), limit=2, facets=("district_ids",))
    assert response.total == 9 and response.facets == {"district_ids": {"5": 6, "7": 3}}
    mixed = find(engine, must=(name("shyam"),), limit=1, facets=("district_ids", "roles"))
    assert mixed.total == 4 and mixed.facets == {"district_ids": {"9": 4}, "roles": {"accused": 4}}
