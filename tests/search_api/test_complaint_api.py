"""The police side of online complaints through the API: queues by jurisdiction, each step, refusals (403 and
409 with the reason), conversion to an FIR through the FIR path, transfer and attachments."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from complaints.attachments import check_attachments
from complaints.filing import confirm_complaint, file_complaint
from complaints.input import check_complaint_form
from records.models import AuditEntry, Complaint, SmsMessage
from tests.complaints.test_complaints import PDF, form_values
from tests.search_api.fir_api_support import TOWN, World

pytest_plugins = ["tests.search_api.fir_api_support"]
API = "/api/v1/complaints"


def complaint(world: World, *, confirmed: bool = True, attach: bytes | None = None, **values: str) -> Complaint:
    form, problems = check_complaint_form(world.session, form_values(**values), language="en", now=datetime.now(UTC))
    assert form is not None, problems
    files, _ = check_attachments([("fir-copy.pdf", attach)] if attach else [])
    row = file_complaint(world.session, form, files)
    if confirmed:
        confirm_complaint(world.session, row)
    world.session.commit()
    return row


def test_each_station_sees_its_own_queue_and_no_unconfirmed_complaints(world: World) -> None:
    mine = complaint(world)
    hidden = complaint(world, confirmed=False)
    sadar = world.client.get(API, headers=world.as_("officer_sadar")).json()
    ids = {item["id"] for item in sadar["items"]}
    assert mine.id in ids and hidden.id not in ids
    assert all(item["station"] == "VAISHALI-HAJIPUR-SADAR" for item in sadar["items"])
    town = world.client.get(API, headers=world.as_("officer_town")).json()
    assert mine.id not in {item["id"] for item in town["items"]}
    assert mine.id in {i["id"] for i in world.client.get(API, headers=world.as_("sp_vaishali")).json()["items"]}
    assert mine.id not in {i["id"] for i in world.client.get(API, headers=world.as_("sp_patna")).json()["items"]}
    assert world.client.get(API, headers=world.as_("admin")).status_code == 403
    assert world.client.get(API, headers=world.as_("nobody")).status_code == 401
    assert world.client.get(f"{API}/{hidden.id}", headers=world.as_("officer_sadar")).status_code == 404
    refused = world.client.get(f"{API}/{mine.id}", headers=world.as_("officer_town"))
    assert refused.status_code == 403 and "own station" in refused.json()["message"]


def test_steps_by_the_station_officer_and_refusals_with_the_reason(world: World) -> None:
    row = complaint(world)
    sadar, town = world.as_("officer_sadar"), world.as_("officer_town")
    assert world.client.post(f"{API}/{row.id}/acknowledge", headers=town).status_code == 403
    assert world.client.post(f"{API}/{row.id}/acknowledge", headers=world.as_("sp_vaishali")).status_code == 403
    early = world.client.post(f"{API}/{row.id}/assign", json={"officer_name": "Anil"}, headers=sadar)
    assert early.status_code == 409 and "acknowledge it first" in early.json()["message"]
    done = world.client.post(f"{API}/{row.id}/acknowledge", json={}, headers=sadar)
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"
    again = world.client.post(f"{API}/{row.id}/acknowledge", headers=sadar)
    assert again.status_code == 409 and "cannot acknowledge" in again.json()["message"]
    assigned = world.client.post(
        f"{API}/{row.id}/assign", json={"officer_name": "Anil Kumar", "officer_rank": "SI"}, headers=sadar
    ).json()
    assert assigned["status"] == "enquiry_assigned" and assigned["enquiry_officer_name"] == "Anil Kumar"
    assert "convert to an FIR" in assigned["allowed_steps"]
    blank = world.client.post(f"{API}/{row.id}/close", json={"reason": "  "}, headers=sadar)
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "reason"
    closed = world.client.post(f"{API}/{row.id}/close", json={"reason": "civil dispute"}, headers=sadar).json()
    assert closed["status"] == "closed" and closed["allowed_steps"] == []
    final = world.client.post(
        f"{API}/{row.id}/convert", json={"sections": [{"act": "BNS", "section": "303(2)"}]}, headers=sadar
    )
    assert final.status_code == 409 and "final" in final.json()["message"]
    audit = world.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.entity_type == "complaint", AuditEntry.entity_id == str(row.id))
    ).all()
    assert {"complaint_acknowledged", "complaint_enquiry_assigned", "complaint_closed"} <= set(audit)


def test_convert_registers_a_linked_fir_through_the_fir_path(world: World) -> None:
    row = complaint(world)
    sadar = world.as_("officer_sadar")
    world.client.post(f"{API}/{row.id}/acknowledge", headers=sadar)
    bad = world.client.post(f"{API}/{row.id}/convert", json={"sections": []}, headers=sadar)
    assert bad.status_code == 422
    converted = world.client.post(
        f"{API}/{row.id}/convert",
        json={"sections": [{"act": "BNS", "section": "303(2)"}], "accused": [{"name": "Mohd. Salim"}]},
        headers=sadar,
    )
    assert converted.status_code == 201, converted.text
    body = converted.json()
    assert body["complaint"]["status"] == "converted" and body["complaint"]["fir_number"] == body["fir_number"]
    fir = world.client.get(converted.headers["Location"], headers=sadar).json()
    assert fir["number"] == body["fir_number"] and fir["information_type"] == "e_fir"
    assert fir["complainant"]["name"] == "सुनीता देवी" and fir["accused"][0]["name"] == "Mohd. Salim"
    assert fir["brief_facts"] == row.description and fir["crime_heads"] == ["THEFT"]
    message = world.session.scalars(
        sa.select(SmsMessage).where(SmsMessage.complaint_id == row.id, SmsMessage.kind == "fir_registered")
    ).one()
    assert body["fir_number"] in message.body


def test_an_accused_typed_with_the_fathers_name_is_stored_split_as_everywhere_else(world: World) -> None:
    row = complaint(world)
    sadar = world.as_("officer_sadar")
    world.client.post(f"{API}/{row.id}/acknowledge", headers=sadar)
    sections = [{"act": "BNS", "section": "303(2)"}]
    nameless = world.client.post(
        f"{API}/{row.id}/convert", json={"sections": sections, "accused": [{"name": "s/o Rafiq"}]}, headers=sadar
    )
    assert nameless.status_code == 422 and "no name before it" in nameless.text
    converted = world.client.post(
        f"{API}/{row.id}/convert",
        json={"sections": sections, "accused": [{"name": "Md Islam s/o Rafiq"}, {"name": "गीता देवी पति मोहन"}]},
        headers=sadar,
    )
    assert converted.status_code == 201, converted.text
    accused = world.client.get(converted.headers["Location"], headers=sadar).json()["accused"]
    found = [(party["name"], party["relative_name"], party["relation_kind"]) for party in accused]
    assert found == [("Md Islam", "Rafiq", "father"), ("गीता देवी", "मोहन", "husband")]


def test_transfer_hands_the_complaint_to_the_other_station(world: World) -> None:
    row = complaint(world)
    sadar, town = world.as_("officer_sadar"), world.as_("officer_town")
    unknown = world.client.post(f"{API}/{row.id}/transfer", json={"to_station": "NOWHERE"}, headers=sadar)
    assert unknown.status_code == 422
    moved = world.client.post(
        f"{API}/{row.id}/transfer", json={"to_station": TOWN, "reason": "jurisdiction"}, headers=sadar
    )
    assert moved.status_code == 200 and moved.json()["station"] == TOWN
    assert moved.json()["filed_station"] == "VAISHALI-HAJIPUR-SADAR"
    assert world.client.post(f"{API}/{row.id}/acknowledge", headers=sadar).status_code == 403
    assert world.client.post(f"{API}/{row.id}/acknowledge", headers=town).status_code == 200


def test_attachments_download_with_their_detected_type(world: World) -> None:
    row = complaint(world, attach=PDF)
    detail = world.client.get(f"{API}/{row.id}", headers=world.as_("officer_sadar")).json()
    (attachment,) = detail["attachments"]
    assert attachment["content_type"] == "application/pdf" and attachment["size_bytes"] == len(PDF)
    file = world.client.get(f"{API}/{row.id}/attachments/{attachment['id']}", headers=world.as_("officer_sadar"))
    assert file.status_code == 200 and file.content == PDF
    assert file.headers["content-type"] == "application/pdf" and file.headers["x-content-type-options"] == "nosniff"
    other = world.client.get(f"{API}/{row.id}/attachments/{attachment['id']}", headers=world.as_("officer_town"))
    assert other.status_code == 403


def test_fir_routes_tell_the_complainant_of_arrest_and_final_report(world: World) -> None:
    from cases.input import IST

    row = complaint(world)
    sadar = world.as_("officer_sadar")
    world.client.post(f"{API}/{row.id}/acknowledge", headers=sadar)
    converted = world.client.post(
        f"{API}/{row.id}/convert",
        json={"sections": [{"act": "BNS", "section": "303(2)"}], "accused": [{"name": "Mohd. Salim"}]},
        headers=sadar,
    ).json()
    fir_url = f"/api/v1/firs/{converted['fir_id']}"
    accused = world.client.get(fir_url, headers=sadar).json()["accused"][0]["person_id"]
    arrest = world.client.post(
        f"{fir_url}/arrests", json={"person_id": accused, "at": datetime.now(UTC).isoformat()}, headers=sadar
    )
    assert arrest.status_code == 201, arrest.text
    report = world.client.post(
        f"{fir_url}/final-reports",
        json={"kind": "undetected", "submitted_on": datetime.now(IST).date().isoformat()},
        headers=sadar,
    )
    assert report.status_code == 201, report.text
    messages = world.session.scalars(
        sa.select(SmsMessage).where(SmsMessage.complaint_id == row.id).order_by(SmsMessage.id)
    ).all()
    assert [m.kind for m in messages][-2:] == ["arrest", "final_report"]
    assert "true but undetected" in messages[-1].body and converted["fir_number"] in messages[-1].body
