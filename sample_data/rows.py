"""The plain records one chunk of generated data is made of, before any writer turns them into rows.

Persons are numbered by ``key`` (1, 2, ... within their chunk, so chunks can be made in any order): the file
writer adds the persons of earlier chunks to make the person key, the database writer maps it to an id.
FIRs are known by (station code, year, position in that station-year); the writer that stores them gives the
serial.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class AddressRow:
    kind: str  # present, permanent
    address: str
    village_or_town: str | None
    station_code: str | None
    district_code: str | None
    pincode: str | None


@dataclass(slots=True)
class PersonRow:
    key: int
    synthetic_identity: int
    name: str
    name_script: str
    relative_name: str | None
    relation_kind: str | None
    gender: str
    age_years: int | None
    age_recorded_on: date | None
    identifying_marks: str | None = None
    caste_category: str | None = None
    is_wanted: bool = False
    is_proclaimed_offender: bool = False
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, script)
    addresses: list[AddressRow] = field(default_factory=list)
    mobiles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PartyRow:
    person: PersonRow
    role: str
    accused_number: int | None
    name_as_given: str
    address_as_given: str | None
    mobile_as_given: str | None
    arrest_kind: str | None = None  # arrest, surrender
    arrested_at: datetime | None = None
    charged: bool | None = None  # in the charge sheet, when there is one


@dataclass(slots=True)
class PropertyRow:
    kind: str
    description: str
    value: int | None
    vehicle_registration: str | None = None
    vehicle_chassis: str | None = None
    vehicle_engine: str | None = None
    vehicle_make_model: str | None = None
    mobile_imei: str | None = None


@dataclass(slots=True)
class SeizureRow:
    seized_at: datetime
    place: str
    kind: str
    description: str
    quantity: str | None
    value: int | None
    seized_from: PersonRow | None
    officer_name: str
    vehicle_registration: str | None = None


@dataclass(slots=True)
class StatusChangeRow:
    from_status: str | None
    to_status: str
    changed_at: datetime
    note: str | None


@dataclass(slots=True)
class FinalReportRow:
    kind: str
    report_number: str
    submitted_on: date
    court: str
    summary: str


@dataclass(slots=True)
class CourtDisposalRow:
    person: PersonRow | None
    court: str
    court_case_number: str
    disposed_on: date
    result: str
    sentence: str | None


@dataclass(slots=True)
class FirRow:
    ordinal: int  # 0-based position in the whole generation
    station_code: str
    district_code: str
    year: int
    position: int  # 1-based position within (station, year) in this generation
    registered_at: datetime
    occurrence_from: datetime | None
    occurrence_to: datetime | None
    info_received_at: datetime
    gd_entry_number: str
    gd_entry_at: datetime
    information_type: str
    place_address: str
    place_distance_km: str
    place_direction: str
    beat: str
    place_latitude: float | None
    place_longitude: float | None
    crime_head: str
    sections: list[tuple[str, str]]
    brief_facts: str
    property_value_total: int | None
    delay_reason: str | None
    io_name: str
    io_rank: str
    status: str
    transferred_to_station_code: str | None = None
    transferred_at: datetime | None = None
    parties: list[PartyRow] = field(default_factory=list)
    properties: list[PropertyRow] = field(default_factory=list)
    seizures: list[SeizureRow] = field(default_factory=list)
    status_history: list[StatusChangeRow] = field(default_factory=list)
    final_report: FinalReportRow | None = None
    court_disposals: list[CourtDisposalRow] = field(default_factory=list)


@dataclass(slots=True)
class Chunk:
    """Consecutive FIRs ``start .. start + len(firs) - 1`` of one generation, with their people."""

    index: int
    start: int
    firs: list[FirRow]
    persons: list[PersonRow]
