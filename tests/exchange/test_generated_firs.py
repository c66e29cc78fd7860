"""FIRs made by the sample generator, at every stage of their life, become records the schema accepts, and a
message of them all is valid; the protected ones among them identify no victim."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.scratch_database import drop_database, fresh_database
from exchange.message import message
from exchange.quality import export_problems
from exchange.records import build_fir_record
from exchange.validation import fir_problems, message_problems
from records.models import Fir, FirParty, PartyRole
from sample_data import generate_into_database
from tests.exchange.fixtures import NOW
from tests.support import scratch_name, server_url_of

GENERATED_FIRS = 250


@pytest.fixture(scope="module")
def generated(database_url: str) -> Iterator[sa.Engine]:
    """A scratch database of generated FIRs (``CCTNS_TEST_EXCHANGE_DATABASE`` names it where the server's
    database names are handed out; by default it is named after the test database)."""
    name = os.environ.get("CCTNS_TEST_EXCHANGE_DATABASE") or scratch_name(database_url, "exchange")
    engine = fresh_database(server_url_of(database_url), name)
    generate_into_database(engine, firs=GENERATED_FIRS, seed=25, parallel=False)
    yield engine
    engine.dispose()
    drop_database(server_url_of(database_url), name)


def test_generated_firs_are_valid_records_and_protected_victims_stay_behind(generated: sa.Engine) -> None:
    with Session(generated) as session:
        fir_ids = list(session.scalars(sa.select(Fir.id).order_by(Fir.id)))
        records = [build_fir_record(session, fir_id) for fir_id in fir_ids]
        victim_names = {
            party.fir_id: {party.name_as_given}
            for party in session.scalars(
                sa.select(FirParty).where(FirParty.role.in_([PartyRole.VICTIM, PartyRole.COMPLAINANT]))
            )
        }
    assert len(records) == GENERATED_FIRS
    for record in records:
        assert fir_problems(record.body) == [], record.fir_key
    statuses = Counter(record.body["status"] for record in records)
    assert len(statuses) >= 4, statuses  # records at several stages: arrests, reports, court results
    assert any(record.body["final_reports"] for record in records)
    assert message_problems(message("10", 1, [r.entry("add") for r in records], sent_at=NOW)) == []

    protected = [record for record in records if record.body["protected"]]
    assert protected  # the generator makes some sexual-offence cases
    for record in protected:
        sent = json.dumps(record.body, ensure_ascii=False)
        for name in victim_names.get(record.view.fir.id, set()):
            assert f'"{name}"' not in sent, (record.fir_key, name)
    # Most generated FIRs may go; what is held back is said in both languages with a path.
    held = [problem for record in records for problem in export_problems(record)]
    assert all(problem.path.startswith("fir.") and problem.reason_hi for problem in held)
