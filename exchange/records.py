"""An FIR of ours as the exchange record of version 1 (docs/exchange/v1/README.md): read as the FIR's read view
(``cases.reading.fir``) gives it, many FIRs at once (``exchange.record_reading``), coded by ``exchange.codes``, and
withholding what must not leave the state.

What is withheld, by the project's privacy rule (``records.victim_identity``):

* in a protected case (``protects_victim``: sexual offences, POCSO, a complaint filed in a protected category) every
  complainant and victim becomes a marker (``{"person": "W1", "role": "victim", "withheld": "protected_victim"}``),
  and the brief facts, the place, the places of arrest and the descriptions of seized property stay behind;
* a child (``is_child``, on the age the FIR gives) in any role becomes a marker (``"withheld": "juvenile"``) and the
  brief facts, which may name them, stay behind.

The record carries the owner's sharing level (``exchange.sharing.level_outside``: a protected case is always
``invisible``), so the national node knows what its searches may show.

A withheld person's marker number (``W1``) means something inside one record only, so markers never link two
records of the same person. Free text a station writes for itself (remarks, report summaries, delay reasons) is
never part of the record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from cases.errors import FirNotFound
from cases.reading.fir import FirView
from cases.reading.report_filers import Filer
from exchange import codes
from exchange.record_reading import FirReading, read_firs
from people.names.scripts import detect_script
from records.display import IST
from records.models import FirParty, PartyRole
from records.victim_identity import is_child

PROTECTED_ROLES = frozenset({PartyRole.COMPLAINANT, PartyRole.VICTIM})


@dataclasses.dataclass(frozen=True)
class FirRecord:
    """One FIR as the exchange carries it (``body`` is the record's ``fir`` object), with what the quality gate
    reads beside it."""

    fir_key: str
    version: int
    body: dict[str, Any]
    view: FirView
    filers: dict[int, Filer]  # who recorded each final report, by its id (``cases.reading.report_filers``)
    unknown_acts: list[tuple[int, str]]  # (index in sections, our act code) of acts without a national code

    def entry(self, action: str) -> dict[str, Any]:
        """The record as a message lists it: ``add`` or ``replace`` (for ``delete`` see :func:`delete_entry`)."""
        if action not in {"add", "replace"}:
            raise ValueError(f"action {action!r}: an FIR record is sent with add or replace")
        return {"action": action, "fir_key": self.fir_key, "version": self.version, "fir": self.body}


def delete_entry(fir_key: str, version: int, reason: str) -> dict[str, Any]:
    """A message's entry that tells the national node to drop the record it holds under ``fir_key``."""
    return {"action": "delete", "fir_key": fir_key, "version": version, "reason": reason}


def moment(value: datetime) -> str:
    """A stored time as the exchange writes it: India Standard Time with its offset, to the second."""
    return value.astimezone(IST).isoformat(timespec="seconds")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def party_age(party: FirParty, on: date) -> int | None:
    """The age the FIR gives, else the person's recorded age, else from their date of birth on ``on``."""
    if party.age_as_given is not None:
        return party.age_as_given
    person = party.person
    if person.age_years is not None:
        return person.age_years
    born = person.date_of_birth
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Without the fields that have no value (the exchange leaves an unknown field out, never sends null)."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _withheld_party(party: FirParty, reference: str, why: str) -> dict[str, Any]:
    return _compact(
        {"person": reference, "role": party.role.value, "accused_number": party.accused_number, "withheld": why}
    )


def _named_party(party: FirParty, reference: str, age: int | None) -> dict[str, Any]:
    person = party.person
    relative = party.relative_name_as_given or person.relative_name
    return _compact(
        {
            "person": reference,
            "role": party.role.value,
            "accused_number": party.accused_number,
            "name": {"text": party.name_as_given, "script": detect_script(party.name_as_given).value},
            "aliases": [{"text": a.alias, "script": a.script.value} for a in person.aliases],
            "relative": (
                {"kind": person.relation_kind.value if person.relation_kind else "unknown", "name": relative}
                if relative
                else None
            ),
            "age": age,
            "gender": person.gender.value,
            "mobiles": sorted({mobile.number for mobile in person.mobiles}),
        }
    )


def build_fir_record(session: Session, fir_id: int) -> FirRecord:
    """FIR ``fir_id`` as the exchange record of version 1, with what must not leave the state withheld; raises
    ``cases.errors.FirNotFound`` when there is no such FIR. A batch of one of :func:`build_fir_records`."""
    record = build_fir_records(session, [fir_id]).get(fir_id)
    if record is None:
        raise FirNotFound(f"no FIR has id {fir_id}")
    return record


def build_fir_records(session: Session, fir_ids: Collection[int]) -> dict[int, FirRecord]:
    """The exchange record of each FIR of ``fir_ids`` that exists, by FIR id, read in one set of queries
    (``exchange.record_reading``)."""
    return {fir_id: _record(reading) for fir_id, reading in read_firs(session, fir_ids).items()}


def _record(reading: FirReading) -> FirRecord:
    """One FIR's exchange record from what was read of it: the one home of what a record holds."""
    view, state, protected, filers = reading.view, reading.state_code, reading.protected, reading.filers
    fir = view.fir
    registered_on = fir.registered_at.astimezone(IST).date()

    # Why a person is withheld, decided once for all their roles (a victim who is also a witness).
    ages = {party.id: party_age(party, registered_on) for party in view.parties}
    withheld: dict[int, str] = {}
    for party in view.parties:
        if protected and party.role in PROTECTED_ROLES:
            withheld[party.person_id] = "protected_victim"
        elif is_child(ages[party.id]):
            withheld.setdefault(party.person_id, "juvenile")
    references: dict[int, str] = {}
    for party in view.parties:
        if party.person_id not in references:
            marker = f"W{sum(ref.startswith('W') for ref in references.values()) + 1}"
            references[party.person_id] = (
                marker if party.person_id in withheld else codes.person_ref(state, party.person_id)
            )
    parties = [
        _withheld_party(party, references[party.person_id], withheld[party.person_id])
        if party.person_id in withheld
        else _named_party(party, references[party.person_id], ages[party.id])
        for party in view.parties
    ]
    sections: list[dict[str, str]] = []
    unknown_acts: list[tuple[int, str]] = []
    for index, citation in enumerate(view.sections):
        national = codes.national_act(state, citation.act)
        if national is None:
            unknown_acts.append((index, citation.act))
        sections.append({"act": national or citation.act, "section": citation.number})

    place = _compact(
        {
            "address": fir.place_address,
            "beat": fir.beat,
            "latitude": fir.place_latitude,
            "longitude": fir.place_longitude,
        }
    )
    body = _compact(
        {
            "state": state,
            "district": codes.national_district(state, view.district.code),
            "district_name": _compact({"en": view.district.name_en, "hi": view.district.name_hi}),
            "district_census_code": view.district.census_code,
            "station": codes.national_station(state, view.station.code),
            "station_name": _compact({"en": view.station.name_en, "hi": view.station.name_hi}),
            "year": fir.year,
            "serial": fir.serial,
            "registered_at": moment(fir.registered_at),
            "info_received_at": moment(fir.info_received_at) if fir.info_received_at else None,
            "occurrence_from": moment(fir.occurrence_from) if fir.occurrence_from else None,
            "occurrence_to": moment(fir.occurrence_to) if fir.occurrence_to else None,
            "information_type": fir.information_type.value,
            "status": fir.status.value,
            "transferred_to_station": (
                codes.national_station(state, view.transferred_to_station) if view.transferred_to_station else None
            ),
            "sections": sections,
            "crime_heads": view.crime_heads,
            "place": None if protected else place,
            "brief_facts": None if withheld else fir.brief_facts,
            "investigating_officer": _compact({"name": fir.io_name, "rank": fir.io_rank}) if fir.io_name else None,
            "parties": parties,
        }
    )
    body["protected"] = protected
    body["sharing"] = reading.level_outside.value
    body["arrests"] = [
        _compact(
            {
                "person": references.get(arrest.person_id),
                "kind": arrest.kind.value,
                "at": moment(arrest.at),
                "place": None if protected else arrest.place,
                "officer": arrest.officer_name,
                "court_surrendered_in": arrest.court_surrendered_in,
            }
        )
        for arrest in view.arrests
    ]
    body["seizures"] = [
        _compact(
            {
                "seized_at": moment(seizure.seized_at),
                "kind": seizure.kind.value,
                "description": None if protected else seizure.description,
                "quantity": seizure.quantity,
                "value": _money(seizure.value) if seizure.value is not None else None,
                "seized_from": references.get(seizure.seized_from_person_id) if seizure.seized_from_person_id else None,
                "vehicle_registration": seizure.vehicle_registration,
                "vehicle_chassis": seizure.vehicle_chassis,
                "vehicle_engine": seizure.vehicle_engine,
            }
        )
        for seizure in view.seizures
    ]
    body["final_reports"] = [
        {
            **_compact(
                {
                    "kind": r.report.kind.value,
                    "report_number": r.report.report_number,
                    "submitted_on": r.report.submitted_on.isoformat(),
                    "court": r.report.court,
                    "filed_by": filers[r.report.id].full_name if r.report.id in filers else None,
                }
            ),
            "is_supplementary": r.report.is_supplementary,
            "charged": [references[p] for p in r.charged_person_ids if p in references],
            "not_charged": [references[p] for p in r.not_charged_person_ids if p in references],
        }
        for r in view.final_reports
    ]
    body["court_disposals"] = [
        _compact(
            {
                "court": d.court,
                "court_case_number": d.court_case_number,
                "disposed_on": d.disposed_on.isoformat(),
                "result": d.result.value,
                "person": references.get(d.person_id) if d.person_id else None,
                "sentence": d.sentence,
            }
        )
        for d in view.court_results
    ]
    key = codes.fir_key(state, view.station.code, fir.year, fir.serial)
    return FirRecord(key, fir.version, body, view, filers, unknown_acts)
