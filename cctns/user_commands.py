"""``cctns user ...`` (staff accounts) and ``cctns api-client ...`` (API keys of stations' own systems)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import Annotated

import sqlalchemy as sa
import typer
from sqlalchemy.orm import Session

from cases.normalise import clean_text
from cctns.cli_support import console, fail, writing_session
from records.api_keys import issue_api_key, revoke_api_key
from records.audit import Actor
from records.models import ApiClient, Role, User
from records.users import UserInputError, create_user, deactivate

user_app = typer.Typer(help="Users of the system.", no_args_is_help=True)
api_client_app = typer.Typer(help="API keys of stations' own systems.", no_args_is_help=True)

NewPasswordOption = Annotated[
    str | None,
    typer.Option(
        help="Password; asked for when omitted (or set CCTNS_NEW_USER_PASSWORD).", envvar="CCTNS_NEW_USER_PASSWORD"
    ),
]


def _new_password(password: str | None) -> str:
    """The password given, or asked for twice on a terminal."""
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise fail("No password given; pass --password or set CCTNS_NEW_USER_PASSWORD.")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise fail("The two passwords differ; run the command again.")
    return password


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . _ -")],
    role: Annotated[Role, typer.Option(help="What the user may do.")],
    full_name: Annotated[str, typer.Option(help="Name and rank as shown in the audit log.")] = "",
    station: Annotated[str | None, typer.Option(help="Station code (station officers).")] = None,
    district: Annotated[str | None, typer.Option(help="District code (district SPs).")] = None,
    password: NewPasswordOption = None,
) -> None:
    """Create a user with a role and, for station officers and district SPs, their jurisdiction."""
    password = _new_password(password)
    with writing_session(UserInputError) as session:
        user = create_user(
            session,
            username=username,
            full_name=clean_text(full_name),
            role=role,
            password=password,
            station_code=station,
            district_code=district,
            actor=Actor.command_line(),
        )
        summary = f"Created user {user.username!r} ({user.role.value}, id {user.id})."
    typer.echo(summary)


def _user_named(session: Session, username: str) -> User:
    user = session.scalar(sa.select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise fail(f"No user is named {username!r}; GET /api/v1/admin/users lists them.")
    return user


def _change_user(username: str, change: Callable[[Session, User], object], *refused: type[Exception]) -> str:
    """Apply ``change`` to the user named ``username`` in one committed transaction; their login name."""
    with writing_session(*refused) as session:
        user = _user_named(session, username)
        change(session, user)
        return user.username


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="The locked user's login name.")]) -> None:
    """Release an account locked after wrong passwords, and clear its failed logins."""
    from search_api.logins import unlock  # deferred: it hashes a password when imported; keeps `cctns --help` quick

    name = _change_user(username, lambda session, user: unlock(session, user, actor=Actor.command_line()))
    typer.echo(f"Unlocked user {name!r}.")


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="The user's login name.")], password: NewPasswordOption = None
) -> None:
    """Give a user a new password (their failed logins and lock are cleared too)."""
    from search_api.logins import reset_password  # deferred: it hashes a password when imported (see user_unlock)

    new_password = _new_password(password)

    def change(session: Session, user: User) -> None:
        reset_password(session, user, new_password, actor=Actor.command_line())

    name = _change_user(username, change, UserInputError)
    typer.echo(f"New password set for {name!r}.")


@user_app.command("deactivate")
def user_deactivate(username: Annotated[str, typer.Argument(help="The user's login name.")]) -> None:
    """Disable a user: their tokens stop working at once and they cannot log in."""
    name = _change_user(username, lambda session, user: deactivate(session, user, actor=Actor.command_line()))
    typer.echo(f"Deactivated user {name!r}.")


@api_client_app.command("create")
def api_client_create(
    name: Annotated[str, typer.Argument(help="What the system is, e.g. 'Hajipur Sadar PS records system'.")],
    station: Annotated[str, typer.Option(help="Code of the one station the key may act for.")],
) -> None:
    """Create an API key bound to one station; the key is printed once and stored only as a hash."""
    with writing_session(UserInputError) as session:
        client, key = issue_api_key(session, name=name, station_code=station, actor=Actor.command_line())
        client_id = client.id
    console.print(f"Created API client {client_id} for {station.upper()}. Its key (shown only now):")
    typer.echo(key)


@api_client_app.command("revoke")
def api_client_revoke(client_id: Annotated[int, typer.Argument(help="The API client's id.")]) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    with writing_session() as session:
        client = session.get(ApiClient, client_id)
        if client is None:
            raise fail(f"No API client has id {client_id}; GET /api/v1/admin/api-clients lists them.")
        revoke_api_key(session, client, actor=Actor.command_line())
    typer.echo(f"Revoked API client {client_id}.")
