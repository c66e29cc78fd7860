"""Courts and prisons are peers like the nodes: one registry (``network_peer``), one key check
(``authenticate_peer``), one command (``cctns network peer add --kind court|prison``). A peer's key opens only the
routes of its role: a court's key not the node routes, a node's key not the court's route. Migration 0019 moves the
courts and prisons of ``icjs_peer`` over, keys unchanged, and its downgrade moves them back."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cctns.cli import app
from exchange.network.peers import (
    NODE_KEY_HEADER,
    NODE_ROLES,
    PeerError,
    PeerNotAuthenticated,
    add_peer,
    authenticate_peer,
    hash_node_key,
    list_peers,
    peer_by_code,
    remove_peer,
)
from records.audit import Actor
from records.migrate import alembic_config, upgrade_schema
from records.models import NetworkPeer, PeerRole
from tests.network.nodes import Network
from tests.network.test_settings_and_peers import on_test_database  # noqa: F401 (fixture)
from tests.records.test_migrations import scratch_engine  # noqa: F401 (fixture)

COURT_KEY = "court-brvs01-key-for-one-registry-0123456789"
PRISON_KEY = "prison-beur-key-for-one-registry-0123456789"
STATE_KEY = "cctnsnode_uttar-pradesh-key-0123456789abcdef"
COURT_ROUTE = "/api/v1/network/icjs/court-events"
PRISON_ROUTE = "/api/v1/network/icjs/prison-events"
runner = CliRunner()


def _register(session: Session) -> None:
    actor = Actor.command_line()
    add_peer(session, code="brvs01", role="court", name="CJM Vaishali", base_url="http://court:1/", key=COURT_KEY,
             actor=actor)  # fmt: skip
    add_peer(session, code="10-BEUR_PATNA", role="prison", name="Beur Jail", base_url=None, key=PRISON_KEY,
             actor=actor)  # fmt: skip
    add_peer(session, code="09", role="state", name="Uttar Pradesh", base_url="http://up:1", key=STATE_KEY,
             actor=actor)  # fmt: skip


def test_courts_and_prisons_register_with_their_own_code_forms(db_session: Session) -> None:
    _register(db_session)
    court = peer_by_code(db_session, "BRVS01", (PeerRole.COURT,))
    assert court is not None and court.base_url == "http://court:1" and not court.is_node
    assert peer_by_code(db_session, "BRVS01") is None  # not a node: node lookups never find a court
    assert [p.code for p in list_peers(db_session, (PeerRole.PRISON,))] == ["10-BEUR_PATNA"]
    assert [p.code for p in list_peers(db_session, NODE_ROLES)] == ["09"]
    assert court.actor("10.0.0.5").via == "court BRVS01 (CJM Vaishali)"
    actor = Actor.command_line()
    for code, role, url, name, why in (
        ("BR01", "court", "http://c:1", "A court", "eCourts establishment code"),
        ("BRVS02", "court", None, "A court", "needs its base URL"),
        ("BEUR", "prison", None, "A jail", "state code-prison code"),
        ("10-BEUR2", "prison", None, "", "name"),
        ("BRVS02", "tribunal", "http://c:1", "A court", "kind: one of"),
        ("10-BEUR2", "state", "http://c:1", "x", "two-digit"),
    ):
        with pytest.raises(PeerError, match=why):
            add_peer(db_session, code=code, role=role, name=name, base_url=url, key=COURT_KEY + "x", actor=actor)
    with pytest.raises(PeerError, match="already presents this key"):
        add_peer(db_session, code="BRVS02", role="court", name="x", base_url="http://c:1", key=STATE_KEY, actor=actor)
    remove_peer(db_session, "brvs01", actor=actor)
    assert peer_by_code(db_session, "BRVS01", (PeerRole.COURT,)) is None


def test_a_key_opens_only_the_routes_of_its_role(db_session: Session) -> None:
    _register(db_session)
    court, prison = frozenset({PeerRole.COURT}), frozenset({PeerRole.PRISON})
    assert authenticate_peer(db_session, COURT_KEY, roles=court).code == "BRVS01"
    assert authenticate_peer(db_session, PRISON_KEY, roles=prison).code == "10-BEUR_PATNA"
    assert authenticate_peer(db_session, STATE_KEY, "09", roles=NODE_ROLES).code == "09"
    for key, roles, why in (
        (COURT_KEY, NODE_ROLES, "court BRVS01's key does not open a node's routes"),
        (STATE_KEY, court, "state 09's key does not open a court's routes"),
        (PRISON_KEY, court, "prison 10-BEUR_PATNA's key does not open a court's routes"),
        (COURT_KEY, prison, "court BRVS01's key does not open a prison's routes"),
    ):
        with pytest.raises(PeerNotAuthenticated, match=why):
            authenticate_peer(db_session, key, roles=roles)


def test_over_http_a_court_cannot_call_a_node_route_and_a_node_cannot_post_court_events(network: Network) -> None:
    bihar, up = network.bihar, network.up
    with bihar.session() as session, session.begin():
        add_peer(session, code="BRVS01", role="court", name="CJM Vaishali", base_url="http://127.0.0.1:9",
                 key=COURT_KEY, actor=Actor.command_line())  # fmt: skip
    try:
        with httpx.Client(base_url=bihar.base_url, timeout=30) as client:
            as_court = client.get("/api/v1/network/hello", headers={NODE_KEY_HEADER: COURT_KEY})
            assert as_court.status_code == 401 and "does not open a node's routes" in as_court.text
            as_node = client.get("/api/v1/network/hello", headers={NODE_KEY_HEADER: up.node_key})
            assert as_node.status_code == 200 and as_node.json()["peer"] == up.code
            node_event = client.post(COURT_ROUTE, json={}, headers={NODE_KEY_HEADER: up.node_key})
            assert node_event.status_code == 401 and "does not open a court's routes" in node_event.text
            court_as_prison = client.post(PRISON_ROUTE, json={}, headers={NODE_KEY_HEADER: COURT_KEY})
            assert court_as_prison.status_code == 401
            court_event = client.post(COURT_ROUTE, json={}, headers={NODE_KEY_HEADER: COURT_KEY})
            assert court_event.status_code == 422, court_event.text  # let in, and told what its event lacks
    finally:
        with bihar.session() as session, session.begin():
            remove_peer(session, "BRVS01", actor=Actor.command_line())


def test_the_peer_commands_take_courts_and_prisons(on_test_database: Engine) -> None:  # noqa: F811
    court = ["network", "peer", "add", "BRVS01", "--kind", "court", "--name", "CJM Vaishali"]
    added = runner.invoke(app, [*court, "--url", "http://court:8000", "--key", COURT_KEY])
    prison = ["network", "peer", "add", "10-BEUR_PATNA", "--kind", "prison", "--name", "Beur Jail"]
    jailed = runner.invoke(app, [*prison, "--key", PRISON_KEY])
    try:
        assert added.exit_code == 0, added.output
        assert "BRVS01 (CJM Vaishali, court) at http://court:8000" in added.output
        assert jailed.exit_code == 0 and "10-BEUR_PATNA (Beur Jail, prison)" in jailed.output, jailed.output
        courts = runner.invoke(app, ["network", "peer", "list", "--kind", "court"])
        assert "BRVS01" in courts.output and "10-BEUR_PATNA" not in courts.output and COURT_KEY not in courts.output
        no_url = runner.invoke(app, ["network", "peer", "add", "BRVS02", "--kind", "court", "--name", "x", "--key",
                                     COURT_KEY + "y"])  # fmt: skip
        assert no_url.exit_code == 2 and "needs its base URL" in no_url.output and "Traceback" not in no_url.output
        assert runner.invoke(app, ["icjs", "list"]).exit_code != 0  # the old command group is gone
    finally:
        for code in ("BRVS01", "10-BEUR_PATNA"):
            runner.invoke(app, ["network", "peer", "remove", code])


def test_migration_0019_moves_courts_and_prisons_and_back(scratch_engine: Engine) -> None:  # noqa: F811
    with scratch_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0018")
        connection.execute(
            sa.text(
                "INSERT INTO network_peer (code, role, name, base_url, key_hash) "
                "VALUES ('00', 'national', 'national node', 'http://n:1', :node)"
            ),
            {"node": hash_node_key(STATE_KEY)},
        )
        connection.execute(
            sa.text(
                "INSERT INTO icjs_peer (code, kind, name, base_url, key_hash) VALUES "
                "('BRVS01', 'court', 'CJM Vaishali', 'http://court:1', :court), "
                "('10-BEUR_PATNA', 'prison', 'Beur Jail', NULL, :prison)"
            ),
            {"court": hash_node_key(COURT_KEY), "prison": hash_node_key(PRISON_KEY)},
        )
    upgrade_schema(scratch_engine)
    assert "icjs_peer" not in sa.inspect(scratch_engine).get_table_names()
    with Session(scratch_engine) as session:
        moved = {row.code: (row.role, row.base_url) for row in session.scalars(sa.select(NetworkPeer))}
        assert moved == {
            "00": (PeerRole.NATIONAL, "http://n:1"),
            "BRVS01": (PeerRole.COURT, "http://court:1"),
            "10-BEUR_PATNA": (PeerRole.PRISON, None),
        }
        assert authenticate_peer(session, COURT_KEY, roles={PeerRole.COURT}).name == "CJM Vaishali"
    with scratch_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0018")
        back = connection.execute(sa.text("SELECT code, kind FROM icjs_peer ORDER BY code")).all()
        nodes = connection.execute(sa.text("SELECT code, role::text FROM network_peer")).all()
    assert [tuple(row) for row in back] == [("10-BEUR_PATNA", "prison"), ("BRVS01", "court")]
    assert [tuple(row) for row in nodes] == [("00", "national")]
