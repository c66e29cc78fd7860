"""What happened after registration, imported from our own export: property items (vehicles found by their number
in search), arrests, final reports, court results and transfers, with the status history the FIR API would write.
Imported exactly as the generator writes the same FIRs straight into a database; rejected with the field and the
value when wrong; replaced as a set, never doubled, when imported again."""

from __future__ import annotations

import csv
import itertools
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cases.states import TRANSITIONS
from indexes.embedded import TantivyEngine
from indexes.searchbox import Filters, fir_request, interpret
from indexes.sync import drain_outbox
from ingest.legacy.converters.dates import IST
from ingest.legacy.history import UNDATED_NOTE
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import load_profile, parse_profile
from ingest.legacy.rejects import write_rejects_csv
from records.models import FirStatus
from records.rollups import rebuild_rollups, refresh_rollups
from sample_data import generate_into_database, generate_to_files

SEED = 9  # 160 FIRs of this seed have every kind of record, transfers too
KEY = "ps.code, f.year, f.serial"
FIRS = "JOIN fir f ON f.id = x.fir_id JOIN police_station ps ON ps.id = f.station_id"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    generate_to_files(folder, 160, seed=SEED)
    return folder


def fir_id_of(connection: sa.Connection, row: dict[str, str]) -> int:
    """The id of the FIR an export row names by station code, year and serial."""
    found: int = connection.execute(
        sa.text(
            "SELECT f.id FROM fir f JOIN police_station ps ON ps.id = f.station_id "
            "WHERE ps.code = :code AND f.year = :year AND f.serial = :serial"
        ),
        {"code": row["station_code"], "year": int(row["year"]), "serial": int(row["serial"])},
    ).scalar_one()
    return found


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def copy_export(export: Path, to: Path) -> Path:
    to.mkdir()
    for path in export.iterdir():
        (to / path.name).write_bytes(path.read_bytes())
    return to


def case_records(engine: sa.Engine) -> dict[str, dict[tuple[Any, ...], Any]]:
    """Per FIR (station code, year, serial): status, history, final report, court results, items, arrests,
    transfer; lists sorted so that the order rows were written in does not matter."""
    queries = {
        "status": f"SELECT {KEY}, f.status FROM fir f JOIN police_station ps ON ps.id = f.station_id",
        "history": f"SELECT {KEY}, x.from_status, x.to_status, x.changed_at, x.note FROM fir_status_change x {FIRS} "
        "ORDER BY x.id",
        "final_report": f"SELECT {KEY}, x.kind, x.submitted_on FROM final_report x {FIRS}",
        "court": f"SELECT DISTINCT {KEY}, x.result, x.disposed_on FROM court_disposal x {FIRS}",
        "items": f"SELECT {KEY}, x.kind, x.description, x.value, x.vehicle_registration, x.vehicle_chassis, "
        f"x.vehicle_engine, x.vehicle_make_model, x.mobile_imei FROM fir_property x {FIRS}",
        "arrests": f"SELECT {KEY}, x.kind, x.at FROM arrest x {FIRS}",
        "transfer": f"SELECT {KEY}, t.code FROM fir f JOIN police_station ps ON ps.id = f.station_id "
        "JOIN police_station t ON t.id = f.transferred_to_station_id",
    }
    found: dict[str, dict[tuple[Any, ...], Any]] = {}
    with engine.connect() as connection:
        for name, query in queries.items():
            per_fir: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
            for row in connection.execute(sa.text(query)):
                per_fir[tuple(row[:3])].append(tuple(row[3:]) if len(row) > 4 else row[3])
            found[name] = {
                key: values if name == "history" else sorted(values, key=repr) for key, values in per_fir.items()
            }
    return found


def test_our_export_imports_as_the_generator_writes_the_same_firs(
    clean: sa.Engine, export: Path, scratch_database: Any
) -> None:
    report = ImportRun(clean, export, load_profile("cctns-export"), batch_rows=64).run()
    assert report.not_read == []
    for name, counts in report.files.items():
        assert counts.read == counts.accepted + counts.rejected, name
    _, property_rows = read_csv(export / "fir_properties.csv")
    assert report.files["fir_properties.csv"].read == len(property_rows) > 20
    imported = case_records(clean)

    direct = scratch_database("case_direct")
    generate_into_database(direct, 160, seed=SEED)
    generated = case_records(direct)

    firs = set(imported["status"])
    assert len(firs) >= 150 and firs <= set(generated["status"])
    for name in ("status", "final_report", "court", "items", "arrests", "transfer"):
        assert {k: v for k, v in generated[name].items() if k in firs} == imported[name], name
    assert sum(len(items) for items in imported["items"].values()) > 20
    assert imported["arrests"] and imported["court"] and imported["transfer"]
    assert {row[0] for items in imported["items"].values() for row in items} >= {"vehicle", "cash"}
    for fir in firs:
        history, made = imported["history"][fir], generated["history"][fir]
        # the same steps as the generator (and the FIR API) takes, each one the state machine allows
        assert [step[1] for step in history] == [step[1] for step in made], fir
        assert history[0][0] is None and history[-1][1] == imported["status"][fir][0]
        for before, after in itertools.pairwise(history):
            assert after[0] == before[1] and FirStatus(after[1]) in TRANSITIONS[FirStatus(before[1])]
            assert after[2] >= before[2]
        for step, made_step in zip(history, made, strict=True):
            if not step[3].startswith(UNDATED_NOTE):  # a step the export dates falls on the day it happened
                assert step[2].astimezone(IST).date() == made_step[2].astimezone(IST).date(), (fir, step)


def test_search_finds_an_imported_fir_by_its_vehicle_number(clean: sa.Engine, export: Path, tmp_path: Path) -> None:
    ImportRun(clean, export, load_profile("cctns-export")).run()
    _, items = read_csv(export / "fir_properties.csv")
    vehicle = next(item for item in items if item["vehicle_registration"])
    search = TantivyEngine(tmp_path / "index")
    search.ensure_ready()
    try:
        drain_outbox(clean, search)
        with clean.connect() as connection:
            fir_id = fir_id_of(connection, vehicle)
        number = vehicle["vehicle_registration"]
        spaced = f"{number[:2]} {number[2:4]} {number[4:-4]} {number[-4:]}"  # as an officer types it
        for query in (number, spaced.lower()):
            request = fir_request(interpret(query), Filters())
            assert request is not None
            response = search.search(request)
            assert fir_id in [hit.document["fir_id"] for hit in response.hits], query
    finally:
        search.close()


def rejects_of(engine: sa.Engine, job_id: int, tmp_path: Path) -> dict[tuple[str, str], dict[str, str]]:
    out = tmp_path / "rejects.csv"
    write_rejects_csv(engine, job_id, out)
    _, rows = read_csv(out)
    return {(row["file"], row["source_row"]): row for row in rows}


def test_each_wrong_value_is_rejected_naming_the_field_and_the_value(
    clean: sa.Engine, export: Path, tmp_path: Path
) -> None:
    folder = copy_export(export, tmp_path / "bad")
    fir_header, firs = read_csv(folder / "firs.csv")
    party_header, parties = read_csv(folder / "fir_parties.csv")
    item_header, items = read_csv(folder / "fir_properties.csv")
    template = next(row for row in firs if row["status"] == "disposed" and row["court_result"])
    base = int(max(int(row["serial"]) for row in firs if row["station_code"] == template["station_code"]))

    def fir(offset: int, **changes: str) -> dict[str, str]:
        return template | {"serial": str(base + offset)} | changes

    bad_firs = [
        (fir(1, court_result="hung jury"), "unknown_court_result", "court_result", "'hung jury'"),
        (fir(2, final_report_kind="closure report"), "unknown_final_report_kind", "final_report_kind", "'closure"),
        (fir(3, status="final_report_false"), "status_conflict", "status", "final_report_false"),
        (fir(4, final_report_on="2001-01-01"), "date_order", "final_report_on", "2001-01-01"),
        (fir(5, court_disposed_on=""), "missing_field", "court_disposed_on", "court_result is given"),
        (fir(6, transferred_to_station_code="NOWHERE-PS"), "status_conflict", "status", "NOWHERE-PS"),
    ]
    good = fir(7, status="", final_report_kind="FR True", court_result="", court_disposed_on="")
    write_csv(folder / "firs.csv", fir_header, [*firs, *(row for row, *_ in bad_firs), good])
    accused = next(row for row in parties if row["role"] == "accused")
    complainant = next(row for row in parties if row["role"] == "complainant")
    bad_parties = [
        (accused | {"arrest_kind": "detained"}, "unknown_arrest_kind", "arrest_kind", "'detained'"),
        (accused | {"arrested_at": ""}, "missing_field", "arrested_at", "arrest_kind is"),
        (complainant | {"arrest_kind": "arrest", "arrested_at": accused["arrested_at"] or "2019-05-01T10:00:00+05:30"},
         "bad_value", "arrest_kind", "complainant"),
    ]  # fmt: skip
    bad_parties[0][0]["arrested_at"] = bad_parties[0][0]["arrested_at"] or "2019-05-01T10:00:00+05:30"
    bad_parties[1][0]["arrest_kind"] = "surrender"
    write_csv(folder / "fir_parties.csv", party_header, [*parties, *(row for row, *_ in bad_parties)])
    item = items[0]
    bad_items = [
        (item | {"kind": "spaceship"}, "unknown_property_kind", "kind", "'spaceship'"),
        (item | {"serial": str(base + 500)}, "unknown_fir", "row", f"{base + 500}/"),
        (item | {"vehicle_registration": "BR01 #12"}, "bad_value", "vehicle_registration", "'BR01 #12'"),
        (item | {"mobile_imei": "12345"}, "bad_value", "mobile_imei", "'12345'"),
        (item | {"value": "-5"}, "bad_number", "value", "-5"),
    ]
    write_csv(folder / "fir_properties.csv", item_header, [*items, *(row for row, *_ in bad_items)])

    report = ImportRun(clean, folder, load_profile("cctns-export")).run()
    rejects = rejects_of(clean, report.job_id, tmp_path)
    for name, rows, bad in (
        ("firs.csv", firs, bad_firs),
        ("fir_parties.csv", parties, bad_parties),
        ("fir_properties.csv", items, bad_items),
    ):
        counts = report.files[name]
        assert counts.read == counts.accepted + counts.rejected, name
        for number, (_, reason, field, value) in enumerate(bad, start=len(rows) + 2):
            row = rejects[(name, str(number))]
            assert reason in row["reasons"].split(";"), (name, number, row["details"])
            assert f"{field}: " in row["details"] and value in row["details"], (name, number, row["details"])
    assert report.files["fir_properties.csv"].rejected == len(bad_items)
    with clean.connect() as connection:
        status, kind = connection.execute(
            sa.text(
                "SELECT f.status, r.kind FROM fir f JOIN police_station ps ON ps.id = f.station_id "
                "JOIN final_report r ON r.fir_id = f.id WHERE ps.code = :code AND f.serial = :serial"
            ),
            {"code": template["station_code"], "serial": base + 7},
        ).one()
    assert (status, kind) == ("final_report_undetected", "undetected")  # an empty status follows the final report


def property_rows(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return sorted(
            map(
                tuple,
                connection.execute(
                    sa.text(
                        f"SELECT {KEY}, x.kind, x.description, x.vehicle_registration, x.import_source "
                        f"FROM fir_property x {FIRS}"
                    )
                ),
            ),
            key=repr,
        )


def test_a_rerun_replaces_an_firs_items_as_a_set_and_never_doubles_them(
    clean: sa.Engine, export: Path, tmp_path: Path
) -> None:
    folder = copy_export(export, tmp_path / "items")
    header, items = read_csv(folder / "fir_properties.csv")
    first = items[0]
    extra = [first | {"kind": "other", "description": f"item {n}", "value": "", "vehicle_registration": ""}
             for n in range(3)]  # fmt: skip
    # four items of one FIR, at item rows 6 to 9: batches of 7 rows split them 2 + 2, batches of 4 rows 3 + 1
    items = [*items[1:6], first, *extra, *items[6:]]
    write_csv(folder / "fir_properties.csv", header, items)
    profile = load_profile("cctns-export")
    report = ImportRun(clean, folder, profile, batch_rows=7).run()
    assert report.files["fir_properties.csv"].inserted == len(items)
    once = property_rows(clean)
    assert len(once) == len(items)

    again = ImportRun(clean, folder, profile, batch_rows=4).run()  # other batch boundaries
    assert property_rows(clean) == once
    counts = again.files["fir_properties.csv"]
    assert (counts.inserted, counts.unchanged) == (0, len(items))

    # An item recorded here (not imported) stays; the file changes one FIR's items and drops another FIR's.
    def fir_of(item: dict[str, str]) -> tuple[str, str, str]:
        return item["station_code"], item["year"], item["serial"]

    second = next(item for item in items if fir_of(item) != fir_of(first))
    with clean.begin() as connection:
        fir_id = fir_id_of(connection, first)
        connection.execute(
            sa.text("INSERT INTO fir_property (fir_id, kind, description) VALUES (:f, 'other', 'found later')"),
            {"f": fir_id},
        )
    changed = [item | {"description": "item one, corrected"} if item["description"] == "item 1" else item
               for item in items if fir_of(item) != fir_of(second)]  # fmt: skip
    write_csv(folder / "fir_properties.csv", header, changed)
    ImportRun(clean, folder, profile, batch_rows=7).run()
    after = property_rows(clean)
    ours = [row for row in after if row[6] is not None]
    assert len(ours) == len(changed)
    assert [row for row in after if row[6] is None] == [
        (first["station_code"], int(first["year"]), int(first["serial"]), "other", "found later", None, None)
    ]

    def of_key(item: dict[str, str]) -> tuple[str, int, int]:
        return item["station_code"], int(item["year"]), int(item["serial"])

    def of(item: dict[str, str]) -> list[tuple[Any, ...]]:
        return [row for row in ours if row[:3] == of_key(item)]

    described = Counter(row[4] for row in of(first))
    assert described["item one, corrected"] == 1 and described["item 1"] == 0 and described["item 0"] == 1
    assert len(of(first)) == 4 and of(second) == []

    # With on_existing: skip, an FIR that has imported items keeps them, whatever the file now says.
    skip = parse_profile(profile.text.replace("on_existing: update", "on_existing: skip"), name_hint="skip")
    write_csv(folder / "fir_properties.csv", header, [item | {"description": "changed again"} for item in items])
    skipped = ImportRun(clean, folder, skip, batch_rows=7).run()
    seconds = [item for item in items if fir_of(item) == fir_of(second)]
    assert skipped.files["fir_properties.csv"].inserted == len(seconds) > 0  # an FIR without items gets its own
    assert property_rows(clean) == sorted(
        after + [(*row[:4], "changed again", *row[5:]) for row in once if row[:3] == of_key(second)], key=repr
    )


def test_a_later_import_moves_the_status_on_along_the_way_the_api_would(
    clean: sa.Engine, export: Path, tmp_path: Path
) -> None:
    folder = copy_export(export, tmp_path / "later")
    header, firs = read_csv(folder / "firs.csv")
    target = next(row for row in firs if row["status"] == "disposed" and row["court_result"])
    earlier = target | {"status": "under_investigation", "final_report_kind": "", "final_report_on": "",
                        "court_result": "", "court_disposed_on": ""}  # fmt: skip
    write_csv(folder / "firs.csv", header, [earlier if row is target else row for row in firs])
    profile = load_profile("cctns-export")
    ImportRun(clean, folder, profile).run()
    key = (target["station_code"], int(target["year"]), int(target["serial"]))
    before = case_records(clean)
    assert before["status"][key] == ["under_investigation"] and key not in before["final_report"]

    write_csv(folder / "firs.csv", header, firs)  # the register later says: charge sheet, then the court's result
    ImportRun(clean, folder, profile).run()
    after = case_records(clean)
    steps = [(step[0], step[1], step[3]) for step in after["history"][key]]
    assert steps == [
        (None, "registered", "imported from legacy records"),
        ("registered", "under_investigation", UNDATED_NOTE),
        ("under_investigation", "charge_sheeted", "final report: charge_sheet"),
        ("charge_sheeted", "sent_to_court", UNDATED_NOTE),
        ("sent_to_court", "disposed", f"court: {target['court_result']}"),
    ]
    disposed_at = after["history"][key][-1][2]
    assert disposed_at == datetime.fromisoformat(target["court_disposed_on"]).replace(tzinfo=IST)
    assert after["final_report"][key] == [("charge_sheet", datetime.fromisoformat(target["final_report_on"]).date())]
    assert after["court"][key][0][0] == target["court_result"]
    for name in after:  # every other FIR as it was
        assert {k: v for k, v in after[name].items() if k != key} == {
            k: v for k, v in before[name].items() if k != key
        }, name

    ImportRun(clean, folder, profile).run()  # again: nothing moves
    assert case_records(clean) == after

    # The dashboards' rollups were marked by what the imports wrote (status, arrests): refreshing them from the
    # marks gives what a full rebuild gives, with the moved FIR counted as disposed.
    def rollup_rows() -> list[tuple[Any, ...]]:
        with clean.connect() as connection:
            return sorted(map(tuple, connection.execute(sa.text("SELECT * FROM fir_rollup_day")).all()), key=repr)

    while refresh_rollups(clean).station_days:
        pass
    refreshed = rollup_rows()
    rebuild_rollups(clean)
    assert refreshed == rollup_rows()
    assert sum(row[-3] for row in refreshed if "disposed" in row) == sum(
        1 for statuses in after["status"].values() if statuses == ["disposed"]
    )
    with clean.connect() as connection:
        arrested = connection.execute(sa.text("SELECT count(DISTINCT (fir_id, person_id)) FROM arrest")).scalar()
    assert sum(row[-1] for row in refreshed) == arrested > 0  # imported arrests count as arrested accused
