"""Associates: the people named together with a person as accused or suspects in FIRs, to a chosen depth.

Nodes are people as the links know them (a cluster of linked records counts once, known by its smallest
record id); an edge joins two people accused together, labelled with the FIRs they share.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from indexes.matching.linker import cluster_members, cluster_of
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


def associates(session: Session, person_id: int, depth: int = 1, max_nodes: int = 150) -> Network:
    depth = max(1, min(depth, MAX_DEPTH))
    start = cluster_of(session, person_id)
    root = min(start)
    nodes: dict[int, Node] = {root: Node(root, "", 0, set(start))}
    edges: dict[tuple[int, int], Edge] = {}
    frontier = {root}
    truncated = False
    for level in range(1, depth + 1):
        records = [r for n in frontier for r in nodes[n].record_ids]
        firs = session.execute(
            sa.select(FirParty.fir_id, FirParty.person_id).where(
                FirParty.person_id.in_(records), FirParty.role.in_(OFFENDER_ROLES)
            )
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
            .where(FirParty.fir_id.in_(list(fir_owners)), FirParty.role.in_(OFFENDER_ROLES))
        ).all()
        members = cluster_members(session, [row.person_id for row in others])
        roots = {start: min(found) for start, found in members.items()}
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
    return Network(root, depth, nodes, edges, truncated)
