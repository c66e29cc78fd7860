"""``cctns network ...``: the nationwide network (issue 25): the peers this node talks to, the feed to the national
node, and the daily reconciliation."""

from __future__ import annotations

from typing import Annotated

import typer

from cctns.cli_support import current_database, writing_session
from exchange.network.peers import PeerError, add_peer, list_peers, new_node_key, remove_peer
from records.audit import Actor
from records.database import session_scope
from records.models import PeerRole

network_app = typer.Typer(help="The nationwide network: peers, the feed, reconciliation.", no_args_is_help=True)
peer_app = typer.Typer(help="The nodes this node talks to.", no_args_is_help=True)
network_app.add_typer(peer_app, name="peer")


@network_app.command("new-key")
def new_key() -> None:
    """Print a fresh node key: set it as CCTNS_NETWORK_NODE_KEY on one node, and register it at its peers."""
    typer.echo(new_node_key())


@peer_app.command("add")
def peer_add(
    code: Annotated[str, typer.Argument(help="The peer's code: a state's two digits (Bihar 10), 00 the national node")],
    url: Annotated[str, typer.Option(help="Where the peer answers: http(s)://host:port")],
    key: Annotated[
        str,
        typer.Option(
            help="The key the peer presents (its CCTNS_NETWORK_NODE_KEY); only its hash is kept.",
            envvar="CCTNS_PEER_KEY",
        ),
    ],
    role: Annotated[PeerRole | None, typer.Option(help="state or national (default: national for code 00)")] = None,
    name: Annotated[str, typer.Option(help="Its name in logs and pages: Bihar, Uttar Pradesh")] = "",
) -> None:
    """Register a peer, or change the URL or key of one already registered."""
    role = role or (PeerRole.NATIONAL if code.strip() == "00" else PeerRole.STATE)
    with writing_session(PeerError) as session:
        peer = add_peer(session, code=code, role=role, name=name, base_url=url, key=key, actor=Actor.command_line())
    typer.echo(f"Peer {peer.code} ({peer.name}, {peer.role.value}) at {peer.base_url}")


@peer_app.command("list")
def peer_list() -> None:
    """The registered peers: code, role, name, URL."""
    with current_database() as database, session_scope(database) as session:
        peers = list_peers(session)
    if not peers:
        typer.echo("No peers: this node stands alone.")
    for peer in peers:
        typer.echo(f"{peer.code}  {peer.role.value:<8}  {peer.name:<20}  {peer.base_url}")


@peer_app.command("remove")
def peer_remove(code: Annotated[str, typer.Argument(help="The peer's code")]) -> None:
    """Forget a peer: its calls are refused from now on."""
    with writing_session(PeerError) as session:
        remove_peer(session, code, actor=Actor.command_line())
    typer.echo(f"Peer {code} removed.")
