"""The foundation's small parts on their own: the network settings refuse an incomplete node with a sentence that
says what is missing; the peer registry keeps only a key's hash, refuses bad codes, URLs and a key two peers would
share, and authenticates a caller by the key it presents; the ``cctns network`` commands."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cctns.cli import app
from exchange.network.peers import (
    NODE_ROLES,
    PeerError,
    PeerNotAuthenticated,
    add_peer,
    authenticate_peer,
    hash_node_key,
    list_peers,
    remove_peer,
)
from records.audit import Actor
from records.errors import ConfigurationError
from records.models import AuditEntry, NetworkPeer, PeerRole
from records.settings import get_settings

KEY = "cctnsnode_a-key-of-a-test-peer-0123456789"
runner = CliRunner()


@pytest.fixture
def on_test_database(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Engine:
    monkeypatch.setenv("CCTNS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    for name in ("CCTNS_NETWORK_ROLE", "CCTNS_NETWORK_STATE_CODE", "CCTNS_NETWORK_NATIONAL_URL"):
        monkeypatch.delenv(name, raising=False)
    return engine


def test_unset_network_settings_leave_the_node_standing_alone() -> None:
    settings = get_settings(network_role="state")
    assert not settings.network_enabled and settings.network_node_code == ""


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"network_role": "national", "network_state_code": "10"}, "national node has no state code"),
        ({"network_national_url": "http://n:1"}, "needs CCTNS_NETWORK_STATE_CODE"),
        ({"network_national_url": "http://n:1", "network_state_code": "10"}, "needs CCTNS_NETWORK_NODE_KEY"),
        ({"network_state_code": "Bihar"}, "two-digit"),
        ({"network_state_code": "00"}, "national node's"),
        ({"network_national_url": "national.example", "network_state_code": "10", "network_node_key": KEY}, "base URL"),
    ],
)
def test_an_incomplete_node_is_refused_with_what_is_missing(given: dict[str, str], said: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        get_settings(**given)
    assert said in str(refused.value)


def test_a_complete_state_and_a_national_node() -> None:
    state = get_settings(network_state_code="10", network_national_url="http://n:1/", network_node_key=KEY)
    assert state.network_enabled and state.network_node_code == "10" and state.network_national_url == "http://n:1"
    national = get_settings(network_role="national", network_state_code="00")
    assert national.network_enabled and national.network_node_code == "00"


def test_the_registry_keeps_a_hash_and_authenticates_by_the_key(db_session: Session) -> None:
    actor = Actor.command_line()
    peer = add_peer(
        db_session,
        code="09",
        role=PeerRole.STATE,
        name="Uttar Pradesh",
        base_url="http://up:8000/",
        key=KEY,
        actor=actor,
    )
    assert peer.base_url == "http://up:8000"
    stored = db_session.scalar(sa.select(NetworkPeer.key_hash).where(NetworkPeer.code == "09"))
    assert stored == hash_node_key(KEY) and KEY not in stored
    assert authenticate_peer(db_session, KEY, roles=NODE_ROLES).code == "09"
    assert authenticate_peer(db_session, KEY, "09", roles=NODE_ROLES).name == "Uttar Pradesh"
    for key, claimed in ((None, None), ("cctnsnode_unknown-key-0123456789abc", None), (KEY, "10")):
        with pytest.raises(PeerNotAuthenticated):
            authenticate_peer(db_session, key, claimed, roles=NODE_ROLES)
    with pytest.raises(PeerError, match="already presents this key"):
        add_peer(db_session, code="10", role="state", name="Bihar", base_url="http://b:1", key=KEY, actor=actor)
    for code, role, url, key in (
        ("10", "national", "http://b:1", KEY + "x"),
        ("1", "state", "http://b:1", KEY + "x"),
        ("10", "state", "b:1", KEY + "x"),
        ("10", "state", "http://b:1", "short"),
    ):
        with pytest.raises(PeerError):
            add_peer(db_session, code=code, role=role, name="", base_url=url, key=key, actor=actor)
    assert [p.code for p in list_peers(db_session)] == ["09"]
    remove_peer(db_session, "09", actor=actor)
    with pytest.raises(PeerNotAuthenticated):
        authenticate_peer(db_session, KEY, roles=NODE_ROLES)
    audited = db_session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.entity_type == "network_peer", AuditEntry.entity_id == "09")
        .order_by(AuditEntry.id)
    ).all()
    assert audited == ["create", "delete"]


def test_the_network_commands(on_test_database: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    added = runner.invoke(app, ["network", "peer", "add", "00", "--url", "http://national:8000", "--key", KEY])
    try:
        assert added.exit_code == 0, added.output
        assert "00 (national node, national)" in added.output
        listed = runner.invoke(app, ["network", "peer", "list"])
        assert "http://national:8000" in listed.output and KEY not in listed.output
        bad = runner.invoke(app, ["network", "peer", "add", "7", "--url", "http://x:1", "--key", KEY + "y"])
        assert bad.exit_code == 2 and "two-digit" in bad.output and "Traceback" not in bad.output
        monkeypatch.setenv("CCTNS_NETWORK_STATE_CODE", "10")
        reconciled = runner.invoke(app, ["network", "reconcile", "--date", "2025-03-10"])
        assert reconciled.exit_code == 0, reconciled.output
        assert "Reconciliation of 2025-03-10, state side, state 10" in reconciled.output
        assert "no national node configured" in reconciled.output
        status = runner.invoke(app, ["network", "feed", "status"])
        assert "queued changes:" in status.output
    finally:
        removed = runner.invoke(app, ["network", "peer", "remove", "00"])
        assert removed.exit_code == 0, removed.output


def test_the_broker_runs_the_feed_only_for_a_node_of_a_network() -> None:
    from workers.celery_app import create_celery_app
    from workers.network_feed import FEED_TASK, HEARTBEAT_TASK

    alone = create_celery_app(get_settings(broker_url="redis://127.0.0.1:6379/0"))
    assert "network-feed" not in alone.conf.beat_schedule
    state = create_celery_app(
        get_settings(
            broker_url="redis://127.0.0.1:6379/0",
            network_state_code="10",
            network_national_url="http://national:8000",
            network_node_key=KEY,
            network_heartbeat_seconds=60,
        )
    )
    schedule = state.conf.beat_schedule
    assert schedule["network-feed"]["task"] == FEED_TASK and schedule["network-heartbeat"]["schedule"] == 60
    assert {FEED_TASK, HEARTBEAT_TASK} <= set(state.tasks)
