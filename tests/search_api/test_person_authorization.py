"""Issue 17, the person doors: a person is reached only through an FIR the caller may read or a link a reader of
both records confirmed (``records.access``). Attaching an existing person to an FIR, linking two records, the
candidates, the dossier, the associates and the watch list all keep to that rule; a caller who reads only one
side of a pair may propose it for review, and sees nothing of the other side."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from records.models import Fir, PersonAlias
from tests.search_api.fir_api_support import World, _session_on, fir_body
from tests.search_api.test_complaint_api import complaint
from tests.search_api.test_person_tracking_api import _accused, _accused_id, _register

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
