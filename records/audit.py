"""Who makes a change, and the audit rows written with it: every write of the system adds one through
:meth:`Actor.audit` in the transaction of the change."""

from __future__ import annotations

import getpass
import ipaddress
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from records.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """A user or a station's system, and the address the request came from; or the server's operator at the
    command line (``via``)."""

    user_id: int | None = None
    api_client_id: int | None = None
    client_address: str | None = None
    via: str | None = None

    @classmethod
    def command_line(cls) -> Actor:
        """The operator running a ``cctns`` command on the server, named by their operating-system account."""
        try:
            account = getpass.getuser()
        except (KeyError, OSError):
            account = "unknown"
        return cls(via=f"command line ({account})")

    def audit(
        self,
        session: Session,
        action: str,
        entity_type: str,
        entity_id: object | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Add an audit row in the caller's transaction (never commits)."""
        entry = AuditEntry(
            user_id=self.user_id,
            api_client_id=self.api_client_id,
            action=action[:40],
            entity_type=entity_type[:40],
            entity_id=None if entity_id is None else str(entity_id)[:64],
            client_address=valid_address(self.client_address),
            detail={**(detail or {}), "via": self.via} if self.via else detail,
        )
        session.add(entry)
        return entry


def valid_address(address: str | None) -> str | None:
    """An IP address PostgreSQL's INET accepts, or None (test clients and proxies send other things)."""
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
