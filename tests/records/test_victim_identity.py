"""The protected-offence table (records/reference/data/protected_offences.csv) and the one rule that reads it:
which sections hide a victim's identity, that every row is a real section with a source, and that the rule is
independent of how FIRs are counted (crime heads, crimes against women)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from records.models import Act, CrimeHead, Section
from records.reference import load as reference_load
from records.reference.load import ReferenceDataError, load_reference_data
from records.reference.protected_offences import ProtectedOffence, protected_offences
from records.rollups import classified_firs_sql
from records.victim_identity import protects_victim, section_protects_victim
from tests.records.test_rollups import add_fir


@pytest.mark.parametrize(
    ("act", "number"),
    [
        ("BNS", "64(1)"), ("BNS", "65(2)"), ("BNS", "69"), ("BNS", "70(2)"), ("BNS", "71"), ("BNS", "72"),
        ("BNS", "74"), ("BNS", "79"), ("BNS", "96"), ("BNS", "98"), ("BNS", "99"), ("IPC", "376"),
        ("IPC", "376(2)"), ("IPC", "376DB"), ("IPC", "228A"), ("IPC", "354D"), ("IPC", "509"), ("IPC", "372"),
        ("POCSO", "4"), ("POCSO", "23"),
    ],
)  # fmt: skip
def test_sexual_offences_and_child_victims_are_protected(act: str, number: str) -> None:
    assert section_protects_victim(act, number)


@pytest.mark.parametrize(
    ("act", "number"),
    [("BNS", "303(2)"), ("BNS", "87"), ("BNS", "143"), ("IPC", "379"), ("IPC", "366"), ("IPC", "37"), ("IT", "66")],
)
def test_other_offences_are_not(act: str, number: str) -> None:
    assert not section_protects_victim(act, number)


def test_every_row_is_a_loaded_section_with_its_source(db_session: Session) -> None:
    shipped = db_session.execute(sa.select(Act.code, Section.number).join(Act, Act.id == Section.act_id)).all()
    for offence in protected_offences():
        assert offence.source, offence
        assert any(offence.covers(act, number) for act, number in shipped), offence


def test_loading_refuses_a_row_naming_no_section(db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = (*protected_offences(), ProtectedOffence("BNS", "64A", "a typo"))
    monkeypatch.setattr(reference_load, "protected_offences", lambda: bad)
    with pytest.raises(ReferenceDataError, match=r"protected_offences.csv row \d+: BNS 64A is not in sections.csv"):
        load_reference_data(db_session)


def test_every_section_of_the_sexual_offence_heads_is_protected(db_session: Session) -> None:
    """The heads the earlier rule protected are all still covered by the table."""
    heads = ("RAPE", "ASSAULT_ON_WOMEN", "INSULT_TO_MODESTY", "POCSO", "IMPORTATION_OF_GIRLS")
    rows = db_session.execute(
        sa.select(Act.code, Section.number)
        .join(Act, Act.id == Section.act_id)
        .join(CrimeHead, CrimeHead.id == Section.crime_head_id)
        .where(CrimeHead.code.in_(heads))
    ).all()
    assert rows and [row for row in rows if not section_protects_victim(*row)] == []


def _classified(db_session: Session, fir_id: int) -> tuple[str, bool]:
    sql = classified_firs_sql(f"SELECT * FROM fir WHERE id = {int(fir_id)}")
    head, against_women = db_session.execute(
        sa.text(f"SELECT ch.code, c.against_women FROM ({sql}) c JOIN crime_head ch ON ch.id = c.crime_head_id")
    ).one()
    return head, against_women


def test_protection_changes_no_count(db_session: Session) -> None:
    """A protected FIR is counted as before: rape against women, selling a child under other IPC crimes."""
    connection = db_session.connection()
    at = datetime(2025, 3, 1, 12, tzinfo=UTC)
    rape = add_fir(connection, "VAISHALI-HAJIPUR-SADAR", at, ["BNS 64(1)"])
    selling = add_fir(connection, "VAISHALI-HAJIPUR-SADAR", at, ["BNS 98"])
    theft = add_fir(connection, "VAISHALI-HAJIPUR-SADAR", at, ["BNS 303(2)"])
    assert protects_victim(db_session, fir_id=rape) and protects_victim(db_session, fir_id=selling)
    assert not protects_victim(db_session, fir_id=theft)
    assert _classified(db_session, rape) == ("RAPE", True)
    assert _classified(db_session, selling) == ("OTHER_IPC", False)
    assert _classified(db_session, theft) == ("THEFT", False)
