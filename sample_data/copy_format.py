"""A chunk as PostgreSQL COPY text (tab-separated, ``\\N`` for NULL), one payload per table, ids filled in.

Timestamps are written with their +05:30 offset. ``created_at`` / ``updated_at`` / ``added_at`` are the
registration time (and, for the FIR, its last status change), never the clock, so a load is reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sample_data.rows import Chunk, FirRow

# Tables in the order they are loaded (parents before children), with the columns each payload holds.
COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("id", "name", "name_script", "relative_name", "relation_kind", "gender", "age_years",
               "age_recorded_on", "identifying_marks", "caste_category", "is_wanted", "is_proclaimed_offender",
               "is_synthetic", "synthetic_identity", "created_at", "updated_at"),
    "person_alias": ("id", "person_id", "alias", "script"),
    "person_address": ("id", "person_id", "kind", "address", "village_or_town", "police_station_id", "district_id",
                       "pincode"),
    "person_mobile": ("id", "person_id", "number"),
    "fir": ("id", "station_id", "year", "serial", "registered_at", "occurrence_from", "occurrence_to",
            "info_received_at", "gd_entry_number", "gd_entry_at", "information_type", "place_address",
            "place_distance_km", "place_direction", "beat", "place_latitude", "place_longitude", "brief_facts",
            "property_value_total", "delay_reason", "io_name", "io_rank", "status", "transferred_to_station_id",
            "transferred_at", "is_synthetic", "created_at", "updated_at"),
    "fir_section": ("fir_id", "section_id", "position"),
    "fir_property": ("id", "fir_id", "kind", "description", "value", "vehicle_registration", "vehicle_chassis",
                     "vehicle_engine", "vehicle_make_model", "mobile_imei"),
    "fir_status_change": ("id", "fir_id", "from_status", "to_status", "changed_at", "note"),
    "fir_party": ("id", "fir_id", "person_id", "role", "accused_number", "name_as_given", "relative_name_as_given",
                  "age_as_given", "address_as_given", "mobile_as_given", "added_at"),
    "arrest": ("id", "fir_id", "person_id", "kind", "at", "place", "officer_name", "court_surrendered_in"),
    "seizure": ("id", "fir_id", "seized_at", "place", "kind", "description", "quantity", "value",
                "seized_from_person_id", "officer_name", "vehicle_registration"),
    "final_report": ("id", "fir_id", "kind", "report_number", "submitted_on", "court", "summary"),
    "final_report_accused": ("final_report_id", "person_id", "charged"),
    "court_disposal": ("id", "fir_id", "person_id", "court", "court_case_number", "disposed_on", "result",
                       "sentence"),
}  # fmt: skip
TABLES = tuple(COLUMNS)
ID_TABLES = tuple(table for table in TABLES if COLUMNS[table][0] == "id")

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value: str | None) -> str:
    """A text field: ``\\N`` for None, backslash, tab and line ends escaped (checked first: rarely needed)."""
    if value is None:
        return NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def stamp(value: datetime | None) -> str:
    return NULL if value is None else value.isoformat()


def day(value: date | None) -> str:
    return NULL if value is None else value.isoformat()


def number(value: object) -> str:
    return NULL if value is None else str(value)


def counts(chunk: Chunk) -> dict[str, int]:
    """Rows each table receives from ``chunk`` (what ids must be reserved for)."""
    result = dict.fromkeys(TABLES, 0)
    result["person"] = len(chunk.persons)
    for person in chunk.persons:
        result["person_alias"] += len(person.aliases)
        result["person_address"] += len(person.addresses)
        result["person_mobile"] += len(person.mobiles)
    result["fir"] = len(chunk.firs)
    for fir in chunk.firs:
        result["fir_section"] += len(fir.sections)
        result["fir_property"] += len(fir.properties)
        result["fir_status_change"] += len(fir.status_history)
        result["fir_party"] += len(fir.parties)
        result["seizure"] += len(fir.seizures)
        result["court_disposal"] += len(fir.court_disposals)
        for party in fir.parties:
            if party.arrested_at is not None:
                result["arrest"] += 1
        if fir.final_report is not None:
            result["final_report"] += 1
            if fir.final_report.kind == "charge_sheet":
                result["final_report_accused"] += sum(1 for party in fir.parties if party.charged is not None)
    return result


@dataclass(frozen=True)
class Lookups:
    """Database ids the rows point to, by the codes the generator uses."""

    station_ids: dict[str, int]
    district_ids: dict[str, int]
    section_ids: dict[tuple[str, str], int]
    serial_bases: dict[tuple[str, int], int]  # (station code, year) -> last serial before this generation


def format_chunk(chunk: Chunk, ids: dict[str, Sequence[int]], lookups: Lookups) -> dict[str, str]:
    """COPY text per table; ``ids[table][i]`` is the id of the table's i-th row in this chunk."""
    out: dict[str, list[str]] = {table: [] for table in TABLES}
    person_ids = ids["person"]
    first_key = chunk.persons[0].key if chunk.persons else 0
    _persons(chunk, ids, lookups, out)
    fir_ids = ids["fir"]
    property_ids, change_ids, party_ids = ids["fir_property"], ids["fir_status_change"], ids["fir_party"]
    arrest_ids, seizure_ids, report_ids, disposal_ids = (
        ids["arrest"],
        ids["seizure"],
        ids["final_report"],
        ids["court_disposal"],
    )
    n_property = n_change = n_party = n_arrest = n_seizure = n_report = n_disposal = 0
    fir_lines, section_lines, property_lines = out["fir"], out["fir_section"], out["fir_property"]
    change_lines, party_lines, arrest_lines = out["fir_status_change"], out["fir_party"], out["arrest"]
    station_ids, section_ids, bases = lookups.station_ids, lookups.section_ids, lookups.serial_bases
    for index, fir in enumerate(chunk.firs):
        fir_id = fir_ids[index]
        serial = bases.get((fir.station_code, fir.year), 0) + fir.position
        registered = fir.registered_at.isoformat()
        fir_lines.append(_fir_line(fir, fir_id, serial, registered, station_ids))
        for position, citation in enumerate(fir.sections):
            section_lines.append(f"{fir_id}\t{section_ids[citation]}\t{position}\n")
        for item in fir.properties:
            property_lines.append(
                f"{property_ids[n_property]}\t{fir_id}\t{item.kind}\t{text(item.description)}\t{number(item.value)}\t"
                f"{text(item.vehicle_registration)}\t{text(item.vehicle_chassis)}\t{text(item.vehicle_engine)}\t"
                f"{text(item.vehicle_make_model)}\t{text(item.mobile_imei)}\n"
            )
            n_property += 1
        for number_in_history, change in enumerate(fir.status_history):
            at = registered if number_in_history == 0 else change.changed_at.isoformat()
            change_lines.append(
                f"{change_ids[n_change]}\t{fir_id}\t{change.from_status or NULL}\t{change.to_status}\t{at}\t"
                f"{text(change.note)}\n"
            )
            n_change += 1
        place = text(fir.place_address)
        io_name = text(fir.io_name)
        for party in fir.parties:
            person = party.person
            pid = person_ids[person.key - first_key]
            accused_number = NULL if party.accused_number is None else party.accused_number
            age = NULL if person.age_years is None else person.age_years
            party_lines.append(
                f"{party_ids[n_party]}\t{fir_id}\t{pid}\t{party.role}\t{accused_number}\t"
                f"{text(party.name_as_given)}\t{text(person.relative_name)}\t{age}\t{text(party.address_as_given)}\t"
                f"{party.mobile_as_given or NULL}\t{registered}\n"
            )
            n_party += 1
            if party.arrested_at is not None:
                court = "CJM Court" if party.arrest_kind == "surrender" else NULL
                arrest_lines.append(
                    f"{arrest_ids[n_arrest]}\t{fir_id}\t{pid}\t{party.arrest_kind or 'arrest'}\t"
                    f"{party.arrested_at.isoformat()}\t{place}\t{io_name}\t{court}\n"
                )
                n_arrest += 1
        for seizure in fir.seizures:
            seized_from = NULL if seizure.seized_from is None else person_ids[seizure.seized_from.key - first_key]
            out["seizure"].append(
                f"{seizure_ids[n_seizure]}\t{fir_id}\t{seizure.seized_at.isoformat()}\t{text(seizure.place)}\t"
                f"{seizure.kind}\t{text(seizure.description)}\t{text(seizure.quantity)}\t{number(seizure.value)}\t"
                f"{seized_from}\t{text(seizure.officer_name)}\t{text(seizure.vehicle_registration)}\n"
            )
            n_seizure += 1
        report = fir.final_report
        if report is not None:
            report_id = report_ids[n_report]
            n_report += 1
            out["final_report"].append(
                f"{report_id}\t{fir_id}\t{report.kind}\t{text(report.report_number)}\t"
                f"{report.submitted_on.isoformat()}\t{text(report.court)}\t{text(report.summary)}\n"
            )
            if report.kind == "charge_sheet":
                for party in fir.parties:
                    if party.charged is not None:
                        charged = "t" if party.charged else "f"
                        pid = person_ids[party.person.key - first_key]
                        out["final_report_accused"].append(f"{report_id}\t{pid}\t{charged}\n")
        for disposal in fir.court_disposals:
            disposed = NULL if disposal.person is None else person_ids[disposal.person.key - first_key]
            out["court_disposal"].append(
                f"{disposal_ids[n_disposal]}\t{fir_id}\t{disposed}\t{text(disposal.court)}\t"
                f"{text(disposal.court_case_number)}\t{disposal.disposed_on.isoformat()}\t{disposal.result}\t"
                f"{text(disposal.sentence)}\n"
            )
            n_disposal += 1
    return {table: "".join(lines) for table, lines in out.items() if lines}


def _fir_line(fir: FirRow, fir_id: int, serial: int, registered: str, station_ids: dict[str, int]) -> str:
    transferred_to = fir.transferred_to_station_code
    transferred = NULL if transferred_to is None else station_ids[transferred_to]
    updated = fir.status_history[-1].changed_at.isoformat() if len(fir.status_history) > 1 else registered
    value = NULL if fir.property_value_total is None else fir.property_value_total
    lat = NULL if fir.place_latitude is None else fir.place_latitude
    lon = NULL if fir.place_longitude is None else fir.place_longitude
    return (
        f"{fir_id}\t{station_ids[fir.station_code]}\t{fir.year}\t{serial}\t{registered}\t"
        f"{stamp(fir.occurrence_from)}\t{stamp(fir.occurrence_to)}\t{stamp(fir.info_received_at)}\t"
        f"{text(fir.gd_entry_number)}\t{stamp(fir.gd_entry_at)}\t{fir.information_type}\t{text(fir.place_address)}\t"
        f"{fir.place_distance_km}\t{fir.place_direction}\t{text(fir.beat)}\t{lat}\t{lon}\t{text(fir.brief_facts)}\t"
        f"{value}\t{text(fir.delay_reason)}\t{text(fir.io_name)}\t{text(fir.io_rank)}\t{fir.status}\t{transferred}\t"
        f"{stamp(fir.transferred_at)}\tt\t{registered}\t{updated}\n"
    )


def _persons(chunk: Chunk, ids: dict[str, Sequence[int]], lookups: Lookups, out: dict[str, list[str]]) -> None:
    person_ids, alias_ids, address_ids, mobile_ids = (
        ids["person"],
        ids["person_alias"],
        ids["person_address"],
        ids["person_mobile"],
    )
    alias_index = address_index = mobile_index = 0
    station_ids, district_ids = lookups.station_ids, lookups.district_ids
    person_lines, address_lines = out["person"], out["person_address"]
    for index, person in enumerate(chunk.persons):
        pid = person_ids[index]
        recorded = person.age_recorded_on
        created = f"{recorded.isoformat()}T00:00:00+05:30" if recorded else NULL
        age = NULL if person.age_years is None else person.age_years
        person_lines.append(
            f"{pid}\t{text(person.name)}\t{person.name_script}\t{text(person.relative_name)}\t"
            f"{person.relation_kind or NULL}\t{person.gender}\t{age}\t{day(recorded)}\t"
            f"{text(person.identifying_marks)}\t{person.caste_category or NULL}\t{'t' if person.is_wanted else 'f'}\t"
            f"{'t' if person.is_proclaimed_offender else 'f'}\tt\t{person.synthetic_identity}\t{created}\t{created}\n"
        )
        for alias, script in person.aliases:
            out["person_alias"].append(f"{alias_ids[alias_index]}\t{pid}\t{text(alias)}\t{script}\n")
            alias_index += 1
        for address in person.addresses:
            station = station_ids.get(address.station_code or "", NULL)
            district = district_ids.get(address.district_code or "", NULL)
            address_lines.append(
                f"{address_ids[address_index]}\t{pid}\t{address.kind}\t{text(address.address)}\t"
                f"{text(address.village_or_town)}\t{station}\t{district}\t{address.pincode or NULL}\n"
            )
            address_index += 1
        for mobile in person.mobiles:
            out["person_mobile"].append(f"{mobile_ids[mobile_index]}\t{pid}\t{mobile}\n")
            mobile_index += 1
