"""Cross-state candidates from the national node's copy of the records states sent (``national_record``):
every held record that is not deleted and not protected (a protected case is never shown outside its state, so
its people are not proposed to another state either), people compared by ``exchange.confirmations.candidates``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from exchange.confirmations.candidates import collect_people, propose, store_proposals
from records.models import NationalRecord


def copy_signature(session: Session) -> tuple[int, object]:
    """How many records are held and the latest receipt: proposals are made again only when it moved."""
    row = session.execute(sa.select(sa.func.count(), sa.func.max(NationalRecord.received_at))).one()
    return int(row[0]), row[1]


def propose_from_national_copy(session: Session, threshold: float) -> int:
    """Propose (or refresh) every candidate pair of the national copy scoring at least ``threshold``."""
    rows = session.execute(
        sa.select(NationalRecord.state_code, NationalRecord.record, NationalRecord.record_id).where(
            NationalRecord.deleted.is_(False),
            sa.func.coalesce(NationalRecord.record["protected"].as_boolean(), False).is_(False),
        )
    )
    people = collect_people((state, record, key) for state, record, key in rows)
    return store_proposals(session, propose(people, threshold))
