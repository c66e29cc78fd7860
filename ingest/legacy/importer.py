"""Who runs an import: where they may import (a :class:`records.access.Jurisdiction`) and how the audit log
names them.

A user of the API imports with their own jurisdiction and is named by their user id. ``cctns import`` on the
command line is the server's operator (whoever can run it can reach the database anyway): they import into any
station, or only into one district's stations with ``--district``, and the audit names them as
``{"via": "command line (<login name>)"}`` with no user id, as every command's writes (``records.audit``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from records.access import Forbidden, Jurisdiction
from records.audit import Actor
from records.models import Role


@dataclass(frozen=True)
class Importer:
    """Whom an import is for: the jurisdiction its rows are checked against, and the audit rows' user and detail."""

    jurisdiction: Jurisdiction
    user_id: int | None = None
    via: dict[str, Any] = field(default_factory=dict)  # merged into each audit row's detail

    @classmethod
    def operator(cls, district_id: int | None = None, via: str | None = None) -> Importer:
        """The server's operator at the command line, or the server itself (``via``), optionally held to one
        district."""
        # as HQ would (any station), or as the district's SP would
        scope = Jurisdiction(Role.HQ) if district_id is None else Jurisdiction(Role.DISTRICT_SP, None, district_id)
        detail: dict[str, Any] = {"via": via or Actor.command_line().via}
        if district_id is not None:
            detail["district_id"] = district_id
        return cls(scope, None, detail)

    @classmethod
    def user(cls, connection: sa.Connection, user_id: int) -> Importer:
        """A user of the API, with the jurisdiction their account has now (a user demoted or deactivated since
        the upload imports nothing: :class:`ImportRun` asks the jurisdiction before it starts)."""
        row = connection.execute(
            sa.text("SELECT role, station_id, district_id, is_active FROM app_user WHERE id = :id"), {"id": user_id}
        ).one_or_none()
        if row is None or not row.is_active:
            raise Forbidden(f"user {user_id} who started the import is no longer an active user")
        return cls(Jurisdiction(Role(row.role), row.station_id, row.district_id), user_id, {"via": "import API"})

    @property
    def district_id(self) -> int | None:
        """The district the import is held to (recorded on the job), None for any."""
        return self.jurisdiction.district_only
