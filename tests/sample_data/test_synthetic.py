"""The sample-data generator: deterministic, shaped like Bihar, loadable into PostgreSQL without collisions.

File tests run on the reference data shipped in records/reference/data (always in the tree: a missing table
fails them rather than switching them to a stand-in).
Database tests load into a throwaway database of their own on the test server, because generation commits.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from records.database import create_db_engine, sqlalchemy_url
from records.migrate import upgrade_schema
from sample_data import generate_into_database, generate_to_files
from sample_data.firs import Generator, Inputs
from sample_data.law import BNS_FROM
from sample_data.profile import DEFAULT_TODAY, Focus, district_shares
from sample_data.reference import load_reference
from sample_data.writer_db import load
from tests.support import scratch_name

MOBILE = re.compile(r"^[6-9][0-9]{9}$")
ONE_ACT = r"[A-Z_]+ [0-9A-Za-z()\-]+(, [0-9A-Za-z()\-]+)*"
CITATION = re.compile(rf"^{ONE_ACT}(; {ONE_ACT})*$")  # "IPC 379, 411", "BNS 303(2)", "IPC 302, 34; ARMS 27"
THROWAWAY_DATABASE = "cctns_test_generate"


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return Inputs.build(load_reference(), district_shares())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def files(inputs: Inputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate_to_files(out, 1_500, seed=11, inputs=inputs)
    return out


# -- files ------------------------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(
    inputs: Inputs, files: Path, tmp_path: Path
) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    seen: list[tuple[int, int]] = []
    report = generate_to_files(again, 1_500, seed=11, inputs=inputs, progress=lambda *args: seen.append(args))
    generate_to_files(other, 1_500, seed=12, inputs=inputs)
    for name in ("firs.csv", "persons.jsonl", "fir_parties.csv", "fir_properties.csv"):
        assert (files / name).read_bytes() == (again / name).read_bytes(), name
    assert (files / "firs.csv").read_bytes() != (other / "firs.csv").read_bytes()
    assert (files / "persons.jsonl").read_bytes() != (other / "persons.jsonl").read_bytes()
    assert report.rows["firs.csv"] == 1_500 and seen[-1] == (1_500, 1_500)


def test_files_hold_well_formed_firs_parties_and_people(files: Path) -> None:
    firs = read_csv(files / "firs.csv")
    parties = read_csv(files / "fir_parties.csv")
    persons = [json.loads(line) for line in (files / "persons.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(firs) == 1_500 and all(fir["is_synthetic"] == "true" for fir in firs)
    assert all(person["is_synthetic"] is True and person["synthetic_identity"] for person in persons)

    serials: dict[tuple[str, str], list[int]] = defaultdict(list)
    for fir in firs:
        serials[(fir["station_code"], fir["year"])].append(int(fir["serial"]))
        assert CITATION.match(fir["acts_sections"]), fir["acts_sections"]
        registered = datetime.fromisoformat(fir["registered_at"])
        assert datetime.fromisoformat(fir["occurrence_from"]) <= registered
        assert registered.date() < date(2026, 11, 1) and str(registered.year) == fir["year"]
        penal = {part.split()[0] for part in fir["acts_sections"].split("; ")} & {"IPC", "BNS"}
        assert penal <= ({"BNS"} if registered.date() >= BNS_FROM else {"IPC"})
    assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in serials.values())
    assert {fir["information_type"] for fir in firs} >= {"written", "oral"}
    assert {fir["status"] for fir in firs} >= {"disposed", "final_report_undetected", "charge_sheeted", "sent_to_court"}

    keys = {person["person_key"] for person in persons}
    fir_keys = {(fir["station_code"], fir["year"], fir["serial"]) for fir in firs}
    assert len(keys) == len(persons)
    for party in parties:
        assert int(party["person_key"]) in keys and (party["station_code"], party["year"], party["serial"]) in fir_keys
        assert (party["role"] == "accused") == bool(party["accused_number"])
        assert not party["mobile_as_given"] or MOBILE.match(party["mobile_as_given"])
    complainants = [party for party in parties if party["role"] == "complainant"]
    assert len(complainants) == len(firs)
    assert sum(1 for party in complainants if party["mobile_as_given"]) > 0.6 * len(complainants)
    mobiles = [number for person in persons for number in person["mobiles"]]
    assert mobiles and all(MOBILE.match(number) for number in mobiles)
    scripts = Counter(person["name_script"] for person in persons)
    assert scripts["devanagari"] > 0.1 * len(persons) and scripts["latin"] > 0.3 * len(persons)

    vehicles = read_csv(files / "fir_properties.csv")
    registrations = [item["vehicle_registration"] for item in vehicles if item["kind"] == "vehicle"]
    assert registrations and all(re.match(r"^BR[0-9]{2}[A-Z]{1,2}[0-9]{4}$", number) for number in registrations)


def test_repeat_offenders_appear_in_several_districts_under_variant_spellings(files: Path) -> None:
    persons = {
        person["person_key"]: person
        for person in map(json.loads, (files / "persons.jsonl").read_text(encoding="utf-8").splitlines())
    }
    records: dict[int, list[tuple[str, str, int, str]]] = defaultdict(list)
    for party in read_csv(files / "fir_parties.csv"):
        if party["role"] == "accused":
            person = persons[int(party["person_key"])]
            records[person["synthetic_identity"]].append(
                (party["station_code"].split("-")[0], person["name"], person["age_years"], person["age_recorded_on"])
            )
    travelling = [
        appearances
        for appearances in records.values()
        if len({district for district, *_ in appearances}) >= 2 and len({name for _, name, *_ in appearances}) >= 2
    ]
    assert len(travelling) >= 5
    for appearances in (found for found in records.values() if len(found) >= 2):
        # Ages move with the years between records, give or take the two years people misstate.
        births = [int(recorded[:4]) - age for _, _, age, recorded in appearances]
        assert max(births) - min(births) <= 6


def test_district_shares_follow_the_profile(inputs: Inputs) -> None:
    generator = Generator(inputs, 6_000, seed=3)
    counts = Counter(cell.station.district.code for cell in generator.cells for _ in range(cell.count))
    expected = inputs.plan.district_weight
    distance = sum(abs(counts[code] / 6_000 - share) for code, share in expected.items()) / 2
    assert distance < 0.05
    assert counts.most_common(1)[0][0] == max(expected, key=expected.__getitem__)


def test_profile_covers_the_reference_districts_and_crime_heads() -> None:
    from sample_data.profile import crime_head_mix

    mix = crime_head_mix()
    assert abs(sum(mix.values()) - 1) < 1e-9 and mix["PROHIBITION_EXCISE"] > 0.1 and mix["HURT"] > mix["MURDER"]
    shares = district_shares()
    assert len(shares) == 44 and abs(sum(shares.values()) - 1) < 1e-9
    assert set(shares) <= {district.code for district in load_reference().districts}


# -- database -----------------------------------------------------------------------------------------------


@contextmanager
def throwaway_database(database_url: str, name: str) -> Iterator[Engine]:
    """A new database on the test server, migrated and loaded with reference data; dropped afterwards. Its name
    starts with the test database's, so parallel runs on one server never share one."""
    name = scratch_name(database_url, name)
    server = sqlalchemy_url(database_url).set(database="postgres")
    admin = create_db_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = create_db_engine(server.set(database=name))
    try:
        upgrade_schema(engine)
        from records.reference.load import load_reference_data

        with Session(engine) as session, session.begin():
            load_reference_data(session)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def loaded(database_url: str) -> Iterator[tuple[Engine, dict[str, int]]]:
    """A throwaway database with 2,000 generated FIRs, every foreign key checked on the way in."""
    with throwaway_database(database_url, THROWAWAY_DATABASE) as engine:
        report = generate_into_database(engine, 2_000, seed=5, parallel=False, check_foreign_keys=True)
        yield engine, report.rows


def scalar(engine: Engine, query: str) -> object:
    with engine.connect() as connection:
        return connection.execute(sa.text(query)).scalar()


def test_database_load_matches_the_report_and_marks_everything_synthetic(
    loaded: tuple[Engine, dict[str, int]],
) -> None:
    engine, rows = loaded
    for table, count in rows.items():
        assert scalar(engine, f"SELECT count(*) FROM {table}") == count, table
    assert rows["fir"] == 2_000 and rows["person"] > 2_000 and rows["fir_status_change"] > 2_000
    assert scalar(engine, "SELECT count(*) FROM fir WHERE NOT is_synthetic") == 0
    assert scalar(engine, "SELECT count(*) FROM person WHERE NOT is_synthetic OR synthetic_identity IS NULL") == 0
    assert scalar(engine, "SELECT count(*) FROM police_station WHERE is_synthetic") > 900
    assert scalar(engine, "SELECT count(*) FROM person_mobile WHERE number !~ '^[6-9][0-9]{9}$'") == 0
    assert scalar(engine, "SELECT count(*) FROM outbox") == 0


def test_database_serials_have_no_gaps_and_counters_end_at_the_last(loaded: tuple[Engine, dict[str, int]]) -> None:
    engine, _ = loaded
    gaps = """SELECT count(*) FROM (SELECT station_id, year, count(*) AS n, min(serial) AS low, max(serial) AS high
              FROM fir GROUP BY station_id, year) s WHERE low <> 1 OR high <> n"""
    assert scalar(engine, gaps) == 0
    mismatched = """SELECT count(*) FROM fir_number_counter c FULL JOIN
                    (SELECT station_id, year, max(serial) AS high FROM fir GROUP BY 1, 2) f USING (station_id, year)
                    WHERE c.last_serial IS DISTINCT FROM f.high"""
    assert scalar(engine, mismatched) == 0


def test_database_cites_ipc_before_july_2024_and_bns_after(loaded: tuple[Engine, dict[str, int]]) -> None:
    engine, _ = loaded
    wrong = """SELECT count(*) FROM fir f JOIN fir_section fs ON fs.fir_id = f.id JOIN section s ON s.id = fs.section_id
               JOIN act a ON a.id = s.act_id
               WHERE (a.code = 'IPC' AND f.registered_at >= '2024-07-01 00:00+05:30')
                  OR (a.code = 'BNS' AND f.registered_at < '2024-07-01 00:00+05:30')"""
    assert scalar(engine, wrong) == 0
    out_of_force = """SELECT count(*) FROM fir f JOIN fir_section fs ON fs.fir_id = f.id
                      JOIN section s ON s.id = fs.section_id JOIN act a ON a.id = s.act_id
                      CROSS JOIN LATERAL (SELECT (f.registered_at AT TIME ZONE 'Asia/Kolkata')::date AS day) d
                      WHERE d.day < a.in_force_from OR d.day > a.in_force_until"""
    assert scalar(engine, out_of_force) == 0
    assert scalar(engine, "SELECT count(DISTINCT a.code) FROM fir_section fs JOIN section s ON s.id = fs.section_id "
                          "JOIN act a ON a.id = s.act_id WHERE a.code IN ('IPC', 'BNS')") == 2  # fmt: skip


def test_database_has_the_same_person_in_several_districts_under_different_names(
    loaded: tuple[Engine, dict[str, int]],
) -> None:
    engine, _ = loaded
    query = """SELECT count(*) FROM (
                 SELECT p.synthetic_identity FROM person p JOIN fir_party fp ON fp.person_id = p.id
                 JOIN fir f ON f.id = fp.fir_id JOIN police_station s ON s.id = f.station_id
                 WHERE fp.role = 'accused' GROUP BY p.synthetic_identity
                 HAVING count(DISTINCT s.district_id) >= 2 AND count(DISTINCT p.name) >= 2) t"""
    assert scalar(engine, query) >= 3


def test_a_second_generation_continues_the_numbering(loaded: tuple[Engine, dict[str, int]]) -> None:
    engine, _ = loaded
    before = scalar(engine, "SELECT count(*) FROM fir")
    report = generate_into_database(engine, 300, seed=6, parallel=False)
    assert report.stations_created == 0
    assert scalar(engine, "SELECT count(*) FROM fir") == before + 300
    gaps = """SELECT count(*) FROM (SELECT station_id, year, count(*) AS n, max(serial) AS high FROM fir
              GROUP BY 1, 2) s WHERE high <> n"""
    assert scalar(engine, gaps) == 0
    mismatched = """SELECT count(*) FROM fir_number_counter c JOIN (SELECT station_id, year, max(serial) AS high
                    FROM fir GROUP BY 1, 2) f USING (station_id, year) WHERE c.last_serial <> f.high"""
    assert scalar(engine, mismatched) == 0


@pytest.mark.parametrize("focus", [None, Focus("VAISHALI", 2025, 0.06, 0.003)], ids=["state", "demo_focus"])
def test_worker_processes_load_the_same_rows_with_the_same_ids(database_url: str, focus: Focus | None) -> None:
    """Two spawned workers making alternate chunks give the very database one process gives (with the demo's
    focus district too: the workers once rebuilt the generator without it and spread the FIRs state-wide)."""
    fingerprints, in_focus = [], []
    for parallel in (False, True):
        with throwaway_database(database_url, f"{THROWAWAY_DATABASE}_{int(parallel)}") as engine:
            inputs = Inputs.build(load_reference(), district_shares(), DEFAULT_TODAY, focus)
            generator = Generator(inputs, 1_200, seed=9, chunk_firs=400)
            load(engine, generator, parallel=parallel)
            fingerprints.append(
                [
                    scalar(engine, f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t")
                    for table in ("fir", "person", "fir_party", "fir_status_change", "person_address", "arrest")
                ]
            )
            in_focus.append(
                scalar(
                    engine,
                    "SELECT count(*) FROM fir f JOIN police_station s ON s.id = f.station_id "
                    "JOIN police_district d ON d.id = s.district_id WHERE d.code = 'VAISHALI'",
                )
            )
    assert fingerprints[0] == fingerprints[1]
    if focus is not None:
        assert min(in_focus) > 1_200 * 0.6  # most FIRs in the focus district, however they were made
