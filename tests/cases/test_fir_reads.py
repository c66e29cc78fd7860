"""Reading FIRs back (cases.reading, no HTTP): the sections an FIR cites in its order, the whole FIR, and a
person's cases across their records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import load_fir, register_fir
from cases.input import FirInput
from cases.reading.fir import fir_view
from cases.reading.person import person_cases
from cases.reading.sections import citations, firs_citing, section_list_sql
from records.access import Jurisdiction
from records.audit import Actor
from records.models import Act, CrimeHead, Fir, FirStatus, PoliceStation, Role

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def _register(session: Session, sections: list[dict[str, str]]) -> Fir:
    station = session.scalar(sa.select(PoliceStation.id).where(PoliceStation.code == "VAISHALI-HAJIPUR-SADAR"))
    data = FirInput.model_validate(
        {
            "info_received_at": (NOW - timedelta(hours=1)).isoformat(),
            "occurrence_from": (NOW - timedelta(hours=5)).isoformat(),
            "sections": sections,
            "complainant": {"name": "सुनीता देवी"},
            "accused": [{"name": "Ram Kumar"}, {"name": "श्याम"}],
            "brief_facts": "चोरी और मारपीट",
        }
    )
    return register_fir(
        session, data, station_id=station, actor=Actor(user_id=None), access=Jurisdiction(Role.HQ), now=NOW
    )


def test_sections_are_read_in_the_firs_order_with_their_act_and_crime_head(db_session: Session) -> None:
    fir = _register(db_session, [{"act": "BNS", "section": "115(2)"}, {"act": "BNS", "section": "303(2)"}])
    cited = citations(db_session, [fir.id])[fir.id]
    assert [c.label for c in cited] == ["BNS 115(2)", "BNS 303(2)"]
    assert all(c.act_en and c.title_en for c in cited)
    heads = {c.crime_head for c in cited}
    assert heads <= set(db_session.scalars(sa.select(CrimeHead.code))) | {None}
    one_line = db_session.scalar(
        sa.text(f"SELECT {section_list_sql('f.id')} FROM fir f WHERE f.id = :id"), {"id": fir.id}
    )
    assert one_line == ", ".join(f"{c.short_name} {c.number}" for c in cited)
    bns = db_session.scalar(sa.select(Act.id).where(Act.code == "BNS"))
    citing = set(db_session.scalars(firs_citing(act_id=bns, section_number="303(2)")))
    assert fir.id in citing
    assert fir.id not in set(db_session.scalars(firs_citing(act_id=bns, section_number="64(1)")))
    assert citations(db_session, []) == {}


def test_the_whole_fir_and_a_persons_cases_are_read_back(db_session: Session) -> None:
    first = _register(db_session, [{"act": "BNS", "section": "303(2)"}])
    view = fir_view(db_session, load_fir(db_session, first.id))
    assert view.station.code == "VAISHALI-HAJIPUR-SADAR" and view.district.id == view.station.district_id
    assert [p.role.value for p in view.parties] == ["complainant", "accused", "accused"]
    assert view.person_ids == sorted({p.person_id for p in view.parties})
    assert view.fir.status is FirStatus.REGISTERED and view.arrests == [] and view.final_reports == []
    assert view.crime_heads == sorted({c.crime_head for c in view.sections if c.crime_head})
    accused = view.parties[1].person_id
    cases = person_cases(db_session, [accused])
    assert [(n.fir.id, n.party.role.value, n.sections) for n in cases.named_in] == [
        (first.id, "accused", ["BNS 303(2)"])
    ]
    assert cases.named_in[0].number == f"{first.serial}/{first.year}"
    assert cases.arrests == [] and cases.final_reports == [] and cases.court_results == []


def test_a_party_added_after_registration_in_the_same_session_is_read(db_session: Session) -> None:
    """A registration leaves its parties loaded on the FIR (no read-back); adding one must not leave them stale."""
    from cases.input import PartyAddInput
    from cases.parties import add_party

    fir = _register(db_session, [{"act": "BNS", "section": "303(2)"}])
    assert [p.name_as_given for p in fir_view(db_session, fir).parties] == ["सुनीता देवी", "Ram Kumar", "श्याम"]
    added = PartyAddInput.model_validate({"name": "Mohan Lal", "role": "witness"})
    add_party(db_session, fir, added, actor=Actor(user_id=None), access=Jurisdiction(Role.HQ), now=NOW)
    names = [p.name_as_given for p in fir_view(db_session, fir).parties]
    assert names == ["सुनीता देवी", "Ram Kumar", "श्याम", "Mohan Lal"]
