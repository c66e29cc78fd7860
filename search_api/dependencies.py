"""Request-scoped dependencies: a database session per request.

Both are ``async def``: FastAPI runs a plain ``def`` dependency in its thread pool, and each such hop (a handoff to a
thread and back to the event loop) cost a request more than the work it wraps. Making a session does no I/O (its
connection is taken at its first statement); closing one does only while it still holds a transaction, so only
then is it closed in a thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from anyio import CancelScope, CapacityLimiter
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from records.database import Database


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(database: Annotated[Database, Depends(get_database)]) -> AsyncIterator[Session]:
    """A session for one request; the route commits what it writes, anything else is rolled back."""
    session = database.sessions()
    try:
        yield session
    finally:
        await close_session(session)


async def close_session(session: Session) -> None:
    """Close ``session``: on the event loop when it holds no connection (a route that committed, or never read),
    else in a thread, since its rollback is a round trip. The close finishes even when the request was cancelled,
    and waits for no free thread of the pool (a pool exhausted by requests waiting for connections would otherwise
    never get them back)."""
    if not session.in_transaction():
        session.close()
        return
    with CancelScope(shield=True):
        await anyio.to_thread.run_sync(session.close, limiter=CapacityLimiter(1))


DatabaseDep = Annotated[Database, Depends(get_database)]
SessionDep = Annotated[Session, Depends(get_session)]
