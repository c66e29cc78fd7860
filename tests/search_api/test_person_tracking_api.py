"""Criminal tracking through the API: FIRs registered through /api/v1/firs queue their people, the matcher links
or proposes, officers decide in the review queue within their jurisdiction, the dossier and associates follow
the links, and watchers and stations are alerted when a known person is named again."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from people.linkage.linker import Thresholds
from people.linkage.queue import process_queue
from records.models import AuditEntry, Notification, PersonMatchQueue, SmsMessage
from tests.portal.staff_support import log_in
from tests.search_api.fir_api_support import World, _session_on, fir_body

pytest_plugins = ["tests.search_api.fir_api_support"]
THRESHOLDS = Thresholds(auto=14.5, review=9.5)


def _accused(name: str, relative: str, age: int = 34, **extra: Any) -> dict[str, Any]:
    return {"name": name, "relative_name": relative, "relation_kind": "father", "gender": "male", "age": age, **extra}


def _register(world: World, who: str, *accused: dict[str, Any]) -> dict[str, Any]:
    return world.register(who, fir_body(accused=list(accused))).json()


def _match(connection: Connection) -> int:
    with _session_on(connection) as session:
        done = process_queue(session, THRESHOLDS)
        session.commit()
    return done


def _accused_id(fir: dict[str, Any], name: str) -> int:
    return next(p["person_id"] for p in fir["accused"] if p["name"] == name)


def _people(fir: dict[str, Any]) -> set[int]:
    parties = [fir["complainant"], *fir["victims"], *fir["accused"], *fir["suspects"], *fir["witnesses"]]
    return {p["person_id"] for p in parties if p}


def test_registration_queues_people_and_the_matcher_links_the_same_man(
    world: World, api_connection: Connection
) -> None:
    first = _register(world, "officer_sadar", _accused("Md. Islam", "Rafiq", mobile="9123456789"))
    queued = api_connection.execute(sa.select(sa.func.count()).select_from(PersonMatchQueue)).scalar()
    assert queued == len(_people(first))  # registration only queued them: it stays fast
    assert _match(api_connection) == queued
    second = _register(world, "officer_town", _accused("मोहम्मद इस्लाम", "रफ़ीक़", age=35, mobile="9123456789"))
    _match(api_connection)
    a, b = _accused_id(first, "Md. Islam"), _accused_id(second, "मोहम्मद इस्लाम")
    links = world.client.get(
        f"/api/v1/person-links?status=auto&person_id={b}", headers=world.as_("investigator")
    ).json()
    assert links["total"] == 1
    link = links["links"][0]
    assert {link["a"]["person_id"], link["b"]["person_id"]} == {a, b}
    assert "same mobile number (9123456789)" in link["reasons"]
    found = world.client.get(f"/api/v1/persons/{b}/candidates", headers=world.as_("investigator")).json()
    assert found[0]["person_id"] == a and found[0]["would_be"] == "auto" and found[0]["record"]["name"] == "Md. Islam"
    assert "same mobile number (9123456789)" in found[0]["reasons"]
    dossier = world.client.get(f"/api/v1/persons/{a}/dossier", headers=world.as_("investigator")).json()
    assert {r["person_id"] for r in dossier["records"]} == {a, b}
    assert {f["fir_id"] for f in dossier["firs"]} == {first["id"], second["id"]}
    assert {"Md. Islam", "मोहम्मद इस्लाम"} <= set(dossier["names"])
    assert [e["kind"] for e in dossier["timeline"]] == ["fir", "fir"]
    assert dossier["flags"]["firs_as_accused"] == 2 and not dossier["flags"]["habitual_offender"]
    # A known offender named again: both stations are told.
    alerts = world.client.get("/api/v1/notifications", headers=world.as_("officer_town")).json()
    assert [n["kind"] for n in alerts] == ["known_offender"]
    assert "earlier FIR" in alerts[0]["message"] and alerts[0]["fir_id"] == second["id"]
    assert world.client.get("/api/v1/notifications", headers=world.as_("officer_sadar")).json()[0]["kind"] == (
        "known_offender"
    )
    assert world.client.get("/api/v1/notifications", headers=world.as_("officer_patna")).json() == []


def test_review_queue_by_jurisdiction_and_decisions_are_audited(world: World, api_connection: Connection) -> None:
    first = _register(world, "officer_sadar", _accused("Sunil Paswan", "Jagdish Paswan", age=30))
    _match(api_connection)
    second = _register(world, "officer_town", _accused("सुनील पासवान", "जगदीश पासवान", age=31))
    _match(api_connection)
    queue = world.client.get("/api/v1/person-links", headers=world.as_("investigator")).json()
    ids = {_accused_id(first, "Sunil Paswan"), _accused_id(second, "सुनील पासवान")}
    mine = [link for link in queue["links"] if {link["a"]["person_id"], link["b"]["person_id"]} == ids]
    assert len(mine) == 1, queue
    link = mine[0]
    assert link["status"] == "review" and any(r.startswith("father's name matches") for r in link["reasons"])
    assert world.client.get("/api/v1/person-links", headers=world.as_("officer_patna")).json()["total"] == 0
    assert world.client.get("/api/v1/person-links", headers=world.as_("sp_vaishali")).json()["total"] >= 1
    refused = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "confirm"}, headers=world.as_("officer_patna")
    )
    assert refused.status_code == 403
    assert world.client.get("/api/v1/person-links", headers=world.as_("admin")).status_code == 403
    # A station officer reads only one side of this cross-station pair: deciding it is for a reviewer of both.
    one_side = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "confirm"}, headers=world.as_("officer_town")
    )
    assert one_side.status_code == 403, one_side.text
    done = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision",
        json={"decision": "confirm", "note": "same man, checked the photo"},
        headers=world.as_("sp_vaishali"),
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "confirmed" and done.json()["decided_by"].endswith("sp-vaishali")
    again = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "reject"}, headers=world.as_("investigator")
    )
    assert again.status_code == 409 and "is confirmed" in again.json()["message"]
    bad = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "maybe"}, headers=world.as_("investigator")
    )
    assert bad.status_code == 422
    with _session_on(api_connection) as session:
        entry = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity_type == "person_link", AuditEntry.entity_id == str(link["id"])
            )
        ).one()
        assert entry.action == "confirm" and entry.user_id == world.users["sp_vaishali"].id
        assert entry.detail["from"] == "review" and entry.detail["to"] == "confirmed"
        assert entry.detail["score"] == link["score"] and entry.detail["person_a_id"] in ids
    unmerged = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "unmerge"}, headers=world.as_("investigator")
    )
    assert unmerged.json()["status"] == "unlinked"
    dossier = world.client.get(f"/api/v1/persons/{min(ids)}/dossier", headers=world.as_("investigator")).json()
    assert [r["person_id"] for r in dossier["records"]] == [min(ids)]


def test_associates_to_a_chosen_depth_with_shared_firs(world: World, api_connection: Connection) -> None:
    one = _register(
        world, "officer_sadar", _accused("Guddu Rajak", "Bhola Rajak"), _accused("Pintu Sahni", "Lalan Sahni")
    )
    two = _register(world, "officer_town", _accused("Pintu Sahni", "Lalan Sahni", mobile="9000000001"),
                    _accused("Kallu Manjhi", "Sohan Manjhi"))  # fmt: skip
    _match(api_connection)
    guddu = _accused_id(one, "Guddu Rajak")
    pintu_ids = {_accused_id(one, "Pintu Sahni"), _accused_id(two, "Pintu Sahni")}
    headers = world.as_("investigator")
    near = world.client.get(f"/api/v1/persons/{guddu}/associates?depth=1", headers=headers).json()
    assert {n["name"] for n in near["nodes"]} == {"Guddu Rajak", "Pintu Sahni"}
    assert len(near["edges"]) == 1 and near["edges"][0]["fir_ids"] == [one["id"]]
    # Same name, father and age but no address or phone in common: proposed for review, not linked.
    proposed = world.client.get(f"/api/v1/person-links?person_id={min(pintu_ids)}", headers=headers).json()
    assert proposed["total"] == 1
    far = world.client.get(f"/api/v1/persons/{guddu}/associates?depth=2", headers=headers).json()
    assert {n["name"] for n in far["nodes"]} == {"Guddu Rajak", "Pintu Sahni"}  # the second Pintu is someone else
    confirm = {"decision": "confirm"}
    link_id = proposed["links"][0]["id"]
    assert world.client.post(f"/api/v1/person-links/{link_id}/decision", json=confirm, headers=headers).is_success
    far = world.client.get(f"/api/v1/persons/{guddu}/associates?depth=2", headers=headers).json()
    names = {n["name"]: n for n in far["nodes"]}
    assert set(names["Pintu Sahni"]["record_ids"]) == pintu_ids  # one person now, known by both records
    assert names["Kallu Manjhi"]["depth"] == 2
    labels = {(e["source"], e["target"]): e["firs"] for e in far["edges"]}
    assert len(labels) == 2 and any(firs == [f"Hajipur Town PS {two['number']}"] for firs in labels.values()), labels
    one_deep = world.client.get(f"/api/v1/persons/{guddu}/associates?depth=1", headers=headers).json()
    assert "Kallu Manjhi" not in {n["name"] for n in one_deep["nodes"]}
    assert world.client.get(f"/api/v1/persons/{guddu}/associates?depth=4", headers=headers).status_code == 422


def test_watch_list_alerts_in_app_and_by_sms(world: World, api_connection: Connection) -> None:
    first = _register(world, "officer_sadar", _accused("Chhotu Yadav", "Naresh Yadav", mobile="9811111111"))
    _match(api_connection)
    person = _accused_id(first, "Chhotu Yadav")
    headers = world.as_("investigator")
    no_mobile = world.client.post("/api/v1/watch-list", json={"person_id": person, "notify_sms": True}, headers=headers)
    assert no_mobile.status_code == 422 and "no mobile number" in no_mobile.json()["message"]
    with _session_on(api_connection) as session:
        session.execute(
            sa.text("UPDATE app_user SET mobile = '9822222222' WHERE id = :id"), {"id": world.users["investigator"].id}
        )
        session.commit()
    watched = world.client.post(
        "/api/v1/watch-list", json={"person_id": person, "notify_sms": True, "note": "bike thefts"}, headers=headers
    )
    assert watched.status_code == 201, watched.text
    assert [w["person_id"] for w in world.client.get("/api/v1/watch-list", headers=headers).json()] == [person]
    second = _register(world, "officer_patna", _accused("छोटू यादव", "नरेश यादव", age=35, mobile="9811111111"))
    _match(api_connection)
    _match(api_connection)  # processing again tells nobody twice
    alerts = world.client.get("/api/v1/notifications?unread=true", headers=headers).json()
    assert [(n["kind"], n["fir_id"]) for n in alerts] == [("watch_list", second["id"])]
    with _session_on(api_connection) as session:
        sms = session.scalars(sa.select(SmsMessage).where(SmsMessage.kind == "watch_list")).all()
        assert [(m.to_number, m.fir_id) for m in sms] == [("9822222222", second["id"])]
        assert "Watch list" in sms[0].body
        station_alerts = session.scalars(sa.select(Notification).where(Notification.kind == "known_offender")).all()
        assert {n.station_id for n in station_alerts} == {world.station_ids["TEST-PATNA-KOTWALI"],
                                                          world.station_ids["VAISHALI-HAJIPUR-SADAR"]}  # fmt: skip
    read = world.client.post(f"/api/v1/notifications/{alerts[0]['id']}/read", headers=headers)
    assert read.status_code == 204
    assert world.client.get("/api/v1/notifications?unread=true", headers=headers).json() == []
    assert (
        world.client.post(f"/api/v1/notifications/{alerts[0]['id']}/read", headers=world.as_("hq")).status_code == 404
    )
    assert world.client.delete(f"/api/v1/watch-list/{person}", headers=headers).status_code == 204
    assert world.client.delete(f"/api/v1/watch-list/{person}", headers=headers).status_code == 404


def test_dossier_flags_habitual_offender_and_refuses_other_jurisdictions(
    world: World, api_connection: Connection
) -> None:
    firs = []
    for who in ("officer_sadar", "officer_town", "officer_sadar"):
        firs.append(_register(world, who, _accused("Bablu Kushwaha", "Ramchandra Kushwaha", mobile="9833333333")))
        _match(api_connection)
    person = _accused_id(firs[0], "Bablu Kushwaha")
    dossier = world.client.get(f"/api/v1/persons/{person}/dossier", headers=world.as_("sp_vaishali"))
    assert dossier.status_code == 200
    flags = dossier.json()["flags"]
    assert flags["habitual_offender"] and flags["firs_as_accused"] == 3
    assert flags["habitual_rule"] == "3 FIRs as accused within 5 years"
    assert world.client.get(f"/api/v1/persons/{person}/dossier", headers=world.as_("sp_patna")).status_code == 403
    assert world.client.get("/api/v1/persons/999999999/dossier", headers=world.as_("hq")).status_code == 404
    log_in(world, "hq")
    page = world.client.get(f"/staff/persons/{person}")
    assert page.status_code == 200 and "/dossier" in page.text and "<svg" in page.text
    assert "/person-links" in world.client.get("/staff/matches").text


def test_review_queue_narrows_to_a_place_groups_by_record_and_says_what_the_score_means(
    world: World, api_connection: Connection
) -> None:
    """Issue 23 item 17: a district or station filter, one record's candidates together, the score's scale."""
    sadar = _register(world, "officer_sadar", _accused("Bhola Mahto", "Kishun Mahto", age=30))
    _match(api_connection)
    _register(world, "officer_town", _accused("भोला महतो", "किशुन महतो", age=31))
    _match(api_connection)
    _register(world, "officer_town", _accused("Bhola Mahato", "Kishun Mahato", age=29))
    _match(api_connection)
    _register(world, "officer_patna", _accused("Tunna Sahni", "Jhari Sahni", age=40))
    _match(api_connection)
    _register(world, "officer_patna", _accused("टुन्ना सहनी", "झरी सहनी", age=41))
    _match(api_connection)
    headers = world.as_("investigator")
    everything = world.client.get("/api/v1/person-links?size=100", headers=headers).json()
    bhola = _accused_id(sadar, "Bhola Mahto")
    assert everything["auto_score"] == THRESHOLDS.auto and everything["review_score"] == THRESHOLDS.review
    assert "linked automatically" in everything["score_meaning"]

    def names(page: dict[str, Any]) -> set[str]:
        return {side["name"] for link in page["links"] for side in (link["a"], link["b"])}

    assert {"Bhola Mahto", "Tunna Sahni"} <= names(everything)
    at_sadar = world.client.get("/api/v1/person-links?station=vaishali-hajipur-sadar", headers=headers).json()
    assert at_sadar["total"] >= 1 and "Tunna Sahni" not in names(at_sadar)
    assert all(bhola in (link["a"]["person_id"], link["b"]["person_id"]) for link in at_sadar["links"])
    in_patna = world.client.get("/api/v1/person-links?district=PATNA", headers=headers).json()
    assert in_patna["total"] >= 1 and names(in_patna) <= {"Tunna Sahni", "टुन्ना सहनी"}
    # One record's links come together: a first record never reappears after another's group.
    firsts = [link["a"]["person_id"] for link in everything["links"]]
    seen_groups = [first for i, first in enumerate(firsts) if i == 0 or firsts[i - 1] != first]
    assert len(seen_groups) == len(set(seen_groups)), firsts
    unknown = world.client.get("/api/v1/person-links?station=NO-SUCH-PS", headers=headers)
    assert unknown.status_code == 422 and "NO-SUCH-PS" in unknown.json()["message"]
