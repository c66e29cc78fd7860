"""The authorisation matrix, generated from the app's own route list: every route x every kind of caller, inside
and outside the record's jurisdiction. A route with no rule in ``route_rules.ROUTES`` fails here, so a new door
cannot be added without saying who may pass it.

Each refused caller must get 403 (401 without login) for a request that is otherwise valid, so the refusal is
the rule's and not the body's; each allowed caller must get past the rule (neither 401 nor 403, never 5xx), and
every successful write must add an audit row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import iter_route_contexts

from cases.input import IST
from exchange.network.peers import add_peer
from indexes.embedded import TantivyEngine
from records.audit import Actor
from records.models import (
    AuditEntry,
    ConfirmationRequest,
    ImportJob,
    Notification,
    PersonLink,
    PoliceDistrict,
)
from search_api.csrf import session_csrf_token
from search_api.session_login import COOKIE
from tests.access.route_rules import CALLERS, CITIZEN, GATEWAY, ROUTES, UNAUDITED, markdown
from tests.complaints.test_complaints import PDF
from tests.search_api.fir_api_support import PASSWORD, SADAR, TOWN, World, fir_body, ist_today
from tests.search_api.test_complaint_api import complaint

pytest_plugins = ["tests.search_api.fir_api_support"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
NETWORK_PURPOSE = {
    "purpose": "investigation",
    "reason": "accused absconding, seen near the border",
    "case_reference": "1/2025",
}
NETWORK_QUERY = {**NETWORK_PURPOSE, "kind": "person", "name": "Mohd. Salim"}


def app_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers, the dashboards' mount as its redirect."""
    found = set()
    for context in iter_route_contexts(app.routes):
        for method in context.methods or ():
            if method != "HEAD":
                found.add((method, context.path))
    return found


@dataclass
class Records:
    """The test world's records, each of Vaishali district (Sadar station unless named)."""

    world: World
    fir: dict[str, Any]
    fir_town: dict[str, Any]
    person: int
    person_town: int
    link_id: int
    complaint_id: int
    attachment_id: int
    job_id: int
    notification_id: int


@pytest.fixture
def records(world: World, tmp_path: Path) -> Iterator[Records]:
    fir = world.register(body=fir_body(information_type="zero_fir")).json()
    fir_town = world.register("officer_town").json()
    person, person_town = fir["accused"][0]["person_id"], fir_town["accused"][0]["person_id"]
    session = world.session
    link = PersonLink(
        person_a_id=min(person, person_town),
        person_b_id=max(person, person_town),
        status="review",
        score=8.0,
        reasons=["test pair"],
    )
    row = complaint(world, attach=PDF)
    vaishali = session.scalar(sa.select(PoliceDistrict.id).where(PoliceDistrict.code == "VAISHALI"))
    job = ImportJob(
        status="done",
        file_name="register.csv",
        file_checksum="0" * 64,
        profile_name="example-district-register",
        profile_checksum="0" * 64,
        profile_text="",
        source="test",
        district_id=vaishali,
        created_by_user_id=world.users["sp_vaishali"].id,
    )
    alert = Notification(
        key=f"test-alert-{fir['id']}",
        station_id=world.station_ids[SADAR],
        kind="known_offender",
        person_id=person,
        fir_id=fir["id"],
        message="test alert",
    )
    session.add_all([link, job, alert])
    session.commit()
    search = TantivyEngine(tmp_path / "search")
    search.ensure_ready()
    world.client.app.state.search = search  # type: ignore[attr-defined]
    yield Records(
        world=world,
        fir=fir,
        fir_town=fir_town,
        person=person,
        person_town=person_town,
        link_id=link.id,
        complaint_id=row.id,
        attachment_id=row.attachments[0].id,
        job_id=job.id,
        notification_id=alert.id,
    )
    search.close()


Request = tuple[str, dict[str, Any]]  # the path with its parameters filled in, and the client's keyword arguments


def _fir(path: str, body: dict[str, Any] | None = None) -> Callable[[Records, str], Request]:
    return lambda r, who: (path.format(fir_id=r.fir["id"]), {"json": body} if body is not None else {})


def _complaint(path: str, body: dict[str, Any] | None = None) -> Callable[[Records, str], Request]:
    """A request about the world's complaint; a step on it (a body given) gets a fresh complaint per caller, so
    one caller's step does not stand in the next one's way."""

    def build(r: Records, who: str) -> Request:
        complaint_id = r.complaint_id if body is None else complaint(r.world).id
        return path.format(complaint_id=complaint_id, attachment_id=r.attachment_id), (
            {"json": body} if body is not None else {}
        )

    return build


def _person(path: str) -> Callable[[Records, str], Request]:
    return lambda r, who: (path.format(person_id=r.person), {})


def _import_upload(r: Records, who: str) -> Request:
    # A file the import does not read: past the rule it is 422, so no import runs; before it, 403.
    return "/api/v1/imports", {
        "files": {"file": ("notes.txt", b"x", "text/plain")},
        "data": {"profile": "cctns-export"},
    }


def _station_alert(r: Records, who: str) -> int:
    """A new unread alert for Sadar station, so that each caller's marking it read is a change."""
    alert = Notification(
        key=f"test-alert-{r.fir['id']}-{who}",
        station_id=r.world.station_ids[SADAR],
        kind="known_offender",
        person_id=r.person,
        fir_id=r.fir["id"],
        message="test alert",
    )
    r.world.session.add(alert)
    r.world.session.commit()
    return alert.id


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _page_now() -> str:
    """Now as a page's datetime-local field sends it (IST, no zone)."""
    return datetime.now(IST).strftime("%Y-%m-%dT%H:%M")


def _case_at(r: Records, who: str, status: str) -> int:
    """The world's FIR, taken through the API to ``status`` before the allowed caller's request (refused callers
    meet it as it is: they are refused before its state matters)."""
    fir_id = r.fir["id"]
    if who != "officer_sadar":
        return fir_id
    officer = r.world.as_("officer_sadar")
    steps = {
        "under_investigation": ["under_investigation"],
        "sent_to_court": ["under_investigation", "charge_sheet", "sent_to_court"],
    }
    for step in steps[status]:
        if step == "charge_sheet":
            body = {"kind": "charge_sheet", "submitted_on": ist_today().isoformat()}
            answer = r.world.client.post(f"/api/v1/firs/{fir_id}/final-reports", json=body, headers=officer)
        else:
            answer = r.world.client.post(f"/api/v1/firs/{fir_id}/status", json={"to": step}, headers=officer)
        assert answer.status_code in (200, 201), answer.text
    return fir_id


def _confirmation_for_sadar(r: Records, who: str) -> int:
    """A request of Uttar Pradesh to Sadar station about the world's FIR, fresh for each caller (answered once)."""
    now = datetime.now(UTC)
    row = ConfirmationRequest(
        request_id=uuid.uuid4(),
        side="owner",
        requesting_state="09",
        owning_state="10",
        fir_key=f"10-VAISHALI-HAJIPUR-SADAR/2025/{r.fir['id']}",
        fir_id=r.fir["id"],
        station_id=r.world.station_ids[SADAR],
        question="Is A1 still absconding?",
        purpose="absconder",
        case_reference="Hazratganj FIR 12/2025",
        requested_by_name="SI Anil Yadav",
        requested_by_place="Hazratganj PS",
        requested_at=now,
        answer_by=now + timedelta(days=1),
    )
    r.world.session.add(row)
    r.world.session.commit()
    return row.id


ASK_BODY = {
    "owning_state": "09",
    "fir_key": "09-LUCKNOW-HAZRATGANJ/2025/12",
    "question": "Is he still wanted?",
    "purpose": "absconder",
    "case_reference": "Sadar FIR 1/2025",
}


def _court_registered(r: Records) -> str:
    """A court registered on the node (the same each time: registering again replaces it)."""
    add_peer(r.world.session, code="BRVS01", role="court", name="CJM Vaishali", key="matrix-court-key-0123456789",
                base_url="http://127.0.0.1:9", actor=Actor())  # fmt: skip
    r.world.session.commit()
    return "BRVS01"


REQUESTS: dict[tuple[str, str], Callable[[Records, str], Request]] = {
    ("POST", "/api/v1/network/confirmations"): lambda r, who: ("/api/v1/network/confirmations", {"json": ASK_BODY}),
    ("POST", "/api/v1/network/confirmations/{confirmation_id}/answer"): lambda r, who: (
        f"/api/v1/network/confirmations/{_confirmation_for_sadar(r, who)}/answer",
        {"json": {"outcome": "confirmed", "note": "still absconding"}},
    ),
    ("POST", "/station/confirmations/{row_id}/answer"): lambda r, who: (
        f"/station/confirmations/{_confirmation_for_sadar(r, who)}/answer",
        {"data": {"outcome": "partly", "note": "A2 arrested"}},
    ),
    ("POST", "/api/v1/network/person-candidates/{candidate_id}/decision"): lambda r, who: (
        "/api/v1/network/person-candidates/1/decision",
        {"json": {"person_id": r.person, "decision": "confirmed"}},
    ),
    ("POST", "/staff/network/candidates/{candidate_id}/decision"): lambda r, who: (
        "/staff/network/candidates/1/decision",
        {"data": {"person_id": str(r.person), "decision": "confirmed"}},
    ),
    ("POST", "/api/v1/firs"): lambda r, who: ("/api/v1/firs", {"json": fir_body(station=SADAR)}),
    ("PATCH", "/api/v1/firs/{fir_id}"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}",
        {"json": {"beat": "7"}, "headers": {"If-Match": "*"}},
    ),
    ("POST", "/api/v1/firs/{fir_id}/parties"): _fir(
        "/api/v1/firs/{fir_id}/parties", {"role": "witness", "name": "गवाह"}
    ),
    ("POST", "/api/v1/firs/{fir_id}/status"): _fir("/api/v1/firs/{fir_id}/status", {"to": "under_investigation"}),
    ("POST", "/api/v1/firs/{fir_id}/arrests"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/arrests",
        {"json": {"person_id": r.person, "at": _now()}},
    ),
    ("POST", "/api/v1/firs/{fir_id}/seizures"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/seizures",
        {"json": {"seized_at": r.fir["registered_at"], "kind": "cash", "description": "₹ 500"}},
    ),
    ("POST", "/api/v1/firs/{fir_id}/final-reports"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/final-reports",
        {"json": {"kind": "false", "submitted_on": ist_today().isoformat()}},
    ),
    ("POST", "/api/v1/firs/{fir_id}/court-results"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/court-results",
        {"json": {"court": "CJM", "result": "acquitted", "disposed_on": ist_today().isoformat()}},
    ),
    ("POST", "/api/v1/firs/{fir_id}/transfer"): _fir("/api/v1/firs/{fir_id}/transfer", {"to_station": TOWN}),
    ("GET", "/api/v1/firs/{fir_id}"): _fir("/api/v1/firs/{fir_id}"),
    ("GET", "/api/v1/firs/{fir_id}/print"): _fir("/api/v1/firs/{fir_id}/print"),
    ("GET", "/api/v1/firs/{fir_id}/copy.pdf"): _fir("/api/v1/firs/{fir_id}/copy.pdf"),
    ("GET", "/api/v1/firs/{fir_id}/diary"): _fir("/api/v1/firs/{fir_id}/diary"),
    ("POST", "/api/v1/firs/{fir_id}/diary"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/diary",
        {"json": {"entry_at": _now(), "text": "घटनास्थल का निरीक्षण किया। Visited the scene."}},
    ),
    ("GET", "/api/v1/firs/{fir_id}/sharing"): _fir("/api/v1/firs/{fir_id}/sharing"),
    ("PUT", "/api/v1/firs/{fir_id}/sharing"): _fir(
        "/api/v1/firs/{fir_id}/sharing", {"level": "pointer", "reason": "informant at risk"}
    ),
    ("POST", "/api/v1/network/search"): lambda r, who: ("/api/v1/network/search", {"json": NETWORK_QUERY}),
    ("POST", "/api/v1/network/records/fetch"): lambda r, who: (
        "/api/v1/network/records/fetch",
        {"json": {**NETWORK_PURPOSE, "fir_key": "09-LUCKNOW-HAZRATGANJ/2025/1"}},
    ),
    ("POST", "/api/v1/network/national/search"): lambda r, who: (
        "/api/v1/network/national/search",
        {"json": {**NETWORK_QUERY, "query_id": "5b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "asked_by": {"state": "09"}}},
    ),
    ("POST", "/api/v1/network/national/fetch"): lambda r, who: (
        "/api/v1/network/national/fetch",
        {
            "json": {
                **NETWORK_PURPOSE,
                "fir_key": "10-VAISHALI-HAJIPUR-SADAR/2025/1",
                "query_id": "5b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
                "asked_by": {"state": "09"},
            }
        },
    ),
    ("POST", "/api/v1/network/records/detail"): lambda r, who: (
        "/api/v1/network/records/detail",
        {
            "json": {
                **NETWORK_PURPOSE,
                "fir_key": "10-VAISHALI-HAJIPUR-SADAR/2025/1",
                "query_id": "5b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
                "asked_by": {"state": "09"},
            }
        },
    ),
    ("POST", "/api/v1/firs/{fir_id}/court-offers"): lambda r, who: (
        f"/api/v1/firs/{r.fir['id']}/court-offers",
        {"json": {"court": _court_registered(r), "offered": "fir"}},
    ),
    ("GET", "/api/v1/firs/{fir_id}/court-case"): _fir("/api/v1/firs/{fir_id}/court-case"),
    ("POST", "/api/v1/network/icjs/court-events"): lambda r, who: ("/api/v1/network/icjs/court-events", {"json": {}}),
    ("POST", "/api/v1/network/icjs/prison-events"): lambda r, who: ("/api/v1/network/icjs/prison-events", {"json": {}}),
    ("GET", "/api/v1/persons/{person_id}"): _person("/api/v1/persons/{person_id}"),
    ("GET", "/api/v1/persons/{person_id}/candidates"): _person("/api/v1/persons/{person_id}/candidates"),
    ("GET", "/api/v1/persons/{person_id}/dossier"): _person("/api/v1/persons/{person_id}/dossier"),
    ("GET", "/api/v1/persons/{person_id}/associates"): _person("/api/v1/persons/{person_id}/associates"),
    ("GET", "/api/v1/search"): lambda r, who: ("/api/v1/search", {"params": {"q": "Salim"}}),
    ("POST", "/api/v1/admin/users"): lambda r, who: (
        "/api/v1/admin/users",
        {"json": {"username": f"matrix.{who}", "role": "investigator", "password": "a long enough password"}},
    ),
    ("POST", "/api/v1/admin/users/{user_id}/deactivate"): lambda r, who: (
        f"/api/v1/admin/users/{r.world.users['officer_town'].id}/deactivate",
        {},
    ),
    ("POST", "/api/v1/admin/users/{user_id}/unlock"): lambda r, who: (
        f"/api/v1/admin/users/{r.world.users['officer_town'].id}/unlock",
        {},
    ),
    ("POST", "/api/v1/admin/api-clients"): lambda r, who: (
        "/api/v1/admin/api-clients",
        {"json": {"name": "matrix system", "station": SADAR}},
    ),
    ("POST", "/api/v1/admin/api-clients/{client_id}/revoke"): lambda r, who: (
        f"/api/v1/admin/api-clients/{r.world.api_client_id}/revoke",
        {},
    ),
    ("GET", "/api/v1/complaints/{complaint_id}"): _complaint("/api/v1/complaints/{complaint_id}"),
    ("GET", "/api/v1/complaints/{complaint_id}/attachments/{attachment_id}"): _complaint(
        "/api/v1/complaints/{complaint_id}/attachments/{attachment_id}"
    ),
    ("POST", "/api/v1/complaints/{complaint_id}/acknowledge"): _complaint(
        "/api/v1/complaints/{complaint_id}/acknowledge", {}
    ),
    ("POST", "/api/v1/complaints/{complaint_id}/assign"): _complaint(
        "/api/v1/complaints/{complaint_id}/assign", {"officer_name": "Anil Kumar", "officer_rank": "SI"}
    ),
    ("POST", "/api/v1/complaints/{complaint_id}/close"): _complaint(
        "/api/v1/complaints/{complaint_id}/close", {"reason": "civil dispute"}
    ),
    ("POST", "/api/v1/complaints/{complaint_id}/transfer"): _complaint(
        "/api/v1/complaints/{complaint_id}/transfer", {"to_station": TOWN, "reason": "jurisdiction"}
    ),
    ("POST", "/api/v1/complaints/{complaint_id}/convert"): _complaint(
        "/api/v1/complaints/{complaint_id}/convert", {"sections": [{"act": "BNS", "section": "303(2)"}]}
    ),
    ("POST", "/api/v1/sms/delivery-reports"): lambda r, who: (
        "/api/v1/sms/delivery-reports",
        {"json": {"reference": "nothing", "status": "delivered"}},
    ),
    ("POST", "/api/v1/imports"): _import_upload,
    ("GET", "/api/v1/imports/{job_id}"): lambda r, who: (f"/api/v1/imports/{r.job_id}", {}),
    ("GET", "/api/v1/imports/{job_id}/rejects"): lambda r, who: (f"/api/v1/imports/{r.job_id}/rejects", {}),
    ("POST", "/api/v1/person-links/{link_id}/decision"): lambda r, who: (
        f"/api/v1/person-links/{r.link_id}/decision",
        {"json": {"decision": "reject", "note": "different fathers"}},
    ),
    ("POST", "/api/v1/person-links"): lambda r, who: (
        "/api/v1/person-links",
        {"json": {"person_a_id": r.person, "person_b_id": r.person_town, "note": "same man"}},
    ),
    ("POST", "/api/v1/watch-list"): lambda r, who: ("/api/v1/watch-list", {"json": {"person_id": r.person}}),
    ("DELETE", "/api/v1/watch-list/{person_id}"): _person("/api/v1/watch-list/{person_id}"),
    ("POST", "/api/v1/notifications/{notification_id}/read"): lambda r, who: (
        f"/api/v1/notifications/{_station_alert(r, who)}/read",
        {},
    ),
    ("POST", "/api/v1/auth/token"): lambda r, who: (
        "/api/v1/auth/token",
        {"data": {"username": r.world.users["investigator"].username, "password": PASSWORD}},
    ),
    ("GET", "/api/v1/network/reconciliation"): lambda r, who: (
        "/api/v1/network/reconciliation",
        {"params": {"date": ist_today().isoformat()}},
    ),
    ("GET", "/api/v1/sections/search"): lambda r, who: ("/api/v1/sections/search", {"params": {"q": "IPC 379"}}),
    ("POST", "/station/firs/new"): lambda r, who: (
        "/station/firs/new",
        {"data": {"complainant.name": "राम", "sections.0": "BNS 303(2)", "brief_facts": "चोरी"}},
    ),
    ("GET", "/staff/persons/{person_id}"): _person("/staff/persons/{person_id}"),
    ("POST", "/staff/login"): lambda r, who: (
        "/staff/login",
        {"data": {"username": r.world.users["investigator"].username, "password": PASSWORD}},
    ),
    ("GET", "/portal/complaints/{tracking_number}/confirm"): lambda r, who: (
        "/portal/complaints/NOSUCH/confirm",
        {},
    ),
    ("POST", "/portal/complaints/{tracking_number}/confirm"): lambda r, who: (
        "/portal/complaints/NOSUCH/confirm",
        {"data": {}},
    ),
    ("POST", "/portal/complaints/{tracking_number}/resend"): lambda r, who: (
        "/portal/complaints/NOSUCH/resend",
        {"data": {}},
    ),
    ("GET", "/portal/complaints/{tracking_number}/fir-copy.pdf"): lambda r, who: (
        "/portal/complaints/NOSUCH/fir-copy.pdf",
        {"params": {"until": "1", "sig": "0" * 64}},
    ),
    ("GET", "/station/firs/{fir_id}"): _fir("/station/firs/{fir_id}"),
    ("POST", "/station/firs/{fir_id}/io"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/io",
        {"data": {"io_name": "SI Meena Kumari", "io_rank": "SI"}},
    ),
    ("POST", "/station/firs/{fir_id}/arrests"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/arrests",
        {"data": {"person_id": str(r.person), "kind": "arrest", "at": _page_now()}},
    ),
    ("POST", "/station/firs/{fir_id}/seizures"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/seizures",
        {"data": {"seized_at": _page_now(), "kind": "cash", "description": "Rs 500"}},
    ),
    ("POST", "/station/firs/{fir_id}/final-reports"): lambda r, who: (
        f"/station/firs/{_case_at(r, who, 'under_investigation')}/final-reports",
        {"data": {"kind": "false", "submitted_on": ist_today().isoformat()}},
    ),
    ("POST", "/station/firs/{fir_id}/court-results"): lambda r, who: (
        f"/station/firs/{_case_at(r, who, 'sent_to_court')}/court-results",
        {"data": {"court": "CJM Hajipur", "result": "acquitted", "disposed_on": ist_today().isoformat()}},
    ),
    ("POST", "/station/firs/{fir_id}/status"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/status",
        {"data": {"to": "under_investigation"}},
    ),
    ("POST", "/station/firs/{fir_id}/transfer"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/transfer",
        {"data": {"to_station": TOWN}},
    ),
    ("POST", "/station/firs/{fir_id}/sharing"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/sharing",
        {"data": {"level": "pointer", "reason": "informant at risk"}},
    ),
    ("POST", "/station/firs/{fir_id}/diary"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/diary",
        {"data": {"entry_at": _page_now(), "text": "घटनास्थल का निरीक्षण किया।"}},
    ),
    ("POST", "/station/firs/{fir_id}/court-offers"): lambda r, who: (
        f"/station/firs/{r.fir['id']}/court-offers",
        {"data": {"court": _court_registered(r), "offered": "fir"}},
    ),
    ("POST", "/admin/users/"): lambda r, who: (
        "/admin/users/",
        {"data": {"username": "matrix.user", "role": "hq", "password": PASSWORD}},
    ),
    ("GET", "/admin/users/{user_id}"): lambda r, who: (f"/admin/users/{r.world.users['officer_town'].id}", {}),
    ("POST", "/admin/users/{user_id}/jurisdiction"): lambda r, who: (
        f"/admin/users/{r.world.users['officer_town'].id}/jurisdiction",
        {"data": {"role": "station_officer", "station": SADAR}},
    ),
    ("POST", "/admin/users/{user_id}/disable"): lambda r, who: (
        f"/admin/users/{r.world.users['officer_town'].id}/disable",
        {"data": {}},
    ),
    ("POST", "/admin/users/{user_id}/enable"): lambda r, who: (
        f"/admin/users/{r.world.users['officer_town'].id}/enable",
        {"data": {}},
    ),
    ("POST", "/admin/users/{user_id}/password"): lambda r, who: (
        f"/admin/users/{r.world.users['officer_town'].id}/password",
        {"data": {"password": "another long secret"}},
    ),
    ("POST", "/admin/users/{user_id}/unlock"): lambda r, who: (
        f"/admin/users/{r.world.users['officer_town'].id}/unlock",
        {"data": {}},
    ),
    ("POST", "/admin/api-clients/"): lambda r, who: (
        "/admin/api-clients/",
        {"data": {"name": "matrix system", "station": SADAR}},
    ),
    ("POST", "/admin/api-clients/{client_id}/rotate"): lambda r, who: (
        f"/admin/api-clients/{r.world.api_client_id}/rotate",
        {"data": {}},
    ),
    ("POST", "/admin/api-clients/{client_id}/revoke"): lambda r, who: (
        f"/admin/api-clients/{r.world.api_client_id}/revoke",
        {"data": {}},
    ),
    ("POST", "/admin/stations/"): lambda r, who: (
        "/admin/stations/",
        {"data": {"district": "VAISHALI", "name_en": "Matrix Chowk", "name_hi": "मैट्रिक्स चौक"}},
    ),
    ("GET", "/admin/stations/{station_id}"): lambda r, who: (f"/admin/stations/{r.world.station_ids[TOWN]}", {}),
    ("POST", "/admin/stations/{station_id}/rename"): lambda r, who: (
        f"/admin/stations/{r.world.station_ids[TOWN]}/rename",
        {"data": {"name_en": "Hajipur Town New", "name_hi": "हाजीपुर टाउन नया"}},
    ),
    ("POST", "/admin/stations/{station_id}/move"): lambda r, who: (
        f"/admin/stations/{r.world.station_ids[TOWN]}/move",
        {"data": {"district": "PATNA"}},
    ),
}


def _request_for(route: tuple[str, str]) -> Callable[[Records, str], Request]:
    method, path = route
    if route in REQUESTS:
        return REQUESTS[route]
    assert "{" not in path, f"{method} {path}: say in REQUESTS how to call it"
    return lambda r, who: (path, {"data": {}} if method in WRITES else {})


def _audit_rows(world: World) -> int:
    return world.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def test_every_route_has_a_rule(world: World) -> None:
    """A route the table does not know fails here: say who may call it in tests/access/route_rules.py."""
    app = world.client.app
    assert app_routes(app) == set(ROUTES), (
        f"routes without a rule: {sorted(app_routes(app) - set(ROUTES))}; "
        f"rules without a route: {sorted(set(ROUTES) - app_routes(app))}"
    )


def test_the_docs_table_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), "run: python -m tests.access.route_rules > docs/access.md"


@pytest.mark.parametrize("route", sorted(ROUTES), ids=lambda route: f"{route[0]} {route[1]}")
def test_route_follows_its_rule(records: Records, route: tuple[str, str]) -> None:
    world, rule = records.world, ROUTES[route]
    method = route[0]
    build = _request_for(route)
    # The refused first: they must change nothing, so the allowed then meet the records as set up.
    for who in sorted(CALLERS, key=lambda caller: caller in rule.allowed):
        path, arguments = build(records, who)
        headers = {**world.as_(who), **arguments.pop("headers", {})}
        before = _audit_rows(world)
        if rule.page:
            _staff_page_follows_its_rule(world, route, who, path, arguments)
            continue
        response = world.client.request(method, path, headers=headers, **arguments)
        shown = f"{method} {path} as {who}: {response.status_code} {response.text[:300]}"
        assert response.status_code < 500, shown
        if who in rule.allowed:
            if rule in (CITIZEN, GATEWAY):
                assert response.status_code != 401, shown
            else:
                assert response.status_code not in (401, 403), shown
            if method in WRITES and response.status_code < 300 and route not in UNAUDITED:
                assert _audit_rows(world) > before, f"{shown}: a write left no audit row"
        else:
            assert response.status_code == (401 if who == "nobody" else rule.refused_status), shown
            if response.status_code == 403:
                assert response.json()["message"], shown


def _staff_page_follows_its_rule(world: World, route: tuple[str, str], who: str, path: str, arguments: Any) -> None:
    """A staff page called as ``who`` with the session cookie (a user's token, as /staff/login sets it) and, on a
    form, the session's CSRF token: the allowed get the page or the change (audited), users of other roles a 403
    page, callers without a session (no login, an API key) the login."""
    method, rule = route[0], ROUTES[route]
    bearer = world.as_(who).get("Authorization", "").removeprefix("Bearer ")
    world.client.cookies.clear()
    if bearer:
        world.client.cookies.set(COOKIE, bearer)
        if method in WRITES:
            secret = world.client.app.state.settings.secret_key.get_secret_value()  # type: ignore[attr-defined]
            arguments = {"data": {**arguments.get("data", {}), "csrf_token": session_csrf_token(secret, bearer)}}
    before = _audit_rows(world)
    response = world.client.request(method, path, follow_redirects=False, **arguments)
    world.client.cookies.clear()
    shown = f"{method} {path} as {who}: {response.status_code} {response.text[:300]}"
    if not bearer:
        assert response.status_code == 303 and response.headers["location"].startswith("/staff/login"), shown
    elif who in rule.allowed:
        assert response.status_code in (200, 303), shown
        if method in WRITES and route not in UNAUDITED:
            assert _audit_rows(world) > before, f"{shown}: a write left no audit row"
    else:
        assert response.status_code == 403, shown
        assert _audit_rows(world) == before, f"{shown}: a refused write left an audit row"
