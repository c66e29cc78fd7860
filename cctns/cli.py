"""The ``cctns`` command line: the root of a tree of commands, each group in its own module.

Every command reads settings from ``CCTNS_`` environment variables (see ``records/settings.py``). With no
``CCTNS_DATABASE_URL`` the commands start the embedded PostgreSQL in the data directory and stop it on exit.
What the commands share (the console, opening the database, progress bars) is ``cctns.cli_support``; no
command module imports this one.
"""

from __future__ import annotations

import typer

from cctns.db_commands import db_app, stations_app
from cctns.generate_commands import generate
from cctns.import_commands import import_command
from cctns.index_commands import index_app, worker
from cctns.network_commands import network_app
from cctns.person_commands import persons_app
from cctns.rollup_commands import ncrb_app, rollups_app
from cctns.serve_commands import demo, serve
from cctns.sms_commands import sms_app
from cctns.user_commands import api_client_app, user_app

app = typer.Typer(
    help="CCTNS Bihar: FIRs and criminal records, searchable across every police station.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Single commands, then the groups, in the order `cctns --help` lists them.
app.command("worker")(worker)
app.command("import")(import_command)
app.command("generate")(generate)
app.command("serve")(serve)
app.command("demo")(demo)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(stations_app, name="stations")
app.add_typer(api_client_app, name="api-client")
app.add_typer(index_app, name="index")
app.add_typer(sms_app, name="sms")
app.add_typer(persons_app, name="persons")
app.add_typer(rollups_app, name="rollups")
app.add_typer(ncrb_app, name="ncrb")
app.add_typer(network_app, name="network")

if __name__ == "__main__":
    app()
