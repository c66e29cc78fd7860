"""The network's parts of the staff pages appear only on a node of a network: the search page's "Other states"
part (the federated search) only where ``settings.network_enabled``, and the menu's entry for the asking officer's
page ``/staff/network`` only on a state of a network, by the role's rule (``Jurisdiction.network_search_refusal``).
A 409 of a cross-state call is shown in the officer's language (``os_no_network``), not the server's English."""

from __future__ import annotations

import re

import pytest

from portal.staff_script_words import SEARCH_WORDS
from records.settings import get_settings
from tests.portal.staff_support import log_in
from tests.search_api.fir_api_support import World

pytest_plugins = ["tests.search_api.fir_api_support"]
IN_A_NETWORK = {
    "network_state_code": "10",
    "network_national_url": "http://127.0.0.1:9",
    "network_node_key": "cctnsnode_test-key-0123456789abcdef",
}


def _network(world: World, on: bool) -> None:
    world.client.app.state.settings = get_settings(**(IN_A_NETWORK if on else {}))  # type: ignore[attr-defined]


@pytest.mark.parametrize("on", [False, True])
def test_other_states_only_on_a_node_of_a_network(world: World, on: bool) -> None:
    _network(world, on)
    log_in(world, "investigator")
    page = world.client.get("/staff/search?lang=hi")
    assert page.status_code == 200
    assert ('id="other-states"' in page.text) is on
    assert ('<form id="os-form">' in page.text) is on
    assert "<!--other-states-->" not in page.text or on  # the marks go with the part


def test_a_409_is_said_in_the_officers_language(world: World) -> None:
    _network(world, True)
    log_in(world, "investigator")
    page = world.client.get("/staff/search?lang=hi")
    assert SEARCH_WORDS["os_no_network"][1] in page.text  # the page's words carry the Hindi sentence
    assert "error.status === 409" in page.text and 't("os_no_network")' in page.text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token is not None
    answer = world.client.post(
        "/api/v1/network/search",
        json={
            "kind": "person",
            "name": "Ram",
            "purpose": "investigation",
            "reason": "a test of the 409 words",
            "case_reference": "T 1/2026",
        },
        headers={"X-CSRF-Token": token.group(1)},
    )
    assert answer.status_code == 409  # no national node registered here: the case the page words


@pytest.mark.parametrize(
    ("who", "on", "shown"),
    [
        ("investigator", True, True),
        ("officer_sadar", True, True),
        ("investigator", False, False),
        ("admin", True, False),
    ],
)
def test_the_menu_offers_the_network_page_by_role(world: World, who: str, on: bool, shown: bool) -> None:
    _network(world, on)
    log_in(world, who)
    home = world.client.get("/?lang=en")
    tiles = set(re.findall(r'<a class="card" href="([^"]+)"', home.text))
    assert ("/staff/network" in tiles) is shown, tiles
    menu = re.search(r"<nav.*?</nav>", home.text, re.DOTALL)
    assert menu is not None and ('href="/staff/network"' in menu.group(0)) is shown
