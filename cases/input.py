"""What a station sends: the FIR form (IIF-I) and the later records of a case, as validated pydantic models.

These models check each field on its own (types, lengths, formats, mobile numbers); checks that need the
database or the clock (sections in force on the offence date, dates in the future) are in ``validation``.
The API uses them as its request bodies, and a bulk import can use them too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from cases.normalise import clean_text
from people.identifiers import NormalisationError, normalise_imei, normalise_mobile, normalise_vehicle_registration
from people.relatives import NO_NAME_BEFORE_RELATIVE, split_relative
from records.models import (
    ArrestKind,
    CourtResult,
    Direction,
    FinalReportKind,
    FirStatus,
    Gender,
    InformationType,
    PartyRole,
    PropertyKind,
    RelationKind,
)

IST = timezone(timedelta(hours=5, minutes=30), "IST")
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
MAX_ID = 2**63 - 1


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains characters that are not valid Unicode (an unpaired surrogate)") from None
    return clean_text(value)


def _required_text(value: str) -> str:
    value = _text(value)
    if not value:
        raise ValueError("must not be empty")
    return value


def _moment(value: datetime) -> datetime:
    """Times without a zone are Indian Standard Time; implausible years are refused."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"year {value.year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    return value.replace(tzinfo=IST) if value.tzinfo is None else value


def _day(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"year {value.year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    return value


def _mobile(value: str) -> str:
    try:
        return normalise_mobile(_text(value))
    except NormalisationError as error:
        raise ValueError(str(error)) from None


def _vehicle(value: str) -> str:
    try:
        return normalise_vehicle_registration(_text(value))
    except NormalisationError as error:
        raise ValueError(str(error)) from None


def _imei(value: str) -> str:
    try:
        return normalise_imei(value)
    except NormalisationError as error:
        raise ValueError(str(error)) from None


def Short(max_length: int) -> type[str]:
    """Optional-length text: cleaned, at most ``max_length`` characters."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_text)]  # type: ignore[return-value]


def Required(max_length: int) -> type[str]:
    """Text that must not be empty after trimming, at most ``max_length`` characters."""
    return Annotated[str, Field(min_length=1, max_length=max_length), AfterValidator(_required_text)]  # type: ignore[return-value]


Moment = Annotated[datetime, AfterValidator(_moment)]
Day = Annotated[date, AfterValidator(_day)]
Mobile = Annotated[str, Field(max_length=20, examples=["+91 98765 43210"]), AfterValidator(_mobile)]
VehicleNumber = Annotated[str, Field(max_length=24, examples=["BR 01 AB 1234"]), AfterValidator(_vehicle)]
Imei = Annotated[str, Field(max_length=20), AfterValidator(_imei)]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("999999999999.99"), decimal_places=2, allow_inf_nan=False),
    AfterValidator(lambda value: value.quantize(Decimal("0.01"))),
]


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SectionCitation(InputModel):
    """One act and section the FIR cites, e.g. BNS 103(1) or IPC 302."""

    act: Required(24) = Field(description="Act code: IPC, BNS, ARMS, NDPS, SCST, POCSO, ...", examples=["BNS"])
    section: Required(24) = Field(description="Section as cited", examples=["103(1)"])

    @field_validator("act")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class PartyInput(InputModel):
    """A complainant, victim, accused or witness as the FIR gives them; linked to a person record."""

    person_id: RecordId | None = Field(
        default=None, description="An existing person record to link; omit to create a new person record"
    )
    name: Required(200) = Field(description="As written, in any script", examples=["राम कुमार"])
    relative_name: Short(200) | None = Field(default=None, description="Father's or husband's name")
    relation_kind: RelationKind | None = None
    gender: Gender = Gender.UNKNOWN
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    date_of_birth: Day | None = None
    address: Short(2000) | None = None
    mobile: Mobile | None = None
    identifying_marks: Short(2000) | None = None
    aliases: Annotated[list[Required(200)], Field(max_length=20)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _relative_written_in_the_name(self) -> PartyInput:
        """ "Md Islam s/o Rafiq" typed as one name (the complaint conversion form has one line per accused): the
        name and the father's name, split as everywhere (:mod:`people.relatives`), when no relative is given."""
        if self.relative_name is not None:
            return self
        parsed = split_relative(self.name)
        if parsed.relative_name and not parsed.name:
            raise ValueError(f"name: {self.name!r} {NO_NAME_BEFORE_RELATIVE}")
        if parsed.relative_name:
            self.name, self.relative_name = parsed.name, parsed.relative_name
            if self.relation_kind is None and parsed.relation_kind:
                self.relation_kind = RelationKind(parsed.relation_kind)
        return self


class PropertyInput(InputModel):
    """Property stolen, lost or damaged, as listed in the FIR."""

    kind: PropertyKind
    description: Required(2000)
    value: Money | None = None
    vehicle_registration: VehicleNumber | None = None
    vehicle_chassis: Short(32) | None = None
    vehicle_engine: Short(32) | None = None
    vehicle_make_model: Short(80) | None = None
    mobile_imei: Imei | None = None


class PlaceFields(InputModel):
    place_address: Short(2000) | None = None
    place_distance_km: (
        Annotated[
            Decimal,
            Field(ge=0, le=Decimal("99999.99"), decimal_places=2, allow_inf_nan=False),
            AfterValidator(lambda value: value.quantize(Decimal("0.01"))),
        ]
        | None
    ) = Field(default=None, description="Distance from the police station")
    place_direction: Direction | None = Field(default=None, description="Direction from the police station")
    beat: Short(60) | None = None
    place_latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    place_longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class FirInput(PlaceFields):
    """Everything the first information report form (IIF-I) holds, registered in one request."""

    station: Short(24) | None = Field(
        default=None,
        description="Code of the registering police station; defaults to the caller's own station",
        examples=["VAISHALI-HAJIPUR-SADAR"],
    )
    information_type: InformationType = InformationType.WRITTEN
    info_received_at: Moment | None = Field(
        default=None, description="When the information reached the station (the report time); default: now"
    )
    occurrence_from: Moment | None = Field(default=None, description="Offence began (no zone: IST)")
    occurrence_to: Moment | None = Field(default=None, description="Offence ended (no zone: IST)")
    gd_entry_number: Short(40) | None = Field(default=None, description="General diary entry number")
    gd_entry_at: Moment | None = None
    sections: Annotated[list[SectionCitation], Field(min_length=1, max_length=50)]
    complainant: PartyInput = Field(description="The complainant or informant")
    victims: Annotated[list[PartyInput], Field(max_length=100)] = Field(default_factory=list)
    accused: Annotated[list[PartyInput], Field(max_length=200)] = Field(
        default_factory=list, description="Known or suspected accused, A1 first"
    )
    suspects: Annotated[list[PartyInput], Field(max_length=200)] = Field(
        default_factory=list, description="Persons suspected but not (yet) named as accused"
    )
    witnesses: Annotated[list[PartyInput], Field(max_length=100)] = Field(default_factory=list)
    properties: Annotated[list[PropertyInput], Field(max_length=200)] = Field(default_factory=list)
    property_value_total: Money | None = Field(
        default=None, description="Total value of property involved; default: the sum of the items"
    )
    brief_facts: Required(100_000) = Field(description="The information as given, in any script")
    delay_reason: Short(10_000) | None = Field(default=None, description="Why the report was delayed, if it was")
    io_name: Short(120) | None = Field(default=None, description="Investigating officer")
    io_rank: Short(40) | None = None


class FirPatch(PlaceFields):
    """Fields of a registered FIR that may be corrected; absent fields are left as they are."""

    info_received_at: Moment | None = None
    occurrence_from: Moment | None = None
    occurrence_to: Moment | None = None
    gd_entry_number: Short(40) | None = None
    gd_entry_at: Moment | None = None
    sections: Annotated[list[SectionCitation], Field(min_length=1, max_length=50)] | None = None
    properties: Annotated[list[PropertyInput], Field(max_length=200)] | None = None
    property_value_total: Money | None = None
    brief_facts: Required(100_000) | None = None
    delay_reason: Short(10_000) | None = None
    io_name: Short(120) | None = None
    io_rank: Short(40) | None = None


class PartyAddInput(PartyInput):
    """A person added to a registered FIR (an accused named during investigation, a witness, ...)."""

    role: PartyRole


class StatusChangeInput(InputModel):
    to: FirStatus = Field(description="The new status")
    note: Short(2000) | None = None


class ArrestInput(InputModel):
    """An arrest or surrender (IIF-III) of a person named in this FIR."""

    person_id: RecordId = Field(description="A person who is an accused or suspect in this FIR")
    kind: ArrestKind = ArrestKind.ARREST
    at: Moment
    place: Short(2000) | None = None
    officer_name: Short(120) | None = None
    court_surrendered_in: Short(160) | None = None
    remarks: Short(10_000) | None = None


class SeizureInput(InputModel):
    """Property seized (IIF-IV)."""

    seized_at: Moment
    place: Short(2000) | None = None
    kind: PropertyKind
    description: Required(2000)
    quantity: Short(60) | None = Field(default=None, examples=["12 litres"])
    value: Money | None = None
    seized_from_person_id: RecordId | None = None
    officer_name: Short(120) | None = None
    vehicle_registration: VehicleNumber | None = None
    vehicle_chassis: Short(32) | None = None
    vehicle_engine: Short(32) | None = None
    vehicle_make_model: Short(80) | None = None


class FinalReportInput(InputModel):
    """A final report (IIF-V): a charge sheet, or a final report of a given kind."""

    kind: FinalReportKind
    report_number: Short(40) | None = None
    submitted_on: Day
    court: Short(160) | None = None
    is_supplementary: bool = Field(default=False, description="A further charge sheet after the first")
    summary: Short(100_000) | None = None
    charged_person_ids: Annotated[list[RecordId], Field(max_length=200)] = Field(
        default_factory=list, description="Accused sent up for trial (charge sheets)"
    )
    not_charged_person_ids: Annotated[list[RecordId], Field(max_length=200)] = Field(
        default_factory=list, description="Accused not sent up (charge sheets)"
    )


class CourtResultInput(InputModel):
    """The court's disposal of the case (IIF-VI)."""

    court: Required(160)
    court_case_number: Short(60) | None = None
    disposed_on: Day
    result: CourtResult
    person_id: RecordId | None = Field(default=None, description="The accused this result is for, if one")
    sentence: Short(10_000) | None = None


class TransferInput(InputModel):
    """Hand a zero FIR to the police station that has jurisdiction."""

    to_station: Required(24) = Field(description="Code of the station with jurisdiction")
    note: Short(2000) | None = None


class DiaryEntryInput(InputModel):
    """A case diary entry: what the investigating officer did or learnt, and when (entries are never edited; a
    correction is a new entry naming the one it corrects)."""

    entry_at: Moment = Field(description="When the proceedings recorded took place (no zone: IST)")
    place: Short(2000) | None = Field(default=None, description="Where, if not at the station")
    text: Required(20_000) = Field(description="The entry, in any script", examples=["घटनास्थल का निरीक्षण किया।"])
    corrects_entry_number: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = Field(
        default=None, description="The number of an earlier entry of this FIR that this one corrects"
    )
