"""``cctns sms list``: the SMS the system sent or will send (with the development backend, the only place they
go)."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
import typer

from cctns.cli_support import current_database
from records.display import ist
from records.models import SmsMessage

sms_app = typer.Typer(help="SMS to complainants (development backend: kept in a table).", no_args_is_help=True)


@sms_app.command("list")
def sms_list(
    to: Annotated[str | None, typer.Option(help="Only messages to this mobile number (10 digits).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 20,
) -> None:
    """Show the newest SMS: when (India Standard Time), to whom, status, attempts and text."""
    with current_database() as database, database.engine.connect() as connection:
        query = sa.select(SmsMessage).order_by(SmsMessage.id.desc()).limit(limit)
        if to:
            query = query.where(SmsMessage.to_number == to.strip()[-10:])
        rows = connection.execute(query).all()
    if not rows:
        typer.echo("No SMS yet.")
        return
    for row in rows:
        typer.echo(
            f"{ist(row.created_at, seconds=True)}  to {row.to_number}  {row.status.value:<9} "
            f"attempts {row.attempts}  [{row.kind}, {row.language}]\n    {row.body}"
        )
