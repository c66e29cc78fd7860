"""The bounded matcher (issue 21): which records a person is compared with, and which scored pairs are written.

Blocking keys (:mod:`people.linkage.keys`) say who *may* be compared. A common name shares its keys with
thousands of records in a state, so comparing every one of them, and linking every one above the threshold, is
neither affordable nor useful. So:

* Candidates are ranked by how rare the keys they share are. A key weighs ``ln(1 + RARITY_SCALE / n)``, ``n``
  being how many person records hold it (counted in the same query, at most ``COUNT_CAP``); a candidate weighs
  the sum over the keys it shares. A mobile held by two records weighs 8.5, a name at a station held by 500
  records 3.0, so a shared mobile or a rare name with father's name beats a common name. Only the best
  ``Thresholds.candidates`` are scored, and at most ``KEY_SCAN`` records are read per key (the newest).
* Of the scored pairs at least at the review threshold, at most ``Thresholds.links`` are written, best first and
  one per cluster: linking to one member of a cluster links the cluster, so a second link into it adds a row
  and nothing else. Clusters are walked from the candidates a few links deep (:meth:`Clusters.around`); ties
  go to the oldest record, so a cluster's links gather on its first record and the walk stays short.

The batch linker and the queue both go through :func:`ranked_candidates` and :func:`choose_links`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from people.linkage.scoring import PairScore
from records.models.person_link import LINKING_STATUSES

RARITY_SCALE = 10_000.0
COUNT_CAP = 10_000  # keys held by more records than this all weigh the same (ln 2)
KEY_SCAN = 200  # records read per key: the newest, when a key is common

_RANKED = """
    WITH mine AS (
        SELECT * FROM unnest(CAST(:people AS bigint[]), CAST(:keys AS text[]), CAST(:hidden AS int[]),
                             CAST(:places AS int[])) AS t(me, key, hidden, place)
    ),
    rarity AS MATERIALIZED (  -- once per distinct key, never per row joined
        SELECT d.key, c.n
        FROM (SELECT key, max(hidden) AS hidden FROM mine GROUP BY key) d
        CROSS JOIN LATERAL (
            SELECT count(*) AS n
            FROM (SELECT 1 FROM person_match_key k WHERE k.key = d.key LIMIT :count_cap + d.hidden) held
        ) c
    ),
    scanned AS (
        SELECT m.me, m.key, m.place, o.person_id AS other,
               ln(1 + :scale / greatest(least(r.n - m.hidden, :count_cap), 1)) AS weight
        FROM mine m
        JOIN rarity r ON r.key = m.key
        CROSS JOIN LATERAL (
            SELECT k.person_id FROM person_match_key k
            WHERE k.key = m.key AND {other_condition}
            ORDER BY k.person_id DESC
            LIMIT :key_scan + m.hidden
        ) o
    ),
    shared AS ({shared}),
    ranked AS (
        SELECT me, other, sum(weight) AS weight,
               row_number() OVER (PARTITION BY me ORDER BY sum(weight) DESC, other DESC) AS rank
        FROM shared
        GROUP BY me, other
    )
    SELECT me, other FROM ranked WHERE rank <= :limit ORDER BY me, rank
"""
_ALL_SHARED = "SELECT me, other, weight FROM scanned"
# In order: the records of people later in the order are dropped, then the newest KEY_SCAN left per key kept.
_SEEN_SHARED = """
    SELECT me, other, weight FROM (
        SELECT s.me, s.other, s.weight, row_number() OVER (PARTITION BY s.me, s.key ORDER BY s.other DESC) AS nth
        FROM scanned s
        LEFT JOIN unnest(CAST(:order AS bigint[])) WITH ORDINALITY AS b(person, place) ON b.person = s.other
        WHERE b.place IS NULL OR b.place < s.place
    ) seen
    WHERE nth <= :key_scan
"""
_ANY = "k.person_id <> m.me"
RANKED_ANY = sa.text(_RANKED.format(other_condition=_ANY, shared=_ALL_SHARED))
RANKED_EARLIER = sa.text(_RANKED.format(other_condition="k.person_id < m.me", shared=_ALL_SHARED))
RANKED_IN_ORDER = sa.text(_RANKED.format(other_condition=_ANY, shared=_SEEN_SHARED))

LINKS_AROUND = sa.text(
    """
    SELECT person_a_id, person_b_id FROM person_link
    WHERE (person_a_id = ANY(:ids) OR person_b_id = ANY(:ids)) AND status = ANY(:linking)
    LIMIT :most
    """
)
CLUSTER_HOPS = 3
LINKS_READ = 50_000


def ranked_candidates(
    session: Session,
    keys_by_person: Mapping[int, Iterable[str]],
    limit: int,
    *,
    earlier_only: bool = False,
    in_order: bool = False,
) -> dict[int, list[int]]:
    """For each person, the ids of at most ``limit`` other records sharing a key, rarest shared evidence first,
    in one query. ``earlier_only`` looks only at lower ids (the batch linker considers each pair once).

    ``in_order`` (the queue's batches): the people are matched as if one after another in the mapping's order.
    All their keys are stored already, but a person does not see the people after it, and the rarity of a key
    and the records read per key are counted without them, as if their keys were not stored yet."""
    people: list[int] = []
    keys: list[str] = []
    places: list[int] = []
    for place, (person_id, person_keys) in enumerate(keys_by_person.items(), 1):
        for key in person_keys:
            people.append(person_id)
            keys.append(key)
            places.append(place)
    ranked: dict[int, list[int]] = {person_id: [] for person_id in keys_by_person}
    if not keys:
        return ranked
    hidden = _held_later(keys, places) if in_order else [0] * len(keys)
    query = RANKED_EARLIER if earlier_only else RANKED_IN_ORDER if any(hidden) else RANKED_ANY
    rows = session.execute(
        query,
        {
            "people": people,
            "keys": keys,
            "hidden": hidden,
            "places": places,
            "order": list(keys_by_person),
            "scale": RARITY_SCALE,
            "count_cap": COUNT_CAP,
            "key_scan": KEY_SCAN,
            "limit": limit,
        },
    )
    for me, other in rows:
        ranked[me].append(other)
    return ranked


def _held_later(keys: Sequence[str], places: Sequence[int]) -> list[int]:
    """For each (key, place), how many people at later places hold the key too."""
    held: dict[str, list[int]] = {}
    for key, place in zip(keys, places, strict=True):
        held.setdefault(key, []).append(place)
    for key_places in held.values():
        key_places.sort()
    return [len(held[key]) - bisect_right(held[key], place) for key, place in zip(keys, places, strict=True)]


class Clusters:
    """Which records are already one person, as far as the links loaded show (a small union-find)."""

    def __init__(self, linked_pairs: Iterable[tuple[int, int]] = ()) -> None:
        self._parent: dict[int, int] = {}
        for a, b in linked_pairs:
            self.join(a, b)

    @classmethod
    def around(cls, session: Session, ids: Iterable[int]) -> Clusters:
        """The clusters of these records, as the automatic and confirmed links up to ``CLUSTER_HOPS`` links away
        show (one query per hop; at most ``LINKS_READ`` links, a bound against a pathological cluster)."""
        clusters = cls()
        known = set(ids)
        frontier = set(known)
        read = 0
        for _ in range(CLUSTER_HOPS):
            if not frontier or read >= LINKS_READ:
                break
            rows = session.execute(
                LINKS_AROUND, {"ids": list(frontier), "linking": list(LINKING_STATUSES), "most": LINKS_READ}
            ).all()
            read += len(rows)
            reached = set()
            for a, b in rows:
                clusters.join(a, b)
                reached.update((a, b))
            frontier = reached - known
            known |= reached
        return clusters

    def root(self, person_id: int) -> int:
        parent = self._parent
        root = person_id
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(person_id, person_id) != root:
            parent[person_id], person_id = root, parent[person_id]
        return root

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


def contested(person_id: int, scores: Iterable[PairScore], review: float) -> set[int]:
    """The records whose clusters :func:`choose_links` needs: when two or more pairs reach ``review``, the person
    and those others; otherwise none (one pair or none is written whatever the clusters)."""
    others = {pair.a if pair.b == person_id else pair.b for pair in scores if pair.score >= review}
    return {person_id, *others} if len(others) > 1 else set()


def choose_links(
    person_id: int,
    scores: Sequence[PairScore],
    clusters: Clusters,
    *,
    review: float,
    auto: float,
    most: int,
) -> list[PairScore]:
    """The pairs to write for this person: scoring at least ``review``, best first (the oldest record on a tie, so
    a cluster's links gather on its first record, where :meth:`Clusters.around` sees them), one per cluster, at
    most ``most``. Pairs at least ``auto`` join the person to that cluster in ``clusters`` (later records of a batch
    see it)."""
    chosen: list[PairScore] = []
    taken: set[int] = set()
    for pair, other in sorted(
        ((s, s.a if s.b == person_id else s.b) for s in scores), key=lambda p: (-p[0].score, p[1])
    ):
        if pair.score < review or len(chosen) >= most:
            break
        cluster = clusters.root(other)
        if cluster in taken:
            continue
        taken.add(cluster)
        chosen.append(pair)
    for pair in chosen:
        if pair.score >= auto:
            clusters.join(pair.a, pair.b)
    return chosen
