"""A person's co-accused network (issue 8): the people accused together with them, to a few steps, within
the records the caller may read. Every read is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from people.associates import associates
from search_api.audit import audit
from search_api.auth import PrincipalDep
from search_api.dependencies import SessionDep
from search_api.linked_records import ERRORS, PersonId, existing_person, outside_note
from search_api.person_schemas import AssociateEdge, AssociateNode, AssociatesOut

router = APIRouter(tags=["criminal tracking"])


@router.get(
    "/persons/{person_id}/associates", response_model=AssociatesOut, responses=ERRORS, summary="Co-accused network"
)
def person_associates(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    person_id: PersonId,
    depth: Annotated[int, Query(ge=1, le=3, description="1: co-accused; 2: their co-accused too; up to 3")] = 1,
    max_nodes: Annotated[int, Query(ge=2, le=500)] = 150,
) -> AssociatesOut:
    """People accused together with this person (across their linked records), to ``depth`` steps, each edge
    labelled with the shared FIRs. Only records the caller may read are shown or followed; the others are
    counted in ``outside_jurisdiction``."""
    existing_person(session, person_id)
    access = principal.access
    access.require_read_person(session, person_id)
    network = associates(session, person_id, depth, max_nodes, lambda ids: access.readable_people(session, ids))
    detail = {"depth": depth, "outside_jurisdiction": network.hidden}
    audit(session, request, principal, "read_associates", "person", person_id, detail)
    session.commit()
    return AssociatesOut(
        root=network.root,
        depth=network.depth,
        truncated=network.truncated,
        outside_jurisdiction=network.hidden,
        outside_note=outside_note(network.hidden),
        nodes=[
            AssociateNode(
                id=n.id, name=n.name, depth=n.depth, record_ids=sorted(n.record_ids), fir_count=len(n.fir_ids)
            )
            for n in network.nodes.values()
        ],
        edges=[
            AssociateEdge(source=e.source, target=e.target, firs=list(e.firs.values()), fir_ids=list(e.firs))
            for e in network.edges.values()
        ],
    )
