"""Links between person records: finding and scoring candidates for one person, writing links by threshold,
officers' decisions (confirm, reject, unmerge) with audit rows, and the clusters links make.

Records are never rewritten: linking writes ``person_link`` rows only. A pair decided by an officer (confirmed,
rejected, unmerged) keeps that decision: re-scoring never overwrites it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from people.linkage.candidates import Clusters, choose_links, contested, ranked_candidates
from people.linkage.keys import blocking_keys
from people.linkage.profile import PersonProfile, load_profiles
from people.linkage.scoring import PairScore, score_pair
from records.models import AuditEntry, LinkStatus, PersonLink, PersonMatchKey
from records.models.person_link import LINKING_STATUSES
from records.settings import Settings

MAX_CANDIDATES = 2000  # the most an officer's "who may this be?" view scores (matching scores far fewer)
MAX_CLUSTER = 1000


@dataclass(frozen=True)
class Thresholds:
    """The scores that link or propose a pair, and the bounds of matching one person (issue 21): how many
    candidates are scored, and how many links (automatic or for review) are written."""

    auto: float
    review: float
    candidates: int = 20
    links: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(
            settings.person_link_auto_score,
            settings.person_link_review_score,
            settings.person_link_candidates,
            settings.person_link_max_links,
        )

    def status(self, score: float) -> LinkStatus | None:
        if score >= self.auto:
            return LinkStatus.AUTO
        if score >= self.review:
            return LinkStatus.REVIEW
        return None


class LinkError(Exception):
    """A decision that cannot be made (unknown link, wrong state); the message says why."""

    def __init__(self, message: str, status_code: int = 409) -> None:
        super().__init__(message)
        self.status_code = status_code


# ------------------------------------------------------------------------------------------------- keys


def store_keys(session: Session, profiles: Iterable[PersonProfile]) -> int:
    """Replace the blocking keys of these people; returns how many keys were written."""
    profiles = list(profiles)
    if not profiles:
        return 0
    session.execute(sa.delete(PersonMatchKey).where(PersonMatchKey.person_id.in_([p.id for p in profiles])))
    rows = [(key, p.id) for p in profiles for key in sorted(blocking_keys(p))]
    if len(rows) < 50:
        if rows:
            # Two workers may match one person named in two new FIRs at once: the second write is a no-op.
            session.execute(
                insert(PersonMatchKey).on_conflict_do_nothing(), [{"key": k, "person_id": i} for k, i in rows]
            )
        return len(rows)
    cursor = session.connection().connection.driver_connection.cursor()  # COPY: the batch linker's bulk path
    with cursor.copy("COPY person_match_key (key, person_id) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


# ------------------------------------------------------------------------------------------------ links


def write_links(session: Session, scores: Iterable[PairScore], thresholds: Thresholds) -> tuple[int, int]:
    """Write links for pairs scoring at least the review threshold (keeping any earlier link or decision);
    returns (automatic links, review-queue links) written."""
    rows = []
    for pair in scores:
        status = thresholds.status(pair.score)
        if status is not None:
            rows.append(
                {
                    "person_a_id": pair.a,
                    "person_b_id": pair.b,
                    "status": status.value,
                    "score": pair.score,
                    "reasons": list(pair.reasons),
                }
            )
    if not rows:
        return 0, 0
    written = session.execute(
        insert(PersonLink)
        .on_conflict_do_nothing(index_elements=["person_a_id", "person_b_id"])
        .returning(PersonLink.status),
        rows,
    ).scalars()
    statuses = list(written)
    auto = sum(1 for s in statuses if s == LinkStatus.AUTO.value)
    return auto, len(statuses) - auto


def match_person(session: Session, person_id: int, thresholds: Thresholds) -> list[PairScore]:
    """Store the person's keys, score the best candidates (by the rarity of the keys they share) and write the
    best few links; returns the scored pairs (best first). Works in the caller's transaction."""
    profile = load_profiles(session, [person_id]).get(person_id)
    if profile is None:
        return []
    store_keys(session, [profile])
    scores = _score_candidates(session, profile, thresholds.candidates)
    clusters = Clusters.around(session, contested(person_id, scores, thresholds.review))
    chosen = choose_links(
        person_id, scores, clusters, review=thresholds.review, auto=thresholds.auto, most=thresholds.links
    )
    write_links(session, chosen, thresholds)
    return scores


def candidates(session: Session, person_id: int, limit: int = 20) -> list[PairScore]:
    """The records that may be this person, scored with reasons, best first; writes nothing."""
    profile = load_profiles(session, [person_id]).get(person_id)
    if profile is None:
        raise LinkError(f"no person has id {person_id}", 404)
    return _score_candidates(session, profile, limit)[:limit]


def _score_candidates(session: Session, profile: PersonProfile, limit: int) -> list[PairScore]:
    ranked = ranked_candidates(session, {profile.id: blocking_keys(profile)}, limit)[profile.id]
    others = load_profiles(session, ranked)
    return sorted((score_pair(profile, other) for other in others.values()), key=lambda s: -s.score)


def score_pair_by_id(session: Session, a: int, b: int) -> PairScore:
    profiles = load_profiles(session, [a, b])
    missing = [str(i) for i in (a, b) if i not in profiles]
    if missing:
        raise LinkError(f"no person has id {', '.join(missing)}", 404)
    return score_pair(profiles[a], profiles[b])


# -------------------------------------------------------------------------------------------- decisions


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


# --------------------------------------------------------------------------------------------- clusters


def cluster_of(session: Session, person_id: int) -> list[int]:
    """Every record linked (automatically or by an officer) to this one, directly or through others; itself
    first, then by id."""
    rows = session.execute(
        sa.text(
            """
            WITH RECURSIVE reach(id) AS (
                SELECT CAST(:start AS bigint)
                UNION
                SELECT CASE WHEN l.person_a_id = r.id THEN l.person_b_id ELSE l.person_a_id END
                FROM reach r JOIN person_link l ON (l.person_a_id = r.id OR l.person_b_id = r.id)
                WHERE l.status IN ('auto', 'confirmed')
            )
            SELECT id FROM reach LIMIT :limit
            """
        ),
        {"start": person_id, "limit": MAX_CLUSTER},
    ).scalars()
    others = sorted(set(rows) - {person_id})
    return [person_id, *others]


def links_among(session: Session, ids: Sequence[int]) -> list[PersonLink]:
    return list(
        session.scalars(
            sa.select(PersonLink)
            .where(sa.or_(PersonLink.person_a_id.in_(ids), PersonLink.person_b_id.in_(ids)))
            .order_by(PersonLink.score.desc())
        )
    )


def cluster_members(session: Session, ids: Iterable[int]) -> dict[int, set[int]]:
    """For each id, every record of its cluster (itself included)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = session.execute(
        sa.text(
            """
            WITH RECURSIVE reach(start, id) AS (
                SELECT s, s FROM unnest(CAST(:ids AS bigint[])) AS s
                UNION
                SELECT r.start, CASE WHEN l.person_a_id = r.id THEN l.person_b_id ELSE l.person_a_id END
                FROM reach r JOIN person_link l ON (l.person_a_id = r.id OR l.person_b_id = r.id)
                WHERE l.status IN ('auto', 'confirmed')
            )
            SELECT start, id FROM reach
            """
        ),
        {"ids": ids},
    )
    members: dict[int, set[int]] = {}
    for start, member in rows:
        members.setdefault(start, set()).add(member)
    return members


def cluster_roots(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """For each id, the smallest id of its cluster (the id a cluster is known by)."""
    return {start: min(members) for start, members in cluster_members(session, ids).items()}
