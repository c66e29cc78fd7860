"""Request and response bodies of the criminal-tracking endpoints: person links and their review, a person's
dossier and associates, watch lists and alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from cases.input import Short
from search_api.search_schemas import NamedInFir


class FirNaming(BaseModel):
    """An FIR naming a record, in parts, so that a page can say it in its language."""

    station: str
    station_hi: str
    number: str
    role: str


class RecordBrief(BaseModel):
    person_id: int
    name: str
    relative_name: str | None
    relation_kind: str | None
    gender: str
    age_years: int | None
    age_recorded_on: str | None
    mobiles: list[str]
    addresses: list[str]
    aliases: list[str]
    identifying_marks: str | None
    firs: list[str] = Field(description="FIRs naming this record: Station PS serial/year (role)")
    named_in: list[FirNaming] = Field(default=[], description="The same FIRs in parts (station in both languages)")


class LinkOut(BaseModel):
    id: int
    status: str
    score: float
    reasons: list[str]
    found_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    note: str | None
    a: RecordBrief
    b: RecordBrief


class LinkPage(BaseModel):
    total: int
    page: int
    size: int
    links: list[LinkOut] = Field(description="Grouped: the links of one record come together, best group first")
    auto_score: float = Field(description="Pairs scoring at least this are linked without a reviewer")
    review_score: float = Field(description="Pairs scoring at least this (and below auto_score) wait for review")
    score_meaning: str = Field(description="What the score is, in one sentence, for the reviewer")


class DecisionIn(BaseModel):
    decision: Literal["confirm", "reject", "unmerge", "relink"] = Field(
        description="confirm or reject a proposal; unmerge a linked pair; relink an unmerged pair"
    )
    note: Short(500) | None = None


class MergeIn(BaseModel):
    person_a_id: int = Field(ge=1, le=2**62)
    person_b_id: int = Field(ge=1, le=2**62)
    note: Short(500) | None = None
    propose: bool = Field(
        default=False,
        description="Only propose the pair for review (answered 202): for a caller who may read one of the two "
        "records; a reviewer who may read both decides it",
    )


class ProposalOut(BaseModel):
    link_id: int
    status: str = Field(description="review: waiting for a reviewer who may read both records")
    records: list[RecordBrief] = Field(description="The records of the pair you may read; never the other's")
    outside_jurisdiction: int = Field(description="Records of the pair outside your jurisdiction (not shown)")
    message: str


class CandidateOut(BaseModel):
    person_id: int
    score: float
    reasons: list[str]
    would_be: str | None = Field(description="auto, review, or none at the current thresholds")
    record: RecordBrief


class DossierFir(NamedInFir):
    person_id: int = Field(description="The record this FIR names")
    station_hi: str = Field(default="", description="The station's name in Hindi")
    district_hi: str = Field(default="", description="The district's name in Hindi")


class TimelineEvent(BaseModel):
    at: str
    kind: str
    text: str
    fir_id: int | None


class Flags(BaseModel):
    habitual_offender: bool
    habitual_rule: str
    habitual_firs: int = Field(default=0, description="The rule in numbers: this many FIRs as accused ...")
    habitual_years: int = Field(default=0, description="... within this many years")
    wanted: bool
    proclaimed_offender: bool
    firs_as_accused: int


class Dossier(BaseModel):
    person_id: int
    name: str
    records: list[RecordBrief] = Field(description="Every record linked to this one that you may read (this one first)")
    outside_jurisdiction: int = Field(description="Linked records outside your jurisdiction, not shown")
    outside_note: str | None = Field(description="What to do about the records not shown")
    links: list[LinkOut] = Field(description="Links among them and proposals waiting for review")
    names: list[str] = Field(description="Names and aliases as the records wrote them")
    mobiles: list[str]
    addresses: list[str]
    photographs: list[str] = Field(description="Photographs recorded (none: the records hold no photographs yet)")
    firs: list[DossierFir]
    arrests: list[dict[str, Any]]
    final_reports: list[dict[str, Any]]
    court_results: list[dict[str, Any]]
    timeline: list[TimelineEvent]
    flags: Flags


class AssociateNode(BaseModel):
    id: int = Field(description="The person (smallest id of their linked records)")
    name: str
    depth: int
    record_ids: list[int]
    fir_count: int


class AssociateEdge(BaseModel):
    source: int
    target: int
    firs: list[str] = Field(description="FIRs naming both as accused")
    fir_ids: list[int]


class AssociatesOut(BaseModel):
    root: int
    depth: int
    truncated: bool
    outside_jurisdiction: int = Field(description="Records met on the way that are outside your jurisdiction")
    outside_note: str | None
    nodes: list[AssociateNode]
    edges: list[AssociateEdge]


class WatchIn(BaseModel):
    person_id: int = Field(ge=1, le=2**62)
    note: Short(300) | None = None
    notify_sms: bool = Field(default=False, description="Also send an SMS to the officer's mobile number")


class WatchOut(BaseModel):
    person_id: int
    name: str
    note: str | None
    notify_sms: bool
    created_at: datetime


class NotificationOut(BaseModel):
    id: int
    kind: str
    message: str
    person_id: int | None
    fir_id: int | None
    for_station: bool
    created_at: datetime
    read_at: datetime | None
