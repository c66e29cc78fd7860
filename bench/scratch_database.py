"""A throwaway database for a benchmark: created fresh, migrated, loaded with reference data, dropped after."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.database import create_db_engine, sqlalchemy_url
from records.migrate import upgrade_schema
from records.reference.load import load_reference_data


def reused_database(server_url: str, name: str) -> sa.Engine | None:
    """Database ``name`` as an earlier run left it (migrated to the current schema), or None when it is missing or
    holds no people yet."""
    engine = create_db_engine(sqlalchemy_url(server_url).set(database=name))
    try:
        upgrade_schema(engine)
        with engine.connect() as connection:
            if connection.scalar(sa.text("SELECT count(*) FROM person")):
                return engine
    except sa.exc.OperationalError:
        pass
    engine.dispose()
    return None


def fresh_database(server_url: str, name: str) -> sa.Engine:
    """Drop and recreate database ``name`` on the server, migrate it and load reference data."""
    drop_database(server_url, name)
    admin = create_db_engine(sqlalchemy_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_db_engine(sqlalchemy_url(server_url).set(database=name))
    upgrade_schema(engine)
    with Session(engine) as session, session.begin():
        load_reference_data(session)
    return engine


def drop_database(server_url: str, name: str) -> None:
    admin = create_db_engine(sqlalchemy_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
