"""Text fields of the API lose control and bidirectional-override characters (U+202E would show a name
backwards in every list): names of parties, users' full names, notes."""

from __future__ import annotations

from tests.search_api.fir_api_support import SADAR, World, fir_body

pytest_plugins = ["tests.search_api.fir_api_support"]
RLO, PDF = "\u202e", "\u202c"


def test_a_registered_name_with_a_bidi_override_is_stored_without_it(world: World) -> None:
    body = fir_body(
        accused=[{"name": f"{RLO}Anil Yadav{PDF}", "relative_name": "Suresh\x1b Yadav", "age": 30, "gender": "male"}]
    )
    fir = world.register(body=body).json()
    accused = fir["accused"][0]
    assert accused["name"] == "Anil Yadav" and accused["relative_name"] == "Suresh Yadav"
    only_override = world.client.post(
        "/api/v1/firs", json=fir_body(accused=[{"name": RLO + PDF}]), headers=world.as_("officer_sadar")
    )
    assert only_override.status_code == 422
    assert only_override.json()["detail"][0]["field"] == "accused.0.name"


def test_a_users_full_name_is_cleaned(world: World) -> None:
    body = {
        "username": "sho.bidi",
        "full_name": f"SI {RLO}Kumar",
        "role": "station_officer",
        "password": "a long password",
        "station": SADAR,
    }
    created = world.client.post("/api/v1/admin/users", json=body, headers=world.as_("admin"))
    assert created.status_code == 201, created.text
    assert created.json()["full_name"] == "SI Kumar"
