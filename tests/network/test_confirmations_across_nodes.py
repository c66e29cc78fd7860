"""Hit, verify, act and one person across states, on three real nodes (``tests.network.nodes``):

* an officer of Uttar Pradesh asks Bihar's station to confirm a Bihar FIR while Uttar Pradesh's line is cut; the
  request waits at Uttar Pradesh, arrives once the line is back, is answered at the Bihar station (its answer sent
  while Bihar's line is cut), and the answer reaches the asking officer; every step in both audit logs;
* the owning station's screen in a browser (Hindi, then English, answering from the form), with screenshots in
  test-output/network_confirmations/;
* a man recorded in Bihar in Devanagari and in Uttar Pradesh in Latin letters is proposed by the national node as
  one person, confirmed by each state on its side, and only then "same person"; no record of either state changes.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from records.models import AuditEntry, ConfirmationRequest, CrossStateCandidate, NationalRecord, Person, PersonLink
from tests.network.nodes import BIHAR, PASSWORD, UP, Network, Node, wait_until
from tests.support import CHROMIUM, CHROMIUM_ARGS, needs_chromium, screenshot_folder

SHOTS = screenshot_folder("network_confirmations")
DELIVERY = 60.0  # seconds a request or an answer may take once the line is back (retries back off from 5 s)


def _fir_key(node: Node, fir: dict[str, Any]) -> str:
    return f"{node.code}-{node.station_code}/{fir['year']}/{fir['serial']}"


def _audit(node: Node, *actions: str) -> list[AuditEntry]:
    with node.session() as session:
        return list(
            session.scalars(sa.select(AuditEntry).where(AuditEntry.action.in_(actions)).order_by(AuditEntry.id))
        )


def _confirmations(node: Node, who: str = "station") -> dict[str, Any]:
    answer = httpx.get(f"{node.base_url}/api/v1/network/confirmations", headers=node.headers(who), timeout=30)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _ask(network: Network, fir: dict[str, Any], question: str) -> dict[str, Any]:
    asked = httpx.post(
        f"{network.up.base_url}/api/v1/network/confirmations",
        json={
            "owning_state": BIHAR,
            "fir_key": _fir_key(network.bihar, fir),
            "person": f"{BIHAR}-P{fir['accused'][0]['person_id']}",
            "question": question,
            "purpose": "absconder",
            "case_reference": "Hazratganj GD 41, 2025",
            "answer_within_hours": 12,
        },
        headers=network.up.headers("station"),
        timeout=30,
    )
    assert asked.status_code == 201, asked.text
    return dict(asked.json())


def test_a_request_from_uttar_pradesh_is_answered_at_the_bihar_station_across_cut_lines(network: Network) -> None:
    fir = network.bihar.register_fir()
    with network.link_cut(UP):
        asked = _ask(network, fir, "Is A1 still absconding? A man of this name is in our custody.")
        assert asked["stage"] == "not_delivered" and not asked["overdue"]

        def tried() -> ConfirmationRequest | None:
            with network.up.session() as session:
                row = session.get(ConfirmationRequest, asked["id"])
                return row if row is not None and row.attempts >= 1 else None

        waiting = wait_until(tried, 30, what="Uttar Pradesh tried to send the request while its line was cut")
        assert waiting.delivered_at is None and waiting.last_error
        assert _confirmations(network.bihar)["to_answer"] == []

    owed = wait_until(
        lambda: _confirmations(network.bihar)["to_answer"], DELIVERY, what="the request reached Bihar's station"
    )
    (request,) = [r for r in owed if r["request_id"] == asked["request_id"]]
    assert (request["fir_id"], request["requested_by"]["place"]) == (fir["id"], "Hazratganj PS")
    assert request["question"].startswith("Is A1 still absconding?")

    with network.link_cut(BIHAR):
        answered = httpx.post(
            f"{network.bihar.base_url}/api/v1/network/confirmations/{request['id']}/answer",
            json={"outcome": "partly", "note": "A1 absconding since March; A2 arrested."},
            headers=network.bihar.headers("station"),
            timeout=30,
        )
        assert answered.status_code == 200, answered.text
        time.sleep(3)  # a forwarder round or more, the line still cut
        assert _confirmations(network.up)["asked"][0]["outcome"] is None

    def answered_at_up() -> dict[str, Any] | None:
        mine = [r for r in _confirmations(network.up)["asked"] if r["request_id"] == asked["request_id"]]
        return mine[0] if mine and mine[0]["outcome"] else None

    back = wait_until(answered_at_up, DELIVERY, what="the answer reached the Uttar Pradesh officer")
    assert (back["outcome"], back["note"], back["stage"]) == (
        "partly",
        "A1 absconding since March; A2 arrested.",
        "answered",
    )
    assert back["answered_by"].startswith("STATION Bihar")

    up_log = _audit(network.up, "confirm_ask", "confirm_request_sent", "confirm_answered")
    bihar_log = _audit(network.bihar, "confirm_received", "confirm_answer", "confirm_answer_sent")
    assert [a.action for a in up_log] == ["confirm_ask", "confirm_request_sent", "confirm_answered"]
    assert [a.action for a in bihar_log] == ["confirm_received", "confirm_answer", "confirm_answer_sent"]
    for entry in up_log + bihar_log:
        assert entry.detail["request_id"] == asked["request_id"]
        assert entry.detail["fir_key"] == _fir_key(network.bihar, fir)
        assert "question" not in entry.detail and "note" not in entry.detail  # what was asked, not the details
    assert up_log[0].user_id is not None and bihar_log[1].user_id is not None  # the two officers by name
    assert bihar_log[0].detail["via"] == "node 09 (Uttar Pradesh)"
    assert up_log[2].detail["via"] == "node 10 (Bihar)" and up_log[2].detail["outcome"] == "partly"


def test_a_request_for_a_record_bihar_does_not_hold_is_refused_and_the_asker_told(network: Network) -> None:
    asked = httpx.post(
        f"{network.up.base_url}/api/v1/network/confirmations",
        json={
            "owning_state": BIHAR,
            "fir_key": "10-VAISHALI-HAJIPUR-SADAR/2025/987654",
            "question": "Does this FIR exist?",
            "purpose": "investigation",
            "case_reference": "Hazratganj FIR 3/2025",
        },
        headers=network.up.headers("station"),
        timeout=30,
    ).json()

    def refused() -> dict[str, Any] | None:
        mine = [r for r in _confirmations(network.up)["asked"] if r["request_id"] == asked["request_id"]]
        return mine[0] if mine and mine[0]["stage"] == "refused" else None

    shown = wait_until(refused, DELIVERY, what="Bihar's refusal reached the asker")
    assert "no FIR 10-VAISHALI-HAJIPUR-SADAR/2025/987654 in state 10" in shown["refused_reason"]
    assert any(a.detail["request_id"] == asked["request_id"] for a in _audit(network.bihar, "confirm_refused"))


@needs_chromium
def test_the_bihar_station_answers_on_its_screen_in_hindi_and_english(network: Network) -> None:
    from playwright.sync_api import expect, sync_playwright

    fir = network.bihar.register_fir()
    asked = _ask(network, fir, "Please confirm the accused's father's name and that the case is still open.")
    owed = wait_until(
        lambda: [r for r in _confirmations(network.bihar)["to_answer"] if r["request_id"] == asked["request_id"]],
        DELIVERY,
        what="the request reached Bihar",
    )
    row_id = owed[0]["id"]
    late = _ask(network, fir, "Was the stolen motorcycle BR 31 AB 1234 recovered?")
    late_row = wait_until(
        lambda: [r for r in _confirmations(network.bihar)["to_answer"] if r["request_id"] == late["request_id"]],
        DELIVERY,
        what="the second request reached Bihar",
    )[0]["id"]
    with network.bihar.session() as session, session.begin():  # two days pass for this one: its deadline is gone
        session.execute(
            sa.update(ConfirmationRequest)
            .where(ConfirmationRequest.id == late_row)
            .values(
                requested_at=ConfirmationRequest.requested_at - timedelta(days=2),
                answer_by=ConfirmationRequest.answer_by - timedelta(days=2),
            )
        )
    assert [r["overdue"] for r in _confirmations(network.bihar)["to_answer"] if r["id"] == late_row] == [True]
    only_late = httpx.get(
        f"{network.bihar.base_url}/api/v1/network/confirmations",
        params={"overdue_only": "true"},
        headers=network.bihar.headers("station"),
        timeout=30,
    ).json()
    assert [r["id"] for r in only_late["to_answer"]] == [late_row] and only_late["overdue"] == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page_url = f"{network.bihar.base_url}/station/confirmations"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.context.add_cookies([{"name": "cctns_lang", "value": "hi", "url": network.bihar.base_url}])
        page.goto(page_url)
        page.fill("#username", network.bihar.usernames["station"])
        page.fill("#password", PASSWORD)
        page.click("form[action='/staff/login'] button[type=submit]")
        page.wait_for_url(lambda address: "/station/confirmations" in address)
        row = page.locator(f"#request-{row_id}")
        expect(page.locator("h1")).to_contain_text("अन्य राज्यों से पुष्टि के अनुरोध")
        expect(row).to_contain_text("उत्तर प्रदेश")
        expect(row).to_contain_text("IST")
        expect(row).to_contain_text("घंटे")
        expect(row).to_contain_text("वांछित व्यक्ति या फरार की तलाश")  # the purpose by name, not code
        expect(page.locator(f"#request-{late_row}")).to_contain_text("समय-सीमा बीत गई")
        assert page.locator("#open tbody tr").first.get_attribute("id") == f"request-{late_row}"  # overdue first
        page.screenshot(path=str(SHOTS / "01-station-requests-hindi.png"), full_page=True)

        page.goto(page_url + "?lang=en")
        expect(page.locator("h1")).to_contain_text("Confirmation requests from other states")
        expect(row).to_contain_text("Uttar Pradesh")
        expect(row).to_contain_text("min left")
        expect(page.locator(f"#request-{late_row}")).to_contain_text("Overdue")
        page.screenshot(path=str(SHOTS / "02-station-requests-english.png"), full_page=True)
        row.locator("input[value=confirmed]").check()
        row.locator("textarea").fill("Father's name Abdul Karim confirmed; the case is under investigation.")
        row.locator("button[type=submit]").click()
        page.wait_for_url(lambda address: "answered=" in address)
        expect(page.locator("#notice")).to_contain_text("Uttar Pradesh")
        expect(page.locator("#answered")).to_contain_text("Father's name Abdul Karim confirmed")
        page.screenshot(path=str(SHOTS / "03-station-answered-english.png"), full_page=True)

        def arrived() -> bool:
            mine = [r for r in _confirmations(network.up)["asked"] if r["request_id"] == asked["request_id"]]
            return bool(mine and mine[0]["outcome"] == "confirmed")

        wait_until(arrived, DELIVERY, what="the answer from the screen reached Uttar Pradesh")
        asker = browser.new_page(viewport={"width": 1280, "height": 900})
        asker.context.add_cookies([{"name": "cctns_lang", "value": "hi", "url": network.up.base_url}])
        asker.goto(f"{network.up.base_url}/staff/network")
        asker.fill("#username", network.up.usernames["station"])
        asker.fill("#password", PASSWORD)
        asker.click("form[action='/staff/login'] button[type=submit]")
        asker.wait_for_url(lambda address: "/staff/network" in address)
        expect(asker.locator("h1")).to_contain_text("अन्य राज्य से पुष्टि माँगें")
        expect(asker.locator("#asked")).to_contain_text("पुष्टि की गई")
        expect(asker.locator("#asked")).to_contain_text("Father's name Abdul Karim confirmed")
        expect(asker.locator("#owning_state")).to_contain_text("बिहार")
        asker.screenshot(path=str(SHOTS / "04-asker-page-hindi.png"), full_page=True)
        browser.close()


# ---------------------------------------------------------------------------------------- one person, two states


def _held_nationally(network: Network, node: Node, fir: dict[str, Any]) -> bool:
    """Whether the feed has brought the FIR's record to the national node's copy."""
    with network.national.session() as session:
        return session.get(NationalRecord, (node.code, _fir_key(node, fir))) is not None


def _candidates(node: Node) -> list[dict[str, Any]]:
    answer = httpx.get(f"{node.base_url}/api/v1/network/person-candidates", headers=node.headers("hq"), timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json()["national_node"] is True
    return list(answer.json()["candidates"])


def _decide(node: Node, candidate: dict[str, Any], decision: str) -> dict[str, Any]:
    person_id = int(candidate["own"]["person"].partition("-P")[2])
    answer = httpx.post(
        f"{node.base_url}/api/v1/network/person-candidates/{candidate['id']}/decision",
        json={"person_id": person_id, "decision": decision},
        headers=node.headers("hq"),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_one_man_in_two_states_is_proposed_and_is_the_same_person_only_when_both_confirm(network: Network) -> None:
    devanagari = {
        "name": "बलवंत सिंह यादव",
        "relative_name": "हरपाल सिंह यादव",
        "relation_kind": "father",
        "age": 41,
        "gender": "male",
    }
    latin = {
        "name": "Balwant Singh Yadav",
        "relative_name": "Harpal Singh Yadav",
        "relation_kind": "father",
        "age": 42,
        "gender": "male",
    }
    bihar_fir = network.bihar.register_fir(accused=[devanagari])
    up_fir = network.up.register_fir(accused=[latin])
    bihar_person = f"{BIHAR}-P{bihar_fir['accused'][0]['person_id']}"
    up_person = f"{UP}-P{up_fir['accused'][0]['person_id']}"
    with network.bihar.session() as session:
        people_before = session.scalar(sa.select(sa.func.count()).select_from(Person))
    wait_until(
        lambda: _held_nationally(network, network.bihar, bihar_fir) and _held_nationally(network, network.up, up_fir),
        60,
        what="the feed brought both FIRs to the national node",
    )

    def proposed() -> dict[str, Any] | None:
        return next((c for c in _candidates(network.bihar) if c["own"]["person"] == bihar_person), None)

    candidate = wait_until(proposed, 60, what="the national node proposed the pair")
    assert candidate["other"]["person"] == up_person and candidate["other"]["state"] == UP
    assert candidate["other"]["name"] == "Balwant Singh Yadav" and candidate["status"] == "proposed"
    assert any("father's name" in reason for reason in candidate["reasons"]), candidate["reasons"]

    assert _decide(network.bihar, candidate, "confirmed")["status"] == "waiting_other_state"
    at_up = next(c for c in _candidates(network.up) if c["id"] == candidate["id"])
    assert at_up["status"] == "waiting_this_state" and at_up["own"]["person"] == up_person
    assert _decide(network.up, at_up, "confirmed")["status"] == "same_person"
    assert next(c for c in _candidates(network.bihar) if c["id"] == candidate["id"])["status"] == "same_person"

    with network.national.session() as session:
        pair = session.get(CrossStateCandidate, candidate["id"])
        assert (pair.decision_a, pair.decision_b) == ("confirmed", "confirmed")
    decisions = _audit(network.national, "candidate_decision")
    assert {(a.detail["state"], a.detail["via"]) for a in decisions if a.entity_id == str(candidate["id"])} == {
        (BIHAR, "node 10 (Bihar)"),
        (UP, "node 09 (Uttar Pradesh)"),
    }
    for node in (network.bihar, network.up):
        mine = [a for a in _audit(node, "candidate_decision") if a.entity_id == str(candidate["id"])]
        assert len(mine) == 1 and mine[0].user_id is not None and mine[0].detail["decision"] == "confirmed"
    with network.bihar.session() as session:  # never merged: no person rewritten, no link written
        assert session.scalar(sa.select(sa.func.count()).select_from(Person)) == people_before
        assert session.get(Person, bihar_fir["accused"][0]["person_id"]).name == "बलवंत सिंह यादव"
        assert session.scalar(sa.select(sa.func.count()).select_from(PersonLink).where(
            sa.or_(PersonLink.person_a_id == bihar_fir["accused"][0]["person_id"],
                   PersonLink.person_b_id == bihar_fir["accused"][0]["person_id"]))) == 0  # fmt: skip
