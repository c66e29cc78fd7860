"""The HQ network page in a browser (headless Chromium), on a state node and then as the national node sees the
network, with each part holding something: the feed waiting per district, a record the quality gate holds back with
its reasons, cross-state queries made and answered (the federated search's audit rows), a court's CNR and a prison
escape, an offer waiting for a court that does not answer; then silent, quiet and reporting stations and a national
rejection. Screenshots in English and Hindi go to test-output/network_page/ for people to look at."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases.input import FinalReportInput
from cases.investigation import record_final_report
from cases.states import change_status
from exchange.icjs.court import apply_court_event
from exchange.icjs.offers import queue_offer
from exchange.icjs.prison import apply_prison_event
from exchange.network.peers import add_peer, remove_peer
from exchange.quality import export_problems
from exchange.records import build_fir_record
from records.audit import Actor
from records.models import (
    FeedStanding,
    FinalReportKind,
    FirStatus,
    NationalRecord,
    NationalRejection,
    NetworkFeedFir,
    NetworkHeartbeat,
)
from tests.exchange.fixtures import accused, register
from tests.portal.e2e import PASSWORD, serving, staff_database
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

pytestmark = [pytest.mark.slow, needs_chromium]
SHOTS = screenshot_folder("network_page")
NOW = datetime.now(UTC)


def _state_node(session: Session) -> dict[str, Any]:
    """A state node's network: a national peer, FIRs waiting in the feed, one held back, queries, court and prison."""
    actor = Actor.command_line()
    add_peer(
        session,
        code="00",
        role="national",
        name="National node",
        base_url="http://127.0.0.1:9",
        key="national-node-key-0123456789abcdef",
        actor=actor,
    )
    held = register(session, accused=[accused("Mukesh Yadav", relative_name=None, relation_kind=None, age=None)])
    record = build_fir_record(session, held.id)
    session.add(
        NetworkFeedFir(
            fir_id=held.id,
            fir_key=record.fir_key,
            station_id=held.station_id,
            year=held.year,
            serial=held.serial,
            registered_on=held.registered_at.date(),
            standing=FeedStanding.HELD,
            version=held.version,
            reasons=[
                {"rule": p.rule, "path": p.path, "reason_en": p.reason_en, "reason_hi": p.reason_hi}
                for p in export_problems(record)
            ],
        )
    )
    fir = register(session)
    change_status(session, fir, FirStatus.UNDER_INVESTIGATION, user_id=None, note="investigation", at=fir.registered_at)
    record_final_report(
        session,
        fir,
        FinalReportInput(kind=FinalReportKind.CHARGE_SHEET, submitted_on=NOW.date()),
        actor=Actor(user_id=None),
        now=NOW,
    )
    key = build_fir_record(session, fir.id).fir_key
    court = {"code": "BRVS01", "name": "Chief Judicial Magistrate, Vaishali at Hajipur"}
    add_peer(
        session,
        code="BRVS01",
        role="court",
        name=court["name"],
        key="court-key-0123456789abcdefgh",
        base_url="http://127.0.0.1:9",
        actor=actor,
    )
    add_peer(
        session,
        code="10-HAJIPUR_MANDAL",
        role="prison",
        name="Mandal Kara, Hajipur",
        key="prison-key-0123456789abcdefgh",
        base_url=None,
        actor=actor,
    )
    queue_offer(
        session, fir.id, court_code="BRVS01", offered="charge_sheet", pdf=b"%PDF-1.4 copy", actor=actor, now=NOW
    )
    session.flush()
    session.execute(
        sa.text(
            "UPDATE icjs_court_offer SET attempts = 3, last_error = 'court BRVS01 did not answer: "
            "ConnectError: connection refused'"
        )
    )
    sent = NOW.astimezone().isoformat(timespec="seconds")
    apply_court_event(
        session,
        {
            "spec": "cctns-icjs/1",
            "event_id": str(uuid.uuid4()),
            "kind": "case_registered",
            "sent_at": sent,
            "court": court,
            "fir_key": key,
            "cnr": f"BRVS01000123{NOW.year}",
            "registered_on": NOW.date().isoformat(),
        },
        sender="BRVS01",
        actor=Actor(via="court BRVS01"),
        now=NOW,
    )
    apply_prison_event(
        session,
        {
            "spec": "cctns-icjs/1",
            "event_id": str(uuid.uuid4()),
            "kind": "escaped",
            "sent_at": sent,
            "prison": {"code": "10-HAJIPUR_MANDAL", "name": "Mandal Kara, Hajipur"},
            "occurred_at": sent,
            "fir_key": key,
            "name": "राम कुमार",
            "relative_name": "शिव कुमार",
        },
        sender="10-HAJIPUR_MANDAL",
        actor=Actor(via="prison"),
        now=NOW,
    )
    for action, other, returned in (
        ("cross-state search", "00", {"count": 3}),
        ("cross-state search", "00", {"count": 0, "failed": "national node did not answer"}),
        ("cross-state record opened", "09", {"count": 1}),
        ("cross-state search answered", "00", {"count": 2}),
        ("cross-state record given", "09", {"count": 1, "given": True}),
    ):
        Actor(user_id=None, via="node").audit(
            session,
            action,
            "network_query",
            str(uuid.uuid4()),
            {
                "other_node": other,
                "asked_by": {
                    "state": "10",
                    "user_id": 1,
                    "officer": "SI Ramesh Prasad",
                    "role": "station_officer",
                    "station": "VAISHALI-HAJIPUR-SADAR",
                },
                "purpose": "investigation",
                "reason": "theft gang",
                "case_reference": "Hajipur Sadar 17/2025",
                "asked": {"kind": "person"},
                "returned": returned,
            },
        )
    return {"fir_id": fir.id}


def _national_view(session: Session) -> None:
    """The same database as the national node sees the network: states as peers, records, heartbeats, a rejection."""
    actor = Actor.command_line()
    remove_peer(session, "00", actor=actor)
    add_peer(
        session,
        code="10",
        role="state",
        name="Bihar",
        base_url="http://127.0.0.1:9",
        key="bihar-node-key-0123456789abcdef",
        actor=actor,
    )
    add_peer(
        session,
        code="09",
        role="state",
        name="Uttar Pradesh",
        base_url="http://127.0.0.1:9",
        key="up-node-key-0123456789abcdefgh",
        actor=actor,
    )
    today = NOW.date()
    for state, district, station, serial in (
        ("10", "10-VAISHALI", "10-VAISHALI-HAJIPUR-SADAR", 1),
        ("09", "09-LUCKNOW", "09-LUCKNOW-HAZRATGANJ", 4),
    ):
        session.add(
            NationalRecord(
                state_code=state,
                record_id=f"{station}/{today.year}/{serial}",
                version=1,
                station_code=station,
                district_code=district,
                year=today.year,
                serial=serial,
                registered_on=today,
                record={},
                received_at=NOW - timedelta(minutes=7),
            )
        )
    for state, district, station, name, firs, ago in (
        ("10", "10-VAISHALI", "10-VAISHALI-HAJIPUR-SADAR", "Hajipur Sadar", 2, 5),
        ("10", "10-VAISHALI", "10-VAISHALI-HAJIPUR-TOWN", "Hajipur Town", 0, 5),
        ("09", "09-LUCKNOW", "09-LUCKNOW-HAZRATGANJ", "Hazratganj", 1, 180),
    ):
        session.add(
            NetworkHeartbeat(
                state_code=state,
                station_code=station,
                day=today,
                district_code=district,
                station_name=name,
                firs_registered=firs,
                last_serial=firs or None,
                reported_at=NOW - timedelta(minutes=ago),
                received_at=NOW - timedelta(minutes=ago),
            )
        )
    session.add(
        NationalRejection(
            state_code="09",
            record_id="09-LUCKNOW-HAZRATGANJ/2026/5",
            version=2,
            station_code="09-LUCKNOW-HAZRATGANJ",
            message_sequence=12,
            problems=[{"path": "fir.parties.1.accused_number", "reason": "is required"}],
        )
    )


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[str, sa.Engine, dict[str, Any]]]:
    from cctns.asgi import create_app
    from records.database import Database
    from records.settings import get_settings

    with staff_database(database_url, "network_page") as engine:
        with Session(engine) as session, session.begin():
            made = _state_node(session)
        app = create_app(Database(engine))
        app.state.settings = get_settings()
        with serving(app) as url:
            yield url, engine, made


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#t-queries", timeout=30_000)


def test_the_network_page_shows_the_feed_queries_and_court_and_prison_events(served: Any) -> None:
    from playwright.sync_api import sync_playwright

    url, engine, _made = served
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url + "/dashboards/network")
        page.fill("input[name=username]", "cid")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/dashboards/network**")
        _open(page, url + "/dashboards/network")
        text = page.locator(".content").inner_text()
        assert "This node: a state feeding the national node" in text
        assert "Vaishali" in page.locator("#t-lag").inner_text()  # a district by name, with its waiting changes
        held = page.locator("#t-rejected").inner_text()
        assert "held back here" in held and "father's or husband's name" in held
        queries = page.locator("#t-queries").inner_text()
        assert "Search sent to other states\tmade here\t2\t2\t1" in queries
        recent = page.locator("#t-recent-queries").inner_text()
        assert "Uttar Pradesh" in recent and "SI Ramesh Prasad · Hajipur Sadar · Bihar" in recent
        icjs = page.locator("#t-icjs").inner_text()
        assert "Escaped from prison" in icjs and "Case registered (CNR)" in icjs and "Hajipur Sadar" in icjs
        assert "connection refused" in page.locator("#t-offers").inner_text()
        assert " IST" in icjs
        assert "Chief Judicial Magistrate" in page.locator("#t-offers").inner_text()  # the court by name
        page.screenshot(path=str(SHOTS / "state_node_en.png"), full_page=True)
        _open(page, url + "/dashboards/network?lang=hi")
        text = page.locator(".content").inner_text()
        assert "वैशाली" in page.locator("#t-lag").inner_text() and "जेल से फ़रार" in text
        assert "पिता या पति का नाम" in page.locator("#t-rejected").inner_text()
        page.screenshot(path=str(SHOTS / "state_node_hi.png"), full_page=True)

        with Session(engine) as session, session.begin():
            _national_view(session)
        _open(page, url + "/dashboards/network")
        stations = page.locator("#t-stations").inner_text().splitlines()
        assert stations[1].startswith("Uttar Pradesh\tLucknow\tHazratganj\tNot reporting (no heartbeat)")
        assert any("Hajipur Town\tQuiet (zero report)\t0" in row for row in stations)
        assert any("Hajipur Sadar\tReporting\t2" in row for row in stations)
        lag = page.locator("#t-lag").inner_text()
        assert "Bihar\tVaishali" in lag and "Uttar Pradesh\tLucknow" in lag
        assert "is required (fir.parties.1.accused_number)" in page.locator("#t-rejected").inner_text()
        page.screenshot(path=str(SHOTS / "national_node_en.png"), full_page=True)
        _open(page, url + "/dashboards/network?lang=hi")
        assert "रिपोर्ट नहीं (कोई हृदय-स्पंदन नहीं)" in page.locator("#t-stations").inner_text()
        page.screenshot(path=str(SHOTS / "national_node_hi.png"), full_page=True)
        # A station officer may not see the whole network: the page says why, and shows none of it.
        officer = browser.new_page()
        officer.goto(url + "/dashboards/network")
        officer.fill("input[name=username]", "sho.sadar")
        officer.fill("input[name=password]", PASSWORD)
        officer.click("button[type=submit]")
        officer.wait_for_selector(".notice", timeout=30_000)
        assert "not the whole state" in officer.locator(".content").inner_text()
        assert officer.locator("#t-queries").count() == 0
        browser.close()
