"""FIRs read for the exchange in batches (``exchange.record_reading``) are read exactly as the one-FIR readers read
them (``cases.reading``, ``records.victim_identity``, ``exchange.sharing``), and a batch's records are the records
each FIR gives alone: on generated FIRs at every stage, with protected cases, children, and FIRs a station set to
pointer or invisible."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from cases.loading import load_fir
from cases.reading.fir import fir_view
from cases.reading.report_filers import report_filers
from exchange.record_reading import read_firs
from exchange.records import build_fir_record, build_fir_records
from exchange.sharing import SharingLevel, level_outside, set_level
from records.audit import Actor
from records.models import Fir
from records.victim_identity import protects_victim
from sample_data import generate_into_database
from tests.support import scratch_name, server_url_of

GENERATED_FIRS = 180


@pytest.fixture(scope="module")
def generated(database_url: str) -> Iterator[sa.Engine]:
    """Generated FIRs, some of them set to pointer or invisible by their station."""
    name = os.environ.get("CCTNS_TEST_BATCH_DATABASE") or scratch_name(database_url, "batches")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=GENERATED_FIRS, seed=31, parallel=False)
    with Session(engine) as session, session.begin():
        firs = list(session.scalars(sa.select(Fir).order_by(Fir.id)))
        for index, fir in enumerate(firs):
            if index % 7 == 3:
                set_level(session, Actor(via="test"), fir, SharingLevel.POINTER, "an ongoing raid")
            elif index % 11 == 5:
                set_level(session, Actor(via="test"), fir, SharingLevel.INVISIBLE)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def _view_rows(view: object) -> dict[str, object]:
    """A read view as comparable values: each row by its table's primary key."""
    from cases.reading.fir import FirView

    assert isinstance(view, FirView)
    return {
        "fir": view.fir.id,
        "station": view.station.id,
        "district": view.district.id,
        "sections": view.sections,
        "parties": [(p.id, p.person_id, [a.id for a in p.person.aliases]) for p in view.parties],
        "transferred_to_station": view.transferred_to_station,
        "arrests": [row.id for row in view.arrests],
        "seizures": [row.id for row in view.seizures],
        "final_reports": [(r.report.id, r.charged_person_ids, r.not_charged_person_ids) for r in view.final_reports],
        "court_results": [row.id for row in view.court_results],
    }


def test_a_batch_reads_each_fir_as_the_one_fir_readers_do(generated: sa.Engine) -> None:
    with Session(generated) as session:
        fir_ids = list(session.scalars(sa.select(Fir.id).order_by(Fir.id)))
        batch = read_firs(session, [*fir_ids, 10**9])  # an id that does not exist is left out
    assert sorted(batch) == fir_ids
    kinds = {"protected": 0, "pointer": 0, "invisible": 0, "reports": 0}
    with Session(generated) as session:
        for fir_id in fir_ids:
            reading, one = batch[fir_id], fir_view(session, load_fir(session, fir_id))
            assert _view_rows(reading.view) == _view_rows(one), fir_id
            protected = protects_victim(session, fir_id=fir_id)
            assert reading.protected is protected
            assert reading.level_outside is level_outside(session, fir_id, protected=protected)
            reports = [r.report.id for r in one.final_reports]
            assert reading.filers == report_filers(session, fir_id, reports)
            kinds["protected"] += protected
            kinds["pointer"] += reading.level_outside is SharingLevel.POINTER
            kinds["invisible"] += reading.level_outside is SharingLevel.INVISIBLE and not protected
            kinds["reports"] += bool(reports)
    assert all(kinds.values()), kinds  # the generated set has each kind


def test_a_batch_gives_the_records_each_fir_gives_alone(generated: sa.Engine) -> None:
    with Session(generated) as session:
        fir_ids = list(session.scalars(sa.select(Fir.id).order_by(Fir.id)))
        together = build_fir_records(session, fir_ids)
    withheld: set[str] = set()
    for fir_id in fir_ids:
        with Session(generated) as session:  # a fresh session: nothing the batch loaded is reused
            alone = build_fir_record(session, fir_id)
        assert json.dumps(together[fir_id].body, sort_keys=True) == json.dumps(alone.body, sort_keys=True), fir_id
        assert (together[fir_id].fir_key, together[fir_id].version) == (alone.fir_key, alone.version)
        assert together[fir_id].unknown_acts == alone.unknown_acts
        withheld |= {party["withheld"] for party in alone.body.get("parties", []) if "withheld" in party}
    assert withheld == {"protected_victim", "juvenile"}  # both kinds of withholding are in the set compared
