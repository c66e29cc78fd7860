"""Write a generation as CSV and JSON Lines, the shape of our own export (formats in ``sample_data``)."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from typing import Any

from records.spreadsheet_cells import safe_row
from sample_data.firs import Generator
from sample_data.law import citation_text
from sample_data.report import GenerationReport
from sample_data.rows import FirRow, PersonRow

FIR_COLUMNS = (
    "station_code", "district_code", "year", "serial", "registered_at", "occurrence_from", "occurrence_to",
    "info_received_at", "gd_entry_number", "information_type", "place_address", "place_distance_km",
    "place_direction", "beat", "acts_sections", "crime_head", "property_value_total", "delay_reason", "io_name",
    "io_rank", "status", "final_report_kind", "final_report_on", "court_result", "court_disposed_on",
    "transferred_to_station_code", "brief_facts", "is_synthetic",
)  # fmt: skip
PARTY_COLUMNS = (
    "station_code", "year", "serial", "person_key", "role", "accused_number", "name_as_given",
    "relative_name_as_given", "age_as_given", "address_as_given", "mobile_as_given", "arrest_kind", "arrested_at",
)  # fmt: skip
PROPERTY_COLUMNS = (
    "station_code", "year", "serial", "kind", "description", "value", "vehicle_registration", "vehicle_chassis",
    "vehicle_engine", "vehicle_make_model", "mobile_imei",
)  # fmt: skip
FILES = ("firs.csv", "persons.jsonl", "fir_parties.csv", "fir_properties.csv")


def _iso(value: datetime | date | None) -> str:
    return "" if value is None else value.isoformat()


def _blank(value: object) -> object:
    return "" if value is None else value


def fir_record(fir: FirRow) -> list[object]:
    report = fir.final_report
    disposal = fir.court_disposals[0] if fir.court_disposals else None
    return [
        fir.station_code, fir.district_code, fir.year, fir.position, _iso(fir.registered_at),
        _iso(fir.occurrence_from), _iso(fir.occurrence_to), _iso(fir.info_received_at), fir.gd_entry_number,
        fir.information_type, fir.place_address, fir.place_distance_km, fir.place_direction, fir.beat,
        citation_text(fir.sections), fir.crime_head, _blank(fir.property_value_total), _blank(fir.delay_reason),
        fir.io_name, fir.io_rank, fir.status, report.kind if report else "",
        _iso(report.submitted_on if report else None),
        disposal.result if disposal else "", _iso(disposal.disposed_on if disposal else None),
        _blank(fir.transferred_to_station_code), fir.brief_facts, "true",
    ]  # fmt: skip


def person_record(person: PersonRow) -> dict[str, Any]:
    return {
        "person_key": person.key,
        "synthetic_identity": person.synthetic_identity,
        "name": person.name,
        "name_script": person.name_script,
        "relative_name": person.relative_name,
        "relation_kind": person.relation_kind,
        "gender": person.gender,
        "age_years": person.age_years,
        "age_recorded_on": _iso(person.age_recorded_on) or None,
        "identifying_marks": person.identifying_marks,
        "caste_category": person.caste_category,
        "is_wanted": person.is_wanted,
        "is_proclaimed_offender": person.is_proclaimed_offender,
        "is_synthetic": True,
        "aliases": [{"alias": alias, "script": script} for alias, script in person.aliases],
        "addresses": [
            {
                "kind": address.kind,
                "address": address.address,
                "village_or_town": address.village_or_town,
                "station_code": address.station_code,
                "district_code": address.district_code,
                "pincode": address.pincode,
            }
            for address in person.addresses
        ],
        "mobiles": list(person.mobiles),
    }


def write(out_dir: Path, generator: Generator, progress: Callable[[int, int], None] | None = None) -> GenerationReport:
    """Write ``generator``'s FIRs into ``out_dir`` (created if missing; the four files are replaced)."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    report = GenerationReport(firs=generator.firs, seed=generator.seed, rows=dict.fromkeys(FILES, 0))
    with ExitStack() as stack:
        handles = {
            name: stack.enter_context((out_dir / name).open("w", encoding="utf-8", newline="")) for name in FILES
        }
        firs = csv.writer(handles["firs.csv"], lineterminator="\n")
        parties = csv.writer(handles["fir_parties.csv"], lineterminator="\n")
        properties = csv.writer(handles["fir_properties.csv"], lineterminator="\n")
        persons = handles["persons.jsonl"]
        firs.writerow(FIR_COLUMNS)
        parties.writerow(PARTY_COLUMNS)
        properties.writerow(PROPERTY_COLUMNS)
        done = offset = 0
        for chunk in generator.chunks():
            for person in chunk.persons:
                person.key += offset
            offset += len(chunk.persons)
            persons.write("".join(json.dumps(person_record(p), ensure_ascii=False) + "\n" for p in chunk.persons))
            firs.writerows(safe_row(fir_record(fir)) for fir in chunk.firs)
            party_rows, property_rows = [], []
            for fir in chunk.firs:
                key = (fir.station_code, fir.year, fir.position)
                for party in fir.parties:
                    person = party.person
                    party_rows.append([
                        *key, person.key, party.role, _blank(party.accused_number), party.name_as_given,
                        _blank(person.relative_name), _blank(person.age_years), _blank(party.address_as_given),
                        _blank(party.mobile_as_given), _blank(party.arrest_kind), _iso(party.arrested_at),
                    ])  # fmt: skip
                for item in fir.properties:
                    property_rows.append([
                        *key, item.kind, item.description, _blank(item.value), _blank(item.vehicle_registration),
                        _blank(item.vehicle_chassis), _blank(item.vehicle_engine), _blank(item.vehicle_make_model),
                        _blank(item.mobile_imei),
                    ])  # fmt: skip
            parties.writerows(map(safe_row, party_rows))
            properties.writerows(map(safe_row, property_rows))
            report.rows["firs.csv"] += len(chunk.firs)
            report.rows["persons.jsonl"] += len(chunk.persons)
            report.rows["fir_parties.csv"] += len(party_rows)
            report.rows["fir_properties.csv"] += len(property_rows)
            done += len(chunk.firs)
            if progress is not None:
                progress(done, generator.firs)
    report.seconds = time.perf_counter() - started
    return report
