"""FIR endpoints end to end: register, read, list, correct, later records, print; on a rolled-back connection."""

from __future__ import annotations

import copy as copy_module
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from records.models import AuditEntry, FirStatusChange, OutboxEvent
from search_api.fir_schemas import SERVER_ASSIGNED_FIELDS
from tests.search_api.fir_api_support import SADAR, World, fir_body, ist_today

API = "/api/v1/firs"

pytest_plugins = ["tests.search_api.fir_api_support"]


def test_register_returns_the_fir_with_number_etag_and_location(world: World) -> None:
    response = world.register()
    fir = response.json()
    assert fir["station"] == SADAR and fir["district"] == "VAISHALI"
    assert fir["status"] == "registered" and fir["version"] == 1
    assert fir["number"] == f"{fir['serial']}/{fir['year']}"
    assert response.headers["ETag"] == f'"{fir["id"]}.1"'
    assert response.headers["Location"] == f"{API}/{fir['id']}"
    assert fir["complainant"]["mobile"] == "9876543210"
    assert fir["complainant"]["name"] == "सुनीता देवी"
    assert fir["properties"][1]["vehicle_registration"] == "BR31AB1234"
    assert fir["sections"] == [{"act": "BNS", "section": "303(2)"}]
    assert fir["crime_heads"] == ["THEFT"]
    assert fir["property_value_total"] == "59000.00"
    assert [change["to_status"] for change in fir["status_history"]] == ["registered"]


def test_the_answer_to_a_registration_is_what_get_reads_back(world: World) -> None:
    """The answer is built from the rows the registration wrote, not read back: it must equal GET's, with people
    new and known, aliases, victims, suspects, unknown and numbered accused, and every kind of value."""
    first = world.register().json()
    body = fir_body(
        victims=[{"name": "Pinky Kumari", "aliases": ["पिंकी", "Pinki"], "gender": "female", "age": 12}],
        accused=[
            {"name": "Md Islam", "relative_name": "Rafiq", "relation_kind": "father", "aliases": ["Islam Mian"]},
            {"person_id": first["accused"][0]["person_id"], "name": "Salim", "mobile": "9123456780"},
        ],
        suspects=[{"name": "unknown person, tall, about 30", "identifying_marks": "scar on the left cheek"}],
        property_value_total="1234567.89",
        place_latitude=25.6869,
        place_longitude=85.2094,
    )
    created = world.register(body=body)
    read = world.client.get(created.headers["Location"], headers=world.as_("officer_sadar"))
    assert read.status_code == 200, read.text
    assert created.json() == read.json()
    assert created.headers["ETag"] == read.headers["ETag"]
    assert created.json()["accused"][0]["aliases"] == ["Islam Mian"]


def _error_fields(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) >= {"error", "message", "detail"}, body
    return {item["field"]: item["msg"] for item in body["detail"]}


def test_register_writes_history_audit_and_outbox_in_the_same_transaction(world: World) -> None:
    fir = world.register().json()
    session = world.session
    person_ids = {fir["complainant"]["person_id"], *(p["person_id"] for p in fir["accused"] + fir["witnesses"])}
    outbox = session.execute(
        sa.select(OutboxEvent.entity_type, OutboxEvent.entity_id).where(
            sa.or_(
                sa.and_(OutboxEvent.entity_type == "fir", OutboxEvent.entity_id == fir["id"]),
                sa.and_(OutboxEvent.entity_type == "person", OutboxEvent.entity_id.in_(person_ids)),
            )
        )
    ).all()
    assert ("fir", fir["id"]) in outbox
    assert {entity_id for kind, entity_id in outbox if kind == "person"} == person_ids
    audit = session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_type == "fir", AuditEntry.entity_id == str(fir["id"]))
    ).all()
    assert [entry.action for entry in audit] == ["create"]
    assert audit[0].user_id == world.users["officer_sadar"].id
    assert session.scalar(sa.select(sa.func.count()).where(FirStatusChange.fir_id == fir["id"])) == 1


def test_a_failed_registration_leaves_nothing_behind(world: World) -> None:
    before = world.session.scalar(sa.select(sa.func.count(OutboxEvent.id)))
    body = fir_body(sections=[{"act": "BNS", "section": "303(2)"}, {"act": "BNS", "section": "99999"}])
    response = world.client.post(API, json=body, headers=world.as_("officer_sadar"))
    assert response.status_code == 422
    assert world.session.scalar(sa.select(sa.func.count(OutboxEvent.id))) == before


def test_read_returns_etag_and_is_audited_with_the_people_read(world: World) -> None:
    fir = world.register().json()
    response = world.client.get(f"{API}/{fir['id']}", headers=world.as_("investigator"))
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{fir["id"]}.1"'
    assert response.json() == fir
    entry = world.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.entity_type == "fir", AuditEntry.action == "read", AuditEntry.entity_id == str(fir["id"])
        )
    ).one()
    assert entry.user_id == world.users["investigator"].id
    assert entry.detail is not None and fir["complainant"]["person_id"] in entry.detail["person_ids"]


def test_unknown_fir_is_404_with_the_uniform_body(world: World) -> None:
    response = world.client.get(f"{API}/999999999", headers=world.as_("hq"))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and "999999999" in response.json()["message"]


def test_round_trip_get_strip_server_fields_post_registers_a_like_fir(world: World) -> None:
    first = world.register().json()
    copy = copy_module.deepcopy({name: value for name, value in first.items() if name not in SERVER_ASSIGNED_FIELDS})
    second = world.register(body=copy).json()
    assert second["id"] != first["id"] and second["serial"] == first["serial"] + 1
    same = {name: value for name, value in second.items() if name not in SERVER_ASSIGNED_FIELDS}
    assert same == copy
    # Dropping person_id too creates new person records with the same particulars.
    for party in [copy["complainant"], *copy["accused"], *copy["witnesses"]]:
        party.pop("person_id")
    third = world.register(body=copy).json()
    assert third["complainant"]["person_id"] != first["complainant"]["person_id"]
    assert third["complainant"]["name"] == first["complainant"]["name"]


def test_posting_a_server_field_says_it_is_assigned_by_the_server(world: World) -> None:
    response = world.client.post(API, json=fir_body(status="disposed", id=5), headers=world.as_("officer_sadar"))
    assert response.status_code == 422
    fields = _error_fields(response)
    assert "assigned by the server" in fields["status"] and "assigned by the server" in fields["id"]


def test_list_filters_and_cursor_pagination(world: World) -> None:
    theft_ids = [world.register().json()["id"] for _ in range(5)]
    murder = world.register(body=fir_body(sections=[{"act": "BNS", "section": "103(1)"}])).json()
    headers = world.as_("officer_sadar")
    seen: list[int] = []
    cursor = None
    while True:
        params = {"crime_head": "THEFT", "limit": 2, "registered_from": ist_today().isoformat()}
        if cursor:
            params["cursor"] = cursor
        page = world.client.get(API, params=params, headers=headers).json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(theft_ids) <= set(seen) and murder["id"] not in seen
    assert len(seen) == len(set(seen))
    by_section = world.client.get(API, params={"act": "bns", "section": "103 (1)"}, headers=headers).json()
    assert murder["id"] in [item["id"] for item in by_section["items"]]
    assert all("BNS 103(1)" in item["sections"] for item in by_section["items"])
    by_status = world.client.get(API, params={"status": "disposed", "station": SADAR}, headers=headers).json()
    assert all(item["status"] == "disposed" for item in by_status["items"])
    future = world.client.get(API, params={"registered_from": "2099-01-01"}, headers=headers).json()
    assert future["items"] == [] and future["next_cursor"] is None
    district = world.client.get(API, params={"district": "VAISHALI", "limit": 200}, headers=world.as_("hq")).json()
    assert murder["id"] in [item["id"] for item in district["items"]]


def test_list_refuses_bad_filters_naming_them(world: World) -> None:
    headers = world.as_("hq")
    assert "cursor" in _error_fields(world.client.get(API, params={"cursor": "garbage!"}, headers=headers))
    assert "act" in _error_fields(world.client.get(API, params={"section": "302"}, headers=headers))
    assert "crime_head" in _error_fields(world.client.get(API, params={"crime_head": "NOPE"}, headers=headers))
    assert "limit" in _error_fields(world.client.get(API, params={"limit": 0}, headers=headers))


def test_patch_needs_if_match_and_a_stale_etag_gets_409(world: World) -> None:
    created = world.register()
    fir, tag = created.json(), created.headers["ETag"]
    url = f"{API}/{fir['id']}"
    headers = world.as_("officer_sadar")
    missing = world.client.patch(url, json={"beat": "5"}, headers=headers)
    assert missing.status_code == 428 and "If-Match" in _error_fields(missing).get("If-Match", "If-Match")
    updated = world.client.patch(
        url, json={"beat": "5", "brief_facts": "संशोधित विवरण"}, headers={**headers, "If-Match": tag}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["beat"] == "5" and updated.json()["version"] == 2
    assert updated.headers["ETag"] == f'"{fir["id"]}.2"'
    stale = world.client.patch(url, json={"beat": "6"}, headers={**headers, "If-Match": tag})
    assert stale.status_code == 409
    assert "changed since you read it" in stale.json()["message"]
    assert world.client.get(url, headers=headers).json()["beat"] == "5"


def test_patch_revalidates_sections_against_a_moved_offence_date(world: World) -> None:
    created = world.register()
    url = f"{API}/{created.json()['id']}"
    headers = {**world.as_("officer_sadar"), "If-Match": created.headers["ETag"]}
    response = world.client.patch(
        url,
        json={"occurrence_from": "2024-03-01T10:00:00+05:30", "occurrence_to": "2024-03-01T11:00:00+05:30"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "came into force on 1 July 2024" in _error_fields(response)["sections.0.act"]
    response = world.client.patch(
        url,
        json={
            "occurrence_from": "2024-03-01T10:00:00+05:30",
            "occurrence_to": "2024-03-01T11:00:00+05:30",
            "sections": [{"act": "IPC", "section": "379"}],
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["sections"] == [{"act": "IPC", "section": "379"}]


def test_case_life_cycle_arrest_seizure_charge_sheet_court(world: World) -> None:
    fir = world.register().json()
    url, headers = f"{API}/{fir['id']}", world.as_("officer_sadar")
    accused_id = fir["accused"][0]["person_id"]
    now = datetime.now(UTC)
    arrest = world.client.post(
        f"{url}/arrests",
        json={"person_id": accused_id, "at": now.isoformat(), "place": "हाजीपुर बस स्टैंड"},
        headers=headers,
    )
    assert arrest.status_code == 201, arrest.text
    body = arrest.json()
    assert body["status"] == "under_investigation" and body["arrests"][0]["person_id"] == accused_id
    seizure = world.client.post(
        f"{url}/seizures",
        json={
            "seized_at": now.isoformat(),
            "kind": "vehicle",
            "description": "चोरी की मोटरसाइकिल",
            "vehicle_registration": "BR31AB1234",
            "seized_from_person_id": accused_id,
        },
        headers=headers,
    )
    assert seizure.status_code == 201, seizure.text
    report = world.client.post(
        f"{url}/final-reports",
        json={"kind": "charge_sheet", "submitted_on": ist_today().isoformat(), "charged_person_ids": [accused_id]},
        headers=headers,
    )
    assert report.status_code == 201, report.text
    assert report.json()["status"] == "charge_sheeted"
    early = world.client.post(
        f"{url}/court-results",
        json={"court": "CJM Vaishali", "result": "convicted", "disposed_on": ist_today().isoformat()},
        headers=headers,
    )
    assert early.status_code == 409 and "sent to court" in early.json()["message"]
    sent = world.client.post(f"{url}/status", json={"to": "sent_to_court"}, headers=headers)
    assert sent.status_code == 200 and sent.json()["status"] == "sent_to_court"
    result = world.client.post(
        f"{url}/court-results",
        json={
            "court": "CJM Vaishali",
            "result": "convicted",
            "disposed_on": ist_today().isoformat(),
            "person_id": accused_id,
            "sentence": "3 वर्ष",
        },
        headers=headers,
    )
    assert result.status_code == 201, result.text
    final = result.json()
    assert final["status"] == "disposed"
    assert [c["to_status"] for c in final["status_history"]] == [
        "registered",
        "under_investigation",
        "charge_sheeted",
        "sent_to_court",
        "disposed",
    ]
    assert final["final_reports"][0]["charged_person_ids"] == [accused_id]
    closed = world.client.patch(url, json={"beat": "9"}, headers={**headers, "If-Match": result.headers["ETag"]})
    assert closed.status_code == 409 and "disposed" in closed.json()["message"]
    again = world.client.post(f"{url}/status", json={"to": "under_investigation"}, headers=headers)
    assert again.status_code == 409 and "final" in again.json()["message"]


def test_impossible_status_changes_get_409_saying_why(world: World) -> None:
    fir = world.register().json()
    url, headers = f"{API}/{fir['id']}", world.as_("officer_sadar")
    to_court = world.client.post(f"{url}/status", json={"to": "sent_to_court"}, headers=headers)
    assert to_court.status_code == 409
    assert "registered and cannot become sent_to_court" in to_court.json()["message"]
    report = world.client.post(
        f"{url}/final-reports", json={"kind": "false", "submitted_on": ist_today().isoformat()}, headers=headers
    )
    assert report.status_code == 409 and "investigation must begin" in report.json()["message"]
    transfer = world.client.post(f"{url}/transfer", json={"to_station": "VAISHALI-HAJIPUR-TOWN"}, headers=headers)
    assert transfer.status_code == 409 and "only a zero FIR" in transfer.json()["message"]
    charge = world.client.post(f"{url}/status", json={"to": "under_investigation"}, headers=headers)
    assert charge.status_code == 200
    by_hand = world.client.post(f"{url}/status", json={"to": "charge_sheeted"}, headers=headers)
    assert by_hand.status_code == 409 and "final-reports" in by_hand.json()["message"]
    undetected = world.client.post(
        f"{url}/final-reports", json={"kind": "undetected", "submitted_on": ist_today().isoformat()}, headers=headers
    )
    assert undetected.json()["status"] == "final_report_undetected"
    reopened = world.client.post(
        f"{url}/status", json={"to": "under_investigation", "note": "नया सुराग"}, headers=headers
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "under_investigation"


def test_adding_an_accused_later_and_arresting_only_accused(world: World) -> None:
    fir = world.register().json()
    url, headers = f"{API}/{fir['id']}", world.as_("officer_sadar")
    witness_id = fir["witnesses"][0]["person_id"]
    wrong = world.client.post(
        f"{url}/arrests", json={"person_id": witness_id, "at": datetime.now(UTC).isoformat()}, headers=headers
    )
    assert wrong.status_code == 422 and "not an accused" in _error_fields(wrong)["person_id"]
    added = world.client.post(
        f"{url}/parties", json={"role": "accused", "name": "गुड्डू", "mobile": "07654321098"}, headers=headers
    )
    assert added.status_code == 201, added.text
    accused = added.json()["accused"]
    assert [a["name"] for a in accused] == ["Mohd. Salim", "गुड्डू"] and accused[1]["mobile"] == "7654321098"
    linked = world.client.post(
        f"{url}/parties", json={"role": "victim", "person_id": witness_id, "name": "राजेश"}, headers=headers
    )
    assert linked.status_code == 201 and linked.json()["victims"][0]["person_id"] == witness_id
    twice = world.client.post(
        f"{url}/parties", json={"role": "victim", "person_id": witness_id, "name": "राजेश"}, headers=headers
    )
    assert twice.status_code == 409 and "already" in twice.json()["message"]


def test_zero_fir_is_transferred_to_the_station_with_jurisdiction(world: World) -> None:
    zero = world.register(body=fir_body(information_type="zero_fir")).json()
    headers = world.as_("officer_sadar")
    same = world.client.post(f"{API}/{zero['id']}/transfer", json={"to_station": SADAR}, headers=headers)
    assert same.status_code == 422 and "to_station" in _error_fields(same)
    response = world.client.post(
        f"{API}/{zero['id']}/transfer",
        json={"to_station": "VAISHALI-HAJIPUR-TOWN", "note": "घटनास्थल नगर थाना क्षेत्र में"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    new = response.json()
    assert new["station"] == "VAISHALI-HAJIPUR-TOWN" and new["zero_fir_origin_id"] == zero["id"]
    assert new["status"] == "registered" and new["brief_facts"] == zero["brief_facts"]
    assert new["complainant"]["person_id"] == zero["complainant"]["person_id"]
    old = world.client.get(f"{API}/{zero['id']}", headers=headers).json()
    assert old["status"] == "transferred" and old["transferred_to_fir_id"] == new["id"]
    assert old["transferred_to_station"] == "VAISHALI-HAJIPUR-TOWN"
    # The receiving station owns the new FIR; the sending station can no longer touch either.
    assert world.client.get(f"{API}/{new['id']}", headers=world.as_("officer_town")).status_code == 200
    again = world.client.post(
        f"{API}/{zero['id']}/transfer", json={"to_station": "VAISHALI-HAJIPUR-TOWN"}, headers=headers
    )
    assert again.status_code == 409 and "transferred" in again.json()["message"]


def test_print_view_is_the_iif_layout_with_devanagari(world: World) -> None:
    fir = world.register().json()
    response = world.client.get(f"{API}/{fir['id']}/print", headers=world.as_("officer_sadar"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html") and "utf-8" in response.headers["content-type"]
    html = response.text
    assert '<html lang="hi">' in html and '<meta charset="utf-8">' in html
    assert "Noto Sans Devanagari" in html
    assert "प्रथम सूचना रिपोर्ट" in html and "FIRST INFORMATION REPORT" in html
    assert "सुनीता देवी" in html and "हाजीपुर सदर" in html and "भारतीय नागरिक सुरक्षा संहिता" in html
    assert fir["brief_facts"].split("।")[0] in html
    assert "<script" not in html.split("<body>")[1].replace('onclick="window.print()"', "")


def test_print_copy_names_acts_kinds_and_status_and_groups_rupees_the_indian_way(world: World) -> None:
    """Issue 23 item 15: no "BNS (BNS)", property kinds and the status in Hindi and English, Rs 1,20,000."""
    body = fir_body()
    body["properties"][1]["value"] = "120000"
    fir = world.register(body=body).json()
    html = world.client.get(f"{API}/{fir['id']}/print", headers=world.as_("officer_sadar")).text
    assert "BNS (BNS)" not in html
    assert "भारतीय न्याय संहिता" in html and "Bharatiya Nyaya Sanhita</span> (BNS)" in html
    assert "मोबाइल फ़ोन / Mobile phone" in html and "वाहन / Vehicle" in html
    assert ">mobile_phone<" not in html and ">vehicle<" not in html
    assert "Rs 1,20,000" in html and "Rs 14,000" in html and "Rs 1,34,000" in html
    assert "120,000" not in html and "₹" not in html
    assert "दर्ज / Registered" in html and "record id" not in html
    assert " IST" in html


@pytest.mark.parametrize("section", [("BNS", "69"), ("BNS", "64(1)"), ("POCSO", "4")])
def test_print_copy_withholds_the_victims_identity_in_a_protected_case(world: World, section: tuple[str, str]) -> None:
    act, number = section
    body = fir_body(
        sections=[{"act": act, "section": number}],
        victims=[{"name": "Parvati Kumari", "age": 15, "gender": "female"}],
        delay_reason="Parvati was afraid to speak",
        properties=[],
    )
    fir = world.register(body=body)
    assert fir.status_code == 201, fir.text
    html = world.client.get(f"{API}/{fir.json()['id']}/print", headers=world.as_("officer_sadar")).text
    assert 'id="victim-identity-withheld"' in html and fir.json()["number"] in html
    for shown in ("सुनीता देवी", "रमेश प्रसाद", "वार्ड 7", "98765", "स्टेशन रोड", "Parvati", "Mohd. Salim", "मोटरसाइकिल"):
        assert shown not in html, shown


def test_print_view_escapes_markup_in_the_text(world: World) -> None:
    fir = world.register(body=fir_body(brief_facts="<script>alert(1)</script> चोरी")).json()
    html = world.client.get(f"{API}/{fir['id']}/print", headers=world.as_("hq")).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_request_body_over_the_limit_gets_413(world: World) -> None:
    body = fir_body(brief_facts="अ" * 600_000)  # 1.8 MB in UTF-8
    response = world.client.post(API, json=body, headers=world.as_("officer_sadar"))
    assert response.status_code == 413
    assert response.json()["error"] == "request_too_large"


def test_devanagari_and_other_scripts_are_accepted_everywhere(world: World) -> None:
    body = fir_body(
        place_address="গ্রাম: রামপুর",  # Bengali
        complainant={"name": "محمد سلیم", "relative_name": "عبدالکریم", "address": "ਪਿੰਡ", "mobile": "९८७६५४३२१०"},
        accused=[{"name": "ரமேஷ்", "aliases": ["रमेश", "Ramesh"]}],
    )
    fir = world.register(body=body).json()
    assert fir["complainant"]["name"] == "محمد سلیم" and fir["complainant"]["mobile"] == "9876543210"
    assert fir["accused"][0]["aliases"] == ["रमेश", "Ramesh"] and fir["place_address"] == "গ্রাম: রামপুর"


def test_validation_errors_name_each_field_and_why(world: World) -> None:
    now = datetime.now(UTC)
    body = fir_body(
        info_received_at=(now - timedelta(hours=5)).isoformat(),
        occurrence_from=(now - timedelta(hours=2)).isoformat(),
        occurrence_to=(now - timedelta(hours=1)).isoformat(),
        gd_entry_at=(now + timedelta(days=2)).isoformat(),
    )
    response = world.client.post(API, json=body, headers=world.as_("officer_sadar"))
    assert response.status_code == 422
    fields = _error_fields(response)
    assert "after the report time" in fields["occurrence_from"]
    assert "after the report time" in fields["occurrence_to"]
    assert "in the future" in fields["gd_entry_at"]


def test_ipc_section_after_june_2024_says_bns_is_in_force(world: World) -> None:
    body = fir_body(sections=[{"act": "IPC", "section": "379"}])
    response = world.client.post(API, json=body, headers=world.as_("officer_sadar"))
    assert response.status_code == 422
    message = _error_fields(response)["sections.0.act"]
    assert "30 June 2024" in message and "Bharatiya Nyaya Sanhita (BNS) is in force" in message
    assert "BNS 303(2)" in message


def test_unknown_section_unknown_act_and_bad_mobile(world: World) -> None:
    body = fir_body(
        sections=[{"act": "BNS", "section": "999"}, {"act": "XYZ", "section": "1"}],
        complainant={"name": "सुनीता", "mobile": "12345"},
    )
    response = world.client.post(API, json=body, headers=world.as_("officer_sadar"))
    assert response.status_code == 422
    fields = _error_fields(response)
    assert "not an Indian mobile number" in fields["complainant.mobile"]
    # Field-level problems are answered first; sections are checked once the fields are well-formed.
    assert set(fields) == {"complainant.mobile"}
    body["complainant"]["mobile"] = "9876543210"
    fields = _error_fields(world.client.post(API, json=body, headers=world.as_("officer_sadar")))
    assert "does not exist in the Bharatiya Nyaya Sanhita (BNS)" in fields["sections.0.section"]
    assert "no act has code 'XYZ'" in fields["sections.1.act"]


def test_malformed_json_and_wrong_types_are_422_not_500(world: World) -> None:
    headers = {**world.as_("officer_sadar"), "Content-Type": "application/json"}
    broken = world.client.post(API, content=b'{"sections": [', headers=headers)
    assert broken.status_code == 422 and broken.json()["error"] == "validation_error"
    wrong = world.client.post(API, json=fir_body(sections="BNS 303"), headers=world.as_("officer_sadar"))
    assert wrong.status_code == 422 and "sections" in _error_fields(wrong)
    nul = world.client.post(API, json=fir_body(brief_facts="चोरी\x00"), headers=world.as_("officer_sadar"))
    assert nul.status_code == 201 and nul.json()["brief_facts"] == "चोरी"


def test_unknown_routes_and_methods_get_the_uniform_body(world: World) -> None:
    missing = world.client.get("/api/v1/no-such-thing", headers=world.as_("hq"))
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong_method = world.client.delete(f"{API}/1", headers=world.as_("hq"))
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"
    openapi = world.client.get("/openapi.json").json()
    assert "/api/v1/firs" in openapi["paths"] and "/api/v1/auth/token" in openapi["paths"]
    assert world.client.get("/docs").status_code == 200
