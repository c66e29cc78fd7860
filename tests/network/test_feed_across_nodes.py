"""The feed across three real deployments (issue 25, "Done when"): Bihar and Uttar Pradesh feed the national node
from their own ``cctns serve`` processes, through links the test can cut.

* an FIR registered in Bihar reaches the national node, and both audit logs have the step;
* while Bihar's line is cut, Bihar keeps registering FIRs (and Uttar Pradesh keeps feeding); after the line is
  back they all arrive, none lost, none doubled, the messages in sequence without a gap;
* a charge sheet filed by someone other than the IO holds the FIR back with its reason (English and Hindi, on the
  station's page of held records); once the IO is corrected the FIR goes;
* the heartbeats reach the national node for every station (zero reports for the quiet ones), and the daily
  reconciliation on the state's side agrees with the national node's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import sqlalchemy as sa

from exchange.network.reports import feed_status
from records.display import IST
from records.models import AuditEntry, FeedStanding, NationalRecord, NetworkFeedFir, NetworkHeartbeat
from tests.network.nodes import BIHAR, PASSWORD, UP, Network, Node, wait_until
from tests.portal.e2e import log_in
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

FEED_WAIT = 60.0


def _key(node: Node, fir: dict[str, Any]) -> str:
    return f"{node.code}-{fir['station']}/{fir['year']}/{fir['serial']}"


def _national_versions(network: Network, keys: list[str]) -> dict[str, int]:
    with network.national.session() as session:
        return dict(
            session.execute(
                sa.select(NationalRecord.record_id, NationalRecord.version).where(NationalRecord.record_id.in_(keys))
            ).all()
        )


def _arrived(network: Network, node: Node, firs: list[dict[str, Any]]) -> bool:
    keys = [_key(node, fir) for fir in firs]
    return set(_national_versions(network, keys)) == set(keys)


def _standing(node: Node, fir_id: int) -> NetworkFeedFir | None:
    with node.session() as session:
        return session.get(NetworkFeedFir, fir_id)


def _audited(node: Node, action: str, entity_type: str, record_id: str) -> bool:
    with node.session() as session:
        rows = session.scalars(
            sa.select(AuditEntry.detail).where(AuditEntry.action == action, AuditEntry.entity_type == entity_type)
        ).all()
    return any(record_id in (detail or {}).get("record_ids", []) for detail in rows)


def test_an_fir_registered_in_bihar_reaches_the_national_node(network: Network) -> None:
    fir = network.bihar.register_fir()
    key = _key(network.bihar, fir)
    wait_until(lambda: _arrived(network, network.bihar, [fir]), FEED_WAIT, what=f"{key} at the national node")
    with network.national.session() as session:
        held = session.get(NationalRecord, (BIHAR, key))
        assert held is not None and held.version == fir["version"]
        assert held.station_code == "10-VAISHALI-HAJIPUR-SADAR" and not held.deleted
        assert held.record["parties"][1]["name"]["text"] == "Mohd. Salim"
    wait_until(
        lambda: (
            _standing(network.bihar, fir["id"]) is not None
            and _standing(network.bihar, fir["id"]).standing is FeedStanding.ACCEPTED
        ),  # type: ignore[union-attr]
        FEED_WAIT,
        what="Bihar's acknowledgement",
    )
    assert _audited(network.bihar, "create", "network_feed_message", key)  # the state sent it
    assert _audited(network.national, "receive", "network_message", key)  # the national node took it


def test_firs_registered_while_the_line_is_cut_arrive_after_it_returns_none_lost_or_doubled(network: Network) -> None:
    first = network.bihar.register_fir()
    wait_until(lambda: _arrived(network, network.bihar, [first]), FEED_WAIT, what="the feed before the cut")
    with network.link_cut(BIHAR):
        during = [network.bihar.register_fir() for _ in range(5)]  # the state keeps working
        up = network.up.register_fir()  # another state's line is up: it keeps feeding
        wait_until(lambda: _arrived(network, network.up, [up]), FEED_WAIT, what="Uttar Pradesh during Bihar's cut")
        wait_until(lambda: _waiting_attempts(network.bihar) >= 2, FEED_WAIT, what="Bihar trying and failing")
        assert _national_versions(network, [_key(network.bihar, fir) for fir in during]) == {}
    wait_until(lambda: _arrived(network, network.bihar, during), FEED_WAIT, what="the FIRs of the cut after it")
    wait_until(lambda: _idle(network.bihar), FEED_WAIT, what="Bihar's feed acknowledged to the end")
    # None lost: every FIR of Bihar is held nationally; none doubled: one copy per key, the version registered.
    with network.bihar.session() as session:
        ours = session.execute(sa.text("SELECT count(*) FROM fir")).scalar_one()
        messages = session.execute(
            sa.text("SELECT sequence, records, acknowledged_at IS NOT NULL FROM network_feed_message ORDER BY 1")
        ).all()
    versions = _national_versions(network, [_key(network.bihar, fir) for fir in [first, *during]])
    assert versions == {_key(network.bihar, fir): fir["version"] for fir in [first, *during]}
    with network.national.session() as session:
        nationally = session.execute(
            sa.text("SELECT count(*), count(DISTINCT record_id) FROM national_record WHERE state_code = '10'")
        ).one()
        received = (
            session.execute(sa.text("SELECT sequence FROM network_received_message WHERE state_code = '10' ORDER BY 1"))
            .scalars()
            .all()
        )
    held_back = _held_back_count(network.bihar)
    assert nationally == (ours - held_back, ours - held_back)
    acknowledged = [sequence for sequence, _, done in messages if done]
    assert received == acknowledged == list(range(1, len(acknowledged) + 1))  # in order, no gap, no repeat


def _idle(node: Node) -> bool:
    with node.session() as session:
        status = feed_status(session)
    return status.queued == 0 and status.waiting_message is None


def _waiting_attempts(node: Node) -> int:
    with node.session() as session:
        return int(
            session.execute(
                sa.text("SELECT coalesce(max(attempts), 0) FROM network_feed_message WHERE acknowledged_at IS NULL")
            ).scalar_one()
        )


def _held_back_count(node: Node) -> int:
    with node.session() as session:
        return int(
            session.execute(sa.text("SELECT count(*) FROM network_feed_fir WHERE standing = 'held'")).scalar_one()
        )


def test_a_record_failing_the_gate_is_held_with_its_reason_and_sent_once_fixed(network: Network) -> None:
    bihar = network.bihar
    fir = bihar.register_fir(io_name="SI Anil Kumar")
    officer = bihar.headers("station")
    with httpx.Client(base_url=bihar.base_url, headers=officer, timeout=30) as http:
        moved = http.post(f"/api/v1/firs/{fir['id']}/status", json={"to": "under_investigation"})
        assert moved.status_code == 200, moved.text
        today = datetime.now(IST).date().isoformat()
        filed = http.post(
            f"/api/v1/firs/{fir['id']}/final-reports", json={"kind": "charge_sheet", "submitted_on": today}
        )
        assert filed.status_code == 201, filed.text

        def held() -> NetworkFeedFir | None:
            row = _standing(bihar, fir["id"])
            return row if row is not None and row.standing is FeedStanding.HELD else None

        row = wait_until(held, FEED_WAIT, what="the charge sheet held back")
        assert [reason["rule"] for reason in row.reasons] == ["report_not_by_io"]
        assert "आरोप-पत्र" in row.reasons[0]["reason_hi"]
        page = http.get("/station/network", cookies={"cctns_session": officer["Authorization"].split()[1]})
        assert page.status_code == 200 and f"{fir['serial']}/{fir['year']}" in page.text
        assert "आरोप-पत्र" in page.text and f"/station/firs/{fir['id']}" in page.text
        assert _national_versions(network, [_key(bihar, fir)]) == {}
        # The station corrects the IO (the officer who filed the charge sheet is the IO): the FIR goes.
        io = bihar.full_names["station"]
        fixed = http.patch(f"/api/v1/firs/{fir['id']}", json={"io_name": io}, headers={"If-Match": "*"})
        assert fixed.status_code == 200, fixed.text
    wait_until(lambda: _arrived(network, bihar, [fir]), FEED_WAIT, what="the fixed FIR at the national node")
    row = _standing(bihar, fir["id"])
    assert row is not None and row.standing in (FeedStanding.ACCEPTED, FeedStanding.SENDING) and row.reasons is None
    assert _audited(network.national, "receive", "network_message", _key(bihar, fir))


def test_heartbeats_and_reconciliation_across_the_nodes(network: Network) -> None:
    fir = network.up.register_fir()
    wait_until(lambda: _arrived(network, network.up, [fir]), FEED_WAIT, what="Uttar Pradesh's FIR")
    today = datetime.now(UTC).astimezone(IST).date()

    def beats() -> dict[str, int]:
        with network.national.session() as session:
            return dict(
                session.execute(
                    sa.select(NetworkHeartbeat.station_code, NetworkHeartbeat.firs_registered).where(
                        NetworkHeartbeat.state_code == UP, NetworkHeartbeat.day == today
                    )
                ).all()
            )

    wait_until(lambda: beats().get("09-LUCKNOW-HAZRATGANJ", 0) >= 1, FEED_WAIT, what="Hazratganj's heartbeat")
    assert beats()["09-LUCKNOW-CHINHAT"] == 0  # a zero report: quiet, not silent
    answer = httpx.get(
        f"{network.up.base_url}/api/v1/network/reconciliation",
        params={"date": today.isoformat(), "fresh": "true"},
        headers=network.up.headers("hq"),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    (report,) = answer.json()["reports"]
    hazratganj = report["stations"]["09-LUCKNOW-HAZRATGANJ"]
    assert hazratganj["registered"] >= 1 and hazratganj["not_at_national"] == []
    assert report["totals"]["held_nationally"] >= 1 and "national_unavailable" not in report
    national = httpx.get(
        f"{network.national.base_url}/api/v1/network/reconciliation",
        params={"date": today.isoformat()},
        headers=network.national.headers("hq"),
        timeout=30,
    )
    assert national.status_code == 200, national.text
    states = {r["state"]: r for r in national.json()["reports"]}
    assert set(states) == {BIHAR, UP}
    assert states[UP]["stations"]["09-LUCKNOW-HAZRATGANJ"]["held_nationally"] == hazratganj["registered"]


def _held_by_gate(bihar: Node) -> dict[str, Any]:
    """An FIR of Bihar whose charge sheet was filed by the station officer, not by its IO: held back."""
    fir = bihar.register_fir(io_name="SI Meena Kumari")
    with httpx.Client(base_url=bihar.base_url, headers=bihar.headers("station"), timeout=30) as http:
        assert http.post(f"/api/v1/firs/{fir['id']}/status", json={"to": "under_investigation"}).status_code == 200
        today = datetime.now(IST).date().isoformat()
        body = {"kind": "charge_sheet", "submitted_on": today}
        assert http.post(f"/api/v1/firs/{fir['id']}/final-reports", json=body).status_code == 201
    wait_until(
        lambda: (row := _standing(bihar, fir["id"])) is not None and row.standing is FeedStanding.HELD,
        FEED_WAIT,
        what="the charge sheet held back",
    )
    return fir


@needs_chromium
def test_the_station_sees_its_held_records_in_hindi_and_english(network: Network) -> None:
    from playwright.sync_api import sync_playwright

    bihar = network.bihar
    fir = _held_by_gate(bihar)
    shots = screenshot_folder("network")
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for language, words in (("hi", "आरोप-पत्र"), ("en", "charge sheet was filed by")):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                log_in(page, f"{bihar.base_url}/station/network", bihar.usernames["station"], language, PASSWORD)
                assert page.url.endswith("/station/network")
                row = page.locator("#held tbody tr", has_text=f"{fir['serial']}/{fir['year']}")
                assert words in row.inner_text()
                page.screenshot(path=str(shots / f"held_records_{language}.png"), full_page=True)
                row.locator("a").first.click()
                page.wait_for_url(f"**/station/firs/{fir['id']}")
                page.close()
        finally:
            browser.close()
