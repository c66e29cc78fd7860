"""The envelope of a message: which state sends it, its place in that state's sequence, when, and its records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from exchange.codes import SPEC_VERSION
from records.display import IST


def message(
    sending_state: str,
    sequence: int,
    records: Sequence[dict[str, Any]],
    *,
    sent_at: datetime,
    message_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """A message of version 1 (not yet validated: ``exchange.validation.validate_message`` does that).

    ``sequence`` is this state's count of messages sent, from 1, without gaps; a message sent again after a
    failed delivery keeps its ``message_id`` and sequence, so the national node can drop the repeat.
    """
    return {
        "spec": SPEC_VERSION,
        "message_id": str(message_id or uuid.uuid4()),
        "sending_state": sending_state,
        "sequence": sequence,
        "sent_at": sent_at.astimezone(IST).isoformat(timespec="seconds"),
        "records": list(records),
    }
