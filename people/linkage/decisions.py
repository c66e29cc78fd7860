"""Officers' decisions on person links: confirm or reject a proposal, unmerge a linked pair or relink it, merge
two records the matcher did not propose, or propose a pair for review; each audited (who, which pair, its score,
the status before and after). The person records are never touched, so an unmerge gives both back as they were;
the matcher never overwrites a decision (:func:`people.linkage.linker.write_links`)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from people.linkage.linker import LinkError, score_pair_by_id
from people.linkage.scoring import PairScore
from records.models import AuditEntry, LinkStatus, PersonLink
from records.models.person_link import LINKING_STATUSES


def _inet(address: str | None) -> str | None:
    """An address PostgreSQL's INET accepts, or None (test clients and proxies send other things)."""
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def _audit(
    session: Session,
    action: str,
    link: PersonLink,
    user_id: int | None,
    address: str | None,
    detail: dict[str, Any],
    api_client_id: int | None = None,
) -> None:
    """Who (a user, or a station's system), which pair, its score, and the status before and after."""
    session.add(
        AuditEntry(
            user_id=user_id,
            api_client_id=api_client_id,
            action=action,
            entity_type="person_link",
            entity_id=str(link.id),
            client_address=_inet(address),
            detail={"person_a_id": link.person_a_id, "person_b_id": link.person_b_id, "score": link.score, **detail},
        )
    )


ALLOWED = {
    "confirm": ({LinkStatus.REVIEW.value, LinkStatus.REJECTED.value}, LinkStatus.CONFIRMED),
    "reject": ({LinkStatus.REVIEW.value}, LinkStatus.REJECTED),
    "unmerge": (set(LINKING_STATUSES), LinkStatus.UNLINKED),
    "relink": ({LinkStatus.UNLINKED.value}, LinkStatus.CONFIRMED),
}


def decide(
    session: Session,
    link_id: int,
    decision: str,
    *,
    user_id: int | None,
    address: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
    api_client_id: int | None = None,
) -> PersonLink:
    """Confirm or reject a proposed link, unmerge a linked pair, or relink an unmerged one; audited. The person
    records are not touched, so unmerging gives back both records exactly as they were."""
    if decision not in ALLOWED:
        raise LinkError(f"decision must be one of {', '.join(ALLOWED)}", 422)
    link = session.get(PersonLink, link_id, with_for_update=True)
    if link is None:
        raise LinkError(f"no person link has id {link_id}", 404)
    allowed_from, to = ALLOWED[decision]
    if link.status not in allowed_from:
        raise LinkError(
            f"link {link_id} is {link.status}; {decision} needs it to be {' or '.join(sorted(allowed_from))}"
        )
    before = link.status
    link.status = to.value
    link.decided_at = now or datetime.now(UTC)
    link.decided_by_user_id = user_id
    link.note = note
    detail = {"from": before, "to": to.value, "note": note}
    _audit(session, decision, link, user_id, address, detail, api_client_id)
    session.flush()
    return link


def _pair_to_decide(session: Session, a: int, b: int) -> tuple[int, int, PairScore, PersonLink | None]:
    """Two different records in link order (lower id first), their score, and their link if one exists, locked."""
    if a == b:
        raise LinkError("a person record cannot be linked to itself", 422)
    a, b = min(a, b), max(a, b)
    pair = score_pair_by_id(session, a, b)
    link = session.scalar(
        sa.select(PersonLink).where(PersonLink.person_a_id == a, PersonLink.person_b_id == b).with_for_update()
    )
    return a, b, pair, link


def merge(
    session: Session,
    a: int,
    b: int,
    *,
    user_id: int | None,
    address: str | None = None,
    note: str | None = None,
    api_client_id: int | None = None,
) -> PersonLink:
    """An officer links two records the matcher did not propose (or proposed below the threshold); audited."""
    a, b, pair, link = _pair_to_decide(session, a, b)
    before = None if link is None else link.status
    if link is None:
        link = PersonLink(person_a_id=a, person_b_id=b, score=pair.score, reasons=list(pair.reasons), status="")
        session.add(link)
    elif link.status in LINKING_STATUSES:
        raise LinkError(f"records {a} and {b} are already linked (link {link.id}, {link.status})")
    link.status = LinkStatus.CONFIRMED.value
    link.decided_at = datetime.now(UTC)
    link.decided_by_user_id = user_id
    link.note = note
    session.flush()
    _audit(session, "merge", link, user_id, address, {"from": before, "to": link.status, "note": note}, api_client_id)
    return link


def propose(
    session: Session,
    a: int,
    b: int,
    *,
    proposed_by: str,
    user_id: int | None,
    address: str | None = None,
    note: str | None = None,
    api_client_id: int | None = None,
) -> PersonLink:
    """Put a pair in the review queue (status review) for a reviewer who may read both records; audited. A pair
    the matcher already proposed stays proposed, with this proposal added to its reasons; a pair already linked
    or decided is left as it is (LinkError 409: deciding it again is a reviewer's decision)."""
    a, b, pair, link = _pair_to_decide(session, a, b)
    reason = f"proposed by {proposed_by}" + (f": {note}" if note else "")
    before = None if link is None else link.status
    if link is None:
        link = PersonLink(
            person_a_id=a, person_b_id=b, score=pair.score, reasons=[reason, *pair.reasons], status="", note=note
        )
        session.add(link)
    elif link.status != LinkStatus.REVIEW.value:
        raise LinkError(
            f"records {a} and {b} already have link {link.id}, {link.status}; "
            "only a reviewer who may read both records can change it"
        )
    elif reason not in link.reasons:
        link.reasons = [reason, *link.reasons]
    link.status = LinkStatus.REVIEW.value
    session.flush()
    detail = {"from": before, "to": link.status, "note": note}
    _audit(session, "propose", link, user_id, address, detail, api_client_id)
    return link
