"""Loading the shipped tables of law: acts, NCRB crime heads, sections with their heads, the IPC-BNS
correspondence, and checking the protected offences (``protected_offences.csv``, read by
``records.reference.protected_offences`` and applied by ``records.victim_identity``). Decisions behind the data
are in ``records.reference.load``."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import Act, ActKind, CrimeHead, Section, SectionCorrespondence
from records.reference.protected_offences import protected_offences
from records.reference.upsert import (
    ReferenceDataError,
    TableCount,
    assign,
    boolean,
    cell,
    iso_date,
    kind_cell,
    numbered_rows,
    optional,
    sync,
    whole,
)

IPC_WITHOUT_BNS_COUNTERPART = frozenset({"309", "377"})


def load_acts(session: Session, count: TableCount) -> dict[str, Act]:
    rows = []
    for where, row in numbered_rows("acts"):
        kind = kind_cell(ActKind, row["kind"], where)
        rows.append(
            {
                "code": cell(row["code"]),
                "short_name": cell(row["short_name"]),
                "name_en": cell(row["name_en"]),
                "name_hi": cell(row["name_hi"]),
                "year": whole(row["year"], where),
                "kind": kind,
                "in_force_from": iso_date(row["in_force_from"], where),
                "in_force_until": iso_date(row["in_force_until"], where),
            }
        )
    found = sync(session, Act, lambda a: (a.code,), rows, ("code",), count)
    return {key[0]: act for key, act in found.items()}


def load_crime_heads(session: Session, count: TableCount) -> dict[str, CrimeHead]:
    heads = {head.code: head for head in session.scalars(sa.select(CrimeHead))}
    for where, row in numbered_rows("crime_heads"):
        parent_code = cell(row["parent_code"])
        if parent_code and parent_code not in heads:
            raise ReferenceDataError(f"{where}: parent {parent_code!r} must be listed (and loaded) before its child")
        values = {
            "code": cell(row["code"]),
            "name_en": cell(row["name_en"]),
            "name_hi": cell(row["name_hi"]),
            "parent_id": heads[parent_code].id if parent_code else None,
            "against_women": bool(boolean(row["against_women"], where)),
            "against_sc_st": bool(boolean(row["against_sc_st"], where)),
            "sort_order": whole(row["sort_order"], where) or 0,
        }
        count.total += 1
        head = heads.get(values["code"])
        if head is None:
            head = CrimeHead(**values)
            session.add(head)
            session.flush()  # a later row may name it as parent
            heads[head.code] = head
            count.inserted += 1
        elif assign(head, values):
            count.updated += 1
    session.flush()
    return heads


def load_sections(
    session: Session, acts: Mapping[str, Act], heads: Mapping[str, CrimeHead], count: TableCount
) -> dict[tuple[int, str], Section]:
    rows = []
    for where, row in numbered_rows("sections"):
        act_code = cell(row["act_code"])
        if act_code not in acts:
            raise ReferenceDataError(f"{where}: unknown act code {act_code!r}")
        head_code = cell(row["crime_head_code"])
        if head_code and head_code not in heads:
            raise ReferenceDataError(f"{where}: unknown crime head {head_code!r}")
        rows.append(
            {
                "act_id": acts[act_code].id,
                "number": cell(row["number"]),
                "title_en": cell(row["title_en"]),
                "title_hi": optional(row["title_hi"]),
                "crime_head_id": heads[head_code].id if head_code else None,
                "is_cognizable": boolean(row["is_cognizable"], where),
            }
        )
    return sync(session, Section, lambda s: (s.act_id, s.number), rows, ("act_id", "number"), count)


def load_correspondences(
    session: Session, acts: Mapping[str, Act], sections: Mapping[tuple[int, str], Section], count: TableCount
) -> None:
    ipc, bns = acts.get("IPC"), acts.get("BNS")
    if ipc is None or bns is None:
        raise ReferenceDataError("acts.csv must define IPC and BNS for the correspondence table")
    rows = []
    for where, row in numbered_rows("ipc_bns_correspondence"):
        ipc_section = sections.get((ipc.id, cell(row["ipc_section"])))
        bns_section = sections.get((bns.id, cell(row["bns_section"])))
        if ipc_section is None or bns_section is None:
            missing = f"IPC {row['ipc_section']}" if ipc_section is None else f"BNS {row['bns_section']}"
            raise ReferenceDataError(f"{where}: {missing} is not in sections.csv")
        rows.append({"ipc_section_id": ipc_section.id, "bns_section_id": bns_section.id, "note": optional(row["note"])})
    sync(
        session,
        SectionCorrespondence,
        lambda c: (c.ipc_section_id, c.bns_section_id),
        rows,
        ("ipc_section_id", "bns_section_id"),
        count,
    )


def check_protected_offences(acts: Mapping[str, Act], sections: Mapping[tuple[int, str], Section]) -> None:
    """Every row of ``protected_offences.csv`` names a known act and a section of it (or the whole act) and
    says where the protection comes from; the table itself is read at run time (``records.victim_identity``)."""
    code_of = {act.id: code for code, act in acts.items()}
    shipped = [(code_of[act_id], number) for act_id, number in sections if act_id in code_of]
    for row, offence in enumerate(protected_offences(), start=2):
        where = f"protected_offences.csv row {row}"
        if offence.act_code not in acts:
            raise ReferenceDataError(f"{where}: unknown act code {offence.act_code!r}")
        if not offence.source:
            raise ReferenceDataError(f"{where}: source is empty (say which law or review protects the victim)")
        if offence.number and not any(offence.covers(act, number) for act, number in shipped):
            raise ReferenceDataError(f"{where}: {offence.act_code} {offence.number} is not in sections.csv")
