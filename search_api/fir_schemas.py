"""Request and response bodies of the FIR endpoints.

The request bodies are the input models of ``cases.input``. Each response model extends its request
model, so what GET returns is what POST takes: drop the fields in ``SERVER_ASSIGNED_FIELDS`` (ids, number,
status, timestamps, version, and the records of later events, which have their own endpoints) and POST the
rest to register a like FIR. Parties keep their ``person_id``, so the copy links the same person records;
drop it too to create new ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from cases.input import (
    ArrestInput,
    CourtResultInput,
    FinalReportInput,
    FirInput,
    PartyInput,
    SeizureInput,
    StatusChangeInput,
    TransferInput,
)
from people.identifiers import NormalisationError, normalise_mobile
from records.models import FirStatus, InformationType

__all__ = [
    "SERVER_ASSIGNED_FIELDS",
    "ArrestInput",
    "ArrestOut",
    "CourtResultInput",
    "CourtResultOut",
    "FinalReportInput",
    "FinalReportOut",
    "FirInput",
    "FirOut",
    "FirPage",
    "FirSummary",
    "PartyOut",
    "SeizureInput",
    "SeizureOut",
    "StatusChangeInput",
    "StatusChangeOut",
    "TransferInput",
]


class PartyOut(PartyInput):
    person_id: int = Field(description="The person record this party is linked to")  # type: ignore[assignment]


class ArrestOut(ArrestInput):
    id: int


class SeizureOut(SeizureInput):
    id: int


class FinalReportOut(FinalReportInput):
    id: int


class CourtResultOut(CourtResultInput):
    id: int


class StatusChangeOut(BaseModel):
    from_status: FirStatus | None
    to_status: FirStatus
    changed_at: datetime
    changed_by_user_id: int | None
    note: str | None


class FirOut(FirInput):
    """An FIR as registered, with what happened to it since."""

    complainant: PartyOut | None = Field(description="The complainant or informant")  # type: ignore[assignment]
    victims: list[PartyOut] = Field(default_factory=list)  # type: ignore[assignment]
    accused: list[PartyOut] = Field(default_factory=list)  # type: ignore[assignment]
    suspects: list[PartyOut] = Field(default_factory=list)  # type: ignore[assignment]
    witnesses: list[PartyOut] = Field(default_factory=list)  # type: ignore[assignment]
    station: str = Field(description="Code of the registering police station")  # type: ignore[assignment]

    id: int
    number: str = Field(description="FIR number as cited: serial/year", examples=["12/2025"])
    serial: int
    year: int
    district: str = Field(description="Code of the station's police district")
    status: FirStatus
    crime_heads: list[str] = Field(description="NCRB crime heads of the cited sections")
    registered_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Goes up with every change; the ETag carries it")
    zero_fir_origin_id: int | None = Field(default=None, description="The zero FIR this FIR was registered from")
    transferred_to_station: str | None = None
    transferred_to_fir_id: int | None = None
    transferred_at: datetime | None = None
    arrests: list[ArrestOut] = Field(default_factory=list)
    seizures: list[SeizureOut] = Field(default_factory=list)
    final_reports: list[FinalReportOut] = Field(default_factory=list)
    court_results: list[CourtResultOut] = Field(default_factory=list)
    status_history: list[StatusChangeOut] = Field(default_factory=list)


SERVER_ASSIGNED_FIELDS: frozenset[str] = frozenset(set(FirOut.model_fields) - set(FirInput.model_fields))


class FirSummary(BaseModel):
    id: int
    number: str
    station: str
    district: str
    registered_at: datetime
    occurrence_from: datetime | None
    information_type: InformationType
    status: FirStatus
    sections: list[str] = Field(examples=[["BNS 303(2)"]])
    crime_heads: list[str]
    version: int


class FirPage(BaseModel):
    items: list[FirSummary]
    limit: int
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page")


class PartyAdded(BaseModel):
    fir_id: int
    person_id: int
    role: str
    accused_number: int | None
    version: int


def output_mobile(raw: str | None) -> str | None:
    """Stored mobiles are normalised; an older record's odd value is shown as it was written."""
    if not raw:
        return None
    try:
        return normalise_mobile(raw)
    except NormalisationError:
        return raw


def constructed(model: type[BaseModel], **values: Any) -> Any:
    """Build a response model from trusted database values without re-running the input validators."""
    return model.model_construct(**values)
