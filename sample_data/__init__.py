"""Deterministic sample data shaped like Bihar: ``cctns generate --firs N --seed S [--out DIR]``.

Public API (what the command line calls)::

    generate_into_database(engine, firs, seed, progress=None) -> GenerationReport
    generate_to_files(out_dir, firs, seed, progress=None) -> GenerationReport

Both take ``today`` (default ``2026-11-01``; ``cctns demo`` passes the real date in IST): FIRs are registered
from 1 January 2008 up to the day before it. ``inputs=default_inputs(today, focus)`` generates one district at
its real volume and the rest of the state thinner (``profile.Focus``, what ``cctns demo`` does). Same seed, N
and ``today`` give byte-identical files and identical database rows (ids included when
loaded into an empty database). Every FIR, person and created station is marked ``is_synthetic``; each person
row carries ``synthetic_identity``, the id of the real person it stands for (repeat offenders appear under
several spellings in several districts: the ground truth for person matching). How the database load works
(one transaction, COPY, counters, ids, no outbox rows) is in ``writer_db``; what the data looks like and
where the figures come from is in ``firs``, ``people``, ``profile`` and ``stations``.

File formats written by ``generate_to_files`` (UTF-8, CSV with a header row, comma-separated, quoted as
needed, ``\\n`` line ends; empty cell = no value; timestamps ISO 8601 with offset, ``2015-03-04T10:22:00+05:30``;
dates ``2015-03-04``). An FIR is keyed by ``station_code, year, serial``; a person by ``person_key``.

``firs.csv``, one row per FIR:
    station_code, district_code, year, serial, registered_at, occurrence_from, occurrence_to,
    info_received_at, gd_entry_number, information_type (oral | written | e_fir | zero_fir), place_address,
    place_distance_km, place_direction (N, NE, ... NW), beat, acts_sections ("IPC 379, 411", "BNS 303(2)",
    several acts joined by "; " as in "IPC 302, 34; ARMS 27"), crime_head (NCRB head code), property_value_total
    (rupees), delay_reason, io_name, io_rank, status (registered | under_investigation | charge_sheeted |
    final_report_undetected | final_report_false | final_report_mistake_of_fact | sent_to_court | disposed |
    transferred), final_report_kind (charge_sheet | undetected | false | mistake_of_fact), final_report_on,
    court_result (convicted | acquitted | ...), court_disposed_on, transferred_to_station_code, brief_facts
    (Hindi or English), is_synthetic (true).

``persons.jsonl``, one JSON object per line, one per person record (a person named in two roles of one FIR is
one record)::

    {"person_key": 17, "synthetic_identity": 4211, "name": "Md. Irfan Ansari", "name_script": "latin",
     "relative_name": "Mohammad Salim Ansari", "relation_kind": "father", "gender": "male", "age_years": 34,
     "age_recorded_on": "2019-05-02", "identifying_marks": null, "caste_category": null, "is_wanted": false,
     "is_proclaimed_offender": false, "is_synthetic": true,
     "aliases": [{"alias": "Pappu", "script": "latin"}],
     "addresses": [{"kind": "present", "address": "Vill- Rampur, PS- Mahua, Dist- Vaishali",
                    "village_or_town": "Rampur", "station_code": "VAISHALI-MAHUA", "district_code": "VAISHALI",
                    "pincode": null}],
     "mobiles": ["9876543210"]}

``fir_parties.csv``, one row per person per role in an FIR:
    station_code, year, serial, person_key, role (complainant | victim | accused | suspect | witness),
    accused_number (1, 2, ... for accused only), name_as_given (with "@ alias" when the FIR gave one),
    relative_name_as_given, age_as_given, address_as_given, mobile_as_given, arrest_kind (arrest | surrender),
    arrested_at.

``fir_properties.csv``, one row per item of property listed in an FIR:
    station_code, year, serial, kind (cash | jewellery | vehicle | mobile_phone | livestock | ... | other),
    description, value (rupees), vehicle_registration (BR06AB1234), vehicle_chassis, vehicle_engine,
    vehicle_make_model, mobile_imei.

Status histories, seizures and final-report accused lists go only to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from sample_data.firs import Generator, Inputs
from sample_data.profile import DEFAULT_TODAY, Focus, district_shares
from sample_data.reference import load_reference
from sample_data.report import GenerationReport
from sample_data.writer_db import GenerationError

__all__ = [
    "DEFAULT_TODAY",
    "Focus",
    "GenerationError",
    "GenerationReport",
    "default_inputs",
    "generate_into_database",
    "generate_to_files",
]


def default_inputs(today: date = DEFAULT_TODAY, focus: Focus | None = None) -> Inputs:
    """Shipped reference data and the Bihar profile (with ``focus``: one district at its real volume)."""
    return Inputs.build(load_reference(), district_shares(), today, focus)


def generate_into_database(
    engine: sa.Engine,
    firs: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    *,
    today: date = DEFAULT_TODAY,
    inputs: Inputs | None = None,
    check_foreign_keys: bool = False,
    parallel: bool | None = None,
) -> GenerationReport:
    """Generate ``firs`` FIRs with their people into the migrated database behind ``engine``, in one
    transaction; ``progress(done, total)`` is called after each chunk. ``parallel`` (default: from 20,000
    FIRs on) makes rows in a second process while this one loads them."""
    from sample_data import writer_db

    generator = Generator(inputs or default_inputs(today), firs, seed)
    return writer_db.load(engine, generator, progress, parallel=parallel, check_foreign_keys=check_foreign_keys)


def generate_to_files(
    out_dir: Path,
    firs: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    *,
    today: date = DEFAULT_TODAY,
    inputs: Inputs | None = None,
) -> GenerationReport:
    """Write ``firs`` FIRs as ``firs.csv``, ``persons.jsonl``, ``fir_parties.csv`` and ``fir_properties.csv``
    in ``out_dir``; ``progress(done, total)`` is called after each chunk."""
    from sample_data import writer_files

    generator = Generator(inputs or default_inputs(today), firs, seed)
    return writer_files.write(Path(out_dir), generator, progress)
