"""Links between person records: matching people (their keys, scored candidates, the links chosen and written,
one person or a batch of the queue at a time), and the clusters links make. Officers' decisions on links are
:mod:`people.linkage.decisions`.

Records are never rewritten: linking writes ``person_link`` rows only. A pair decided by an officer (confirmed,
rejected, unmerged) keeps that decision: re-scoring never overwrites it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from people.linkage.candidates import Clusters, choose_links, contested, ranked_candidates
from people.linkage.keys import blocking_keys
from people.linkage.profile import PersonProfile, load_profiles
from people.linkage.scoring import PairScore, score_pair
from records.models import LinkStatus, PersonLink, PersonMatchKey
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


BULK_KEYS = 10_000  # more keys than this at once (the batch linker's chunks) go in by COPY
INSERT_KEYS = sa.text(
    "INSERT INTO person_match_key (key, person_id) "
    "SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:people AS bigint[])) ON CONFLICT DO NOTHING"
)


def store_keys(session: Session, profiles: Iterable[PersonProfile]) -> int:
    """Replace the blocking keys of these people; returns how many keys were written."""
    profiles = list(profiles)
    if not profiles:
        return 0
    ids = [p.id for p in profiles]
    session.execute(
        sa.delete(PersonMatchKey).where(PersonMatchKey.person_id == sa.any_(sa.literal(ids, ARRAY(sa.BigInteger))))
    )
    rows = [(key, p.id) for p in profiles for key in sorted(blocking_keys(p))]
    if len(rows) <= BULK_KEYS:
        if rows:
            # Two workers may match one person named in two new FIRs at once: the second write is a no-op.
            session.execute(INSERT_KEYS, {"keys": [k for k, _ in rows], "people": [i for _, i in rows]})
        return len(rows)
    cursor = session.connection().connection.driver_connection.cursor()  # COPY: the batch linker's bulk path
    with cursor.copy("COPY person_match_key (key, person_id) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


# ------------------------------------------------------------------------------------------------ links


def write_links(session: Session, scores: Iterable[PairScore], thresholds: Thresholds) -> list[tuple[int, int, str]]:
    """Write links for pairs scoring at least the review threshold (keeping any earlier link or decision);
    returns the links written: (person a, person b, status)."""
    rows = {}
    for pair in scores:
        status = thresholds.status(pair.score)
        if status is not None and (pair.a, pair.b) not in rows:
            rows[pair.a, pair.b] = {
                "person_a_id": pair.a,
                "person_b_id": pair.b,
                "status": status.value,
                "score": pair.score,
                "reasons": list(pair.reasons),
            }
    if not rows:
        return []
    written = session.execute(
        insert(PersonLink)
        .on_conflict_do_nothing(index_elements=["person_a_id", "person_b_id"])
        .returning(PersonLink.person_a_id, PersonLink.person_b_id, PersonLink.status),
        list(rows.values()),
    )
    return [(a, b, status) for a, b, status in written]


@dataclass
class Matched:
    """What matching some people did: each one's scored candidates (best first), the pairs each chose to write,
    and the link rows written (a pair linked or decided before is left as it was, so it is not among them)."""

    scores: dict[int, list[PairScore]]
    chosen: dict[int, list[PairScore]]
    written: list[tuple[int, int, str]]

    @property
    def auto(self) -> int:
        return sum(1 for *_, status in self.written if status == LinkStatus.AUTO.value)

    @property
    def review(self) -> int:
        return len(self.written) - self.auto


def match_people(session: Session, person_ids: Sequence[int], thresholds: Thresholds) -> Matched:
    """Match these people (a batch of the queue) as if one after another in this order, in the caller's
    transaction: each finds the earlier ones of the batch, not the later ones (:func:`link_profiles`)."""
    order = list(dict.fromkeys(person_ids))
    profiles = load_profiles(session, order)
    return link_profiles(session, {i: profiles[i] for i in order if i in profiles}, thresholds)


def match_person(session: Session, person_id: int, thresholds: Thresholds) -> list[PairScore]:
    """Store the person's keys, score the best candidates (by the rarity of the keys they share) and write the
    best few links; returns the scored pairs (best first). Works in the caller's transaction."""
    return match_people(session, [person_id], thresholds).scores.get(person_id, [])


def link_profiles(
    session: Session,
    profiles: Mapping[int, PersonProfile],
    thresholds: Thresholds,
    *,
    earlier_only: bool = False,
    known: dict[int, PersonProfile] | None = None,
) -> Matched:
    """Store the keys of these people, then for each, in the mapping's order, score its best candidates and
    choose the best few links (one per cluster: an automatic link chosen for an earlier person joins the
    clusters the later ones see); write the links in one statement.

    Each person sees the earlier people of the mapping and not the later ones, as when matched one after
    another (:func:`ranked_candidates` ``in_order``), so two records of one person in a batch find each other
    once; ``earlier_only`` (the batch linker) sees lower ids only instead. ``known`` holds profiles already
    loaded (the batch linker's cache); the profiles loaded here are added to it."""
    known = {} if known is None else known
    store_keys(session, profiles.values())
    keys = {person_id: blocking_keys(profile) for person_id, profile in profiles.items()}
    ranked = ranked_candidates(
        session, keys, thresholds.candidates, earlier_only=earlier_only, in_order=not earlier_only
    )
    others = {other for found in ranked.values() for other in found if other not in profiles and other not in known}
    known.update(load_profiles(session, list(others)))
    known.update(profiles)
    scores = {
        person_id: sorted(
            (score_pair(known[person_id], known[other]) for other in found if other in known),
            key=lambda pair: -pair.score,
        )
        for person_id, found in ranked.items()
    }
    walk = set().union(*(contested(person_id, pairs, thresholds.review) for person_id, pairs in scores.items()))
    clusters = Clusters.around(session, walk)
    chosen = {
        person_id: choose_links(
            person_id, pairs, clusters, review=thresholds.review, auto=thresholds.auto, most=thresholds.links
        )
        for person_id, pairs in scores.items()  # in order: a person sees the links chosen for earlier ones
    }
    written = write_links(session, (pair for pairs in chosen.values() for pair in pairs), thresholds)
    return Matched(scores, chosen, written)


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


# --------------------------------------------------------------------------------------------- clusters


CLUSTERS = sa.text(
    """
    WITH RECURSIVE unseen(a, b, seen_from) AS (
        SELECT * FROM unnest(CAST(:unseen_a AS bigint[]), CAST(:unseen_b AS bigint[]), CAST(:seen_from AS int[]))
    ),
    reach(place, id) AS (
        SELECT place, id FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS s(id, place)
        UNION
        SELECT r.place, CASE WHEN l.person_a_id = r.id THEN l.person_b_id ELSE l.person_a_id END
        FROM reach r JOIN person_link l ON (l.person_a_id = r.id OR l.person_b_id = r.id)
        WHERE l.status IN ('auto', 'confirmed')
          AND NOT EXISTS (
              SELECT 1 FROM unseen u WHERE u.a = l.person_a_id AND u.b = l.person_b_id AND u.seen_from > r.place
          )
    )
    SELECT place, id FROM reach LIMIT :most
    """
)


def clusters_at(
    session: Session, ids: Sequence[int], unseen: Iterable[tuple[int, int, int]] = (), most: int | None = None
) -> list[set[int]]:
    """For each of ``ids`` (the first at place 1), every record linked to it (automatically or by an officer),
    directly or through others, itself included; one query. A link in ``unseen`` (a, b, place) is not followed
    for the ids before that place: a batch of the queue hides the links it wrote from the rows before the one
    whose matching wrote them, as when the rows are handled one after another. ``most`` bounds the records read
    in all."""
    if not ids:
        return []
    hidden = list(unseen)
    rows = session.execute(
        CLUSTERS,
        {
            "ids": list(ids),
            "unseen_a": [a for a, _, _ in hidden],
            "unseen_b": [b for _, b, _ in hidden],
            "seen_from": [place for *_, place in hidden],
            "most": most,
        },
    )
    members: list[set[int]] = [set() for _ in ids]
    for place, member in rows:
        members[place - 1].add(member)
    return members


def cluster_of(session: Session, person_id: int) -> list[int]:
    """Every record linked (automatically or by an officer) to this one, directly or through others; itself
    first, then by id."""
    others = sorted(clusters_at(session, [person_id], most=MAX_CLUSTER)[0] - {person_id})
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
    return dict(zip(ids, clusters_at(session, ids), strict=True))


def cluster_roots(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """For each id, the smallest id of its cluster (the id a cluster is known by)."""
    return {start: min(members) for start, members in cluster_members(session, ids).items()}
