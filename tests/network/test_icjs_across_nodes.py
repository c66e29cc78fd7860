"""Courts and prisons on a real deployment of the network (``tests.network.nodes``: Bihar's ``cctns serve`` with its
node key, its background process sending offers to courts): a Bihar station's charge sheet goes to the simulated
court, the court's CNR lands on the case, a prison's release raises an alert at the station; each step is in
Bihar's audit log and in the court's own log, under the same event ids."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
import sqlalchemy as sa

from exchange.network.peers import add_peer
from records.audit import Actor
from records.models import AuditEntry, Notification
from tests.network.nodes import Network, wait_until
from tests.network.simulated_icjs import SimulatedCourt, SimulatedPrison
from tests.portal.e2e import serving
from tests.search_api.fir_api_support import ist_today

pytestmark = pytest.mark.slow
COURT_KEY = "court-brvs01-network-key-0123456789"
PRISON_KEY = "prison-hajipur-network-key-0123456789"


@pytest.fixture(scope="module")
def court_and_prison(network: Network) -> Iterator[tuple[SimulatedCourt, SimulatedPrison]]:
    bihar = network.bihar
    court = SimulatedCourt(
        "BRVS01", "Chief Judicial Magistrate, Vaishali at Hajipur", bihar.node_key, COURT_KEY, police_url=bihar.base_url
    )
    prison = SimulatedPrison("10-HAJIPUR_MANDAL", "Mandal Kara, Hajipur", PRISON_KEY, police_url=bihar.base_url)
    with serving(court.app()) as court_url:
        with bihar.session() as session, session.begin():
            add_peer(
                session,
                code=court.code,
                role="court",
                name=court.name,
                key=COURT_KEY,
                base_url=court_url,
                actor=Actor.command_line(),
            )
            add_peer(
                session,
                code=prison.code,
                role="prison",
                name=prison.name,
                key=PRISON_KEY,
                base_url=None,
                actor=Actor.command_line(),
            )
        yield court, prison


def test_a_bihar_charge_sheet_gets_its_cnr_and_a_prison_release_alerts_the_station(
    network: Network, court_and_prison: tuple[SimulatedCourt, SimulatedPrison]
) -> None:
    court, prison = court_and_prison
    bihar = network.bihar
    station = bihar.api_key_headers
    fir = bihar.register_fir()
    base = f"{bihar.base_url}/api/v1/firs/{fir['id']}"
    assert httpx.post(f"{base}/status", json={"to": "under_investigation"}, headers=station).status_code == 200
    report = {"kind": "charge_sheet", "submitted_on": ist_today().isoformat(), "report_number": "CS-21"}
    assert httpx.post(f"{base}/final-reports", json=report, headers=station).status_code == 201
    queued = httpx.post(
        f"{base}/court-offers", json={"court": "BRVS01", "offered": "charge_sheet"}, headers=station, timeout=60
    )
    assert queued.status_code == 202, queued.text
    event_id = queued.json()["event_id"]
    # Bihar's own background process sends it (no call from the test).
    wait_until(lambda: event_id in court.offers, timeout=60, what="the offer reaching the court")

    cnr, answer = court.register_case(event_id, ist_today())
    assert answer.status_code == 201, answer.text
    record = httpx.get(f"{base}/court-case", headers=bihar.headers("station")).json()
    assert [case["cnr"] for case in record["court_cases"]] == [cnr]
    assert httpx.get(base, headers=bihar.headers("station")).json()["status"] == "sent_to_court"

    accused = next(p["person"] for p in court.offers[event_id]["fir"]["parties"] if p["role"] == "accused")
    release = prison.event("released", court.offers[event_id]["fir_key"], datetime.now(UTC), person=accused)
    assert prison.send(release).status_code == 201
    alerts = httpx.get(f"{bihar.base_url}/api/v1/notifications", headers=bihar.headers("station")).json()
    assert [a["fir_id"] for a in alerts if a["kind"] == "prison_event"] == [fir["id"]]

    # Both logs: Bihar's audit rows and the court's own, under the same event ids.
    with bihar.session() as session:
        rows = session.execute(
            sa.select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir["id"]))
            .order_by(AuditEntry.id)
        ).all()
        alert = session.scalar(sa.select(Notification).where(Notification.kind == "prison_event"))
    ours = {(action, (detail or {}).get("event_id")) for action, detail in rows}
    registered = next(entry for entry in court.log if entry["action"] == "case_registered sent")
    assert {("icjs_offer_queued", event_id), ("icjs_offer_delivered", event_id)} <= ours
    assert ("icjs_court_event", registered["event_id"]) in ours and ("icjs_prison_event", release["event_id"]) in ours
    assert {"action": "offer taken", "event_id": event_id, "fir_key": release["fir_key"], "repeat": False} in court.log
    assert alert is not None and alert.station_id is not None and "रिहा" in alert.detail["message_hi"]
