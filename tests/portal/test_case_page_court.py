"""The case page's court and prison part without a browser: the offer form goes through the API's path (the FIR
copy PDF queued for a registered court, audited as the officer), a refusal is shown next to the form, the offers
and the court's answers are listed, and the form is offered only to whoever may write the case."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from exchange.icjs.court import apply_court_event
from exchange.network.peers import add_peer
from exchange.records import build_fir_record
from records.audit import Actor
from records.models import AuditEntry, IcjsCourtOffer
from tests.portal.staff_support import log_in, page_token
from tests.search_api.fir_api_support import World, ist_today

pytest_plugins = ["tests.search_api.fir_api_support"]
COURT = {"code": "BRVS01", "name": "Chief Judicial Magistrate, Vaishali at Hajipur"}


def _charge_sheeted(world: World) -> dict[str, object]:
    fir = world.register().json()
    officer = world.as_("officer_sadar")
    assert (
        world.client.post(
            f"/api/v1/firs/{fir['id']}/status", json={"to": "under_investigation"}, headers=officer
        ).status_code
        == 200
    )
    report = {"kind": "charge_sheet", "submitted_on": ist_today().isoformat(), "report_number": "CS-3"}
    assert world.client.post(f"/api/v1/firs/{fir['id']}/final-reports", json=report, headers=officer).status_code == 201
    add_peer(
        world.session,
        code=COURT["code"],
        role="court",
        name=COURT["name"],
        key="court-key-0123456789abcdefgh",
        base_url="http://127.0.0.1:9",
        actor=Actor(),
    )
    world.session.commit()
    return fir


def test_an_officer_offers_the_charge_sheet_to_a_court_from_the_case_page(world: World) -> None:
    fir = _charge_sheeted(world)
    page_path = f"/station/firs/{fir['id']}"
    log_in(world, "officer_sadar")
    page = world.client.get(page_path + "?lang=en")
    assert "form-court-offer" in page.text and COURT["name"] in page.text
    assert "No court has registered this case yet." in page.text
    token = page_token(world, page_path)
    refused = world.client.post(
        f"{page_path}/court-offers",
        data={"court": "BRVS02", "offered": "charge_sheet", "csrf_token": token},
        follow_redirects=False,
    )
    assert refused.status_code == 422 and "no court with code &#39;BRVS02&#39; is registered" in refused.text
    offered = world.client.post(
        f"{page_path}/court-offers",
        data={"court": "BRVS01", "offered": "charge_sheet", "csrf_token": token},
        follow_redirects=False,
    )
    assert offered.status_code == 303 and offered.headers["location"].startswith(f"{page_path}?done=court_offer")
    (offer,) = world.session.scalars(sa.select(IcjsCourtOffer).where(IcjsCourtOffer.fir_id == fir["id"])).all()
    assert offer.what == "charge_sheet" and offer.pdf.startswith(b"%PDF") and offer.body["report_number"] == "CS-3"
    audit = world.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "icjs_offer_queued", AuditEntry.entity_id == str(fir["id"]))
    )
    assert audit is not None and audit.user_id == world.users["officer_sadar"].id

    key = build_fir_record(world.session, int(fir["id"])).fir_key
    apply_court_event(
        world.session,
        {
            "spec": "cctns-icjs/1",
            "event_id": str(uuid.uuid4()),
            "kind": "case_registered",
            "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "court": COURT,
            "fir_key": key,
            "cnr": f"BRVS01000077{ist_today().year}",
            "registered_on": ist_today().isoformat(),
        },
        sender="BRVS01",
        actor=Actor(via="court BRVS01"),
        now=datetime.now(UTC),
    )
    world.session.commit()
    page = world.client.get(page_path + "?lang=hi")
    assert f"BRVS01000077{ist_today().year}" in page.text and "न्यायालय एवं जेल का इतिहास" in page.text
    assert "वाद दर्ज" in page.text and "भेजे जाने की प्रतीक्षा में" in page.text  # the offer still waits here
    assert "न्यायालय में वाद" in page.text  # the status history's note, in Hindi


def test_the_offer_form_is_only_for_those_who_may_write_the_case(world: World) -> None:
    fir = _charge_sheeted(world)
    log_in(world, "hq")
    page = world.client.get(f"/station/firs/{fir['id']}?lang=en")
    assert page.status_code == 200 and "Court and prison" in page.text and "form-court-offer" not in page.text
