"""A prison's events about a person named in an FIR (admitted, released, paroled, escaped): the person found in
the FIR, the event in the case's court and prison history, and an alert at the FIR's station in English and Hindi.

The prison names the person by the reference the police side gave (``10-P4711``: the offer's record carries it,
and the court's warrant with it), or by name and father's (or husband's) name as the FIR writes them, in either
script: compared by the phonetic keys of ``people.names`` (``Ram Kumar`` is ``राम कुमार``). A name that matches
nobody, or more than one, still raises the alert: it says the prison's words and that the person was not
recognised, so the station checks; an escape is never lost for a spelling.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.icjs.court import Applied, earlier
from exchange.icjs.keys import IcjsRefused, fir_by_key, person_in_fir
from exchange.icjs.validation import validate_icjs
from people.names.forms import name_forms
from records.audit import Actor
from records.display import IST
from records.models import Fir, FirParty, IcjsEvent, Notification, PoliceStation

WHAT = {  # kind: (English, Hindi)
    "admitted": ("admitted to", "में दाख़िल किया गया"),
    "released": ("released from", "से रिहा किया गया"),
    "paroled": ("let out on parole from", "से पैरोल पर छोड़ा गया"),
    "escaped": ("ESCAPED from", "से फ़रार हो गया"),
}
RELEASE_REASONS = {
    "bail": ("on bail", "ज़मानत पर"),
    "acquitted": ("acquitted", "दोषमुक्त होने पर"),
    "sentence_served": ("sentence served", "सज़ा पूरी होने पर"),
    "transferred": ("transferred", "स्थानांतरण पर"),
    "other": ("other reason", "अन्य कारण से"),
}


def _keys(name: str) -> tuple[str, ...]:
    return tuple(sorted(name_forms(name).phonetic))


def person_by_name(session: Session, fir: Fir, name: str, relative_name: str) -> int | None:
    """The one person of ``fir`` whose name and relative's name sound the same as these; None for none or many."""
    wanted = (_keys(name), _keys(relative_name))
    parties = session.execute(
        sa.select(FirParty.person_id, FirParty.name_as_given, FirParty.relative_name_as_given).where(
            FirParty.fir_id == fir.id
        )
    ).all()
    found = {
        row.person_id
        for row in parties
        if row.relative_name_as_given and (_keys(row.name_as_given), _keys(row.relative_name_as_given)) == wanted
    }
    return found.pop() if len(found) == 1 else None


def _ist(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")


def _messages(
    event: dict[str, Any], fir: Fir, station: PoliceStation, who: tuple[str, str], matched: bool
) -> tuple[str, str]:
    """The alert in English and in Hindi."""
    kind, prison = event["kind"], event["prison"]["name"]
    at = _ist(datetime.fromisoformat(event["occurred_at"]))
    en = f"Prison: {who[0]} of {station.name_en} PS FIR {fir.number} was {WHAT[kind][0]} {prison} on {at}"
    station_hi = station.name_hi or station.name_en
    hi = f"जेल: {station_hi} थाना प्राथमिकी {fir.number} का/की {who[1]} {at} को {prison} {WHAT[kind][1]}"
    if kind == "released" and "release_reason" in event:
        reason = RELEASE_REASONS[event["release_reason"]]
        en, hi = f"{en} ({reason[0]})", f"{hi} ({reason[1]})"
    if kind == "paroled":
        until = date.fromisoformat(event["parole_until"]).strftime("%d-%m-%Y")
        en, hi = f"{en}, until {until}", f"{hi}, {until} तक"
    if kind == "escaped":
        en, hi = f"{en}. Act at once.", f"{hi}। तुरंत कार्रवाई करें।"
    else:
        en, hi = f"{en}.", f"{hi}।"
    if not matched:
        en += " The prison's name did not match one person of the FIR: check who it is."
        hi += " जेल का बताया नाम प्राथमिकी के किसी एक व्यक्ति से नहीं मिला: जाँच करें।"
    return en, hi


def apply_prison_event(session: Session, event: dict[str, Any], *, sender: str, actor: Actor, now: datetime) -> Applied:
    """Record one prison event (validated here) from prison ``sender`` and raise the alert at the FIR's station;
    IcjsRefused or InvalidMessage when it cannot be taken. Never commits."""
    validate_icjs("prison_event", event)
    if event["prison"]["code"] != sender:
        raise IcjsRefused("prison.code", f"the prison sending is {sender}, not {event['prison']['code']}", 403)
    seen = earlier(session, event["event_id"])
    if seen is not None:
        return Applied(seen, repeat=True)
    fir = fir_by_key(session, event["fir_key"])
    if "person" in event:
        person_id: int | None = person_in_fir(session, fir, event["person"])
    else:
        person_id = person_by_name(session, fir, event["name"], event["relative_name"])
    if person_id is not None:
        party = session.execute(
            sa.select(FirParty.name_as_given, FirParty.relative_name_as_given)
            .where(FirParty.fir_id == fir.id, FirParty.person_id == person_id)
            .order_by(FirParty.id)
            .limit(1)
        ).one()
        name, relative = party.name_as_given, party.relative_name_as_given
    else:
        name, relative = event["name"], event["relative_name"]
    who = (f"{name} (relative: {relative})", f"{name} (संबंधी: {relative})") if relative else (name, name)
    station = session.get(PoliceStation, fir.station_id)
    assert station is not None
    en, hi = _messages(event, fir, station, who, person_id is not None)
    kind = event["kind"]
    alert = Notification(key=f"icjs:{event['event_id']}:s{fir.station_id}", station_id=fir.station_id,
                         kind="prison_event", person_id=person_id, fir_id=fir.id, message=en[:1000],
                         detail={"message_hi": hi, "event_id": event["event_id"], "kind": kind,
                                 "prison": event["prison"]["code"]})  # fmt: skip
    session.add(alert)
    session.flush()
    outcome = f"{kind}: alert raised at {station.name_en} PS" + ("" if person_id else " (person not recognised)")
    row = IcjsEvent(event_id=uuid.UUID(event["event_id"]), fir_id=fir.id, source="prison", sender=sender, kind=kind,
                    person_id=person_id, occurred_at=datetime.fromisoformat(event["occurred_at"]), received_at=now,
                    body=event, outcome=outcome, notification_id=alert.id)  # fmt: skip
    session.add(row)
    session.flush()
    actor.audit(session, "icjs_prison_event", "fir", fir.id,
                {"event_id": event["event_id"], "kind": kind, "prison": sender, "person_id": person_id,
                 "icjs_event_id": row.id, "notification_id": alert.id})  # fmt: skip
    return Applied(row, repeat=False)
