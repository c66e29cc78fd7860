"""Status changes that carry no record of their own (begin investigation, send to court, reopen), and the transfer
of a zero FIR to the station with jurisdiction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cases.changes import now_unless_given, touch
from cases.errors import FieldProblem, FirConflict, FirInputError
from cases.input import IST, StatusChangeInput
from cases.loading import fir_parties
from cases.states import NEEDS_RECORD, change_status, start_history, why_not
from records.audit import Actor
from records.models import (
    Fir,
    FirParty,
    FirProperty,
    FirSection,
    FirStatus,
    InformationType,
    PoliceStation,
)
from records.numbering import allocate_fir_serial

MANUAL_CHANGES = {
    (FirStatus.REGISTERED, FirStatus.UNDER_INVESTIGATION),
    (FirStatus.CHARGE_SHEETED, FirStatus.SENT_TO_COURT),
    (FirStatus.FINAL_REPORT_UNDETECTED, FirStatus.UNDER_INVESTIGATION),
}


def set_status(
    session: Session, fir: Fir, data: StatusChangeInput, *, actor: Actor, now: datetime | None = None
) -> Fir:
    """A status change that carries no record of its own (begin investigation, send to court, reopen)."""
    now = now_unless_given(now)
    reason = why_not(fir, data.to)
    if reason:
        raise FirConflict(reason, "to")
    if (fir.status, data.to) not in MANUAL_CHANGES:
        raise FirConflict(f"FIR {fir.number} becomes {data.to.value} when you {NEEDS_RECORD[data.to]}", "to")
    before = fir.status
    change_status(session, fir, data.to, user_id=actor.user_id, note=data.note, at=now)
    touch(fir, now)
    session.flush()
    actor.audit(session, "status", "fir", fir.id, {"number": fir.number, "from": before.value, "to": data.to.value})
    return fir


def transfer_zero_fir(
    session: Session,
    fir: Fir,
    to_station: PoliceStation,
    *,
    actor: Actor,
    note: str | None = None,
    now: datetime | None = None,
) -> Fir:
    """Hand a zero FIR to the station with jurisdiction: that station gets a regular FIR of its own, numbered
    in its own series and pointing back to the zero FIR; the zero FIR becomes ``transferred``."""
    now = now_unless_given(now)
    reason = why_not(fir, FirStatus.TRANSFERRED)
    if reason:
        raise FirConflict(reason, "status")
    if to_station.id == fir.station_id:
        raise FirInputError([FieldProblem(("to_station",), "is the station that registered the zero FIR")])
    if not to_station.is_active:
        raise FirInputError([FieldProblem(("to_station",), f"station {to_station.code} is not active")])
    year = now.astimezone(IST).year
    new = Fir(
        station_id=to_station.id,
        year=year,
        serial=allocate_fir_serial(session, to_station.id, year),
        registered_at=now,
        information_type=InformationType.WRITTEN,
        status=FirStatus.REGISTERED,
        zero_fir_origin_id=fir.id,
        **{
            name: getattr(fir, name)
            for name in (
                "occurrence_from",
                "occurrence_to",
                "info_received_at",
                "gd_entry_number",
                "gd_entry_at",
                "place_address",
                "place_distance_km",
                "place_direction",
                "beat",
                "place_latitude",
                "place_longitude",
                "brief_facts",
                "property_value_total",
                "delay_reason",
            )
        },
    )
    new.sections = [FirSection(section_id=s.section_id, position=s.position) for s in fir.sections]
    new.properties = [
        FirProperty(
            **{
                column: getattr(item, column)
                for column in (
                    "kind",
                    "description",
                    "value",
                    "mobile_imei",
                    "vehicle_registration",
                    "vehicle_chassis",
                    "vehicle_engine",
                    "vehicle_make_model",
                )
            }
        )
        for item in fir.properties
    ]
    session.add(new)
    session.flush()
    start_history(session, new, user_id=actor.user_id, at=now, note=f"from zero FIR {fir.number} (id {fir.id})")
    for party in fir_parties(session, fir.id):
        session.add(
            FirParty(
                fir_id=new.id,
                person_id=party.person_id,
                role=party.role,
                accused_number=party.accused_number,
                name_as_given=party.name_as_given,
                relative_name_as_given=party.relative_name_as_given,
                age_as_given=party.age_as_given,
                address_as_given=party.address_as_given,
                mobile_as_given=party.mobile_as_given,
            )
        )
    change_status(
        session,
        fir,
        FirStatus.TRANSFERRED,
        user_id=actor.user_id,
        note=note or f"transferred to {to_station.code}",
        at=now,
    )
    fir.transferred_to_station_id = to_station.id
    fir.transferred_to_fir_id = new.id
    fir.transferred_at = now
    touch(fir, now)
    session.flush()
    actor.audit(
        session,
        "transfer",
        "fir",
        fir.id,
        {"number": fir.number, "to_station_id": to_station.id, "new_fir_id": new.id, "note": note},
    )
    actor.audit(
        session,
        "create",
        "fir",
        new.id,
        {"number": new.number, "station_id": to_station.id, "zero_fir_origin_id": fir.id},
    )
    return new
