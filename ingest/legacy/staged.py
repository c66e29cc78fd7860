"""The rows a batch stages: one NamedTuple per staging table, whose fields are that table's copied columns in
order. The converters build them by name and the loader's COPY takes its column list from ``_fields``, so the
order is written down once, here (the tables' types are in ``ingest.legacy.load.staging``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple


class StagedFir(NamedTuple):
    """An FIR row of ``stage_fir``: the FIR, its sections, what the source said as given, the records after
    registration (transfer, final report, court result) and the status history (PostgreSQL array literals)."""

    src_row: int
    station_id: int | None
    year: int | None
    serial: int | None
    registered_at: datetime | None
    occurrence_from: datetime | None
    occurrence_to: datetime | None
    info_received_at: datetime | None
    gd_entry_number: str | None
    information_type: str
    place_address: str | None
    place_distance_km: Decimal | None
    place_direction: str | None
    beat: str | None
    brief_facts: str
    property_value_total: Decimal | None
    delay_reason: str | None
    io_name: str | None
    io_rank: str | None
    status: str
    is_synthetic: bool
    section_ids: list[int]
    sections_as_given: str | None
    crime_head_as_given: str | None
    status_as_given: str | None
    transferred_to_station_id: int | None
    transferred_at: datetime | None
    report_kind: str | None
    report_on: date | None
    report_number: str | None
    court_result: str | None
    court_on: date | None
    court: str | None
    # array literals: COPY takes them as text, psycopg's list dumping costs more than the whole row
    history_from: str
    history_to: str
    history_at: str
    history_note: str


class StagedAlias(NamedTuple):
    """A person's other name as a row of ``person_alias`` takes it."""

    alias: str
    script: str


class StagedAddress(NamedTuple):
    """A person's address as a row of ``person_address`` takes it (lengths and the pincode already checked)."""

    kind: str
    address: str
    village_or_town: str | None
    police_station_id: int | None
    district_id: int | None
    pincode: str | None


class StagedPerson(NamedTuple):
    """A person of ``stage_person``, by the source's key for them, with their aliases and addresses as rows (the
    bulk load COPYs them as they are; the staging table takes them as JSON, see ``load.staging``)."""

    src_row: int
    key: str
    name: str
    name_script: str
    relative_name: str | None
    relation_kind: str | None
    gender: str
    age_years: int | None
    age_recorded_on: date | None
    identifying_marks: str | None
    caste_category: str | None
    is_wanted: bool
    is_proclaimed_offender: bool
    is_synthetic: bool
    synthetic_identity: int | None
    mobiles: list[str]
    aliases: list[StagedAlias]
    addresses: list[StagedAddress]


class StagedParty(NamedTuple):
    """A person's part in an FIR, of ``stage_party``: the FIR by its natural key, the person by theirs."""

    src_row: int
    station_id: int | None
    year: int | None
    serial: int | None
    person_key: str | None
    role: str | None
    accused_number: int | None
    name_as_given: str
    relative_name_as_given: str | None
    age_as_given: int | None
    address_as_given: str | None
    mobile_as_given: str | None
    arrest_kind: str | None
    arrested_at: datetime | None


class StagedProperty(NamedTuple):
    """A property item of an FIR, of ``stage_property``."""

    src_row: int
    station_id: int | None
    year: int | None
    serial: int | None
    kind: str | None
    description: str
    value: Decimal | None
    vehicle_registration: str | None
    vehicle_chassis: str | None
    vehicle_engine: str | None
    vehicle_make_model: str | None
    mobile_imei: str | None


@dataclass
class StagedRows:
    """Rows converted from one batch, for the staging tables."""

    firs: list[StagedFir]
    persons: list[StagedPerson]
    parties: list[StagedParty]
    properties: list[StagedProperty]

    @classmethod
    def empty(cls) -> StagedRows:
        return cls([], [], [], [])
