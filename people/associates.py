"""Associates: the people named together with a person as accused or suspects in FIRs, to a chosen depth, for
the API's person tracking and the dashboards' associates page.

Nodes are people as the links know them (a cluster of linked records counts once, known by its smallest
record id, see :func:`people.linkage.linker.cluster_members`); an edge joins two people accused together,
labelled with the FIRs they share.

A caller narrows the walk in one of two ways, both answered by ``records.access``:

- ``visible`` (the API: which of these records may I see?): records it does not return are neither shown nor
  walked through, only counted (``Network.hidden``).
- ``stations`` (the dashboards: which stations' FIRs may I read?): only FIRs of those stations count, so every
  person shown is named in one of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from people.linkage.linker import cluster_members, cluster_of
from records.models import Fir, FirParty, PoliceStation

OFFENDER_ROLES = ("accused", "suspect")
MAX_DEPTH = 3


@dataclass
class Node:
    id: int
    name: str
    depth: int
    record_ids: set[int] = field(default_factory=set)
    fir_ids: set[int] = field(default_factory=set)


@dataclass
class Edge:
    source: int
    target: int
    firs: dict[int, str] = field(default_factory=dict)  # fir id -> "Station PS 12/2019"


@dataclass
class Network:
    root: int
    depth: int
    nodes: dict[int, Node]
    edges: dict[tuple[int, int], Edge]
    truncated: bool
    hidden: int = 0  # records met on the way that ``visible`` kept out

    @property
    def named(self) -> bool:
        """Whether the person is named as accused or suspect in an FIR that counted (else the network is theirs
        alone)."""
        return bool(self.nodes[self.root].fir_ids)


Visible = Callable[[set[int]], set[int]]
Stations = Callable[[Any], sa.ColumnElement[bool]]  # records.access.Jurisdiction.stations


def associates(
    session: Session,
    person_id: int,
    depth: int = 1,
    max_nodes: int = 150,
    visible: Visible | None = None,
    stations: Stations | None = None,
) -> Network:
    """The co-accused network around ``person_id`` (who must be visible), to ``depth`` steps (at most
    MAX_DEPTH)."""
    depth = max(1, min(depth, MAX_DEPTH))
    hidden: set[int] = set()
    counted = (stations(Fir.station_id),) if stations is not None else ()

    def keep(ids: set[int]) -> set[int]:
        if visible is None:
            return ids
        shown = visible(ids) if ids else set()
        hidden.update(ids - shown)
        return shown

    cluster = cluster_of(session, person_id)
    seen = keep(set(cluster))
    start = [r for r in cluster if r in seen] or [person_id]
    root = min(start)
    nodes: dict[int, Node] = {root: Node(root, "", 0, set(start))}
    edges: dict[tuple[int, int], Edge] = {}
    frontier = {root}
    truncated = False
    for level in range(1, depth + 1):
        records = [r for n in frontier for r in nodes[n].record_ids]
        firs = session.execute(
            sa.select(FirParty.fir_id, FirParty.person_id)
            .join(Fir, Fir.id == FirParty.fir_id)
            .where(FirParty.person_id.in_(records), FirParty.role.in_(OFFENDER_ROLES), *counted)
        ).all()
        owner = {r: n for n in frontier for r in nodes[n].record_ids}
        fir_owners: dict[int, set[int]] = defaultdict(set)
        for fir_id, record in firs:
            fir_owners[fir_id].add(owner[record])
            nodes[owner[record]].fir_ids.add(fir_id)
        if not fir_owners:
            break
        others = session.execute(
            sa.select(
                FirParty.fir_id, FirParty.person_id, FirParty.name_as_given, Fir.serial, Fir.year, PoliceStation.name_en
            )
            .join(Fir, Fir.id == FirParty.fir_id)
            .join(PoliceStation, PoliceStation.id == Fir.station_id)
            .where(
                FirParty.fir_id.in_(list(fir_owners)),
                FirParty.role.in_(OFFENDER_ROLES),
                FirParty.person_id.is_not(None),
                *counted,
            )
            .order_by(FirParty.fir_id, FirParty.id)
        ).all()
        seen = keep({row.person_id for row in others})
        others = [row for row in others if row.person_id in seen]
        members = cluster_members(session, [row.person_id for row in others])
        shown = keep({r for found in members.values() for r in found})
        members = {start: found & shown for start, found in members.items()}
        roots = {start: min(found) for start, found in members.items() if found}
        next_frontier: set[int] = set()
        for row in others:
            other = roots.get(row.person_id, row.person_id)
            if other not in nodes:
                if len(nodes) >= max_nodes:
                    truncated = True
                    continue
                nodes[other] = Node(other, row.name_as_given, level, set(members.get(row.person_id, ())))
                next_frontier.add(other)
            node = nodes[other]
            node.record_ids.add(row.person_id)
            node.name = node.name or row.name_as_given
            node.fir_ids.add(row.fir_id)
            for source in fir_owners[row.fir_id]:
                if source == other:
                    continue
                key = (min(source, other), max(source, other))
                edge = edges.setdefault(key, Edge(*key))
                edge.firs[row.fir_id] = f"{row.name_en} PS {row.serial}/{row.year}"
        frontier = next_frontier
        if not frontier:
            break
    if not nodes[root].name:
        nodes[root].name = session.scalar(sa.text("SELECT name FROM person WHERE id = :id"), {"id": person_id}) or ""
    return Network(root, depth, nodes, edges, truncated, len(hidden))
