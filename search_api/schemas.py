"""Response and request schemas of the API."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict


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


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
