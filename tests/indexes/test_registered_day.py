"""An FIR's day, in the index and on the search page's person cards, is its day in India: an FIR registered at
03:53 IST on the 8th (22:23 UTC on the 7th) is of the 8th, so a search from the 8th to the 8th finds it and the
person's case line says the 8th, as the case card and the case page do (issue 22's walk showed "2026-12-07" beside
"08-12-2026")."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cases import register_fir
from cases.input import FirInput
from indexes.document_parts import day
from indexes.documents import build_fir_documents, build_person_documents
from records.access import Jurisdiction
from records.audit import Actor
from records.models import FirParty, PartyRole, PoliceStation, Role
from search_api.people_cards import cases_of

LATE_NIGHT_UTC = datetime(2026, 12, 7, 22, 23, tzinfo=UTC)  # 08-12-2026 03:53 IST


def test_a_timestamps_day_is_its_day_in_india() -> None:
    assert day(LATE_NIGHT_UTC) == "2026-12-08"
    assert day(datetime(2026, 12, 7, 18, 29, tzinfo=UTC)) == "2026-12-07"  # 23:59 IST
    assert day(LATE_NIGHT_UTC.date()) == "2026-12-07", "a date stays the date it is"
    assert day(None) is None


def test_an_fir_registered_after_midnight_ist_is_of_that_day_in_the_index_and_the_person_cards(
    db_session: Session,
) -> None:
    station = db_session.scalars(
        sa.select(PoliceStation.id).where(PoliceStation.code == "VAISHALI-HAJIPUR-SADAR")
    ).one()
    data = FirInput.model_validate(
        {
            "info_received_at": "2026-12-08T03:30:00+05:30",
            "sections": [{"act": "BNS", "section": "303(2)"}],
            "complainant": {"name": "Ramesh Prasad"},
            "accused": [{"name": "Md Islam", "relative_name": "Rafiq"}],
            "brief_facts": "Theft of a motorcycle.",
        }
    )
    fir = register_fir(
        db_session, data, station_id=station, actor=Actor(), access=Jurisdiction(Role.HQ), now=LATE_NIGHT_UTC
    )
    db_session.flush()
    accused = db_session.scalars(
        sa.select(FirParty.person_id).where(FirParty.fir_id == fir.id, FirParty.role == PartyRole.ACCUSED)
    ).one()
    connection = db_session.connection()
    (fir_document,) = build_fir_documents(connection, [fir.id])
    assert fir_document["registered_on"] == ["2026-12-08"]
    (person_document,) = build_person_documents(connection, [accused])
    assert person_document["registered_on"] == ["2026-12-08"]
    assert '"registered_on":"2026-12-08"' in person_document["summary"]
    assert [case.registered_on for case in cases_of(db_session, [accused])] == ["2026-12-08"]
