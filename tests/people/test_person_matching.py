"""Recognising one person across records: scores explain themselves, thresholds decide, links are reversible and
audited, clusters and associates follow the links, and the batch linker resumes after a stop."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from people.linkage.batch import NothingToResume, link_all
from people.linkage.decisions import decide, merge
from people.linkage.flags import habitual
from people.linkage.linker import (
    LinkError,
    Thresholds,
    cluster_of,
    match_person,
    score_pair_by_id,
    store_keys,
)
from people.linkage.profile import load_profiles, mark_codes
from records.errors import ConfigurationError
from records.models import AuditEntry, Person, PersonAddress, PersonLink, PersonMobile, PoliceStation
from records.settings import get_settings
from tests.sample_data.test_synthetic import throwaway_database

THRESHOLDS = Thresholds(auto=14.5, review=9.5)


def _station(session: Session, index: int = 0) -> PoliceStation:
    return session.scalars(sa.select(PoliceStation).order_by(PoliceStation.id).offset(index).limit(1)).one()


def _person(
    session: Session,
    name: str,
    relative: str | None = None,
    *,
    age: int | None = 34,
    on: date = date(2020, 5, 1),
    mobile: str | None = None,
    station: PoliceStation | None = None,
    village: str | None = None,
    gender: str = "male",
    marks: str | None = None,
) -> Person:
    script = "devanagari" if any("\u0900" <= c <= "\u097f" for c in name) else "latin"
    person = Person(
        name=name,
        name_script=script,
        relative_name=relative,
        relation_kind="father" if relative else None,
        gender=gender,
        age_years=age,
        age_recorded_on=on if age is not None else None,
        identifying_marks=marks,
    )
    if mobile:
        person.mobiles.append(PersonMobile(number=mobile))
    if station is not None:
        person.addresses.append(
            PersonAddress(
                address=f"Vill- {village}" if village else "somewhere",
                village_or_town=village,
                police_station_id=station.id,
                district_id=station.district_id,
            )
        )
    session.add(person)
    session.flush()
    return person


def test_a_score_explains_itself_across_scripts(db_session: Session) -> None:
    station = _station(db_session)
    latin = _person(db_session, "Md. Islam", "Rafiq", age=34, on=date(2019, 3, 1), mobile="9123456789",
                    station=station, village="Rampur", marks="mole on left cheek")  # fmt: skip
    hindi = _person(db_session, "मोहम्मद इस्लाम", "रफ़ीक़", age=38, on=date(2021, 3, 1), mobile="9123456789",
                    station=station, village="रामपुर", marks="बाएं गाल पर तिल")  # fmt: skip
    pair = score_pair_by_id(db_session, latin.id, hindi.id)
    assert "same mobile number (9123456789)" in pair.reasons
    assert "name matches (Md. Islam / मोहम्मद इस्लाम)" in pair.reasons
    assert any(reason.startswith("father's name matches") for reason in pair.reasons)
    assert "age differs by 2 years" in pair.reasons  # 34 in 2019 and 38 in 2021: born two years apart
    assert "same home police station" in pair.reasons
    assert "same village (Rampur)" in pair.reasons
    assert any(reason.startswith("same identifying mark") for reason in pair.reasons)
    assert pair.score >= THRESHOLDS.auto


def test_namesakes_with_other_fathers_and_ages_score_below_review(db_session: Session) -> None:
    one = _person(db_session, "Ram Kumar", "Shyam Lal", age=25, station=_station(db_session, 0))
    other = _person(db_session, "राम कुमार", "मोहन प्रसाद", age=45, station=_station(db_session, 1))
    pair = score_pair_by_id(db_session, one.id, other.id)
    assert "father's name differs (Shyam Lal / मोहन प्रसाद)" in pair.reasons
    assert "age differs by 20 years" in pair.reasons
    assert THRESHOLDS.status(pair.score) is None


def test_thresholds_decide_auto_review_or_nothing() -> None:
    assert THRESHOLDS.status(14.5).value == "auto"
    assert THRESHOLDS.status(14.4).value == "review"
    assert THRESHOLDS.status(9.5).value == "review"
    assert THRESHOLDS.status(9.4) is None


def test_thresholds_are_settings_and_review_may_not_exceed_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_PERSON_LINK_AUTO_SCORE", "20")
    assert Thresholds.from_settings(get_settings()).auto == 20
    monkeypatch.setenv("CCTNS_PERSON_LINK_REVIEW_SCORE", "25")
    with pytest.raises(ConfigurationError, match="CCTNS_PERSON_LINK_REVIEW_SCORE must not be above"):
        get_settings()


def test_marks_compare_across_scripts() -> None:
    assert mark_codes("mole on left cheek") == mark_codes("बाएं गाल पर तिल") == {"mole:left:cheek"}
    assert mark_codes("cut mark on right hand") != mark_codes("mole on left cheek")
    assert mark_codes(None) == frozenset()


def _snapshot(session: Session, *ids: int) -> list[tuple[object, ...]]:
    session.expire_all()
    return [
        tuple(row)
        for row in session.execute(sa.text("SELECT * FROM person WHERE id = ANY(:ids) ORDER BY id"), {"ids": list(ids)})
    ]


def test_auto_link_then_unmerge_restores_both_records_and_is_audited(db_session: Session) -> None:
    station = _station(db_session)
    first = _person(db_session, "Vinod Yadav", "Ramesh Yadav", mobile="9988776655", station=station, village="Sonpur")
    second = _person(db_session, "बिनोद यादव", "रमेश यादव", mobile="9988776655", station=station, village="सोनपुर")
    before = _snapshot(db_session, first.id, second.id)
    assert match_person(db_session, first.id, THRESHOLDS) == []  # nothing earlier; its keys are stored
    scores = match_person(db_session, second.id, THRESHOLDS)
    assert scores and scores[0].a == first.id
    link = db_session.scalars(sa.select(PersonLink).where(PersonLink.person_b_id == second.id)).one()
    assert link.status == "auto" and "same mobile number (9988776655)" in link.reasons
    assert cluster_of(db_session, second.id) == [second.id, first.id]

    decide(db_session, link.id, "unmerge", user_id=None, note="brothers sharing a phone")
    assert cluster_of(db_session, second.id) == [second.id]
    assert _snapshot(db_session, first.id, second.id) == before  # records were never rewritten
    entry = db_session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_type == "person_link", AuditEntry.entity_id == str(link.id))
    ).one()
    assert entry.action == "unmerge"
    assert entry.detail == {"person_a_id": first.id, "person_b_id": second.id, "score": link.score, "from": "auto",
                            "to": "unlinked", "note": "brothers sharing a phone"}  # fmt: skip
    # Matching again keeps the officer's decision.
    match_person(db_session, second.id, THRESHOLDS)
    db_session.refresh(link)
    assert link.status == "unlinked"
    decide(db_session, link.id, "relink", user_id=None)
    assert cluster_of(db_session, first.id) == [first.id, second.id]
    with pytest.raises(LinkError, match="is confirmed; reject needs it to be review"):
        decide(db_session, link.id, "reject", user_id=None)


def test_a_review_pair_waits_for_an_officer(db_session: Session) -> None:
    station = _station(db_session)
    first = _person(db_session, "Sunil Paswan", "Jagdish Paswan", age=30, station=station)
    second = _person(db_session, "Suneel Paswan", "Jagdish Paswan", age=33, station=station)
    match_person(db_session, first.id, THRESHOLDS)
    match_person(db_session, second.id, THRESHOLDS)
    link = db_session.scalars(sa.select(PersonLink).where(PersonLink.person_b_id == second.id)).one()
    assert link.status == "review" and THRESHOLDS.review <= link.score < THRESHOLDS.auto
    assert "same home police station" in link.reasons
    assert cluster_of(db_session, second.id) == [second.id]  # a proposal links nothing
    decide(db_session, link.id, "confirm", user_id=None)
    assert cluster_of(db_session, first.id) == [first.id, second.id]


def test_a_manual_merge_of_a_pair_below_review_is_audited(db_session: Session) -> None:
    first = _person(db_session, "Sunil Paswan", "Jagdish Paswan", age=30, station=_station(db_session))
    second = _person(db_session, "Suneel Paswan", "Jagdish Paswan", age=33)
    match_person(db_session, first.id, THRESHOLDS)
    scores = match_person(db_session, second.id, THRESHOLDS)
    assert [(found.a, THRESHOLDS.status(found.score)) for found in scores] == [(first.id, None)]  # below review
    assert db_session.scalars(sa.select(PersonLink).where(PersonLink.person_b_id == second.id)).all() == []
    link = merge(db_session, first.id, second.id, user_id=None, note="same man, seen in court")
    assert link.status == "confirmed"
    assert cluster_of(db_session, first.id) == [first.id, second.id]
    entry = db_session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_type == "person_link", AuditEntry.entity_id == str(link.id))
    ).one()
    assert entry.action == "merge" and entry.detail["note"] == "same man, seen in court"
    assert entry.detail["to"] == "confirmed"
    with pytest.raises(LinkError, match="already linked"):
        merge(db_session, first.id, second.id, user_id=None)
    with pytest.raises(LinkError, match="cannot be linked to itself"):
        merge(db_session, first.id, first.id, user_id=None)


# --------------------------------------------------------------------------------- the bounded matcher


def _namesakes(session: Session, count: int, station: PoliceStation, *, ages: range | None = None) -> list[int]:
    """``count`` records of one common name and father's name at one station, their keys stored (as if matched)."""
    ids = [
        _person(
            session,
            "Ram Kumar",
            "Shyam Lal",
            age=ages[i % len(ages)] if ages else 34,
            station=station,
            village="Sonpur",
        ).id
        for i in range(count)
    ]
    store_keys(session, load_profiles(session, ids).values())
    return ids


def _links_of(session: Session, person_id: int) -> list[PersonLink]:
    return list(
        session.scalars(
            sa.select(PersonLink).where(
                sa.or_(PersonLink.person_a_id == person_id, PersonLink.person_b_id == person_id)
            )
        )
    )


def test_a_common_name_shared_with_hundreds_scores_and_links_only_the_bound(db_session: Session) -> None:
    station = _station(db_session)
    _namesakes(db_session, 300, station)
    newcomer = _person(db_session, "Ram Kumar", "Shyam Lal", age=34, station=station, village="Sonpur")
    scores = match_person(db_session, newcomer.id, THRESHOLDS)
    assert len(scores) == THRESHOLDS.candidates  # not 300
    assert all(pair.score >= THRESHOLDS.auto for pair in scores)  # each one alone would be linked
    links = _links_of(db_session, newcomer.id)
    assert len(links) == THRESHOLDS.links and {link.status for link in links} == {"auto"}


def test_one_link_into_a_cluster_is_enough(db_session: Session) -> None:
    station = _station(db_session)
    ids = _namesakes(db_session, 200, station)
    db_session.execute(  # the namesakes are already one person: a chain of automatic links
        sa.insert(PersonLink),
        [
            {"person_a_id": a, "person_b_id": b, "status": "auto", "score": 15.0, "reasons": []}
            for a, b in itertools.pairwise(ids)
        ],
    )
    newcomer = _person(db_session, "Ram Kumar", "Shyam Lal", age=34, station=station, village="Sonpur")
    match_person(db_session, newcomer.id, THRESHOLDS)
    (link,) = _links_of(db_session, newcomer.id)
    assert link.status == "auto"
    assert set(cluster_of(db_session, newcomer.id)) == {newcomer.id, *ids}


def test_a_rare_shared_mobile_beats_a_common_name_and_still_links(db_session: Session) -> None:
    home, elsewhere = _station(db_session, 0), _station(db_session, 1)
    namesakes = _namesakes(db_session, 300, home, ages=range(20, 60))
    same_man = _person(db_session, "Ram Kumar", "Shyam Lal", age=35, station=elsewhere, mobile="9811122233")
    match_person(db_session, same_man.id, THRESHOLDS)
    newcomer = _person(db_session, "Ram Kumar", "Shyam Lal", age=34, station=home, mobile="9811122233")
    scores = match_person(db_session, newcomer.id, THRESHOLDS)
    assert len(scores) <= THRESHOLDS.candidates
    best = scores[0]
    assert same_man.id in (best.a, best.b) and "same mobile number (9811122233)" in best.reasons
    links = _links_of(db_session, newcomer.id)
    assert len(links) <= THRESHOLDS.links
    assert any(link.person_a_id == same_man.id and link.status == "auto" for link in links)
    assert {link.person_a_id for link in links} - {same_man.id} <= set(namesakes)


def test_bounds_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTNS_PERSON_LINK_CANDIDATES", "7")
    monkeypatch.setenv("CCTNS_PERSON_LINK_MAX_LINKS", "2")
    thresholds = Thresholds.from_settings(get_settings())
    assert (thresholds.candidates, thresholds.links) == (7, 2)


def test_habitual_offender_window() -> None:
    days = [date(2015, 1, 1), date(2018, 6, 1), date(2019, 12, 31)]
    assert habitual(days, 3, 5)
    assert not habitual(days, 3, 4)
    assert not habitual(days[:2], 3, 10)


# ------------------------------------------------------------------------------------------ batch linker


@pytest.fixture(scope="module")
def generated(database_url: str) -> Iterator[Engine]:
    with throwaway_database(database_url, "cctns_test_person_linking") as engine:
        from sample_data import generate_into_database

        generate_into_database(engine, 600, seed=3, parallel=False)
        yield engine


def _links(engine: Engine) -> set[tuple[int, int, str, float]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT person_a_id, person_b_id, status, score FROM person_link"))
        return {tuple(row) for row in rows}  # type: ignore[misc]


def test_batch_linker_resumes_where_it_stopped_and_ends_as_a_full_run(generated: Engine) -> None:
    with pytest.raises(NothingToResume):
        link_all(generated, THRESHOLDS, resume=True)
    full = link_all(generated, THRESHOLDS, chunk=500)
    assert full.finished and full.processed == full.total_people > 2000
    expected = _links(generated)
    assert any(status == "auto" for *_, status, _ in expected)

    stopped = link_all(generated, THRESHOLDS, chunk=500, stop_after_chunks=2)  # as if killed after two chunks
    assert not stopped.finished and stopped.processed == 1000
    assert _links(generated) != expected
    resumed = link_all(generated, THRESHOLDS, chunk=500, resume=True)
    assert resumed.finished and resumed.resumed_from > 0 and resumed.processed == full.processed
    assert _links(generated) == expected
    assert (resumed.auto_links, resumed.review_links) == (full.auto_links, full.review_links)
    # The generator's truth: automatic links join records of one identity.
    with generated.connect() as connection:
        wrong = connection.scalar(
            sa.text(
                "SELECT count(*) FROM person_link l JOIN person a ON a.id = l.person_a_id "
                "JOIN person b ON b.id = l.person_b_id WHERE l.status = 'auto' "
                "AND a.synthetic_identity <> b.synthetic_identity"
            )
        )
    assert wrong == 0


def test_cli_links_the_database_and_resumes(generated: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from cctns.cli import app

    monkeypatch.setenv("CCTNS_DATABASE_URL", generated.url.render_as_string(hide_password=False))
    runner = CliRunner()
    result = runner.invoke(app, ["persons", "link"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # the console wraps lines
    assert "linked automatically (score >= 14.5)" in output and "/staff/matches" in output
    again = runner.invoke(app, ["persons", "link", "--resume"])
    assert again.exit_code == 0, again.output
    with generated.connect() as connection:
        run = connection.execute(sa.text("SELECT processed, total_people, finished_at FROM person_link_run")).one()
    assert run.processed == run.total_people and run.finished_at is not None
