"""Courts and prisons end to end, over HTTP on loopback: the police node (the whole app with its background work,
on its own database), a simulated court and a simulated prison (``tests.network.simulated_icjs``) speaking the
specification. A station offers its charge sheet while the court is down, the offer waits and goes once the court
is back (once); the court's CNR lands on the case (sent to court), a next hearing and a disposal follow (disposed,
with the court result of IIF-VI); a prison's release raises an alert at the station in English and Hindi; a repeat
changes nothing; a caller without the right key is refused; every step is in the audit log, by whom it was done.
With Chromium, the case page and the station home are photographed (test-output/icjs/) in English and Hindi."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy.orm import Session

from exchange.network.peers import add_peer
from records.audit import Actor
from records.models import AuditEntry, CourtDisposal, Fir, FirStatus, Notification
from tests.network.simulated_icjs import SimulatedCourt, SimulatedPrison
from tests.portal.e2e import PASSWORD, log_in, serving, staff_database
from tests.search_api.fir_api_support import fir_body, ist_today
from tests.support import CHROMIUM, CHROMIUM_ARGS, screenshot_folder

pytestmark = pytest.mark.slow
NODE_KEY = "bihar-node-key-for-the-court-0123456789"
COURT_KEY = "court-brvs01-key-0123456789abcdef"
PRISON_KEY = "prison-hajipur-key-0123456789abcdef"
SHOTS = screenshot_folder("icjs")
WAIT = 40.0


@dataclass
class Network:
    police: str
    engine: sa.Engine
    court: SimulatedCourt
    prison: SimulatedPrison


@pytest.fixture
def network(database_url: str) -> Iterator[Network]:
    from cctns.asgi import create_app
    from records.database import Database
    from records.settings import get_settings
    from workers.background import InProcessWork
    from workers.court_offers import InProcessCourtOffers

    court = SimulatedCourt("BRVS01", "Chief Judicial Magistrate, Vaishali at Hajipur", NODE_KEY, COURT_KEY)
    prison = SimulatedPrison("10-HAJIPUR_MANDAL", "Mandal Kara, Hajipur", PRISON_KEY)
    settings = get_settings().model_copy(update={"network_node_key": SecretStr(NODE_KEY)})
    with staff_database(database_url, "icjs_e2e") as engine, serving(court.app()) as court_url:
        with Session(engine) as session, session.begin():
            add_peer(session, code=court.code, role="court", name=court.name, key=COURT_KEY, base_url=court_url,
                        actor=Actor.command_line())  # fmt: skip
            add_peer(session, code=prison.code, role="prison", name=prison.name, key=PRISON_KEY, base_url=None,
                        actor=Actor.command_line())  # fmt: skip
        offers = InProcessCourtOffers(engine, settings, interval=0.3)
        app = create_app(Database(engine), background=InProcessWork(engine, [offers]))
        app.state.settings = settings
        with serving(app) as police:
            court.police_url = prison.police_url = police
            yield Network(police, engine, court, prison)


def _until(what: str, done: Callable[[], Any], timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := done()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.3)
    return found


def _officer(police: str) -> dict[str, str]:
    token = httpx.post(f"{police}/api/v1/auth/token", data={"username": "sho.sadar", "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in statuses, f"{response.status_code}: {response.text[:500]}"
    return response.json()


def test_charge_sheet_to_court_cnr_hearing_disposal_and_a_prison_release(network: Network) -> None:
    police, court, prison = network.police, network.court, network.prison
    officer = _officer(police)
    fir = _ok(httpx.post(f"{police}/api/v1/firs", json=fir_body(), headers=officer, timeout=30), 201)
    fir_id = fir["id"]
    _ok(httpx.post(f"{police}/api/v1/firs/{fir_id}/status", json={"to": "under_investigation"}, headers=officer), 200)
    report = {"kind": "charge_sheet", "report_number": "CS-7", "submitted_on": ist_today().isoformat(),
              "charged_person_ids": [fir["accused"][0]["person_id"]]}  # fmt: skip
    _ok(httpx.post(f"{police}/api/v1/firs/{fir_id}/final-reports", json=report, headers=officer), 201)

    # The court is down: the offer is queued, tried, and waits with the court's answer as its reason.
    court.refuse_all = True
    queued = _ok(httpx.post(f"{police}/api/v1/firs/{fir_id}/court-offers", headers=officer,
                            json={"court": "BRVS01", "offered": "charge_sheet"}, timeout=60), 202)  # fmt: skip
    record_url = f"{police}/api/v1/firs/{fir_id}/court-case"
    waiting = _until("a failed try", lambda: [o for o in httpx.get(record_url, headers=officer).json()["offers"]
                                               if o["attempts"] >= 1])  # fmt: skip
    assert waiting[0]["delivered_at"] is None and "503" in waiting[0]["last_error"]
    # Back up: the next try (after its pause) delivers it, once.
    court.refuse_all = False
    _until("the offer delivered", lambda: queued["event_id"] in court.offers, timeout=WAIT)
    offered = court.offers[queued["event_id"]]
    assert offered["offered"] == "charge_sheet" and offered["report_number"] == "CS-7"
    assert base64.b64decode(offered["documents"][0]["content_base64"]).startswith(b"%PDF")
    time.sleep(1.0)
    assert len(court.offers) == 1
    (state,) = httpx.get(record_url, headers=officer).json()["offers"]
    assert state["delivered_at"] is not None

    # The court registers the case: its CNR lands on the case, which is now before the court.
    cnr, answer = court.register_case(queued["event_id"], ist_today())
    _ok(answer, 201)
    assert cnr.startswith("BRVS01") and len(cnr) == 16
    record = httpx.get(record_url, headers=officer).json()
    assert [c["cnr"] for c in record["court_cases"]] == [cnr]
    assert _ok(httpx.get(f"{police}/api/v1/firs/{fir_id}", headers=officer), 200)["status"] == "sent_to_court"
    hearing = ist_today() + timedelta(days=14)
    _ok(court.fix_hearing(queued["event_id"], hearing, "framing of charge"), 201)
    (case,) = httpx.get(record_url, headers=officer).json()["court_cases"]
    assert (case["next_hearing_on"], case["next_hearing_purpose"]) == (hearing.isoformat(), "framing of charge")

    # A prison releases the accused (named by the reference the police side gave): an alert at the station.
    accused_ref = next(p["person"] for p in offered["fir"]["parties"] if p["role"] == "accused")
    release = prison.event("released", offered["fir_key"], datetime.now(UTC), person=accused_ref,
                           release_reason="bail")  # fmt: skip
    released = _ok(prison.send(release), 201)
    assert _ok(prison.send(release), 200)["repeat"] is True and released["repeat"] is False
    alerts = _ok(httpx.get(f"{police}/api/v1/notifications", headers=officer), 200)
    (alert,) = [a for a in alerts if a["kind"] == "prison_event"]
    assert (
        alert["fir_id"] == fir_id
        and "Mohd. Salim" in alert["message"]
        and "released from Mandal Kara" in alert["message"]
    )
    with Session(network.engine) as session:
        row = session.get(Notification, alert["id"])
        assert row is not None and "रिहा" in row.detail["message_hi"]

    # Wrong or missing keys are refused before anything is read.
    assert httpx.post(f"{police}/api/v1/network/icjs/court-events", json=release,
                      headers={"X-CCTNS-Node-Key": PRISON_KEY}).status_code == 401  # fmt: skip
    assert httpx.post(f"{police}/api/v1/network/icjs/prison-events", json=release).status_code == 401
    assert httpx.post(f"{police}/api/v1/network/icjs/prison-events", json=release, headers=officer).status_code == 401

    # The court disposes: the FIR is disposed with the court's result.
    _ok(court.dispose(queued["event_id"], ist_today(), "convicted", person=accused_ref, sentence="2 years"), 201)
    assert _ok(httpx.get(f"{police}/api/v1/firs/{fir_id}", headers=officer), 200)["status"] == "disposed"
    with Session(network.engine) as session:
        fir_row = session.get(Fir, fir_id)
        assert fir_row is not None and fir_row.status is FirStatus.DISPOSED
        (result,) = session.scalars(sa.select(CourtDisposal).where(CourtDisposal.fir_id == fir_id)).all()
        assert (result.court_case_number, result.result.value) == (cnr, "convicted")
        audit = session.execute(
            sa.select(AuditEntry.action, AuditEntry.user_id, AuditEntry.detail)
            .where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir_id))
            .order_by(AuditEntry.id)
        ).all()
    by_action: dict[str, list[Any]] = {}
    for action, user_id, detail in audit:
        by_action.setdefault(action, []).append((user_id, (detail or {}).get("via")))
    assert by_action["icjs_offer_queued"][0][0] is not None  # the officer
    assert by_action["icjs_offer_failed"][0][1].startswith("ICJS court offers")
    assert len(by_action["icjs_offer_delivered"]) == 1
    assert [via for _, via in by_action["icjs_court_event"]] == [f"court BRVS01 ({court.name})"] * 3
    assert by_action["icjs_prison_event"] == [(None, f"prison 10-HAJIPUR_MANDAL ({prison.name})")]
    assert by_action["court_result"][0][1] == f"court BRVS01 ({court.name})"
    assert "read_court_case" in by_action

    if CHROMIUM.exists():
        _photograph(police, fir_id)


def _photograph(police: str, fir_id: int) -> None:
    """The case page (court and prison card) and the station home (the prison alert), in English and Hindi."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for language in ("en", "hi"):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            log_in(page, f"{police}/station/", "sho.sadar", language)  # the language cookie is for /station/
            page.wait_for_selector("#alerts")
            assert ("जेल" if language == "hi" else "Prison") in page.locator("#alerts").inner_text()
            page.locator("#alerts").screenshot(path=str(SHOTS / f"station_alert_{language}.png"))
            page.goto(f"{police}/station/firs/{fir_id}")
            page.wait_for_selector("#icjs")
            assert page.locator("#icjs .cnr").count() == 1
            page.locator("#icjs").screenshot(path=str(SHOTS / f"case_court_and_prison_{language}.png"))
            page.close()
        browser.close()
