"""Mapping profiles: which source column feeds which field and how it is converted (YAML or TOML).

A profile is checked as a whole when loaded (an unknown key or field is an error naming it), and against a
file's header by ``check_against_header`` before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PROFILES_DIR = Path(__file__).parent / "profiles"


class ProfileError(ValueError):
    """A profile is malformed or does not fit the file; each line of the message names the field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldSpec(Strict):
    """Where a field comes from: ``column`` (or a literal ``value``), and conversion options."""

    column: str | None = None
    value: Any = None
    time_column: str | None = Field(default=None, description="Separate time-of-day column")
    formats: list[str] | None = Field(default=None, description="Date formats: iso, excel, or strptime patterns")
    swap_day_month: bool = Field(default=False, description="Dates a spreadsheet stored as month/day")
    map: dict[str, str] = Field(default_factory=dict, description="Source word -> our value")
    default: Any = None
    split: str | None = Field(default=None, description="Several values in one cell, split on this")

    @model_validator(mode="after")
    def _source(self) -> FieldSpec:
        if self.column is None and self.value is None and self.default is None:
            raise ValueError("give a column, a value or a default")
        return self


Spec = FieldSpec


class SpecFields(Strict):
    """Fields given as a column name alone (``name: Accused Name``) or as a full ``FieldSpec``."""

    @field_validator("*", mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            return {"column": str(value)}  # a header may be a number ("2010")
        return value


class FirFields(SpecFields):
    station: Spec
    number: Spec
    registered_at: Spec
    year: Spec | None = None
    district: Spec | None = None
    occurrence_from: Spec | None = None
    occurrence_to: Spec | None = None
    info_received_at: Spec | None = None
    gd_entry_number: Spec | None = None
    information_type: Spec | None = None
    place_address: Spec | None = None
    place_distance_km: Spec | None = None
    place_direction: Spec | None = None
    beat: Spec | None = None
    brief_facts: Spec | None = None
    property_value_total: Spec | None = None
    delay_reason: Spec | None = None
    io_name: Spec | None = None
    io_rank: Spec | None = None
    status: Spec | None = None
    sections: Spec | None = None
    crime_head: Spec | None = None
    is_synthetic: Spec | None = None
    # What happened after registration (see "Status and what happened after" in the example profile).
    final_report_kind: Spec | None = None
    final_report_on: Spec | None = None
    final_report_number: Spec | None = None
    court_result: Spec | None = None
    court_disposed_on: Spec | None = None
    court: Spec | None = None
    transferred_to_station: Spec | None = None
    transferred_at: Spec | None = None


class InlineParty(Strict):
    """People named in the FIR row itself: one column (several names split by ``split``), name + relative."""

    role: Literal["complainant", "victim", "accused", "suspect", "witness"]
    column: str
    split: str | None = None
    age_column: str | None = None
    address_column: str | None = None
    mobile_column: str | None = None


class PersonFields(SpecFields):
    key: Spec
    name: Spec
    name_script: Spec | None = Field(default=None, description="Script of the name; detected when not given")
    relative_name: Spec | None = None
    relation_kind: Spec | None = None
    gender: Spec | None = None
    age_years: Spec | None = None
    age_recorded_on: Spec | None = None
    identifying_marks: Spec | None = None
    caste_category: Spec | None = None
    is_wanted: Spec | None = None
    is_proclaimed_offender: Spec | None = None
    is_synthetic: Spec | None = None
    synthetic_identity: Spec | None = None
    mobiles: Spec | None = None
    aliases: Spec | None = None
    addresses: Spec | None = None


class PartyFields(SpecFields):
    station: Spec
    number: Spec
    person_key: Spec
    role: Spec
    year: Spec | None = None
    accused_number: Spec | None = None
    name_as_given: Spec | None = None
    relative_name_as_given: Spec | None = None
    age_as_given: Spec | None = None
    address_as_given: Spec | None = None
    mobile_as_given: Spec | None = None
    arrest_kind: Spec | None = None
    arrested_at: Spec | None = None


class PropertyFields(SpecFields):
    """A row of an export's property file: one item (stolen, lost, damaged) of the FIR named by its key."""

    station: Spec
    number: Spec
    kind: Spec
    year: Spec | None = None
    description: Spec | None = None
    value: Spec | None = None
    vehicle_registration: Spec | None = None
    vehicle_chassis: Spec | None = None
    vehicle_engine: Spec | None = None
    vehicle_make_model: Spec | None = None
    mobile_imei: Spec | None = None


class CsvOptions(Strict):
    encoding: str | None = None
    delimiter: str | None = None


class StateSpec(Strict):
    code: str = Field(max_length=8)
    name: str


class StationOptions(Strict):
    match: Literal["name", "code"] = "name"
    create_unknown: bool = Field(default=False, description="Create a station the list lacks (needs a district)")
    create_districts: bool = Field(default=False, description="Create a district the list lacks too")
    state: StateSpec | None = Field(default=None, description="State of created districts (default: Bihar's)")
    aliases: dict[str, str] = Field(default_factory=dict, description="Name as written -> station code")


class SectionOptions(Strict):
    default_act: str | None = "IPC"
    on_unknown: Literal["reject", "keep"] = Field(
        default="reject", description="keep: import the FIR, keep the citation as written, link what we know"
    )
    act_aliases: dict[str, str] = Field(default_factory=dict, description="Act name as written -> our act code")
    check_in_force: bool = True


class StatusOptions(Strict):
    map: dict[str, str] = Field(default_factory=dict)
    default: str | None = "registered"


class FileNames(Strict):
    persons: str | None = None
    firs: str
    parties: str | None = None
    properties: str | None = None


class Profile(Strict):
    name: str = Field(max_length=120)
    description: str = ""
    source: str = Field(default="legacy", max_length=60, description="Source system; namespace of its record keys")
    format: Literal["csv", "excel", "jsonl"] | None = None
    sheet: str | None = None
    csv: CsvOptions = Field(default_factory=CsvOptions)
    on_existing: Literal["update", "skip"] = "update"
    date_formats: list[str] | None = None
    synthetic: bool = Field(default=False, description="Mark every imported record as synthetic (test data)")
    files: FileNames | None = None
    stations: StationOptions = Field(default_factory=StationOptions)
    sections: SectionOptions = Field(default_factory=SectionOptions)
    status: StatusOptions = Field(default_factory=StatusOptions)
    fir: FirFields
    parties: list[InlineParty] = Field(default_factory=list)
    persons: PersonFields | None = None
    party_rows: PartyFields | None = None
    property_rows: PropertyFields | None = None

    text: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _files_need_their_fields(self) -> Profile:
        if self.files is not None:
            if self.files.persons and self.persons is None:
                raise ValueError("files.persons is named but the profile has no 'persons' fields")
            if self.files.parties and self.party_rows is None:
                raise ValueError("files.parties is named but the profile has no 'party_rows' fields")
            if self.files.properties and self.property_rows is None:
                raise ValueError("files.properties is named but the profile has no 'property_rows' fields")
        if self.stations.create_unknown and self.fir.district is None:
            raise ValueError("stations.create_unknown needs fir.district: the district new stations are created in")
        return self

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


class _ProfileLoader(yaml.SafeLoader):
    """YAML with only true/false as booleans: a column named No, Yes, On or Off stays a name."""


_ProfileLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ProfileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_profile(text: str, fmt: str = "yaml", name_hint: str = "profile") -> Profile:
    """A profile from YAML or TOML text; every problem is reported with the path of the field."""
    try:
        data = tomllib.loads(text) if fmt == "toml" else yaml.load(text, Loader=_ProfileLoader)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{name_hint} is not valid {fmt.upper()}: {error}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{name_hint} must be a mapping of settings (name, fir, ...)")
    data.setdefault("name", name_hint)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        lines = [
            f"  {'.'.join(str(part) for part in problem['loc']) or '(top)'}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise ProfileError(f"{name_hint} has {len(lines)} problem(s):\n" + "\n".join(lines)) from None
    profile.text = text
    return profile


PROFILE_SUFFIXES = (".yaml", ".yml", ".toml")


def shipped_profiles() -> dict[str, Path]:
    """The profiles shipped with the package (``ingest/legacy/profiles``), by name."""
    return {path.stem: path for path in sorted(PROFILES_DIR.iterdir()) if path.suffix.lower() in PROFILE_SUFFIXES}


def _read_profile(path: Path) -> Profile:
    fmt = "toml" if path.suffix.lower() == ".toml" else "yaml"
    return parse_profile(path.read_text(encoding="utf-8"), fmt, path.stem)


def load_shipped_profile(name: str) -> Profile:
    """A shipped profile by its name, never a file path (what the API accepts: a name cannot reach a file)."""
    shipped = shipped_profiles()
    if name not in shipped:
        raise ProfileError(f"{name!r} is not a shipped profile; the shipped profiles are: {', '.join(shipped)}")
    return _read_profile(shipped[name])


def load_profile(name_or_path: str) -> Profile:
    """A profile file (.yaml, .yml, .toml) or a shipped profile by name (``cctns-export``): the command line's
    choice; the API takes shipped names only (:func:`load_shipped_profile`)."""
    path = Path(name_or_path)
    if path.exists():
        return _read_profile(path)
    shipped = shipped_profiles()
    if name_or_path not in shipped:
        names = ", ".join(shipped)
        raise ProfileError(f"no profile file {name_or_path!r} and no shipped profile of that name ({names})")
    return _read_profile(shipped[name_or_path])


def referenced_columns(fields: BaseModel | None) -> dict[str, str]:
    """Target field -> every source column it reads (``field`` or ``field.time``)."""
    result: dict[str, str] = {}
    if fields is None:
        return result
    for name in type(fields).model_fields:
        spec = getattr(fields, name)
        if isinstance(spec, FieldSpec):
            if spec.column:
                result[name] = spec.column
            if spec.time_column:
                result[f"{name}.time_column"] = spec.time_column
    return result


def check_against_header(
    fields: BaseModel | None, header: list[str], where: str, extra: dict[str, str] | None = None
) -> list[str]:
    """A problem line for every column the profile reads that the file's header lacks."""
    problems = []
    have = set(header)
    for target, column in {**referenced_columns(fields), **(extra or {})}.items():
        if column not in have:
            problems.append(f"{target}: column {column!r} is not in {where} (its columns: {', '.join(header)})")
    return problems
