"""What ``cctns demo`` adds so the system can be tried at once: a filled search index and demo logins."""

from __future__ import annotations

import sqlalchemy as sa

from indexes.schema import DocumentKind
from records.database import Database, session_scope
from records.errors import ConfigurationError
from records.models import Role, User
from records.settings import Settings, get_settings
from records.users import verify_password

DEMO_PASSWORD = "demo-password-123"
DEMO_USERS = (
    ("investigator", Role.INVESTIGATOR, "Inspector (CID), demo", None, None),
    ("hq.patna", Role.HQ, "HQ monitoring centre, demo", None, None),
    ("sp.vaishali", Role.DISTRICT_SP, "SP Vaishali, demo", None, "VAISHALI"),
    ("sho.hajipur", Role.STATION_OFFICER, "SHO Hajipur Sadar, demo", "VAISHALI-HAJIPUR-SADAR", None),
)


def ensure_index_filled(database: Database) -> None:
    """Index every record when the index is empty but PostgreSQL is not (first demo start, after a reset)."""
    from cctns.cli import console
    from cctns.index_commands import index_with_progress, open_engine_or_fail
    from indexes.documents import count_rows
    from indexes.sync import index_everything

    engine = open_engine_or_fail()
    try:
        with database.engine.connect() as connection:
            in_database = count_rows(connection, DocumentKind.FIR)
        if engine.count(DocumentKind.FIR) == 0 and in_database:
            counts = index_with_progress(
                lambda progress: index_everything(database.engine, engine, 2000, progress), "Indexing"
            )
            console.print(f"Search index: {counts['fir']:,} FIRs and {counts['person']:,} people indexed.")
        else:
            console.print(f"Search index: {engine.count(DocumentKind.FIR):,} FIRs already indexed.")
    finally:
        engine.close()


def ensure_demo_users(database: Database) -> None:
    """Demo logins for each role (development only), printed so whoever started the demo can sign in."""
    from cctns.cli import console
    from records.audit import Actor
    from records.users import create_user

    if get_settings().environment != "development":
        return
    with session_scope(database) as session:
        existing = set(session.scalars(sa.select(User.username)))
        for username, role, full_name, station, district in DEMO_USERS:
            if username not in existing:
                create_user(
                    session,
                    username=username,
                    full_name=full_name,
                    role=role,
                    password=DEMO_PASSWORD,
                    station_code=station,
                    district_code=district,
                    actor=Actor(via="cctns demo"),
                )
    names = ", ".join(username for username, *_ in DEMO_USERS)
    console.print(f"Demo logins (password {DEMO_PASSWORD!r}): {names}")


def demo_logins_left(database: Database) -> list[str]:
    """Active demo users whose password is still the published demo password."""
    names = [username for username, *_ in DEMO_USERS]
    with database.sessions() as session:
        users = session.scalars(sa.select(User).where(User.username.in_(names), User.is_active))
        return sorted(user.username for user in users if verify_password(user.password_hash, DEMO_PASSWORD))


def refuse_demo_logins_in_production(database: Database, settings: Settings) -> None:
    """Outside development, refuse to serve while a demo login with the demo password works (ConfigurationError
    saying how to remove or re-password them): ``cctns demo`` publishes that password."""
    if settings.environment == "development":
        return
    if left := demo_logins_left(database):
        names = ", ".join(left)
        raise ConfigurationError(
            f"Refusing to start in {settings.environment}: the demo users {names} still have the demo password "
            f"{DEMO_PASSWORD!r} that `cctns demo` prints, so anyone could log in. Disable each with "
            "`cctns user deactivate NAME`, or give it a new password with `cctns user password NAME`, then start again."
        )
