"""A small simulated court and prison that speak the ICJS part of the exchange specification (docs/exchange/v1,
"Courts and prisons"), for the end-to-end tests.

The court is a FastAPI app (served by uvicorn on a free port): it takes offers at ``POST /icjs/v1/offers`` only from
the police node whose key it was given, checks each against the specification (the shipped validator, as any
implementation would) and the PDF copy against its digest, and answers 202 (200 for a repeat of an offer it holds).
It then registers cases, fixes hearings and disposes of them when the test says so, sending each event to the police
node with its own key. The prison is plain functions: it sends admission, release, parole and escape events.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse

from exchange.icjs.validation import icjs_problems
from records.display import IST

SPEC = "cctns-icjs/1"
KEY_HEADER = "X-CCTNS-Node-Key"


def _now() -> str:
    return datetime.now(UTC).astimezone(IST).isoformat(timespec="seconds")


@dataclass
class SimulatedCourt:
    """A court establishment (``code``, ``name``) that trusts one police node (``police_key``) and calls it back at
    ``police_url`` presenting ``own_key``."""

    code: str
    name: str
    police_key: str
    own_key: str
    police_url: str = ""
    refuse_all: bool = False  # the court is "down": it answers 503 to every offer
    offers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by event id
    cases: dict[str, str] = field(default_factory=dict)  # offer event id -> CNR
    calls: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)  # the court's own audit: what came in, what went out
    _serial: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/icjs/v1/offers")
        def take_offer(document: dict[str, Any], key: str | None = Header(default=None, alias=KEY_HEADER)) -> Any:
            with self._lock:
                self.calls += 1
            if self.refuse_all:
                return JSONResponse({"message": "the court's system is down for maintenance"}, status_code=503)
            if key != self.police_key:
                return JSONResponse({"message": "not a police node this court knows"}, status_code=401)
            problems = icjs_problems("offer", document)
            if problems:
                return JSONResponse({"message": "offer refused", "problems": [str(p) for p in problems]}, 422)
            for item in document["documents"]:
                pdf = base64.b64decode(item["content_base64"])
                if hashlib.sha256(pdf).hexdigest() != item["sha256"] or not pdf.startswith(b"%PDF"):
                    return JSONResponse({"message": f"document {item['name']} is not the PDF its digest says"}, 422)
            if document["court"] != self.code:
                return JSONResponse({"message": f"this is court {self.code}, not {document['court']}"}, 422)
            event_id = document["event_id"]
            with self._lock:
                repeat = event_id in self.offers
                self.offers[event_id] = document
                self.log.append(
                    {"action": "offer taken", "event_id": event_id, "fir_key": document["fir_key"], "repeat": repeat}
                )
            return JSONResponse({"event_id": event_id, "accepted": True}, status_code=200 if repeat else 202)

        return app

    def _send(self, event: dict[str, Any]) -> httpx.Response:
        answer = httpx.post(
            f"{self.police_url}/api/v1/network/icjs/court-events",
            json=event,
            headers={KEY_HEADER: self.own_key},
            timeout=30,
        )
        with self._lock:
            self.log.append(
                {
                    "action": f"{event['kind']} sent",
                    "event_id": event["event_id"],
                    "cnr": event["cnr"],
                    "answer": answer.status_code,
                }
            )
        return answer

    def _event(self, kind: str, offer: dict[str, Any], cnr: str, **fields: Any) -> dict[str, Any]:
        court = {"code": self.code, "name": self.name}
        return {
            "spec": SPEC,
            "event_id": str(uuid.uuid4()),
            "kind": kind,
            "sent_at": _now(),
            "court": court,
            "fir_key": offer["fir_key"],
            "cnr": cnr,
        } | fields

    def register_case(self, offer_event_id: str, on: date) -> tuple[str, httpx.Response]:
        """Register the offered case: a new CNR (this establishment, the next serial, the year), sent back."""
        offer = self.offers[offer_event_id]
        with self._lock:
            self._serial += 1
            cnr = f"{self.code}{self._serial:06d}{on.year}"
            self.cases[offer_event_id] = cnr
        event = self._event("case_registered", offer, cnr, in_reply_to=offer_event_id, registered_on=on.isoformat())
        return cnr, self._send(event)

    def fix_hearing(self, offer_event_id: str, on: date, purpose: str) -> httpx.Response:
        offer = self.offers[offer_event_id]
        return self._send(
            self._event(
                "hearing_fixed", offer, self.cases[offer_event_id], next_hearing_on=on.isoformat(), purpose=purpose
            )
        )

    def dispose(self, offer_event_id: str, on: date, result: str, **fields: Any) -> httpx.Response:
        offer = self.offers[offer_event_id]
        return self._send(
            self._event(
                "case_disposed", offer, self.cases[offer_event_id], disposed_on=on.isoformat(), result=result, **fields
            )
        )


@dataclass
class SimulatedPrison:
    """A prison (``code``, ``name``) that tells the police node at ``police_url`` about people it holds."""

    code: str
    name: str
    own_key: str
    police_url: str = ""
    log: list[dict[str, Any]] = field(default_factory=list)  # the prison's own log: what it sent, what it heard

    def event(self, kind: str, fir_key: str, at: datetime, **person: Any) -> dict[str, Any]:
        prison, occurred_at = {"code": self.code, "name": self.name}, at.astimezone(IST).isoformat(timespec="seconds")
        return {
            "spec": SPEC,
            "event_id": str(uuid.uuid4()),
            "kind": kind,
            "sent_at": _now(),
            "prison": prison,
            "occurred_at": occurred_at,
            "fir_key": fir_key,
        } | person

    def send(self, event: dict[str, Any]) -> httpx.Response:
        answer = httpx.post(
            f"{self.police_url}/api/v1/network/icjs/prison-events",
            json=event,
            headers={KEY_HEADER: self.own_key},
            timeout=30,
        )
        self.log.append(
            {"action": f"{event['kind']} sent", "event_id": event["event_id"], "answer": answer.status_code}
        )
        return answer
