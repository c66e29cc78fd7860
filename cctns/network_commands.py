"""``cctns network ...``: the nationwide network (issue 25): the peers this node talks to (state nodes, the national
node, courts and prisons: one registry), the feed to the national node, and the daily reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer

from cctns.cli_support import current_database, fail, writing_session
from exchange.network.peers import PeerError, add_peer, list_peers, new_node_key, remove_peer
from records.audit import Actor
from records.database import session_scope
from records.models import PeerRole
from records.settings import get_settings

network_app = typer.Typer(help="The nationwide network: peers, the feed, reconciliation.", no_args_is_help=True)
peer_app = typer.Typer(help="The nodes this node talks to.", no_args_is_help=True)
network_app.add_typer(peer_app, name="peer")


@network_app.command("new-key")
def new_key() -> None:
    """Print a fresh key: set it as CCTNS_NETWORK_NODE_KEY on a node, or give it to a court or prison; register it
    at the peers it calls."""
    typer.echo(new_node_key())


@peer_app.command("add")
def peer_add(
    code: Annotated[
        str,
        typer.Argument(
            help="The peer's code: a state's two digits (Bihar 10), 00 the national node, a court's eCourts "
            "establishment code (BRVS01), a prison's state code and own code (10-BEUR_PATNA)"
        ),
    ],
    key: Annotated[
        str,
        typer.Option(
            help="The key the peer presents (a node's CCTNS_NETWORK_NODE_KEY); only its hash is kept.",
            envvar="CCTNS_PEER_KEY",
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(help="Where the peer answers, http(s)://host:port (a court: its offers; a prison: none)"),
    ] = None,
    kind: Annotated[
        PeerRole | None,
        typer.Option(
            "--kind", "--role", help="state, national, court or prison (default: national for 00, else state)"
        ),
    ] = None,
    name: Annotated[str, typer.Option(help="Its name in logs and pages: Bihar, a court's or prison's name")] = "",
) -> None:
    """Register a peer (a node, a court, a prison), or change the name, URL or key of one already registered."""
    kind = kind or (PeerRole.NATIONAL if code.strip() == "00" else PeerRole.STATE)
    with writing_session(PeerError) as session:
        peer = add_peer(session, code=code, role=kind, name=name, base_url=url, key=key, actor=Actor.command_line())
    where = f" at {peer.base_url}" if peer.base_url else ""
    typer.echo(f"Peer {peer.code} ({peer.name}, {peer.role.value}){where}")


@peer_app.command("list")
def peer_list(
    kind: Annotated[PeerRole | None, typer.Option("--kind", help="Only peers of this kind")] = None,
) -> None:
    """The registered peers: code, kind, name, URL."""
    with current_database() as database, session_scope(database) as session:
        peers = list_peers(session, None if kind is None else (kind,))
    if not peers:
        typer.echo("No peers: this node stands alone." if kind is None else f"No {kind.value} is registered.")
    for peer in peers:
        typer.echo(f"{peer.code:<14}  {peer.role.value:<8}  {peer.name:<24}  {peer.base_url or ''}".rstrip())


@peer_app.command("remove")
def peer_remove(code: Annotated[str, typer.Argument(help="The peer's code")]) -> None:
    """Forget a peer: its calls are refused from now on, and nothing more is sent to it."""
    with writing_session(PeerError) as session:
        remove_peer(session, code, actor=Actor.command_line())
    typer.echo(f"Peer {code} removed.")


feed_app = typer.Typer(help="The feed from this state to the national node.", no_args_is_help=True)
network_app.add_typer(feed_app, name="feed")


@feed_app.command("status")
def feed_status_command() -> None:
    """How the feed stands: changes queued, the message waiting for its acknowledgement, held and rejected FIRs."""
    from exchange.network.reports import feed_status

    with current_database() as database, session_scope(database) as session:
        status = feed_status(session)
    typer.echo(f"queued changes: {status.queued}")
    typer.echo(f"last acknowledged message: {status.last_acknowledged or 'none'}")
    if status.waiting_message:
        typer.echo(f"waiting: message {status.waiting_message} ({status.attempts} attempts)")
        if status.last_error:
            typer.echo(f"  last error: {status.last_error}")
    typer.echo(f"held back by the quality gate: {status.held}; rejected by the national node: {status.rejected}")


@feed_app.command("backfill")
def feed_backfill() -> None:
    """Queue every FIR of this state (a node joining the network; FIRs written with the side effects off)."""
    from exchange.network.feed import backfill

    settings = get_settings()
    if not settings.network_state_code:
        raise fail("CCTNS_NETWORK_STATE_CODE is not set: this node is not a state of a network.")
    with writing_session() as session:
        queued = backfill(session, settings.network_state_code)
    typer.echo(f"{queued} FIRs queued for the national node.")


@feed_app.command("send")
def feed_send() -> None:
    """Send everything waiting now (the server's background work does this on its own)."""
    from exchange.network.client import PeerCallFailed
    from exchange.network.node import feeds_national, run_feed

    settings = get_settings()
    if not feeds_national(settings):
        raise fail("This node feeds no national node (set CCTNS_NETWORK_STATE_CODE and CCTNS_NETWORK_NATIONAL_URL).")
    with current_database() as database:
        try:
            report = run_feed(database.engine, settings)
        except PeerCallFailed as error:
            raise fail(f"Not sent, kept for the next try: {error}", code=1) from None
    typer.echo(
        f"prepared {report.prepared} records, held back {report.held}; accepted {report.accepted}, "
        f"rejected {report.rejected}, already held {report.ignored}"
    )


@network_app.command("reconcile")
def reconcile_command(
    day: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="The day to reconcile (IST); default yesterday."),
    ] = None,
) -> None:
    """Make and store the daily reconciliation: per station, FIRs sent against held nationally, gaps in FIR
    numbering, rejected records with reasons."""
    from exchange.network.heartbeats import ist_day
    from exchange.network.node import reconcile

    settings = get_settings()
    if not settings.network_enabled and not settings.network_state_code:
        raise fail("This node is not part of a network (no CCTNS_NETWORK_... settings).")
    wanted = day.date() if day else ist_day(datetime.now(UTC)) - timedelta(days=1)
    with current_database() as database:
        reports = reconcile(database.engine, settings, wanted)
    for report in reports:
        _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    typer.echo(f"Reconciliation of {report['day']}, {report['side']} side, state {report['state']}")
    if report.get("national_unavailable"):
        typer.echo(f"  (national node's view not had: {report['national_unavailable']})")
    typer.echo("  totals: " + ", ".join(f"{name} {value}" for name, value in report["totals"].items()))
    for code, station in report["stations"].items():
        counts = {
            name: (len(value) if isinstance(value, list) else value)
            for name, value in station.items()
            if name
            in (
                "registered",
                "accepted",
                "held",
                "rejected",
                "on_the_way",
                "held_nationally",
                "reported_registered",
                "not_at_national",
                "gaps",
                "national_gaps",
            )
        }
        typer.echo(f"  {code:<32} " + " ".join(f"{name}={value}" for name, value in counts.items()))
        for item in station.get("held", []) + station.get("rejected", []):
            reasons = item.get("reasons") or item.get("problems") or []
            which = item.get("serial", item.get("fir_key"))
            for reason in reasons:
                typer.echo(f"      FIR {which}: {reason.get('reason_en') or reason.get('reason')}")
