"""The harness itself, and the foundation the network's parts share: three real nodes answer, each knows the others
by the key they present (node-to-node authentication through the peer registry), a node's staff token or a
station's API key opens no node-to-node route, and a cut link makes a call fail with PeerUnreachable until it is
restored."""

from __future__ import annotations

import httpx
import pytest

from exchange.network.client import PeerClient, PeerRefused, PeerUnreachable
from exchange.network.peers import NODE_KEY_HEADER
from tests.network.nodes import BIHAR, NATIONAL, UP, Network


def _client(network: Network, caller: str, callee: str, key: str | None = None) -> PeerClient:
    return PeerClient(
        callee,
        network.links[(caller, callee)].url,
        own_code=caller,
        node_key=key or network.nodes[caller].node_key,
        timeout=5,
    )


@pytest.mark.parametrize(("caller", "callee"), [(BIHAR, NATIONAL), (NATIONAL, BIHAR), (UP, BIHAR), (NATIONAL, UP)])
def test_every_node_knows_its_peers_by_their_keys(network: Network, caller: str, callee: str) -> None:
    with _client(network, caller, callee) as client:
        hello = client.get_json("/api/v1/network/hello")
    assert hello["node"] == callee
    assert hello["peer"] == caller
    assert hello["peer_name"] == network.nodes[caller].name


def test_a_key_no_peer_presents_is_refused_with_the_reason(network: Network) -> None:
    client = _client(network, BIHAR, NATIONAL, key="cctnsnode_not-a-registered-key-at-all")
    with client, pytest.raises(PeerRefused) as refused:
        client.get_json("/api/v1/network/hello")
    assert refused.value.status == 401
    assert NODE_KEY_HEADER in refused.value.reason


def test_a_node_claiming_another_code_is_refused(network: Network) -> None:
    client = PeerClient(NATIONAL, network.national.base_url, own_code=UP, node_key=network.bihar.node_key)
    with client, pytest.raises(PeerRefused) as refused:
        client.get_json("/api/v1/network/hello")
    assert refused.value.status == 401 and "10" in refused.value.reason


def test_staff_tokens_and_station_keys_open_no_node_route(network: Network) -> None:
    for headers in (network.national.headers("hq"), network.bihar.api_key_headers, {}):
        answer = httpx.get(f"{network.bihar.base_url}/api/v1/network/hello", headers=headers, timeout=10)
        assert answer.status_code == 401, answer.text


def test_a_cut_link_is_unreachable_until_restored(network: Network) -> None:
    with _client(network, BIHAR, NATIONAL) as client:
        assert client.get_json("/api/v1/network/hello")["node"] == NATIONAL  # an open keep-alive connection
        with network.link_cut(BIHAR):
            with pytest.raises(PeerUnreachable):
                client.get_json("/api/v1/network/hello")
            with _client(network, NATIONAL, BIHAR) as back, pytest.raises(PeerUnreachable):
                back.get_json("/api/v1/network/hello")
            with _client(network, UP, NATIONAL) as other:  # only Bihar's line is down
                assert other.get_json("/api/v1/network/hello")["peer"] == UP
        assert client.get_json("/api/v1/network/hello")["node"] == NATIONAL


def test_each_node_has_its_officers(network: Network) -> None:
    for node in (network.bihar, network.up):
        me = httpx.get(f"{node.base_url}/api/v1/auth/me", headers=node.headers("station"), timeout=10)
        assert me.status_code == 200, me.text
    fir = network.up.register_fir()
    assert fir["station"] == "LUCKNOW-HAZRATGANJ"
