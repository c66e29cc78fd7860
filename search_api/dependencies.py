"""Request-scoped dependencies: a database session per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from records.database import Database


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A session for one request; the route commits what it writes, anything else is rolled back."""
    with database.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
