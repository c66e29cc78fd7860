"""Request and response bodies of the FIR endpoints.

The request bodies are the input models of ``cases.input``. Each response model extends its request
model, so what GET returns is what POST takes: drop the fields in ``SERVER_ASSIGNED_FIELDS`` (ids, number,
status, timestamps, version, and the records of later events, which have their own endpoints) and POST the
rest to register a like FIR. Parties keep their ``person_id``, so the copy links the same person records;
drop it too to create new ones.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from cases.input import (
    ArrestInput,
    CourtResultInput,
    FinalReportInput,
    FirInput,
    PartyInput,
    PropertyInput,
    SectionCitation,
    SeizureInput,
    StatusChangeInput,
    TransferInput,
)
from cases.reading.fir import FirView
from people.identifiers import NormalisationError, normalise_mobile
from records.models import Fir, FirParty, FirStatus, InformationType, PartyRole
from search_api.schemas import from_row

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


PARTY_FIELDS = {
    PartyRole.COMPLAINANT: "complainant",
    PartyRole.VICTIM: "victims",
    PartyRole.ACCUSED: "accused",
    PartyRole.SUSPECT: "suspects",
    PartyRole.WITNESS: "witnesses",
}


# Fields of FirOut read straight from the FIR's own columns (and its number, "serial/year").
FIR_COLUMNS = ("number", *(field for field in FirOut.model_fields if field in Fir.__table__.columns))


def _party_out(party: FirParty) -> PartyOut:
    person = party.person
    return PartyOut.model_construct(
        person_id=party.person_id,
        name=party.name_as_given,
        relative_name=party.relative_name_as_given,
        relation_kind=person.relation_kind,
        gender=person.gender,
        age=party.age_as_given,
        date_of_birth=person.date_of_birth,
        address=party.address_as_given,
        mobile=output_mobile(party.mobile_as_given),
        identifying_marks=person.identifying_marks,
        aliases=[alias.alias for alias in person.aliases],
    )


def fir_out(view: FirView) -> FirOut:
    """The full FIR as the API shows it (``cases.reading.fir.fir_view`` reads it)."""
    fir = view.fir
    parties: dict[str, list[PartyOut]] = {field: [] for field in PARTY_FIELDS.values()}
    for party in view.parties:
        parties[PARTY_FIELDS[party.role]].append(_party_out(party))
    complainants = parties.pop("complainant")
    return FirOut.model_construct(
        station=view.station.code,
        **{field: getattr(fir, field) for field in FIR_COLUMNS},
        sections=[SectionCitation.model_construct(act=c.act, section=c.number) for c in view.sections],
        complainant=complainants[0] if complainants else None,
        **parties,
        properties=[from_row(PropertyInput, item, trusted=True) for item in fir.properties],
        district=view.district.code,
        crime_heads=view.crime_heads,
        transferred_to_station=view.transferred_to_station,
        arrests=[from_row(ArrestOut, a, trusted=True) for a in view.arrests],
        seizures=[from_row(SeizureOut, s, trusted=True) for s in view.seizures],
        final_reports=[
            from_row(
                FinalReportOut,
                r.report,
                trusted=True,
                charged_person_ids=r.charged_person_ids,
                not_charged_person_ids=r.not_charged_person_ids,
            )
            for r in view.final_reports
        ],
        court_results=[from_row(CourtResultOut, d, trusted=True) for d in view.court_results],
        status_history=[from_row(StatusChangeOut, c, trusted=True) for c in fir.status_history],
    )
