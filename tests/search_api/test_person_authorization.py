"""Issue 17, the person doors: a person is reached only through an FIR the caller may read or a link a reader of
both records confirmed (``records.access``). Attaching an existing person to an FIR, linking two records, the
candidates, the dossier, the associates and the watch list all keep to that rule; a caller who reads only one
side of a pair may propose it for review, and sees nothing of the other side."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from people.linkage.linker import candidates
from records.models import AuditEntry, Fir, PersonAlias, PersonLink
from tests.search_api.fir_api_support import World, _session_on, fir_body
from tests.search_api.test_complaint_api import complaint
from tests.search_api.test_person_tracking_api import _accused, _accused_id, _match, _register

pytest_plugins = ["tests.search_api.fir_api_support"]

# Invented people: one seen only in Patna, one named at Hajipur Sadar (Vaishali).
PATNA_MAN = _accused("Birju Mahto", "Kailash Mahto", age=41, mobile="9700000041", address="Gali 3, Patna City")
SADAR_MAN = _accused("Birju Mahto", "Kailash Mahto", age=40)


def _patna_person(world: World) -> int:
    return _accused_id(_register(world, "officer_patna", PATNA_MAN), "Birju Mahto")


def _sadar_person(world: World) -> int:
    return _accused_id(_register(world, "officer_sadar", SADAR_MAN), "Birju Mahto")


def _firs(connection: Connection) -> int:
    with _session_on(connection) as session:
        return session.scalar(sa.select(sa.func.count(Fir.id))) or 0


def _aliases(connection: Connection, person_id: int) -> set[str]:
    with _session_on(connection) as session:
        return set(session.scalars(sa.select(PersonAlias.alias).where(PersonAlias.person_id == person_id)))


# --------------------------------------------------------------------------- attaching an existing person


def test_naming_a_person_of_another_district_in_a_new_fir_is_refused(world: World, api_connection: Connection) -> None:
    other = _patna_person(world)
    before = _firs(api_connection)
    body = fir_body(accused=[{"person_id": other, "name": "बिरजू महतो", "address": "Hajipur"}])
    refused = world.client.post("/api/v1/firs", json=body, headers=world.as_("officer_sadar"))
    assert refused.status_code == 403, refused.text
    message = refused.json()["message"]
    assert "accused[0].person_id" in message and "may read that person" in message and str(other) in message
    assert _firs(api_connection) == before  # nothing registered
    assert "बिरजू महतो" not in _aliases(api_connection, other)  # the other district's person is untouched
    assert world.client.get(f"/api/v1/persons/{other}", headers=world.as_("officer_sadar")).status_code == 403
    # The complainant slot goes through the same check.
    as_complainant = fir_body(complainant={"person_id": other, "name": "Birju Mahto"})
    refused = world.client.post("/api/v1/firs", json=as_complainant, headers=world.as_("officer_sadar"))
    assert refused.status_code == 403 and "complainant.person_id" in refused.json()["message"]
    # A person of the caller's own station may be named again.
    own = _sadar_person(world)
    again = world.client.post(
        "/api/v1/firs", json=fir_body(accused=[{"person_id": own, "name": "Birju"}]), headers=world.as_("officer_sadar")
    )
    assert again.status_code == 201, again.text
    assert again.json()["accused"][0]["person_id"] == own


def test_adding_a_party_of_another_district_is_refused(world: World, api_connection: Connection) -> None:
    other = _patna_person(world)
    fir = world.register("officer_sadar").json()
    url = f"/api/v1/firs/{fir['id']}/parties"
    refused = world.client.post(
        url, json={"role": "accused", "person_id": other, "name": "Birju"}, headers=world.as_("officer_sadar")
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["message"].startswith("person_id: attaching an existing person")
    assert "Birju" not in _aliases(api_connection, other)
    assert world.client.get(f"/api/v1/persons/{other}", headers=world.as_("officer_sadar")).status_code == 403
    own = fir["accused"][0]["person_id"]
    added = world.client.post(
        url, json={"role": "witness", "person_id": own, "name": "Salim"}, headers=world.as_("officer_sadar")
    )
    assert added.status_code == 201, added.text


def test_a_seizure_is_only_from_someone_the_fir_names(world: World) -> None:
    other = _patna_person(world)
    fir = world.register("officer_sadar").json()
    url, headers = f"/api/v1/firs/{fir['id']}/seizures", world.as_("officer_sadar")
    body = {"seized_at": fir["registered_at"], "kind": "cash", "description": "₹ 500"}
    refused = world.client.post(url, json={**body, "seized_from_person_id": other}, headers=headers)
    assert refused.status_code == 422, refused.text
    assert "is not named in FIR" in refused.json()["message"]
    own = fir["accused"][0]["person_id"]
    seized = world.client.post(url, json={**body, "seized_from_person_id": own}, headers=headers)
    assert seized.status_code == 201, seized.text


def test_converting_a_complaint_cannot_attach_a_person_of_another_district(
    world: World, api_connection: Connection
) -> None:
    other = _patna_person(world)
    row = complaint(world)
    sadar = world.as_("officer_sadar")
    assert world.client.post(f"/api/v1/complaints/{row.id}/acknowledge", headers=sadar).is_success
    before = _firs(api_connection)
    refused = world.client.post(
        f"/api/v1/complaints/{row.id}/convert",
        json={"sections": [{"act": "BNS", "section": "303(2)"}], "accused": [{"person_id": other, "name": "Birju"}]},
        headers=sadar,
    )
    assert refused.status_code == 403, refused.text
    assert "accused[0].person_id" in refused.json()["message"]
    assert _firs(api_connection) == before
    assert world.client.get(f"/api/v1/complaints/{row.id}", headers=sadar).json()["status"] == "acknowledged"


# ------------------------------------------------------------------------------------- linking, proposing


def _link_audits(connection: Connection, link_id: int) -> list[AuditEntry]:
    with _session_on(connection) as session:
        return list(
            session.scalars(
                sa.select(AuditEntry)
                .where(AuditEntry.entity_type == "person_link", AuditEntry.entity_id == str(link_id))
                .order_by(AuditEntry.id)
            )
        )


def _pair_links(connection: Connection, a: int, b: int) -> list[PersonLink]:
    with _session_on(connection) as session:
        pair = (min(a, b), max(a, b))
        return list(
            session.scalars(
                sa.select(PersonLink).where(PersonLink.person_a_id == pair[0], PersonLink.person_b_id == pair[1])
            )
        )


def test_linking_needs_both_records_and_one_side_may_only_propose(world: World, api_connection: Connection) -> None:
    theirs, mine = _patna_person(world), _sadar_person(world)
    sadar = world.as_("officer_sadar")
    body = {"person_a_id": mine, "person_b_id": theirs, "note": "same father's name"}
    refused = world.client.post("/api/v1/person-links", json=body, headers=sadar)
    assert refused.status_code == 403, refused.text
    message = refused.json()["message"]
    assert "linking two records needs a caller who may read both" in message and '"propose": true' in message
    for secret in ("9700000041", "Gali 3", "Patna City"):
        assert secret not in refused.text
    assert _pair_links(api_connection, mine, theirs) == []
    assert world.client.get(f"/api/v1/persons/{theirs}/dossier", headers=sadar).status_code == 403

    proposed = world.client.post("/api/v1/person-links", json={**body, "propose": True}, headers=sadar)
    assert proposed.status_code == 202, proposed.text
    answer = proposed.json()
    assert set(answer) == {"link_id", "status", "records", "outside_jurisdiction", "message"}
    assert answer["status"] == "review" and answer["outside_jurisdiction"] == 1
    assert [r["person_id"] for r in answer["records"]] == [mine]
    for secret in ("9700000041", "Gali 3", "Patna City", "score"):
        assert secret not in proposed.text
    [entry] = _link_audits(api_connection, answer["link_id"])
    assert entry.action == "propose" and entry.user_id == world.users["officer_sadar"].id
    assert entry.detail["from"] is None and entry.detail["to"] == "review"
    assert {entry.detail["person_a_id"], entry.detail["person_b_id"]} == {mine, theirs}
    assert isinstance(entry.detail["score"], float) and entry.detail["note"] == "same father's name"
    # Still nothing of the other person for the proposer, and the proposal is not in their queue.
    assert world.client.get(f"/api/v1/persons/{theirs}/dossier", headers=sadar).status_code == 403
    assert world.client.get(f"/api/v1/person-links?person_id={mine}", headers=sadar).json()["total"] == 0
    assert (
        world.client.get(f"/api/v1/person-links?person_id={mine}", headers=world.as_("sp_vaishali")).json()["total"]
        == 0
    )  # the SP of one district is not a reviewer of this pair
    refused = world.client.post(
        f"/api/v1/person-links/{answer['link_id']}/decision", json={"decision": "confirm"}, headers=sadar
    )
    assert refused.status_code == 403
    # A reviewer who reads both sees it, with who proposed it, and decides.
    queue = world.client.get(f"/api/v1/person-links?person_id={mine}", headers=world.as_("investigator")).json()
    [link] = queue["links"]
    assert link["id"] == answer["link_id"] and link["reasons"][0].startswith("proposed by ")
    confirmed = world.client.post(
        f"/api/v1/person-links/{link['id']}/decision", json={"decision": "confirm"}, headers=world.as_("investigator")
    )
    assert confirmed.status_code == 200, confirmed.text
    assert [e.action for e in _link_audits(api_connection, link["id"])] == ["propose", "confirm"]
    # A link confirmed by a reader of both widens what the station officer reads.
    assert world.client.get(f"/api/v1/persons/{theirs}/dossier", headers=sadar).status_code == 200
    again = world.client.post("/api/v1/person-links", json={**body, "propose": True}, headers=sadar)
    assert again.status_code == 409 and "confirmed" in again.json()["message"]


def test_proposing_needs_one_readable_side_and_is_audited_against_the_station_key(
    world: World, api_connection: Connection
) -> None:
    theirs, mine = _patna_person(world), _sadar_person(world)
    body = {"person_a_id": theirs, "person_b_id": mine, "propose": True}
    neither = world.client.post("/api/v1/person-links", json=body, headers=world.as_("officer_town"))
    assert neither.status_code == 403 and "at least one of the two records" in neither.json()["message"]
    assert _pair_links(api_connection, mine, theirs) == []
    by_key = world.client.post("/api/v1/person-links", json=body, headers=world.as_("api_key_sadar"))
    assert by_key.status_code == 202, by_key.text
    [entry] = _link_audits(api_connection, by_key.json()["link_id"])
    assert entry.api_client_id == world.api_client_id and entry.user_id is None
    # A reader of both links directly (201), whatever the score, and it is audited with the score.
    other = _accused_id(
        _register(world, "officer_town", _accused("Ramu Chaudhary", "Dhaniram Chaudhary")), "Ramu Chaudhary"
    )
    linked = world.client.post(
        "/api/v1/person-links", json={"person_a_id": mine, "person_b_id": other}, headers=world.as_("sp_vaishali")
    )
    assert linked.status_code == 201, linked.text
    [entry] = _link_audits(api_connection, linked.json()["id"])
    assert entry.action == "merge" and entry.detail["score"] == linked.json()["score"] < 0


# ----------------------------------------------------------------------------------------------- candidates


def test_candidates_are_only_records_the_caller_may_read_and_never_below_zero(
    world: World, api_connection: Connection
) -> None:
    theirs = _patna_person(world)
    same_phone = _accused("Birju Mahto", "Kailash Mahto", age=41, mobile="9700000041")
    mine = _accused_id(_register(world, "officer_sadar", same_phone), "Birju Mahto")
    family_phone = {"name": "Sushila Devi", "relative_name": "Birju Mahto", "relation_kind": "husband",
                    "gender": "female", "age": 38, "mobile": "9700000041"}  # fmt: skip
    namesake = _accused_id(_register(world, "officer_sadar", family_phone), "Sushila Devi")
    _match(api_connection)
    everyone = world.client.get(f"/api/v1/persons/{mine}/candidates?limit=100", headers=world.as_("investigator"))
    scores = {c["person_id"]: c["score"] for c in everyone.json()}
    with _session_on(api_connection) as session:
        scored = {pair.b if pair.a == mine else pair.a: pair.score for pair in candidates(session, mine, 100)}
    assert scored[namesake] < 0 and namesake not in scores  # his wife, on the family's phone: evidence against
    assert theirs in scores  # HQ and investigators see the other district's record
    sadar = world.client.get(f"/api/v1/persons/{mine}/candidates?limit=100", headers=world.as_("officer_sadar"))
    assert sadar.status_code == 200, sadar.text
    assert theirs not in {c["person_id"] for c in sadar.json()}
    assert "Gali 3" not in sadar.text and "Patna City" not in sadar.text
    assert all(c["score"] >= 0 for c in everyone.json() + sadar.json())


# ------------------------------------------------------------------------ dossier, associates, watch list

PATNA_LABEL = "Kotwali (test)"  # the Patna station's name, as FIR labels show it


def _same_man_in_two_districts(world: World, connection: Connection) -> tuple[dict[str, Any], dict[str, Any]]:
    """Birju named with a co-accused at Hajipur Sadar and with another in Patna: the matcher links the two
    records automatically (same mobile, name and father), which widens nobody's reading."""
    sadar = _register(world, "officer_sadar", _accused("Birju Mahto", "Kailash Mahto", age=40, mobile="9700000041"),
                      _accused("Chhotu Ram", "Mangal Ram"))  # fmt: skip
    _match(connection)
    patna = _register(world, "officer_patna", PATNA_MAN, _accused("Kallu Dom", "Bhikhari Dom"))
    _match(connection)
    return sadar, patna


def test_dossier_shows_only_readable_records_and_counts_the_others(world: World, api_connection: Connection) -> None:
    sadar_fir, patna_fir = _same_man_in_two_districts(world, api_connection)
    mine, theirs = _accused_id(sadar_fir, "Birju Mahto"), _accused_id(patna_fir, "Birju Mahto")
    full = world.client.get(f"/api/v1/persons/{mine}/dossier", headers=world.as_("investigator")).json()
    assert {r["person_id"] for r in full["records"]} == {mine, theirs} and full["outside_jurisdiction"] == 0
    assert full["outside_note"] is None and len(full["links"]) == 1

    answer = world.client.get(f"/api/v1/persons/{mine}/dossier", headers=world.as_("officer_sadar"))
    assert answer.status_code == 200, answer.text
    dossier = answer.json()
    assert [r["person_id"] for r in dossier["records"]] == [mine]
    assert dossier["outside_jurisdiction"] == 1 and "ask HQ" in dossier["outside_note"]
    assert {f["fir_id"] for f in dossier["firs"]} == {sadar_fir["id"]} and dossier["links"] == []
    assert dossier["flags"]["firs_as_accused"] == 1
    for secret in ("Gali 3", "Patna City", PATNA_LABEL, patna_fir["number"] + ")"):
        assert secret not in answer.text
    # The Patna record itself stays closed to the Sadar officer, and the Sadar one to the Patna officer.
    assert world.client.get(f"/api/v1/persons/{theirs}/dossier", headers=world.as_("officer_sadar")).status_code == 403
    assert world.client.get(f"/api/v1/persons/{mine}/dossier", headers=world.as_("officer_patna")).status_code == 403
    with _session_on(api_connection) as session:
        entry = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "read_dossier", AuditEntry.user_id == world.users["officer_sadar"].id)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry is not None and entry.detail == {"linked_records": [mine], "outside_jurisdiction": 1}


def test_associates_walk_only_readable_records(world: World, api_connection: Connection) -> None:
    sadar_fir, _ = _same_man_in_two_districts(world, api_connection)
    mine = _accused_id(sadar_fir, "Birju Mahto")
    url = f"/api/v1/persons/{mine}/associates?depth=2"
    everyone = world.client.get(url, headers=world.as_("investigator")).json()
    assert {n["name"] for n in everyone["nodes"]} == {"Birju Mahto", "Chhotu Ram", "Kallu Dom"}
    assert everyone["outside_jurisdiction"] == 0
    answer = world.client.get(url, headers=world.as_("officer_sadar"))
    assert answer.status_code == 200, answer.text
    network = answer.json()
    assert {n["name"] for n in network["nodes"]} == {"Birju Mahto", "Chhotu Ram"}
    assert [n["record_ids"] for n in network["nodes"] if n["name"] == "Birju Mahto"] == [[mine]]
    assert network["outside_jurisdiction"] == 1 and "ask HQ" in network["outside_note"]
    assert "Kallu" not in answer.text and PATNA_LABEL not in answer.text


def test_watching_a_person_and_alerts_from_outside_the_jurisdiction(world: World, api_connection: Connection) -> None:
    sadar_fir, patna_fir = _same_man_in_two_districts(world, api_connection)
    mine, theirs = _accused_id(sadar_fir, "Birju Mahto"), _accused_id(patna_fir, "Birju Mahto")
    sadar = world.as_("officer_sadar")
    assert world.client.post("/api/v1/watch-list", json={"person_id": theirs}, headers=sadar).status_code == 403
    watched = world.client.post("/api/v1/watch-list", json={"person_id": mine}, headers=sadar)
    assert watched.status_code == 201, watched.text
    again = _register(world, "officer_patna", {**PATNA_MAN, "address": "Mohalla 9, Patna City"})
    _match(api_connection)
    alerts = [n for n in world.client.get("/api/v1/notifications", headers=sadar).json() if n["kind"] == "watch_list"]
    assert len(alerts) == 1, alerts
    [alert] = alerts
    assert alert["person_id"] == mine and alert["fir_id"] is None and "outside your jurisdiction" in alert["message"]
    for secret in ("Patna", PATNA_LABEL, again["number"], "Birju"):
        assert secret not in alert["message"]
    # A watcher who may read the new record is told who and where.
    investigator = world.as_("investigator")
    assert world.client.post("/api/v1/watch-list", json={"person_id": mine}, headers=investigator).is_success
    third = _register(world, "officer_patna", PATNA_MAN)
    _match(api_connection)
    [told] = [
        n for n in world.client.get("/api/v1/notifications", headers=investigator).json() if n["kind"] == "watch_list"
    ]
    assert told["fir_id"] == third["id"] and "Birju Mahto" in told["message"]


def test_a_station_is_told_of_a_linked_record_elsewhere_only_by_pointers(
    world: World, api_connection: Connection
) -> None:
    sadar_fir, patna_fir = _same_man_in_two_districts(world, api_connection)
    sadar_label, patna_label = f"PS FIR {sadar_fir['number']}", f"{PATNA_LABEL} PS FIR {patna_fir['number']}"
    [to_sadar] = world.client.get("/api/v1/notifications", headers=world.as_("officer_sadar")).json()
    assert to_sadar["kind"] == "known_offender" and to_sadar["fir_id"] == patna_fir["id"]
    message = to_sadar["message"]
    assert sadar_label in message and patna_label in message and "outside your jurisdiction" in message
    assert "Birju" not in message  # the name as the other district's FIR gives it is theirs
    [to_patna] = world.client.get("/api/v1/notifications", headers=world.as_("officer_patna")).json()
    assert "Birju Mahto" in to_patna["message"] and "1 earlier FIR" in to_patna["message"]
    assert sadar_label in to_patna["message"]
