"""``cctns icjs ...``: the courts and prisons this node talks to (issue 25, ICJS): register one with the key it
presents, list them, remove one."""

from __future__ import annotations

from typing import Annotated

import typer

from cctns.cli_support import current_database, writing_session
from exchange.icjs.peers import IcjsPeerError, add_partner, new_key, partners, remove_partner
from records.audit import Actor
from records.database import session_scope

icjs_app = typer.Typer(help="Courts and prisons (ICJS): who may send events, where offers go.", no_args_is_help=True)


@icjs_app.command("new-key")
def make_key() -> None:
    """Print a fresh key to give a court or prison (register it here with ``cctns icjs add --key``)."""
    typer.echo(new_key())


@icjs_app.command("add")
def add(
    code: Annotated[
        str, typer.Argument(help="A court's eCourts establishment code (BRVS01), a prison's 10-BEUR_PATNA")
    ],
    kind: Annotated[str, typer.Option(help="court or prison")],
    name: Annotated[str, typer.Option(help="Its name, as stations will read it")],
    key: Annotated[str, typer.Option(help="The key it presents; only its hash is kept", envvar="CCTNS_ICJS_KEY")],
    url: Annotated[str | None, typer.Option(help="A court: where it takes offers, http(s)://host:port")] = None,
) -> None:
    """Register a court or prison, or change the name, URL or key of one already registered."""
    with writing_session(IcjsPeerError) as session:
        found = add_partner(session, code=code, kind=kind, name=name, key=key, base_url=url, actor=Actor.command_line())
    typer.echo(
        f"{found.kind.title()} {found.code} ({found.name})" + (f" at {found.base_url}" if found.base_url else "")
    )


@icjs_app.command("list")
def show() -> None:
    """The registered courts and prisons."""
    with current_database() as database, session_scope(database) as session:
        found = partners(session)
    if not found:
        typer.echo("No court or prison is registered.")
    for one in found:
        typer.echo(f"{one.kind:<6}  {one.code:<18}  {one.name}  {one.base_url or ''}".rstrip())


@icjs_app.command("remove")
def remove(code: Annotated[str, typer.Argument(help="Its code")]) -> None:
    """Forget a court or prison: its events are refused from now on, and no offer goes to it."""
    with writing_session(IcjsPeerError) as session:
        remove_partner(session, code, actor=Actor.command_line())
    typer.echo(f"{code} removed.")
