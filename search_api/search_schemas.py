"""Response shapes of the search box and the person record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field


class Understood(BaseModel):
    """How the search box read the query."""

    fir_numbers: list[str] = Field(description="FIR numbers, as serial/year")
    station_words: list[str] = Field(description="Words of a station name given before an FIR number")
    mobiles: list[str] = Field(description="Mobile numbers, 10 digits")
    vehicles: list[str] = Field(description="Vehicle registration numbers without spaces")
    name: str = Field(description="What is left: matched as a name and, for cases, as words of the facts")
    relative_name: str = Field(description="Father's or husband's name (after s/o, w/o, पिता ...)")


class FacetValue(BaseModel):
    value: str
    label: str
    label_hi: str = ""  # the Hindi name of a district, station or crime head ("" for other facets)
    count: int


class CaseRef(BaseModel):
    fir_id: int
    number: str
    station: str
    district: str
    role: str | None = None
    status: str
    registered_on: str | None = None


class PersonHit(BaseModel):
    person_id: int
    score: float
    name: str
    relative_name: str | None
    relation_kind: str | None
    gender: str | None
    age: int | None
    mobiles: list[str]
    addresses: list[str]
    wanted: bool
    proclaimed_offender: bool
    fir_count: int
    firs: list[CaseRef] = Field(description="Their cases across stations, newest first (up to 50)")
    highlights: dict[str, list[str]]
    linked_records: list[int] = Field(
        default_factory=list,
        description="Other records of this person (linked automatically or by an officer) that you may read: their "
        "cases are in firs and fir_count, and they get no card of their own on this page",
    )
    spelling: str | None = Field(
        default=None,
        description="as_written: every part of the name searched for is in one of this person's names as written "
        "(either script, abbreviations expanded); near: a spelling like it; none when no name was searched",
    )


class PartyRef(BaseModel):
    person_id: int
    name: str
    role: str
    accused_number: int | None


class CaseHit(BaseModel):
    fir_id: int
    score: float
    number: str
    station: str
    station_hi: str | None = None
    district: str
    registered_at: datetime
    status: str
    sections: list[str]
    crime_heads: list[str]
    parties: list[PartyRef]
    facts: str = Field(description="The first lines of the brief facts")
    highlights: dict[str, list[str]]


NameSpelling = Annotated[
    str | None,
    Field(
        description="How names were matched: as_written (spelling variants and either script, no edits) or near "
        "(also one letter different, a part missing); null when the query had no name"
    ),
]


class PeopleResults(BaseModel):
    total: int
    hits: list[PersonHit]
    facets: dict[str, list[FacetValue]]
    spelling: NameSpelling = None
    as_written: int | None = Field(
        default=None,
        description="How many of the people found hold the name as written (they come first); the rest are near "
        "spellings. None when no name was searched",
    )


class CaseResults(BaseModel):
    total: int
    hits: list[CaseHit]
    facets: dict[str, list[FacetValue]]
    spelling: NameSpelling = None


class SearchResults(BaseModel):
    query: str
    understood: Understood
    page: int
    size: int
    people: PeopleResults
    cases: CaseResults
    took_ms: float
    names_hi: dict[str, str] = Field(
        default={}, description="The Hindi names of the stations and districts these results name, by English name"
    )


class NamedInFir(BaseModel):
    """A person record named in an FIR, and how."""

    fir_id: int
    number: str
    station: str
    district: str
    registered_at: datetime
    status: str
    role: str
    accused_number: int | None
    name_as_given: str
    sections: list[str]


class Appearance(NamedInFir):
    station_code: str
    relative_name_as_given: str | None
    age_as_given: int | None


class ArrestRef(BaseModel):
    fir_id: int
    kind: str
    at: datetime
    place: str | None


class ChargeRef(BaseModel):
    fir_id: int
    kind: str
    submitted_on: date
    charged: bool


class CourtRef(BaseModel):
    fir_id: int
    court: str
    result: str
    disposed_on: date


class AddressOut(BaseModel):
    kind: str
    address: str
    village_or_town: str | None
    pincode: str | None


class PersonRecord(BaseModel):
    """A person's whole record, read from PostgreSQL."""

    id: int
    name: str
    name_script: str
    relative_name: str | None
    relation_kind: str | None
    gender: str
    date_of_birth: date | None
    age_years: int | None
    age_recorded_on: date | None
    identifying_marks: str | None
    wanted: bool
    proclaimed_offender: bool
    aliases: list[str]
    addresses: list[AddressOut]
    mobiles: list[str]
    firs: list[Appearance]
    arrests: list[ArrestRef]
    final_reports: list[ChargeRef]
    court_results: list[CourtRef]
