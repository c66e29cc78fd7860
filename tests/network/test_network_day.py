"""A day of the network (issue 25, "Done when", in its order), on three real deployments of its own: Bihar (10),
Uttar Pradesh (09) and the national node (00), each a ``cctns serve`` on its own database and port, with a
simulated court and prison (``tests.network.simulated_icjs``) beside Bihar.

1. an FIR registered in Bihar reaches the national node;
2. Bihar's line is cut: its stations keep registering FIRs, which arrive once the line is back, none lost or
   doubled (the national node's keys and versions are Bihar's FIRs, less what the quality gate holds back);
3. a man recorded in Bihar in Devanagari with his father's name is found from Uttar Pradesh typed in Latin, with a
   purpose code; without one the search is refused (422 naming the field) and nothing leaves Uttar Pradesh;
4. a protected-victim case (a sexual offence) is invisible from Uttar Pradesh: not among the hits, 404 by key;
5. Uttar Pradesh asks the Bihar station to confirm; the station answers; the answer arrives in Uttar Pradesh;
6. the court gets the charge sheet and its CNR lands on the Bihar case;
7. the prison releases the man of step 3: an alert at his FIR's station (alerts API and station home);
8. every step is in the audit logs of both sides (the court and the prison keep their own logs), in the day's
   order.

Users act through the API with their own tokens (a station's system with its API key); the nodes, the court and
the prison through the routes they call each other on. The test reads the databases only to check what each node
holds and logged. About a minute and a half on this machine (two cores shared).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from records.database import sqlalchemy_url
from records.display import IST
from records.models import AuditEntry, NationalRecord, NetworkSearchPending
from tests.network.nodes import BIHAR, Network, Node, start_network, wait_until
from tests.network.simulated_icjs import SimulatedCourt, SimulatedPrison
from tests.portal.e2e import serving
from tests.search_api.fir_api_support import ist_today

pytestmark = pytest.mark.slow
WAIT = 60.0
PURPOSE = {
    "purpose": "investigation",
    "reason": "man held at Charbagh station says he is from Hajipur",
    "case_reference": "Hazratganj FIR 57/2025",
}
SEARCHED = {"name": "राकेश कुमार", "relative_name": "शिवनाथ सिंह", "relation_kind": "father", "age": 34,
            "gender": "male"}  # fmt: skip
PROTECTED_ACCUSED = {"name": "सुरेश पासवान", "relative_name": "जगदीश पासवान", "age": 30, "gender": "male"}
COURT_KEY = "court-brvs01-day-key-0123456789abcdef"
PRISON_KEY = "prison-hajipur-day-key-0123456789abcdef"


# ------------------------------------------------------------------------------------------------- the network


@pytest.fixture(scope="module")
def day(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """Three nodes on databases of their own (``<test db>_day_bihar`` ...), apart from the session's ``network``."""
    url = sqlalchemy_url(database_url)
    own = url.set(database=f"{url.database}_day").render_as_string(hide_password=False)
    started = start_network(own, tmp_path_factory.mktemp("network_day"))
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def court_and_prison(day: Network) -> Iterator[tuple[SimulatedCourt, SimulatedPrison]]:
    """The court trusts Bihar's node key; Bihar's administrator registers both as peers of their kind
    (``cctns network peer add --kind court|prison``)."""
    bihar = day.bihar
    court = SimulatedCourt(
        "BRVS01", "Chief Judicial Magistrate, Vaishali at Hajipur", bihar.node_key, COURT_KEY, police_url=bihar.base_url
    )
    prison = SimulatedPrison("10-HAJIPUR_MANDAL", "Mandal Kara, Hajipur", PRISON_KEY, police_url=bihar.base_url)
    with serving(court.app()) as court_url:
        _cli(bihar, "network", "peer", "add", court.code, "--kind", "court", "--name", court.name, "--key", COURT_KEY,
             "--url", court_url)  # fmt: skip
        _cli(
            bihar, "network", "peer", "add", prison.code, "--kind", "prison", "--name", prison.name, "--key", PRISON_KEY
        )
        yield court, prison


def _cli(node: Node, *arguments: str) -> str:
    """``cctns ...`` run at ``node`` (its settings), as its administrator would."""
    command = [sys.executable, "-c", "from cctns.cli import app; app()", *arguments]
    env = {**node.env, "PATH": os.environ.get("PATH", "")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=Path.cwd())
    assert done.returncode == 0, f"cctns {' '.join(arguments)} at {node.name}: {done.stdout}{done.stderr}"
    return done.stdout


# ------------------------------------------------------------------------------------------------- what we read


def _key(fir: dict[str, Any]) -> str:
    return f"{BIHAR}-{fir['station']}/{fir['year']}/{fir['serial']}"


def _audit(node: Node) -> list[AuditEntry]:
    with node.session() as session:
        return list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def _rows(node: Node, action: str, entity_type: str | None = None, **where: Any) -> list[AuditEntry]:
    """``node``'s audit rows of ``action`` whose detail has each of ``where`` (a list value: contains it)."""

    def fits(entry: AuditEntry) -> bool:
        detail = entry.detail or {}
        for name, wanted in where.items():
            value = entry.entity_id if name == "entity_id" else detail.get(name)
            if not (wanted in value if isinstance(value, list) else value == wanted):
                return False
        return True

    return [
        entry
        for entry in _audit(node)
        if entry.action == action and (entity_type is None or entry.entity_type == entity_type) and fits(entry)
    ]


def _national_copy(network: Network) -> dict[str, int]:
    """Every Bihar record the national node holds: key -> version (deleted ones left out)."""
    with network.national.session() as session:
        return dict(
            session.execute(
                sa.select(NationalRecord.record_id, NationalRecord.version).where(
                    NationalRecord.state_code == BIHAR, sa.not_(NationalRecord.deleted)
                )
            ).all()
        )


def _bihar_firs_to_share(bihar: Node) -> dict[str, int]:
    """Every FIR of Bihar (key -> version), less those the quality gate holds back from the national node."""
    with bihar.session() as session:
        rows = session.execute(
            sa.text(
                "SELECT s.code, f.year, f.serial, f.version FROM fir f JOIN police_station s ON s.id = f.station_id"
                " WHERE NOT EXISTS (SELECT 1 FROM network_feed_fir h WHERE h.fir_id = f.id AND h.standing = 'held')"
            )
        ).all()
    return {f"{BIHAR}-{code}/{year}/{serial}": version for code, year, serial, version in rows}


def _national_indexed(network: Network, key: str) -> bool:
    """The national node has ``key`` and its search index has taken every record it received."""
    with network.national.session() as session:
        held = session.get(NationalRecord, (BIHAR, key)) is not None
        pending = session.scalar(sa.select(sa.func.count()).select_from(NetworkSearchPending))
    return held and not pending


def _post(node: Node, path: str, body: dict[str, Any], who: str = "station") -> httpx.Response:
    return httpx.post(f"{node.base_url}/api/v1{path}", json=body, headers=node.headers(who), timeout=30)


def _get(node: Node, path: str, who: str = "station", **params: Any) -> httpx.Response:
    return httpx.get(f"{node.base_url}/api/v1{path}", params=params, headers=node.headers(who), timeout=30)


# ------------------------------------------------------------------------------------------------------ the day


def test_a_day_of_the_network(day: Network, court_and_prison: tuple[SimulatedCourt, SimulatedPrison]) -> None:
    bihar, up, national = day.bihar, day.up, day.national
    court, prison = court_and_prison
    steps: dict[str, dict[str, list[AuditEntry]]] = {}  # step -> node name -> its audit rows of the step

    # 1. An FIR registered in Bihar (the man UP will look for, in Devanagari) reaches the national node.
    first = bihar.register_fir(accused=[SEARCHED], io_name="SI Ajay Kumar Singh", io_rank="SI")
    first_key = _key(first)
    wait_until(lambda: _national_copy(day).get(first_key) == first["version"], WAIT, what=f"{first_key} nationally")
    today = datetime.now(UTC).astimezone(IST).date().isoformat()
    seen = _get(national, "/network/reconciliation", "hq", date=today)  # what national HQ sees of the station
    assert seen.status_code == 200, seen.text
    [bihar_report] = [report for report in seen.json()["reports"] if report["state"] == BIHAR]
    assert first["serial"] in bihar_report["stations"][f"{BIHAR}-{first['station']}"]["serials"]
    steps["1 feed"] = {
        "Bihar": _rows(bihar, "create", "fir", entity_id=str(first["id"]))
        + wait_until(lambda: _rows(bihar, "create", "network_feed_message", record_ids=first_key), WAIT),
        "national node": _rows(national, "receive", "network_message", record_ids=first_key),
    }

    # 2. Bihar's line is cut: its station keeps registering; nothing reaches the national node until it is back.
    with day.link_cut(BIHAR):
        during = [bihar.register_fir(accused=[{**SEARCHED, "name": f"अमित कुमार {n}"}]) for n in range(4)]
        assert all(fir["serial"] > first["serial"] for fir in during)  # the station works as ever
        wait_until(lambda: _waiting_attempts(bihar) >= 2, WAIT, what="Bihar trying and failing while cut")
        assert not set(map(_key, during)) & set(_national_copy(day))
    during_keys = [_key(fir) for fir in during]
    wait_until(lambda: set(during_keys) <= set(_national_copy(day)), WAIT, what="the FIRs of the cut, after it")
    wait_until(lambda: _waiting_attempts(bihar) == 0 and _queued(bihar) == 0, WAIT, what="Bihar's feed drained")
    # None lost, none doubled: the national copy is exactly Bihar's FIRs that may leave, at their versions.
    assert _national_copy(day) == _bihar_firs_to_share(bihar)
    with national.session() as session:
        copies = session.execute(sa.text("SELECT count(*), count(DISTINCT record_id) FROM national_record")).one()
        received = session.scalars(
            sa.text("SELECT sequence FROM network_received_message WHERE state_code = '10' ORDER BY 1")
        ).all()
    assert copies[0] == copies[1]
    assert received == list(range(1, len(received) + 1))  # every message once, in order, no gap
    # What Bihar's HQ sees: today's reconciliation says the national node holds every serial of the station.
    report = _get(bihar, "/network/reconciliation", "hq", date=today, fresh="true")
    assert report.status_code == 200, report.text
    station = report.json()["reports"][0]["stations"][f"{BIHAR}-{first['station']}"]
    assert station["registered"] == 1 + len(during) and station["not_at_national"] == []
    sent = [row for key in during_keys for row in _rows(bihar, "create", "network_feed_message", record_ids=key)]
    steps["2 cut line"] = {
        "Bihar": [row for fir in during for row in _rows(bihar, "create", "fir", entity_id=str(fir["id"]))] + sent,
        "national node": [
            row for key in during_keys for row in _rows(national, "receive", "network_message", record_ids=key)
        ],
    }
    assert len({row.entity_id for row in steps["2 cut line"]["national node"]}) == len(
        {row.entity_id for row in sent}
    )  # each message received once, as many as Bihar made

    # 3. From Uttar Pradesh, typed in Latin with the father's name and a purpose code: found, with its owner.
    wait_until(lambda: _national_indexed(day, first_key), WAIT, what="the national search index")
    asked = {**PURPOSE, "name": "Rakesh Kumar s/o Shivnath Singh", "age_from": 30, "age_to": 40}
    found = _post(up, "/network/search", asked)
    assert found.status_code == 200, found.text
    [hit] = [hit for hit in found.json()["hits"] if hit.get("fir_key") == first_key]
    assert (hit["state_name"], hit["station_name"], hit["district_name"]) == ("Bihar", "Hajipur Sadar", "Vaishali")
    assert hit["matched"][0]["name"] == "राकेश कुमार" and hit["matched"][0]["relative_name"] == "शिवनाथ सिंह"
    assert hit["investigating_officer"]["name"] == "SI Ajay Kumar Singh" and hit["received_at"]
    opened = _post(up, "/network/records/fetch", {**PURPOSE, "fir_key": first_key})
    assert opened.status_code == 200 and opened.json()["level"] == "visible", opened.text
    search_id, fetch_id = found.json()["query_id"], opened.json()["query_id"]
    # Without a purpose code: refused, naming the field, and nothing leaves Uttar Pradesh.
    national_before = len(_audit(national))
    refused = _post(up, "/network/search", {k: v for k, v in asked.items() if k != "purpose"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["field"] == "purpose" and "purpose" in refused.json()["message"]
    assert len(_audit(national)) == national_before
    steps["3 search"] = {
        "Uttar Pradesh": _rows(up, "cross-state search", "network_query", entity_id=search_id)
        + _rows(up, "cross-state record opened", "network_query", entity_id=fetch_id),
        "national node": _rows(national, "cross-state search answered", "network_query", entity_id=search_id)
        + _rows(national, "cross-state record relayed", "network_query", entity_id=fetch_id),
        "Bihar": _rows(bihar, "cross-state record given", "network_query", entity_id=fetch_id),
    }
    for entry in steps["3 search"]["Uttar Pradesh"][:1] + steps["3 search"]["national node"][:1]:
        assert (
            entry.detail["purpose"] == "investigation" and entry.detail["case_reference"] == PURPOSE["case_reference"]
        )
        assert entry.detail["asked"]["name"] == "Rakesh Kumar" and first_key in entry.detail["returned"]["records"]

    # 4. A protected victim's case (a sexual offence) is held nationally but invisible from Uttar Pradesh.
    protected = bihar.register_fir(accused=[PROTECTED_ACCUSED], sections=[{"act": "BNS", "section": "64(1)"}])
    protected_key = _key(protected)
    wait_until(lambda: _national_indexed(day, protected_key), WAIT, what="the protected case nationally")
    by_name = _post(up, "/network/search", {**PURPOSE, "name": "Suresh Paswan s/o Jagdish Paswan"})
    by_number = _post(up, "/network/search", {**PURPOSE, "kind": "fir", "fir_number": protected_key})
    assert by_name.status_code == by_number.status_code == 200
    assert by_name.json()["hits"] == [] and by_number.json()["hits"] == []
    withheld = _post(up, "/network/records/fetch", {**PURPOSE, "fir_key": protected_key})
    assert withheld.status_code == 404 and "not shared outside the state" in withheld.json()["message"]
    withheld_id = _rows(up, "cross-state record opened", "network_query")[-1].entity_id
    steps["4 protected"] = {
        "Uttar Pradesh": _rows(up, "cross-state search", "network_query", entity_id=by_name.json()["query_id"])
        + _rows(up, "cross-state record opened", "network_query", entity_id=withheld_id),
        "national node": _rows(national, "cross-state record relayed", "network_query", entity_id=withheld_id),
        "Bihar": _rows(bihar, "cross-state record withheld", "network_query", entity_id=withheld_id),
    }
    assert steps["4 protected"]["Bihar"][0].detail["returned"]["given"] is False
    assert steps["4 protected"]["Uttar Pradesh"][0].detail["returned"]["count"] == 0

    # 5. Uttar Pradesh asks the Bihar station to confirm; the station answers; the answer arrives in UP.
    request = _post(
        up,
        "/network/confirmations",
        {
            "owning_state": BIHAR,
            "fir_key": first_key,
            "person": f"{BIHAR}-P{first['accused'][0]['person_id']}",
            "question": "Is A1 Rakesh Kumar s/o Shivnath Singh wanted in this case? He is in our custody.",
            "purpose": "absconder",
            "case_reference": PURPOSE["case_reference"],
        },
    )
    assert request.status_code == 201, request.text
    request_id = request.json()["request_id"]
    owed = wait_until(
        lambda: [r for r in _get(bihar, "/network/confirmations").json()["to_answer"] if r["request_id"] == request_id],
        WAIT,
        what="the request at the Bihar station",
    )[0]
    assert owed["fir_id"] == first["id"] and owed["requested_by"]["place"] == "Hazratganj PS"
    answer = _post(bihar, f"/network/confirmations/{owed['id']}/answer",
                   {"outcome": "confirmed", "note": "Wanted; arrest and inform Hajipur Sadar PS."})  # fmt: skip
    assert answer.status_code == 200, answer.text

    def answered_in_up() -> dict[str, Any] | None:
        mine = [r for r in _get(up, "/network/confirmations").json()["asked"] if r["request_id"] == request_id]
        return mine[0] if mine and mine[0]["outcome"] else None

    back = wait_until(answered_in_up, WAIT, what="the answer in Uttar Pradesh")
    assert (back["outcome"], back["stage"]) == ("confirmed", "answered") and back["note"].startswith("Wanted")
    steps["5 confirmation"] = {
        "Uttar Pradesh": [
            row
            for action in ("confirm_ask", "confirm_request_sent", "confirm_answered")
            for row in _rows(up, action, request_id=request_id)
        ],
        "Bihar": [
            row
            for action in ("confirm_received", "confirm_answer", "confirm_answer_sent")
            for row in _rows(bihar, action, request_id=request_id)
        ],
    }
    assert [len(rows) for rows in steps["5 confirmation"].values()] == [3, 3]

    # 6. The court gets the charge sheet; its CNR lands on the Bihar case.
    charged = bihar.register_fir(io_name=bihar.full_names["station"])
    case = f"/firs/{charged['id']}"
    assert _post(bihar, f"{case}/status", {"to": "under_investigation"}).status_code == 200
    sheet = {"kind": "charge_sheet", "submitted_on": ist_today().isoformat(), "report_number": "CS-9"}
    assert _post(bihar, f"{case}/final-reports", sheet).status_code == 201
    offer = _post(bihar, f"{case}/court-offers", {"court": court.code, "offered": "charge_sheet"})
    assert offer.status_code == 202, offer.text
    offer_id = offer.json()["event_id"]
    wait_until(lambda: offer_id in court.offers, WAIT, what="the charge sheet at the court")  # Bihar's own sender
    cnr, registered = court.register_case(offer_id, ist_today())
    assert registered.status_code == 201, registered.text
    on_case = _get(bihar, f"{case}/court-case").json()
    assert [c["cnr"] for c in on_case["court_cases"]] == [cnr] and len(cnr) == 16
    assert _get(bihar, case).json()["status"] == "sent_to_court"
    court_event = next(e for e in court.log if e["action"] == "case_registered sent")["event_id"]
    steps["6 court"] = {
        "Bihar": _rows(bihar, "icjs_offer_queued", "fir", event_id=offer_id)
        + _rows(bihar, "icjs_offer_delivered", "fir", event_id=offer_id)
        + _rows(bihar, "icjs_court_event", "fir", event_id=court_event),
    }
    assert [e["action"] for e in court.log if e["event_id"] in (offer_id, court_event)] == [
        "offer taken",
        "case_registered sent",
    ]

    # 7. The prison releases the man of step 3: an alert at his FIR's station, on its alerts and its home page.
    person = f"{BIHAR}-P{first['accused'][0]['person_id']}"
    release = prison.event("released", first_key, datetime.now(UTC), person=person, release_reason="bail")
    assert prison.send(release).status_code == 201
    alerts = [a for a in _get(bihar, "/notifications").json() if a["kind"] == "prison_event"]
    assert [a["fir_id"] for a in alerts] == [first["id"]] and "released from Mandal Kara" in alerts[0]["message"]
    home = httpx.get(f"{bihar.base_url}/station/", cookies={"cctns_session": bihar.tokens["station"]}, timeout=30)
    assert home.status_code == 200 and "Mandal Kara" in home.text, home.text[-2000:]
    steps["7 prison"] = {"Bihar": _rows(bihar, "icjs_prison_event", "fir", event_id=release["event_id"])}
    assert prison.log[-1] == {"action": "released sent", "event_id": release["event_id"], "answer": 201}

    # 8. Every step in the audit logs of both its sides, and each node's log in the day's order.
    for step, by_node in steps.items():
        for node_name, rows in by_node.items():
            assert rows, f"step {step}: no audit row at {node_name}"
    for node in (bihar, up, national):
        firsts = [min(row.id for row in by_node[node.name]) for by_node in steps.values() if node.name in by_node]
        assert firsts == sorted(firsts), f"{node.name}'s audit log is not in the day's order: {firsts}"
    assert {node for by_node in steps.values() for node in by_node} == {"Bihar", "Uttar Pradesh", "national node"}


def _waiting_attempts(node: Node) -> int:
    """Attempts at the oldest message not yet acknowledged (0: none waiting)."""
    with node.session() as session:
        return int(
            session.execute(
                sa.text("SELECT coalesce(max(attempts), 0) FROM network_feed_message WHERE acknowledged_at IS NULL")
            ).scalar_one()
        )


def _queued(node: Node) -> int:
    with node.session() as session:
        return int(session.execute(sa.text("SELECT count(*) FROM network_feed_queue")).scalar_one())
