"""Conversion of the generator's export, pinned to the generator's own data: every staged FIR, person, party and
property item says what the generator made (and the rows refused are the ones the generator got wrong), whether
converted here or by worker processes that read the files themselves; and the workers hand every batch over in
order, refuse a person key an earlier batch gave, and create a station two of them meet once."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from ingest.legacy import conversion_pool
from ingest.legacy.batch import ConvertedBatch, convert_batch
from ingest.legacy.conversion_pool import ConversionWorkers, SourceFile, WorkerSetup
from ingest.legacy.inputs import resolve_inputs
from ingest.legacy.job import ImportRun
from ingest.legacy.lookups import Lookups
from ingest.legacy.profile import Profile, load_profile
from ingest.legacy.readers import guess_format, read_batches
from ingest.legacy.rows.converter import RowConverter
from ingest.legacy.rows.firs import COURT_NOT_NAMED
from people.identifiers import normalise_imei, normalise_mobile, normalise_vehicle_registration
from sample_data import Generator, default_inputs, generate_to_files
from sample_data.law import citation_text
from sample_data.rows import Chunk

FIRS, SEED, BATCH_ROWS = 300, 7, 400


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Chunk]]:
    """The export's files, and the generator's data they were written from (person keys numbered as written)."""
    out = tmp_path_factory.mktemp("export")
    generate_to_files(out, FIRS, SEED)
    chunks = list(Generator(default_inputs(), FIRS, SEED).chunks())
    offset = 0
    for chunk in chunks:
        for person in chunk.persons:
            person.key += offset
        offset += len(chunk.persons)
    return out, chunks


Batches = dict[str, list[ConvertedBatch]]


def convert_here(engine: sa.Engine, export: Path, profile: Profile, rows: int = BATCH_ROWS) -> Batches:
    """Every file converted in this process, as a check does."""
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        connection.autocommit = True
        with connection.cursor() as cursor:
            converter = RowConverter(profile, Lookups.load(cursor, profile.stations, profile.sections.act_aliases))
            result: Batches = {}
            for item in resolve_inputs(export, profile):
                seen: set[str] = set()
                result[item.name] = [
                    convert_batch(cursor, item.kind, batch, converter, seen)
                    for batch in read_batches(item.path, guess_format(item.path), rows)
                ]
            return result
    finally:
        raw.close()


def convert_in_workers(
    engine: sa.Engine, export: Path, profile: Profile, workers: int, rows: int, stations_up_to: int
) -> Batches:
    """Every file converted by ``workers`` processes, which know the stations of ids up to ``stations_up_to``
    when they start (those the import began with)."""
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    files = [SourceFile(i.name, i.kind, i.path, guess_format(i.path), 0) for i in resolve_inputs(export, profile)]
    result: Batches = {file.name: [] for file in files}
    seen: dict[str, set[str]] = {file.name: set() for file in files}
    setup = WorkerSetup(url, profile, None, files, rows, os.getpid(), stations_up_to)
    with ConversionWorkers(setup, workers) as converting:
        for batch in converting.batches():
            result[batch.file].append(batch.converted(seen[batch.file]))
    return result


def problems(batches: list[ConvertedBatch]) -> dict[int, list[dict[str, str]]]:
    return {number: [p.as_dict() for p in found] for batch in batches for number, found in batch.rejects.items()}


def staged(batches: list[ConvertedBatch], kind: str) -> list[Any]:
    return [row for batch in batches for row in getattr(batch.staged, kind)]


def same(here: Batches, there: Batches) -> None:
    assert here.keys() == there.keys()
    for name in here:
        assert [[row.number for row in b.rows] for b in here[name]] == [
            [row.number for row in b.rows] for b in there[name]
        ]
        assert problems(here[name]) == problems(there[name])
        for kind in ("firs", "persons", "parties", "properties"):
            assert staged(here[name], kind) == staged(there[name], kind), (name, kind)


def ids(engine: sa.Engine, table: str) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.execute(sa.text(f"SELECT code, id FROM {table}")).all())


def section_ids(engine: sa.Engine) -> dict[tuple[str, str], int]:
    query = "SELECT a.code, upper(replace(s.number, ' ', '')), s.id FROM section s JOIN act a ON a.id = s.act_id"
    with engine.connect() as connection:
        return {(act, number): id_ for act, number, id_ in connection.execute(sa.text(query))}


def test_the_generators_export_converts_to_what_the_generator_made(
    export: tuple[Path, list[Chunk]], scratch_database: Any
) -> None:
    folder, chunks = export
    engine = scratch_database("convert_pinned")
    profile = load_profile("cctns-export")
    known_stations = ids(engine, "police_station")  # the persons file is read before the FIR file creates stations
    here = convert_here(engine, folder, profile)
    stations, districts, sections = ids(engine, "police_station"), ids(engine, "police_district"), section_ids(engine)
    firs = [fir for chunk in chunks for fir in chunk.firs]
    persons = [person for chunk in chunks for person in chunk.persons]

    # the FIRs refused are the generator's: an offence before 1 July 2024 cited under the BNS
    refused = problems(here["firs.csv"])
    for number, found in refused.items():
        fir = firs[number - 2]
        assert {p["reason"] for p in found} == {"act_not_in_force"}
        assert any(act == "BNS" for act, _ in fir.sections) and fir.occurrence_from.date().isoformat() < "2024-07-01"
    expected_firs = [
        (
            stations[fir.station_code], fir.year, fir.position, fir.registered_at, fir.occurrence_from,
            fir.occurrence_to, fir.info_received_at, fir.gd_entry_number, fir.information_type, fir.place_address,
            Decimal(fir.place_distance_km), fir.place_direction, fir.beat, fir.brief_facts,
            None if fir.property_value_total is None else Decimal(fir.property_value_total), fir.delay_reason,
            fir.io_name, fir.io_rank, fir.status, True,
            list(dict.fromkeys(sections[act, number.replace(" ", "").upper()] for act, number in fir.sections)),
            citation_text(fir.sections), fir.crime_head, fir.status,
            stations.get(fir.transferred_to_station_code or ""), fir.final_report.kind if fir.final_report else None,
            fir.final_report.submitted_on if fir.final_report else None,
            fir.court_disposals[0].result if fir.court_disposals else None,
            fir.court_disposals[0].disposed_on if fir.court_disposals else None,
            COURT_NOT_NAMED if fir.court_disposals else None,
        )
        for number, fir in enumerate(firs, start=2)
        if number not in refused
    ]  # fmt: skip
    got_firs = [
        (
            f.station_id, f.year, f.serial, f.registered_at, f.occurrence_from, f.occurrence_to, f.info_received_at,
            f.gd_entry_number, f.information_type, f.place_address, f.place_distance_km, f.place_direction, f.beat,
            f.brief_facts, f.property_value_total, f.delay_reason, f.io_name, f.io_rank, f.status, f.is_synthetic,
            f.section_ids, f.sections_as_given, f.crime_head_as_given, f.status_as_given,
            f.transferred_to_station_id, f.report_kind, f.report_on, f.court_result, f.court_on, f.court,
        )
        for f in staged(here["firs.csv"], "firs")
    ]  # fmt: skip
    assert len(got_firs) == FIRS - len(refused) > 0
    assert got_firs == expected_firs

    assert not problems(here["persons.jsonl"])
    expected_persons = [
        (
            str(p.key), p.name, p.name_script, p.relative_name, p.relation_kind if p.relative_name else None,
            p.gender, p.age_years, p.age_recorded_on, p.identifying_marks, p.caste_category, p.is_wanted,
            p.is_proclaimed_offender, True, p.synthetic_identity, sorted(set(p.mobiles)),
            [(alias, script) for alias, script in p.aliases],
            [
                (a.kind, a.address, a.village_or_town, known_stations.get(a.station_code or ""),
                 districts.get(a.district_code or ""), a.pincode)
                for a in p.addresses
            ],
        )
        for p in persons
    ]  # fmt: skip
    got_persons = [
        (
            p.key, p.name, p.name_script, p.relative_name, p.relation_kind, p.gender, p.age_years,
            p.age_recorded_on, p.identifying_marks, p.caste_category, p.is_wanted, p.is_proclaimed_offender,
            p.is_synthetic, p.synthetic_identity, p.mobiles, [tuple(a) for a in p.aliases],
            [(a.kind, a.address, a.village_or_town, a.police_station_id, a.district_id, a.pincode)
             for a in p.addresses],
        )
        for p in staged(here["persons.jsonl"], "persons")
    ]  # fmt: skip
    assert got_persons == expected_persons

    assert not problems(here["fir_parties.csv"])
    expected_parties = [
        (
            stations[fir.station_code], fir.year, fir.position, str(party.person.key), party.role,
            party.accused_number if party.role == "accused" else None, party.name_as_given,
            party.person.relative_name, party.person.age_years, party.address_as_given,
            normalise_mobile(party.mobile_as_given) if party.mobile_as_given else None,
            (party.arrest_kind or "arrest") if party.arrested_at else None, party.arrested_at,
        )
        for fir in firs
        for party in fir.parties
    ]  # fmt: skip
    assert [tuple(p)[1:] for p in staged(here["fir_parties.csv"], "parties")] == expected_parties

    assert not problems(here["fir_properties.csv"])
    expected_properties = [
        (
            stations[fir.station_code], fir.year, fir.position, item.kind, item.description,
            None if item.value is None else Decimal(item.value),
            normalise_vehicle_registration(item.vehicle_registration) if item.vehicle_registration else None,
            item.vehicle_chassis, item.vehicle_engine, item.vehicle_make_model,
            normalise_imei(item.mobile_imei) if item.mobile_imei else None,
        )
        for fir in firs
        for item in fir.properties
    ]  # fmt: skip
    assert [tuple(p)[1:] for p in staged(here["fir_properties.csv"], "properties")] == expected_properties

    # worker processes reading the files themselves give the same batches, one worker or two taking turns
    for workers in (1, 2):
        same(here, convert_in_workers(engine, folder, profile, workers, BATCH_ROWS, max(known_stations.values())))


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_create_stations_in_the_order_of_the_rows_and_refuse_a_key_an_earlier_batch_gave(
    workers: int, tmp_path: Path, scratch_database: Any
) -> None:
    profile = load_profile("cctns-export")
    folder = tmp_path / "export"
    generate_to_files(folder, 60, SEED)
    with (folder / "persons.jsonl").open(encoding="utf-8") as handle:
        lines = handle.readlines()
    repeated = json.loads(lines[0])
    repeated["name"] = "Someone Else"
    (folder / "persons.jsonl").write_text("".join(lines) + json.dumps(repeated) + "\n", encoding="utf-8")

    # Batches of 10 rows: two workers take turns, each meeting new stations of the FIR file, and the party rows
    # (which name no district) find the stations the other created.
    here_database, there_database = scratch_database("convert_here"), scratch_database("convert_there")
    before = ids(there_database, "police_station")
    here = convert_here(here_database, folder, profile, rows=10)
    there = convert_in_workers(there_database, folder, profile, workers, 10, max(before.values()))
    stations = ids(there_database, "police_station")
    assert stations == ids(here_database, "police_station") and len(stations) > len(before)  # same ids, once each
    same(here, there)

    last = len(lines) + 1  # the repeated key's row: refused, and kept as read for the rejects file
    assert problems(there["persons.jsonl"]) == {
        last: [{"reason": "duplicate_in_file", "field": "key",
                "message": f"person key {str(repeated['person_key'])!r} appears twice"}]
    }  # fmt: skip
    row = next(row for batch in there["persons.jsonl"] for row in batch.rows if row.number == last)
    assert row.values == repeated


@pytest.mark.parametrize("workers", [0, 1])
def test_an_import_of_several_batches_converts_in_workers_and_ends_as_one_converting_here(
    workers: int, export: tuple[Path, list[Chunk]], scratch_database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = export
    profile = load_profile("cctns-export")
    monkeypatch.setattr(conversion_pool, "CONVERT_WORKERS", workers)  # 0: in a thread of the writer's process
    counts = {}
    for name, batch_rows in (("one_batch", 10**6), ("batches", BATCH_ROWS)):
        engine = scratch_database(name)
        report = ImportRun(engine, folder, profile, batch_rows=batch_rows).run()
        with engine.connect() as connection:
            counts[name] = (
                # how many went the bulk way depends on batch boundaries: an FIR's parties split by one are merged
                {key: value for key, value in report.totals.as_dict().items() if key != "bulk"},
                sorted(report.created_stations),
                connection.execute(sa.text("SELECT count(*) FROM fir")).scalar_one(),
                connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one(),
                connection.execute(sa.text("SELECT count(*) FROM fir_party")).scalar_one(),
                connection.execute(sa.text("SELECT count(*) FROM police_station")).scalar_one(),
            )
    assert counts["batches"] == counts["one_batch"]
