"""The fast document builders build exactly the documents the old, plain ones did (``reference_documents``): every
FIR and person document of the generated database, field by field and in the same key order, in whole batches
and one at a time; and the fast name fields and vehicle numbers equal the old ones on awkward input."""

from __future__ import annotations

import random
from datetime import date

import pytest
import sqlalchemy as sa

from indexes.documents import build_fir_documents, build_person_documents, iter_all_ids
from indexes.engine import Document
from indexes.schema import DocumentKind
from indexes.vehicle_marks import STATE_CODES, vehicle_numbers
from people.names.indexed import index_name_fields
from tests.indexes import reference_documents as reference

TODAY = date(2026, 12, 7)


def _same(built: list[Document], expected: list[Document]) -> None:
    """The same documents (values and key order); the builders now return them in id order, the old ones in
    whatever order PostgreSQL read the rows."""
    assert [document["id"] for document in built] == sorted(
        (document["id"] for document in built), key=lambda key: int(key.split("-")[1])
    )
    expected_by_id = {document["id"]: document for document in expected}
    assert sorted(document["id"] for document in built) == sorted(expected_by_id)
    for document in built:
        assert list(document.items()) == list(expected_by_id[document["id"]].items()), document["id"]


def test_every_fir_document_is_built_as_before(generated_database: sa.Engine) -> None:
    with generated_database.connect() as connection:
        batches = list(iter_all_ids(connection, DocumentKind.FIR, 64))
        assert sum(map(len, batches)) >= 300
        for ids in batches:
            _same(build_fir_documents(connection, ids), reference.build_fir_documents(connection, ids))


def test_every_person_document_is_built_as_before(generated_database: sa.Engine) -> None:
    with generated_database.connect() as connection:
        batches = list(iter_all_ids(connection, DocumentKind.PERSON, 256))
        assert sum(map(len, batches)) >= 1000
        for ids in batches:
            _same(
                build_person_documents(connection, ids, TODAY),
                reference.build_person_documents(connection, ids, TODAY),
            )


def test_documents_are_the_same_one_at_a_time_and_for_missing_ids(generated_database: sa.Engine) -> None:
    with generated_database.connect() as connection:
        firs = next(iter_all_ids(connection, DocumentKind.FIR, 5))
        people = next(iter_all_ids(connection, DocumentKind.PERSON, 5))
        missing = 10**9
        for fir_id in [*firs, missing]:
            _same(build_fir_documents(connection, [fir_id]), reference.build_fir_documents(connection, [fir_id]))
        for person_id in [*people, missing]:
            _same(
                build_person_documents(connection, [person_id], TODAY),
                reference.build_person_documents(connection, [person_id], TODAY),
            )
        assert build_fir_documents(connection, []) == [] and build_person_documents(connection, [], TODAY) == []


NAMES = [
    "Ram Kumar",
    "राम कुमार",
    "Md. Islam",
    "मोहम्मद इस्लाम",
    "Shri",
    "श्री",
    "",
    "C.S.I.R.",
    "Sathishkumar M",
    "रवीन्द्र नाथ घोष",
    "Rabindra Nath",
    "  ram kumar ",
    "जोड़ी",
    "A K Singh",
]


@pytest.mark.parametrize("seed", range(40))
def test_name_fields_equal_the_old_merge(seed: int) -> None:
    """Repeats, blanks, honorific-only names and names without keys in any order and number."""
    rng = random.Random(seed)
    names = [rng.choice(NAMES) for _ in range(rng.randint(0, 5))]
    relatives = [rng.choice(NAMES) for _ in range(rng.randint(0, 4))]
    fast, old = index_name_fields(names, relatives), reference.index_name_fields(names, relatives)
    assert list(fast.items()) == list(old.items())


def _awkward_facts(rng: random.Random) -> str:
    codes = sorted(STATE_CODES)
    parts = []
    for _ in range(rng.randint(1, 12)):
        code = rng.choice(codes)
        code = "".join(rng.choice((char, char.lower())) for char in code)
        code = code.replace("K", rng.choice("Kk\u212a")).replace("S", rng.choice("Ss\u017f"))
        digits = "".join(rng.choice("0123456789०१२३४५६७८९") for _ in range(rng.randint(1, 5)))
        parts.append(
            rng.choice(
                (
                    f"{code}{rng.choice(['', ' ', '-', '.', ' - '])}{digits}{rng.choice(['', 'AB', ' xy ', 'Q'])}"
                    f"{rng.choice(['', ' ', '-'])}{digits[::-1]}",
                    f"{digits[:2]}{rng.choice(['', ' ', '.'])}{rng.choice(['BH', 'bh', 'Bh'])} {digits}{code}",
                    f"x{code}{digits}",
                    rng.choice(("on 19.10.2008 at about 13:43", "दिनांक २३.०६.२००८ को", "Abhishek", "motorcycle", "_")),
                )
            )
        )
    return rng.choice((" ", ", ", "")).join(parts)


def test_vehicle_numbers_equal_the_old_reading_on_awkward_text() -> None:
    rng = random.Random(20)
    found = 0
    for _ in range(4000):
        text = _awkward_facts(rng)
        fast = vehicle_numbers(text)
        assert fast == reference.vehicle_numbers(text), text
        found += bool(fast)
    assert found > 1000, "the sample holds many registration numbers"
