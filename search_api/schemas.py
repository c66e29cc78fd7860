"""Response and request schemas of the API."""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class DistrictOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_en: str
    name_hi: str
    kind: str
    census_code: str | None
    population_2011: int | None
    station_count: int


class StationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_en: str
    name_hi: str
    district_code: str
    latitude: float | None
    longitude: float | None


class CrimeHeadOut(BaseModel):
    code: str
    name_en: str
    name_hi: str


class SectionOut(BaseModel):
    act: str
    number: str
    title_en: str
    title_hi: str | None
    crime_head: CrimeHeadOut | None
    corresponds_to: list[str]
    act_in_force_from: date | None
    act_in_force_until: date | None


class SectionChoiceOut(BaseModel):
    """A section the FIR form's picker offers for what was typed."""

    act: str = Field(examples=["IPC"])
    act_short_name: str
    number: str = Field(examples=["379"])
    label: str = Field(description="As the FIR cites it", examples=["IPC 379"])
    title_en: str
    title_hi: str | None
    corresponds_to: list[str] = Field(
        description="The sections across the 1 July 2024 change (an IPC section's BNS successor)",
        examples=[["BNS 303(2)"]],
    )
    in_force: bool | None = Field(description="Whether the act was in force on the day asked (on); null without it")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def from_row(model: type[BaseModel], row: object, *, trusted: bool = False, **computed: Any) -> Any:
    """``model`` filled from the row's attributes of the same names, and the ``computed`` values. ``trusted``:
    values read back from the database, built without re-running the model's validators."""
    values = {field: getattr(row, field) for field in model.model_fields if field not in computed}
    return model.model_construct(**values, **computed) if trusted else model(**values, **computed)
