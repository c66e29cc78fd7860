"""``cctns sms list``: the SMS the system sent or will send (with the development backend, the only place they
go), and the in-process SMS sender that ``cctns serve`` starts when no broker is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import sqlalchemy as sa
import typer

from records.settings import Settings

if TYPE_CHECKING:
    from records.database import Database
    from workers.sms.in_process import InProcessSmsSender

sms_app = typer.Typer(help="SMS to complainants (development backend: kept in a table).", no_args_is_help=True)


def start_sms_sender(database: Database, settings: Settings, shown_host: str, port: int) -> InProcessSmsSender | None:
    """Print the portal's address; without a broker, start sending SMS from this process."""
    from cctns.cli import console
    from workers.sms.gateway import gateway_from_settings
    from workers.sms.in_process import InProcessSmsSender

    console.print(
        f"  citizen portal: http://{shown_host}:{port}/portal/   complaints review: "
        f"http://{shown_host}:{port}/staff/complaints"
    )
    where = (
        "kept in the sms_message table (`cctns sms list`)"
        if settings.sms_backend == "development"
        else (f"sent through {settings.sms_gateway_url}")
    )
    if settings.broker_url:
        console.print(f"  SMS are sent by `cctns worker` and {where}")
        return None
    sender = InProcessSmsSender(
        database.engine, gateway_from_settings(settings), max_attempts=settings.sms_max_attempts
    )
    sender.start()
    console.print(f"  SMS are {where}")
    return sender


@sms_app.command("list")
def sms_list(
    to: Annotated[str | None, typer.Option(help="Only messages to this mobile number (10 digits).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 20,
) -> None:
    """Show the newest SMS: when (India Standard Time), to whom, status, attempts and text."""
    from cctns.cli import opened_database, require_current_schema
    from records.models import SmsMessage

    with opened_database() as database:
        require_current_schema(database)
        with database.engine.connect() as connection:
            query = sa.select(SmsMessage).order_by(SmsMessage.id.desc()).limit(limit)
            if to:
                query = query.where(SmsMessage.to_number == to.strip()[-10:])
            rows = connection.execute(query).all()
    if not rows:
        typer.echo("No SMS yet.")
        return
    from records.display import ist

    for row in rows:
        typer.echo(
            f"{ist(row.created_at, seconds=True)}  to {row.to_number}  {row.status.value:<9} "
            f"attempts {row.attempts}  [{row.kind}, {row.language}]\n    {row.body}"
        )
